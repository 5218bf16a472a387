"""Output resolution and colour rules, tested with explicit streams rather than a real terminal."""

from __future__ import annotations

import io

import pytest

from sovfilm import render
from sovfilm.catalog import load_catalog, parse_catalog

from .conftest import CATALOGS, MINI


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("is_tty", "environ", "expected_format", "expected_color"),
    [
        (True, {}, render.TABLE, True),
        (False, {}, render.PLAIN, False),
        (True, {"NO_COLOR": "1"}, render.TABLE, False),
        (True, {"NO_COLOR": ""}, render.TABLE, True),  # empty means unset (no-color.org)
        (True, {"TERM": "dumb"}, render.TABLE, False),
        (False, {"FORCE_COLOR": "1"}, render.TABLE, True),
        (True, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, render.TABLE, True),
    ],
)
def test_output_resolution(is_tty, environ, expected_format, expected_color) -> None:
    stream = FakeTTY() if is_tty else io.StringIO()
    out = render.output_for(stdout=stream, environ=environ)
    assert (out.format, out.color) == (expected_format, expected_color)


def test_json_flag_wins_even_on_a_terminal() -> None:
    assert (
        render.output_for(data_format=render.JSON, stdout=FakeTTY(), environ={}).format
        == render.JSON
    )


def table(catalog, width: int, color: bool) -> str:
    stream = io.StringIO()
    out = render.Output(format=render.TABLE, color=color, width=width, stdout=stream)
    render.film_listing(out, list(catalog.films), catalog)
    return stream.getvalue()


@pytest.mark.parametrize("width", [80, 40])
def test_tables_fit_the_terminal_and_show_both_titles(width: int) -> None:
    catalog = load_catalog(MINI)
    text = table(catalog, width, color=False)
    assert "\x1b" not in text
    assert all(len(line) <= width for line in text.splitlines())
    assert "Крылья" in text and "Wings" in text


def test_colour_table_uses_escapes_only_when_asked() -> None:
    catalog = load_catalog(MINI)
    assert "\x1b[" in table(catalog, 80, color=True)
    assert "\x1b[" not in table(catalog, 80, color=False)


def test_hostile_text_is_literal_in_every_format() -> None:
    catalog, _ = parse_catalog((CATALOGS / "hostile.toml").read_text(encoding="utf-8"), "hostile")
    assert catalog is not None
    for fmt in (render.TABLE, render.PLAIN, render.JSON):
        stream = io.StringIO()
        out = render.Output(format=fmt, color=True, width=80, stdout=stream)
        render.film_listing(out, list(catalog.films), catalog)
        render.film_detail(out, catalog.films[0], catalog)
        text = stream.getvalue()
        assert "[bold red]Loud[/]" in text, fmt
        assert "\x07" not in text and "\x08" not in text and "\x1b]8" not in text, fmt
        if fmt != render.TABLE:
            assert "\x1b" not in text, fmt
