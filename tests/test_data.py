"""The shipped catalog keeps the rules that make it trustworthy (docs/catalog.md)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from sovfilm.catalog import check_catalog, shipped_catalog_path
from sovfilm.model import REPUBLICS

SEED_LISTS = ("kazakhstan", "hidden-gems", "wwii", "mountains", "cinema")


@pytest.fixture(scope="module")
def catalog():
    catalog, problems = check_catalog(shipped_catalog_path())
    assert catalog is not None, [str(p) for p in problems]
    return catalog


def test_shipped_catalog_validates_without_warnings() -> None:
    _, problems = check_catalog(shipped_catalog_path())
    assert [str(p) for p in problems] == []


def test_the_five_seed_lists_exist_in_order(catalog) -> None:
    assert [fl.id for fl in catalog.lists][: len(SEED_LISTS)] == list(SEED_LISTS)
    for film_list in catalog.lists:
        assert film_list.title and film_list.description and film_list.entries
        for entry in film_list.entries:
            assert catalog.film(entry.film) is not None
            # as_listed records the source's naming: a title, and a year where it gave one.
            assert entry.as_listed.strip()


def test_verified_films_have_sources_directors_and_an_original_title(catalog) -> None:
    for film in catalog.films:
        if film.verified:
            assert film.sources, film.id
            assert film.directors, film.id
            assert film.original_title, film.id


def test_unverified_films_are_marked_as_such_in_their_description(catalog) -> None:
    unverified = [f for f in catalog.films if not f.verified]
    assert unverified, "the seed lists name films no filmography knows"
    for film in unverified:
        assert not film.sources, film.id
        assert "could be found" in film.description or "could not be found" in film.description, (
            film.id
        )


def test_every_film_has_three_to_eight_themes_and_every_theme_is_used(catalog) -> None:
    used = Counter(t for f in catalog.films for t in f.themes)
    for film in catalog.films:
        assert 3 <= len(film.themes) <= 8, (film.id, film.themes)
    assert set(catalog.themes) == set(used), set(catalog.themes) ^ set(used)


def test_ids_follow_the_slug_and_year_convention(catalog) -> None:
    for film in catalog.films:
        assert re.fullmatch(rf"[a-z0-9-]+-{film.year}", film.id), film.id
        assert not film.id.startswith(("the-", "a-", "an-")), film.id


def test_no_film_is_recorded_twice(catalog) -> None:
    keys = Counter((f.original_title.casefold(), f.year) for f in catalog.films if f.original_title)
    assert [k for k, n in keys.items() if n > 1] == []
    titles = Counter((f.title.casefold(), f.year) for f in catalog.films)
    assert [k for k, n in titles.items() if n > 1] == []


def test_soviet_films_name_their_republic_and_later_ones_do_not(catalog) -> None:
    for film in catalog.films:
        if film.republic is not None:
            assert film.republic in REPUBLICS
            assert film.year <= 1991, film.id
        if film.year > 1991:
            assert film.republic is None and "USSR" not in film.countries, film.id


def test_descriptions_are_two_to_four_sentences(catalog) -> None:
    for film in catalog.films:
        # Count sentence ends: a full stop, ! or ? followed by a space and a capital or a
        # quote. Initials ("A. A. Milne") are not sentence ends.
        text = re.sub(r"\b([A-ZА-ЯЁ])\.(?=\s)", r"\1", film.description)
        ends = len(re.findall(r"[.!?…]['\"”»)]?(?=\s+[\"'«“(]?[A-ZА-ЯЁ0-9])", text)) + 1
        if film.verified:
            assert 2 <= ends <= 4, (film.id, ends, film.description)


def test_a_catalog_worth_browsing(catalog) -> None:
    verified = [f for f in catalog.films if f.verified]
    assert len(verified) >= 400
    decades = Counter(f.year // 10 * 10 for f in verified)
    for decade in range(1920, 1990, 10):
        assert decades[decade] >= 15, (decade, decades[decade])
    assert sum(1 for f in verified if f.year in (1990, 1991)) >= 15


def test_the_republics_are_represented_by_their_own_studios(catalog) -> None:
    republics = {f.republic for f in catalog.films if f.verified and f.republic}
    assert len(republics) >= 12, sorted(set(REPUBLICS) - republics)


def test_genres_span_the_range_a_cinephile_expects(catalog) -> None:
    genres = {g for f in catalog.films if f.verified for g in f.genres}
    wanted = {
        "drama", "war", "comedy", "science-fiction", "fairy-tale", "musical", "historical",
        "adventure", "eastern", "children", "literary-adaptation", "animation",
    }  # fmt: skip
    assert wanted <= genres, wanted - genres


def test_theme_vocabulary_size(catalog) -> None:
    assert 60 <= len(catalog.themes) <= 150
    assert all(description.strip() for description in catalog.themes.values())


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _shingles(text: str, size: int = 7) -> set[str]:
    words = re.findall(r"[a-zа-яё0-9']+", text.casefold())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed documents beside the repository ({SEEDS})")
def test_no_description_or_note_repeats_the_seed_documents(catalog) -> None:
    """Our words, not theirs: no run of seven words from a seed document (set phrases
    such as award names aside)."""
    allowed = {"academy award for best foreign language film"}
    seed_text = set().union(
        *(_shingles(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))
    )
    texts = [(f.id, f.description) for f in catalog.films]
    texts += [(f"{fl.id}:{e.film}", e.note) for fl in catalog.lists for e in fl.entries]
    texts += [(fl.id, fl.description) for fl in catalog.lists]
    echoes = {
        where: shared for where, text in texts if (shared := _shingles(text) & seed_text - allowed)
    }
    assert echoes == {}
