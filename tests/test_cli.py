"""The commands as a user runs them: data on stdout, messages on stderr, documented exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sovfilm import query
from sovfilm.records import FILM_FIELDS

from .conftest import CATALOGS


def test_search_without_query_lists_verified_films_by_year(run, mini) -> None:
    result = run("--catalog", str(mini), "search")
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "cranes-are-flying-1957", "wings-1966", "ascent-1977",
    ]  # fmt: skip
    assert lines[1] == "wings-1966\t1966\tWings\tКрылья\tLarisa Shepitko"
    assert result.stderr == ""


def test_search_can_include_unverified_films(run, mini) -> None:
    result = run("--catalog", str(mini), "search", "--include-unverified", "--json")
    assert [f["id"] for f in json.loads(result.stdout)] == [
        "cranes-are-flying-1957", "wings-1966", "phantom-1975", "ascent-1977",
    ]  # fmt: skip


def test_search_matches_any_title_or_director_case_insensitively(run, mini) -> None:
    by_original = run("--catalog", str(mini), "search", "журавли", "--json")
    assert [f["id"] for f in json.loads(by_original.stdout)] == ["cranes-are-flying-1957"]
    by_director = run("--catalog", str(mini), "search", "SHEPITKO", "--json")
    assert [f["id"] for f in json.loads(by_director.stdout)] == ["wings-1966", "ascent-1977"]


def test_search_limit(run, mini) -> None:
    result = run("--catalog", str(mini), "search", "--limit", "2")
    assert len(result.stdout.splitlines()) == 2
    assert "showing 2 of 3 films" in result.stderr


def test_search_nothing_found_is_exit_1_with_empty_json(run, mini) -> None:
    result = run("--catalog", str(mini), "search", "no such film", "--json", exit=1)
    assert json.loads(result.stdout) == []
    assert result.stderr == 'sovfilm: no films match "no such film"\n'


def test_search_json_is_utf8_with_every_contract_key_in_order(run, mini) -> None:
    result = run("--catalog", str(mini), "search", "--json")
    assert "Крылья" in result.stdout  # not \u-escaped
    films = json.loads(result.stdout)
    assert all(list(f) == [*FILM_FIELDS, "score", "match"] for f in films)
    assert all(f["score"] is None and f["match"] is None for f in films)  # no query, no ranking
    wings = next(f for f in films if f["id"] == "wings-1966")
    assert wings["lists"] == ["test-list"]
    assert wings["runtime"] == 85
    assert wings["aka"] == []


def test_show_by_id_title_and_original_title(run, mini) -> None:
    for ref in ("wings-1966", "wings", "  WINGS ", "Крылья"):
        result = run("--catalog", str(mini), "show", ref, "--json")
        assert json.loads(result.stdout)["id"] == "wings-1966", ref


def test_show_plain_includes_list_notes(run, mini) -> None:
    result = run("--catalog", str(mini), "show", "cranes-are-flying-1957")
    assert "Title: The Cranes Are Flying\n" in result.stdout
    assert (
        "In list test-list: listed as The Cranes Are Flying (1958): Released in 1957.\n"
        in result.stdout
    )


def test_show_resolves_a_misspelt_title(run, mini) -> None:
    result = run("--catalog", str(mini), "show", "wingz", "--json")
    assert json.loads(result.stdout)["id"] == "wings-1966"


def test_show_unknown_film_suggests(run, mini) -> None:
    result = run("--catalog", str(mini), "show", "wingdings", exit=1)
    assert result.stdout == ""
    assert result.stderr == (
        'sovfilm: error: no film matches "wingdings"\nsovfilm: hint: did you mean: wings-1966\n'
    )
    nothing = run("--catalog", str(mini), "show", "qqqq zzzz", exit=1)
    assert nothing.stderr == 'sovfilm: error: no film matches "qqqq zzzz"\n'


def test_show_unverified_film_from_a_list(run, mini) -> None:
    result = run("--catalog", str(mini), "show", "the phantom", "--json")
    assert json.loads(result.stdout)["status"] == "unverified"


def test_list_overview(run, mini) -> None:
    assert run("--catalog", str(mini), "list").stdout == "test-list\t3\tA test list\n"
    data = json.loads(run("--catalog", str(mini), "list", "--json").stdout)
    assert data == [
        {
            "id": "test-list",
            "title": "A test list",
            "description": "Films for the tests.",
            "count": 3,
        }
    ]


def test_list_detail_json_keeps_order_as_listed_and_notes(run, mini) -> None:
    data = json.loads(run("--catalog", str(mini), "list", "test-list", "--json").stdout)
    assert list(data) == ["id", "title", "description", "source", "films"]
    assert [(f["id"], f["as_listed"], f["note"], f["status"]) for f in data["films"]] == [
        ("wings-1966", "Wings (1966)", "", "verified"),
        ("phantom-1975", "The Phantom (1975)", "No such film could be found.", "unverified"),
        ("cranes-are-flying-1957", "The Cranes Are Flying (1958)", "Released in 1957.", "verified"),
    ]
    assert all(list(f) == [*FILM_FIELDS, "as_listed", "note"] for f in data["films"])


def test_unknown_list_suggests(run, mini) -> None:
    result = run("--catalog", str(mini), "list", "test-lst", exit=1)
    assert result.stderr == (
        'sovfilm: error: no list with id "test-lst"\nsovfilm: hint: did you mean: test-list\n'
    )


def test_validate_summary(run, mini) -> None:
    result = run("validate", str(mini))
    assert result.stdout == f"{mini}: ok: 4 films (3 verified), 1 lists, 3 themes\n"


def test_validate_broken_catalog_lists_every_problem(run) -> None:
    path = CATALOGS / "broken" / "wrong_types.toml"
    result = run("validate", str(path), exit=1)
    assert result.stdout == ""
    assert result.stderr.count("error: ") == 3
    assert result.stderr.endswith("sovfilm: 3 errors: the catalog cannot be used\n")


def test_other_commands_refuse_a_broken_catalog(run) -> None:
    path = CATALOGS / "broken" / "duplicate_ids.toml"
    result = run("--catalog", str(path), "search", exit=1)
    assert result.stdout == ""
    assert result.stderr.startswith(f"sovfilm: error: catalog {path} has 1 problem\n")
    assert "duplicate id (first used by films[0])" in result.stderr


def test_catalog_from_environment(run, mini, tmp_path: Path) -> None:
    result = run("search", "--json", env={"SOVFILM_CATALOG": str(mini)})
    assert len(json.loads(result.stdout)) == 3
    missing = tmp_path / "missing.toml"
    result = run("search", env={"SOVFILM_CATALOG": str(missing)}, exit=1)
    assert f"catalog not found: {missing} (from $SOVFILM_CATALOG)" in result.stderr
    assert not missing.exists()


def test_usage_errors_exit_2(run, mini) -> None:
    assert "No such option" in run("search", "--bogus", exit=2).stderr
    assert "-1" in run("--catalog", str(mini), "search", "--limit", "-1", exit=2).stderr
    assert "No such command" in run("recomend", exit=2).stderr


def test_unexpected_errors_show_one_line_not_a_traceback(run, mini, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(query, "browse", broken)
    result = run("--catalog", str(mini), "search", exit=1)
    assert result.stderr == (
        "sovfilm: internal error: RuntimeError: boom (rerun with --debug or SOVFILM_DEBUG=1 "
        "for the traceback, and please report it)\n"
    )
    with pytest.raises(RuntimeError, match="boom"):
        run("--debug", "--catalog", str(mini), "search")


def test_hostile_catalog_prints_markup_literally_and_no_escape_codes(run) -> None:
    result = run("--catalog", str(CATALOGS / "hostile.toml"), "show", "hostile-1970")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[bold red]Loud[/]" in result.stdout
    assert "[link=https://evil.example]Director[/link]" in result.stdout


def test_help_teaches_every_command(run) -> None:
    top = run("--help").stdout
    for command in ("search", "show", "list", "validate"):
        assert command in top
        assert "Examples:" in run(command, "--help").stdout


def test_python_dash_m_runs_the_cli(mini) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sovfilm", "--catalog", str(mini), "search"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 3


def _big_catalog(tmp_path: Path, count: int = 3000) -> Path:
    """A catalog whose listing overflows a pipe's buffer."""
    films = "".join(
        f'[[films]]\nid = "film-{n}"\ntitle = "Film {n}"\noriginal_title = "Фильм {n}"\n'
        f'year = 1960\ndirectors = ["Someone"]\ndescription = "Test."\nstatus = "verified"\n'
        f'sources = ["https://example.org/{n}"]\n'
        for n in range(count)
    )
    big = tmp_path / "big.toml"
    big.write_text(films, encoding="utf-8")
    return big


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    # Enough output to overflow the pipe buffer, so the write really fails.
    big = _big_catalog(tmp_path)
    pipeline = subprocess.run(
        f"set -o pipefail; '{sys.executable}' -m sovfilm --catalog '{big}' search | head -1",
        shell=True, executable="/bin/bash", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert pipeline.stdout.startswith("film-0\t1960\t")
    assert pipeline.stderr == ""
    assert pipeline.returncode == 0


def test_a_real_run_delivers_all_its_output_through_a_pipe(tmp_path: Path) -> None:
    # A run ends the process without the interpreter's teardown (sovfilm.cli.main):
    # everything written must still reach the reader, to the last byte.
    big = _big_catalog(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "sovfilm", "--catalog", str(big), "search", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = [film["id"] for film in json.loads(result.stdout)]
    assert sorted(found) == sorted(f"film-{n}" for n in range(3000))


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["show", "no-such-film"], 1, "no-such-film"),
        (["search", "--no-such-option"], 2, "--no-such-option"),
    ],
)
def test_a_real_run_keeps_its_exit_code_and_message(mini, args, code, says) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sovfilm", "--catalog", str(mini), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == code
    assert says in result.stderr
