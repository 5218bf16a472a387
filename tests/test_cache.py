"""The compiled catalog cache: same answers as without it, and never a reason to fail."""

from __future__ import annotations

import json
import marshal
import os
from array import array
from pathlib import Path

import pytest

from sovfilm import cache
from sovfilm.catalog import load_catalog
from sovfilm.model import PackedFilms

from .conftest import MINI


def compiled_files(root: Path) -> list[Path]:
    """The films part of each compiled catalog (one per catalog file)."""
    return sorted(root.glob("catalog-*.films"))


def opened(path: Path) -> tuple[str, tuple, list[int], bytes]:
    """A compiled file's key, payload, buffer sizes and buffers (see cache._read)."""
    data = path.read_bytes()
    head = int.from_bytes(data[: cache.LENGTH], "little")
    key, payload, sizes = marshal.loads(data[cache.LENGTH : cache.LENGTH + head])
    return key, payload, sizes, data[cache.LENGTH + head :]


def rewrite(path: Path, key: str, payload: tuple, sizes: list[int], buffers: bytes) -> None:
    head = marshal.dumps((key, payload, sizes))
    path.write_bytes(len(head).to_bytes(cache.LENGTH, "little") + head + buffers)


@pytest.fixture
def cache_root() -> Path:
    return Path(os.environ["SOVFILM_CACHE"])


def test_cached_and_uncached_answers_are_the_same(run, cache_root) -> None:
    commands = [
        ("search", "cranes are flyng", "--json"),
        ("search", "Тарковский", "--json"),
        ("recommend", "Wings", "--json"),
        ("recommend", "stalker", "solaris", "--json"),
        ("list", "wwii", "--json"),
    ]
    uncached = [run(*c, env={"SOVFILM_NO_CACHE": "1"}).stdout for c in commands]
    assert compiled_files(cache_root) == []
    first = [run(*c).stdout for c in commands]  # builds the cache
    assert len(compiled_files(cache_root)) == 1
    warm = [run(*c).stdout for c in commands]  # reads it
    assert uncached == first == warm


def test_editing_the_catalog_rebuilds(run, tmp_path, cache_root) -> None:
    catalog = tmp_path / "films.toml"
    catalog.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(json.loads(run("--catalog", str(catalog), "search", "--json").stdout)) == 3
    edited = MINI.read_text(encoding="utf-8").replace('title = "Wings"', 'title = "Wings Again"')
    catalog.write_text(edited, encoding="utf-8")
    os.utime(catalog, ns=(1, 1))  # even an old timestamp: the key changes with size
    titles = [
        f["title"] for f in json.loads(run("--catalog", str(catalog), "search", "--json").stdout)
    ]
    assert "Wings Again" in titles


def test_a_corrupt_cache_is_ignored_and_rebuilt(run, cache_root) -> None:
    run("search", "cranes", "--json")
    (compiled,) = compiled_files(cache_root)
    compiled.write_bytes(b"not marshal data at all")
    result = run("search", "cranes", "--json")
    assert json.loads(result.stdout)[0]["id"] == "cranes-are-flying-1957"
    assert compiled.read_bytes() != b"not marshal data at all"


def test_an_unwritable_cache_directory_still_works(run, tmp_path) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    result = run("search", "cranes", "--json", env={"SOVFILM_CACHE": str(blocked / "cache")})
    assert json.loads(result.stdout)[0]["id"] == "cranes-are-flying-1957"


def test_cache_key_follows_the_version(monkeypatch) -> None:
    before = cache.cache_key(MINI)
    import sovfilm

    monkeypatch.setattr(sovfilm, "__version__", "999.0")
    assert cache.cache_key(MINI) != before


def test_cache_load_returns_what_a_fresh_load_gives(cache_root) -> None:
    fresh = load_catalog(MINI)
    built = cache.load(MINI, lambda: load_catalog(MINI))
    again = cache.load(MINI, lambda: pytest.fail("a current cache must not be rebuilt"))
    assert list(fresh.films) == list(built.films) == list(again.films)
    assert fresh.lists == again.lists and fresh.themes == again.themes


@pytest.mark.parametrize("part", ["films", "search", "recommend"])
def test_a_missing_or_corrupt_part_is_rebuilt(run, cache_root, part) -> None:
    commands = [("search", "летят журавли", "--json"), ("recommend", "Wings", "--json")]
    expected = [run(*c).stdout for c in commands]
    (films,) = compiled_files(cache_root)
    damaged = films.with_suffix(f".{part}")
    intact = damaged.read_bytes()
    damaged.write_bytes(intact[:100])
    assert [run(*c).stdout for c in commands] == expected
    assert damaged.read_bytes() == intact  # compiled again, and cached again
    damaged.write_bytes(intact[:-1])  # the head whole, the last buffer short
    assert [run(*c).stdout for c in commands] == expected
    assert damaged.read_bytes() == intact
    damaged.unlink()
    assert [run(*c).stdout for c in commands] == expected
    assert damaged.read_bytes() == intact


def test_each_part_is_compiled_when_a_command_first_needs_it(run, cache_root) -> None:
    run("search", "cranes", "--json")
    (films,) = compiled_files(cache_root)
    assert films.with_suffix(".search").exists()
    assert not films.with_suffix(".recommend").exists()  # a search never needs the model
    run("recommend", "Wings", "--json")
    assert films.with_suffix(".recommend").exists()


def test_a_part_from_another_catalog_is_not_used(tmp_path, cache_root) -> None:
    catalog = tmp_path / "films.toml"
    catalog.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    cache.load(catalog, lambda: load_catalog(catalog))
    # A different key in the file (as after a crc32 collision): a miss, not a wrong answer.
    films_part = cache.cache_file(catalog)
    key, payload, sizes, buffers = opened(films_part)
    rewrite(films_part, key + "|other", payload, sizes, buffers)
    rebuilt = []
    cache.load(catalog, lambda: rebuilt.append(1) or load_catalog(catalog))
    assert rebuilt == [1]


def test_packed_films_index_and_slice_as_a_tuple_does(cache_root) -> None:
    cache.load(MINI, lambda: load_catalog(MINI))
    packed = cache.load(MINI, lambda: pytest.fail("a current cache must not be rebuilt")).films
    films = load_catalog(MINI).films
    assert isinstance(packed, PackedFilms) and isinstance(films, tuple)
    assert [packed[i] for i in range(-len(films), len(films))] == [
        films[i] for i in range(-len(films), len(films))
    ]
    assert packed[1:] == films[1:] and packed[::-2] == films[::-2]
    with pytest.raises(IndexError):
        packed[len(films)]


def test_films_are_unpacked_only_when_touched(cache_root) -> None:
    cache.load(MINI, lambda: load_catalog(MINI))
    warm = cache.load(MINI, lambda: pytest.fail("a current cache must not be rebuilt"))
    assert isinstance(warm.films, PackedFilms)
    assert warm.film("wings-1966").title == "Wings"
    unpacked = [f for f in warm.films._unpacked if f is not None]
    assert [f.id for f in unpacked] == ["wings-1966"]


def test_compiling_a_big_catalog_reports_each_step(monkeypatch, cache_root) -> None:
    from sovfilm.recommend import model_for
    from sovfilm.search import index_for

    steps: list[str] = []
    monkeypatch.setattr(cache, "ANNOUNCE_FROM", 1)  # MINI counts as big here
    catalog = cache.load(MINI, lambda: load_catalog(MINI), announce=steps.append)
    index_for(catalog, include_unverified=False)
    model_for(catalog)
    count = f"{len(catalog.films)} films"
    assert steps == [
        "reading the catalog",
        "",  # done: the indicator clears its line
        f"compiling {count} for fast start-up: search index",
        "",
        f"compiling {count} for fast start-up: recommendation model",
        "",
    ]
    steps.clear()
    catalog = cache.load(MINI, lambda: load_catalog(MINI), announce=steps.append)
    index_for(catalog, include_unverified=False)
    model_for(catalog)
    assert steps == []  # a warm run has nothing to report


def test_a_small_catalog_compiles_without_a_word(cache_root) -> None:
    steps: list[str] = []
    cache.load(MINI, lambda: load_catalog(MINI), announce=steps.append)
    assert steps == []


def test_the_rows_file_of_an_older_cache_is_removed(run, cache_root) -> None:
    """Caches of FORMAT 11 and before kept the film rows in a file of their own."""
    run("search", "cranes", "--json")
    (films,) = compiled_files(cache_root)
    old_rows = films.with_suffix(".rows")
    old_rows.write_bytes(b"rows of an older cache")
    films.unlink()
    run("search", "cranes", "--json")
    assert films.exists() and not old_rows.exists()


@pytest.mark.parametrize(
    ("command", "part", "field", "reshape"),
    [
        # genre counts as bytes: every count 0
        (["recommend", "Wings"], "recommend", 4, lambda counts: bytes(len(counts))),
        # key texts as a plain list, the layout before Texts
        (["search", "cranes"], "search", 0, lambda texts: ["cranes"] * 3),
        # words reaching past their buffer
        (["search", "cranes"], "search", 7, lambda w: (0, array("Q", [0, 1 << 40]).tobytes(), {})),
        # words in a buffer the file does not have
        (["search", "cranes"], "search", 7, lambda w: (99, array("Q", [0]).tobytes(), {})),
    ],
)
def test_a_part_of_another_layout_is_not_used(
    run, cache_root, command, part, field, reshape
) -> None:
    """Right key, wrong shape (as after a layout change without a FORMAT bump): rebuilt."""
    expected = run(*command, "--json").stdout
    (films,) = compiled_files(cache_root)
    path = films.with_suffix(f".{part}")
    intact = opened(path)
    key, payload, sizes, buffers = intact
    reshaped = list(payload)
    reshaped[field] = reshape(reshaped[field])
    rewrite(path, key, tuple(reshaped), sizes, buffers)
    assert run(*command, "--json").stdout == expected
    assert opened(path) == intact  # compiled again
