"""The loader: valid catalogs load, every broken one is refused with all its problems named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sovfilm.catalog import check_catalog, load_catalog, parse_catalog, resolve_catalog_path
from sovfilm.errors import CatalogError, CatalogNotFound

from .conftest import CATALOGS, MINI

BROKEN = sorted((CATALOGS / "broken").glob("*.toml"))


def expected_problems(path: Path) -> set[str]:
    """The `# expect:` lines at the top of a corpus file, with {file} filled in."""
    found = re.findall(r"^# expect: (.*)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {line.replace("{file}", str(path)) for line in found}


def test_corpus_is_not_empty() -> None:
    assert len(BROKEN) >= 10
    assert all(expected_problems(p) for p in BROKEN)


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_catalog_reports_exactly_the_expected_problems(path: Path) -> None:
    catalog, problems = check_catalog(path)
    reported = {f"{p.severity}: {p}" for p in problems}
    assert reported == expected_problems(path)
    has_errors = any(p.severity == "error" for p in problems)
    assert (catalog is None) == has_errors


def test_load_raises_with_every_problem() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(CATALOGS / "broken" / "wrong_types.toml")
    assert len(caught.value.problems) == 3
    assert "has 3 problems" in caught.value.message


def test_mini_catalog_loads() -> None:
    catalog = load_catalog(MINI)
    assert [f.id for f in catalog.films] == [
        "wings-1966", "cranes-are-flying-1957", "ascent-1977", "phantom-1975",
    ]  # fmt: skip
    wings = catalog.film("wings-1966")
    assert wings is not None
    assert wings.directors == ("Larisa Shepitko",)
    assert wings.countries == ("USSR",)
    assert catalog.lists_of("wings-1966") == ("test-list",)
    assert catalog.lists_of("ascent-1977") == ()
    assert [e.film for e in catalog.film_list("test-list").entries] == [
        "wings-1966", "phantom-1975", "cranes-are-flying-1957",
    ]  # fmt: skip


def test_missing_catalog_names_the_path_and_where_it_came_from(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(CatalogNotFound) as caught:
        load_catalog(missing, origin="$SOVFILM_CATALOG")
    assert caught.value.message == f"catalog not found: {missing} (from $SOVFILM_CATALOG)"
    assert not missing.exists()  # reading never creates the file


def test_not_utf8_points_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[[films]]\nid = "x-1970"\ntitle = "Caf\xe9"\n')
    catalog, problems = check_catalog(path)
    assert catalog is None
    assert [str(p) for p in problems] == [f"{path}:3: not valid UTF-8 text"]


def test_control_characters_are_stripped_with_a_warning() -> None:
    catalog, problems = check_catalog(CATALOGS / "hostile.toml")
    assert catalog is not None
    film = catalog.films[0]
    for text in (film.title, film.original_title, film.description, *film.directors):
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", text), text
    # Markup is kept as literal text: the renderer shows it, never interprets it.
    assert film.title.startswith("[bold red]Loud[/] [31mRed")
    assert film.original_title == "Белый"
    assert {p.severity for p in problems} == {"warning"}
    assert any("control characters removed" in p.message for p in problems)


def test_parse_catalog_accepts_text() -> None:
    catalog, problems = parse_catalog(MINI.read_text(encoding="utf-8"), "mini")
    assert catalog is not None and problems == []


def test_catalog_choice_order(tmp_path: Path) -> None:
    option, env = tmp_path / "a.toml", tmp_path / "b.toml"
    assert resolve_catalog_path(str(option), {"SOVFILM_CATALOG": str(env)}) == (option, "--catalog")
    assert resolve_catalog_path(None, {"SOVFILM_CATALOG": str(env)}) == (env, "$SOVFILM_CATALOG")
    path, origin = resolve_catalog_path(None, {})
    assert origin == "the shipped catalog"
    assert path.name == "films.toml" and path.is_file()


def test_table_lines_count_only_headers_that_start_a_line() -> None:
    from sovfilm.catalog import _table_lines

    text = 'a = "[[films]]"\n  [[films]]\nb = 1\n[[ lists ]]\n\t[[lists.entries]]\n[[films]]\n'
    assert _table_lines(text) == {"films": [2, 6], "lists": [4], "lists.entries#0": [5]}
