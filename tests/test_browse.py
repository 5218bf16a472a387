"""Filters, sorting, output formats and discovery commands, checked against brute force."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sovfilm.errors import UsageError
from sovfilm.filters import parse_decade, parse_years, republic_alias
from sovfilm.records import FILM_FIELDS


@pytest.fixture(scope="module")
def everything():
    """Every verified film of the shipped catalog as search --json prints it."""
    from typer.testing import CliRunner

    from sovfilm.cli import app

    result = CliRunner().invoke(app, ["search", "--json"], catch_exceptions=False)
    return json.loads(result.stdout)


def ids(result) -> list[str]:
    return [f["id"] for f in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1970s", (1970, 1979)), ("70s", (1970, 1979)), ("1970", (1970, 1979)), ("20s", (1920, 1929))],
)
def test_parse_decade(text, expected) -> None:
    assert parse_decade(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1966", (1966, 1966)),
        ("1960..1969", (1960, 1969)),
        ("..1956", (None, 1956)),
        ("1980..", (1980, None)),
    ],
)
def test_parse_years(text, expected) -> None:
    assert parse_years(text) == expected


@pytest.mark.parametrize("bad", ["sixties", "1969..1960", "..", "19666", "1970s..1980s"])
def test_bad_years_are_usage_errors(bad) -> None:
    with pytest.raises(UsageError):
        (parse_decade if bad == "sixties" else parse_years)(bad)


def test_republic_aliases() -> None:
    assert republic_alias("georgian") == "Georgian SSR"
    assert republic_alias("Georgia") == "Georgian SSR"
    assert republic_alias("UKRAINE") == "Ukrainian SSR"
    assert republic_alias("Narnia") == "Narnia"


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (["--decade", "1960s"], lambda f: 1960 <= f["year"] <= 1969),
        (["--decade", "70s", "--year", "..1974"], lambda f: 1970 <= f["year"] <= 1974),
        (["--year", "1966"], lambda f: f["year"] == 1966),
        (["--year", "1980.."], lambda f: f["year"] >= 1980),
        (["--theme", "childhood"], lambda f: "childhood" in f["themes"]),
        (
            ["--theme", "childhood", "--theme", "great-patriotic-war"],
            lambda f: {"childhood", "great-patriotic-war"} <= set(f["themes"]),
        ),
        (["--genre", "comedy"], lambda f: "comedy" in f["genres"]),
        (["--republic", "georgian"], lambda f: f["republic"] == "Georgian SSR"),
        (["--studio", "lenfilm"], lambda f: f["studio"] == "Lenfilm"),
        (["--list", "wwii"], lambda f: "wwii" in f["lists"]),
        (["--director", "Тарковский"], lambda f: "Andrei Tarkovsky" in f["directors"]),
        (["--director", "tarkovskiy"], lambda f: "Andrei Tarkovsky" in f["directors"]),
        (
            ["--decade", "1980s", "--genre", "comedy", "--republic", "Russian SFSR"],
            lambda f: (
                1980 <= f["year"] <= 1989
                and "comedy" in f["genres"]
                and f["republic"] == "Russian SFSR"
            ),
        ),
    ],
)
def test_each_filter_matches_brute_force(run, everything, args, keep) -> None:
    result = run("search", *args, "--json")
    assert ids(result) == [f["id"] for f in everything if keep(f)]


def test_sort_and_reverse(run, everything) -> None:
    by_title = ids(run("search", "--decade", "1930s", "--sort", "title", "--json"))
    expected = sorted(
        (f for f in everything if 1930 <= f["year"] <= 1939),
        key=lambda f: (f["title"].casefold(), f["year"], f["id"]),
    )
    assert [f["id"] for f in expected] == by_title
    reverse = ids(run("search", "--decade", "1930s", "--sort", "title", "--reverse", "--json"))
    assert reverse == by_title[::-1]


def test_filters_apply_to_a_search_and_to_a_list(run) -> None:
    found = ids(run("search", "ballad", "--decade", "1950s", "--json"))
    assert found == ["ballad-of-a-soldier-1959"]
    listed = json.loads(run("list", "hidden-gems", "--decade", "1980s", "--json").stdout)
    assert listed["films"] and all(1980 <= f["year"] <= 1989 for f in listed["films"])


def test_unknown_filter_values_are_usage_errors_with_suggestions(run) -> None:
    assert run("search", "--theme", "childhod", exit=2).stderr == (
        'sovfilm: error: unknown theme "childhod"\nsovfilm: hint: closest: childhood\n'
    )
    assert "Moldavian SSR" in run("search", "--republic", "moldova", exit=2).stderr
    assert "wwii" in run("search", "--list", "ww2", exit=2).stderr
    assert "'year', 'title', 'score'" in run("search", "--sort", "rating", exit=2).stderr
    assert run("search", "--decade", "sixties", exit=2).stderr.startswith(
        'sovfilm: error: bad decade "sixties"'
    )


def test_empty_result_is_exit_1_and_an_empty_array(run) -> None:
    result = run("search", "--decade", "1920s", "--genre", "animation", "--json", exit=1)
    assert json.loads(result.stdout) == []
    assert result.stderr == "sovfilm: no films match\n"


def test_jsonl_and_csv_carry_the_same_films_as_json(run) -> None:
    as_json = json.loads(run("search", "--decade", "1940s", "--json").stdout)
    lines = run("search", "--decade", "1940s", "--jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json
    rows = list(csv.DictReader(io.StringIO(run("search", "--decade", "1940s", "--csv").stdout)))
    assert [r["id"] for r in rows] == [f["id"] for f in as_json]
    assert list(rows[0]) == [*FILM_FIELDS, "score", "match"]
    first = as_json[0]
    assert rows[0]["directors"] == "; ".join(first["directors"])
    assert "[" not in rows[0]["themes"]  # lists are joined, never Python reprs


def test_fields_choose_and_order_columns_in_every_format(run) -> None:
    args = ("search", "--decade", "1920s", "--limit", "2", "--fields", "year,id")
    assert list(json.loads(run(*args, "--json").stdout)[0]) == ["year", "id"]
    assert list(json.loads(run(*args, "--jsonl").stdout.splitlines()[0])) == ["year", "id"]
    assert run(*args, "--csv").stdout.splitlines()[0] == "year,id"
    plain = run(*args).stdout.splitlines()
    assert len(plain) == 2 and plain[0].split("\t")[1].endswith(plain[0].split("\t")[0])
    bad = run("search", "--fields", "id,rating", exit=2)
    assert 'unknown field "rating"' in bad.stderr and "valid fields: id, title" in bad.stderr


def test_conflicting_formats_are_refused(run) -> None:
    assert "cannot be used together" in run("search", "--json", "--jsonl", exit=2).stderr


def test_themes_and_directors(run, everything) -> None:
    themes = json.loads(run("themes", "--json").stdout)
    childhood = next(t for t in themes if t["id"] == "childhood")
    assert childhood["count"] == sum("childhood" in f["themes"] for f in everything)
    assert childhood["description"]
    directors = json.loads(run("directors", "--json").stdout)
    tarkovsky = next(d for d in directors if d["name"] == "Andrei Tarkovsky")
    theirs = [f["year"] for f in everything if "Andrei Tarkovsky" in f["directors"]]
    assert (tarkovsky["count"], tarkovsky["first"], tarkovsky["last"]) == (
        len(theirs), min(theirs), max(theirs),
    )  # fmt: skip


def test_stats_add_up(run, everything) -> None:
    data = json.loads(run("stats", "--json").stdout)
    assert data["films"] == len(everything)
    assert sum(data["decades"].values()) == len(everything)
    assert sum(data["republics"].values()) == len(everything)


def test_random_is_reproducible_and_respects_filters(run) -> None:
    first = json.loads(run("random", "--seed", "42", "--decade", "1960s", "--json").stdout)
    again = json.loads(run("random", "--seed", "42", "--decade", "1960s", "--json").stdout)
    assert first == again and 1960 <= first["year"] <= 1969
    picks = {json.loads(run("random", "--seed", str(s), "--json").stdout)["id"] for s in range(8)}
    assert len(picks) > 1
    nothing = run("random", "--decade", "1920s", "--genre", "animation", "--json", exit=1)
    assert nothing.stdout == "null\n"


def test_escape_codes_typed_by_the_user_never_reach_the_terminal(run) -> None:
    hostile = "\x1b[31mred\x1b]8;;http://x\x07"
    for args in (
        ("search", "--theme", hostile),
        ("search", "--decade", hostile),
        ("list", hostile),
        ("show", hostile),
        ("search", "--fields", hostile),
    ):
        result = run(*args, exit=1 if args[0] in ("list", "show") else 2)
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr, args
