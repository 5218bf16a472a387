"""Personal data: the commands, and the promise that nothing is ever lost."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sovfilm import userdata
from sovfilm.catalog import load_catalog
from sovfilm.textimport import match_names, read_names

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    # conftest points SOVFILM_HOME at a fresh directory for every test.
    return userdata.data_file()


def test_watchlist_seen_and_diary(run, data_file) -> None:
    assert run("watchlist", "--json").stdout == "[]\n"
    run("watchlist", "add", "Stalker")
    run("watchlist", "add", "wings-1966")
    run("seen", "wings-1966", "--rating", "4.5", "--date", "2026-01-02")
    run("seen", "come and see", "--rating", "5", "--date", "2026-03-04")
    watch = json.loads(run("watchlist", "--json").stdout)
    assert [w["id"] for w in watch] == ["stalker-1979"]  # seeing Wings took it off
    diary = json.loads(run("seen", "--json").stdout)
    assert [(d["id"], d["date"], d["rating"]) for d in diary] == [
        ("come-and-see-1985", "2026-03-04", 5.0),
        ("wings-1966", "2026-01-02", 4.5),
    ]
    run("unseen", "come-and-see-1985")
    assert [d["id"] for d in json.loads(run("seen", "--json").stdout)] == ["wings-1966"]


@pytest.mark.parametrize("rating", ["0", "4.2", "5.5", "-1"])
def test_bad_ratings_and_dates_are_usage_errors(run, rating) -> None:
    assert "0.5 to 5" in run("seen", "wings-1966", "--rating", rating, exit=2).stderr
    assert "YYYY-MM-DD" in run("seen", "wings-1966", "--date", "yesterday", exit=2).stderr


def test_recommend_leaves_out_seen_films_and_works_for_me(run) -> None:
    before = [r["id"] for r in json.loads(run("recommend", "wings-1966", "--json").stdout)]
    run("seen", before[0], "--rating", "3")
    after = [r["id"] for r in json.loads(run("recommend", "wings-1966", "--json").stdout)]
    assert before[0] not in after
    both = json.loads(run("recommend", "wings-1966", "--include-seen", "--json").stdout)
    assert before[0] in [r["id"] for r in both]
    assert "no films of yours" in run("recommend", "--for-me", exit=2).stderr
    run("seen", "stalker-1979", "--rating", "5")
    run("watchlist", "add", "mirror-1975")
    mine = json.loads(run("recommend", "--for-me", "--json").stdout)
    assert mine and not {"stalker-1979", "mirror-1975", before[0]} & {r["id"] for r in mine}
    assert all(set(r["because"]) <= {"stalker-1979", "mirror-1975"} and r["because"] for r in mine)


def test_unknown_film_ids_are_kept_and_reported(run, data_file) -> None:
    data_file.parent.mkdir(parents=True, exist_ok=True)
    data_file.write_text(
        'format = 1\n[[watchlist]]\nfilm = "gone-1970"\nadded = 2026-01-01\n', encoding="utf-8"
    )
    result = run("watchlist", "--json")
    assert json.loads(result.stdout)[0] == {
        **json.loads(result.stdout)[0], "id": "gone-1970", "status": "missing",
    }  # fmt: skip
    assert "gone-1970" in result.stderr
    run("watchlist", "add", "wings-1966")
    kept = userdata.load(data_file).watchlist_ids()
    assert kept == ["gone-1970", "wings-1966"]


def test_a_corrupt_file_is_refused_and_left_byte_identical(run, data_file) -> None:
    data_file.parent.mkdir(parents=True, exist_ok=True)
    broken = b'format = 1\n[[seen]]\nfilm = "wings-1966"\ndate = "not a date\n'
    data_file.write_bytes(broken)
    for args in (("watchlist", "add", "stalker-1979"), ("seen", "mirror-1975"), ("seen",)):
        result = run(*args, exit=1)
        assert str(data_file) in result.stderr and "not valid TOML" in result.stderr
    assert data_file.read_bytes() == broken


def test_writes_keep_the_previous_version_as_backup(run, data_file) -> None:
    run("watchlist", "add", "wings-1966")
    first = data_file.read_bytes()
    run("watchlist", "add", "stalker-1979")
    assert userdata.backup_of(data_file).read_bytes() == first
    data_file.write_text("broken = [", encoding="utf-8")
    hint = run("watchlist", exit=1).stderr
    assert "restore the previous version" in hint and str(userdata.backup_of(data_file)) in hint


WRITER = """
import sys, datetime
from pathlib import Path
from sovfilm import userdata
path, film = Path(sys.argv[1]), sys.argv[2]
userdata.update(path, lambda d: userdata.add_to_watchlist(d, film, datetime.date(2026, 1, 1)))
"""


def test_twenty_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sovfilm.toml"
    films = [f"film-{n}" for n in range(20)]
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), film]) for film in films]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    assert sorted(userdata.load(path).watchlist_ids()) == sorted(films)


LOOPING_WRITER = """
import sys, datetime
from pathlib import Path
from sovfilm import userdata
path = Path(sys.argv[1])
n = 0
while True:
    n += 1
    # Long entries make each write big enough to be caught in the middle.
    userdata.update(path, lambda d: userdata.add_to_watchlist(d, f"film-{n}-" + "x" * 2000,
                                                              datetime.date(2026, 1, 1)))
"""


def test_a_killed_writer_leaves_the_old_file_or_the_new_never_half(tmp_path: Path) -> None:
    path = tmp_path / "sovfilm.toml"
    previous = 0
    for attempt in range(25):
        proc = subprocess.Popen([sys.executable, "-c", LOOPING_WRITER, str(path)])
        time.sleep(0.15 + (attempt % 5) * 0.04)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        data = userdata.load(path)  # raises if the file were truncated or half-written
        count = len(data.watchlist)
        assert count >= previous  # every completed write is still there
        previous = count
    assert previous > 0


@pytest.mark.parametrize(
    ("seed_file", "list_id", "not_found"),
    [
        ("000_86594406cce0d952.txt", "kazakhstan", set()),
        ("001_e4f742c2046c7763.txt", "hidden-gems", {"orphans-1977"}),
        ("002_a867a6c541765f3a.txt", "wwii", set()),
        ("003_22c5faa2e91b903b.txt", "mountains", set()),
        ("004_c1e262e00644c1da.txt", "cinema", set()),
    ],
)
@pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed documents are not beside the repository ({SEEDS})"
)
def test_import_round_trips_the_seed_documents(seed_file, list_id, not_found) -> None:
    """Importing a source document finds the films of the list we made from it.

    One hidden gem is named by the post under a title no reference uses ("The
    Wounded" for Podranki); our list records it through its note.
    """
    catalog = load_catalog()
    text = (SEEDS / seed_file).read_text(encoding="utf-8")
    matched = {r.match.film.id for r in match_names(catalog, read_names(text)) if r.match}
    listed = {e.film for e in catalog.film_list(list_id).entries}
    assert listed - matched == not_found


def test_import_reads_both_layouts_and_saves_a_list(run, tmp_path: Path) -> None:
    text = tmp_path / "mine.txt"
    text.write_text(
        "My favourites\n\nThe Cranes Are Flying (1957)\nA love story.\n\n"
        'Do not miss "Wings" by Larisa Shepitko (1966), or "Kin-dza-dza!" (1986).\n'
        'And "A Film Nobody Made" (1970).\n',
        encoding="utf-8",
    )
    report = json.loads(run("import", str(text), "--name", "My Favourites", "--json").stdout)
    assert [(r["title"], r["year"], r["film"]) for r in report] == [
        ("The Cranes Are Flying", 1957, "cranes-are-flying-1957"),
        ("Wings", 1966, "wings-1966"),
        ("Kin-dza-dza!", 1986, "kin-dza-dza-1986"),
        ("A Film Nobody Made", 1970, None),
    ]
    assert "my-favourites" in run("list").stdout
    saved = json.loads(run("list", "my-favourites", "--json").stdout)
    assert [f["id"] for f in saved["films"]] == [
        "cranes-are-flying-1957", "wings-1966", "kin-dza-dza-1986",
    ]  # fmt: skip


def test_letterboxd_export_parses_with_the_documented_header(run) -> None:
    run("seen", "wings-1966", "--rating", "4.5", "--date", "2026-01-02")
    run("watchlist", "add", "stalker-1979")
    rows = list(csv.reader(io.StringIO(run("export", "letterboxd").stdout)))
    assert rows == [
        ["imdbID", "Title", "Year", "Directors", "Rating", "WatchedDate"],
        ["tt0061196", "Wings", "1966", "Larisa Shepitko", "4.5", "2026-01-02"],
    ]
    watch = list(csv.DictReader(io.StringIO(run("export", "letterboxd", "--watchlist").stdout)))
    assert [(r["Title"], r["Rating"], r["WatchedDate"]) for r in watch] == [("Stalker", "", "")]
    wwii = list(csv.DictReader(io.StringIO(run("export", "letterboxd", "--list", "wwii").stdout)))
    assert len(wwii) == 9


def test_where_names_the_paths(run, data_file) -> None:
    out = run("where").stdout
    assert f"user data: {data_file} (not created yet)" in out
    assert "catalog:" in out


def test_dates_default_to_today(run) -> None:
    run("seen", "wings-1966", env={"SOVFILM_TODAY": "2026-02-03"})
    assert json.loads(run("seen", "--json").stdout)[0]["date"] == "2026-02-03"
    run("seen", "mirror-1975")
    assert json.loads(run("seen", "--json").stdout)[0]["date"] == dt.date.today().isoformat()


def test_removing_from_the_watchlist(run, data_file) -> None:
    run("watchlist", "add", "wings-1966")
    assert "wings-1966 is off your watchlist" in run("watchlist", "remove", "Wings").stderr
    assert "was not on your watchlist" in run("watchlist", "remove", "wings-1966", exit=1).stderr
    assert userdata.load(data_file).watchlist_ids() == []


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is written out for Linux only")
@pytest.mark.parametrize("xdg", [None, "/srv/data", "relative/data", ""])
def test_data_home_is_where_platformdirs_puts_it(monkeypatch, tmp_path: Path, xdg) -> None:
    import platformdirs

    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    expected = Path(platformdirs.user_data_dir("sovfilm", appauthor=False))
    assert userdata.home({**os.environ, userdata.HOME_ENV: ""}) == expected
