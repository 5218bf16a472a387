"""The compiled catalog cache: same answers as without it, and never a reason to fail."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sovfilm import cache
from sovfilm.catalog import load_catalog

from .conftest import MINI


def compiled_files(root: Path) -> list[Path]:
    return sorted(root.glob("catalog-*.pickle"))


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
    compiled.write_bytes(b"not a pickle at all")
    result = run("search", "cranes", "--json")
    assert json.loads(result.stdout)[0]["id"] == "cranes-are-flying-1957"
    assert compiled.read_bytes() != b"not a pickle at all"


def test_an_unwritable_cache_directory_still_works(run, tmp_path) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    result = run("search", "cranes", "--json", env={"SOVFILM_CACHE": str(blocked / "cache")})
    assert json.loads(result.stdout)[0]["id"] == "cranes-are-flying-1957"


def test_cache_key_follows_the_version(monkeypatch) -> None:
    before = cache.cache_file(MINI)
    import sovfilm

    monkeypatch.setattr(sovfilm, "__version__", "999.0")
    assert cache.cache_file(MINI) != before


def test_cache_load_returns_what_a_fresh_load_gives(cache_root) -> None:
    fresh = load_catalog(MINI)
    built = cache.load(MINI, lambda: load_catalog(MINI))
    again = cache.load(MINI, lambda: pytest.fail("a current cache must not be rebuilt"))
    assert fresh.films == built.films == again.films
    assert fresh.lists == again.lists and fresh.themes == again.themes
