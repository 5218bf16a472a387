"""The search engine's parts: folding, romanization, ranking bands, hints and hostile input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sovfilm.catalog import load_catalog
from sovfilm.errors import NotFound
from sovfilm.search import (
    DIRECTOR,
    EXACT,
    FUZZY_CEILING,
    PREFIX_CEILING,
    ROMANIZATION,
    build_index,
    fold,
    rank,
    resolve,
    romanizations,
    search_titles,
)

from .conftest import MINI


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ирония судьбы, или С лёгким паром!", "ирония судьбы или с легким паром"),
        ("Андрей Рублёв", "андреи рублев"),  # ё=е, й=и
        ("Kryl’ya", "krylya"),
        ("Kin-dza-dza!", "kin dza dza"),
        ("Letjat žuravli", "letjat zuravli"),
        ("  The   CRANES\tare flying ", "the cranes are flying"),
        ("\x1b[31mRed\x07", "31mred"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_romanizations_cover_several_schemes() -> None:
    found = {fold(r) for r in romanizations("Летят журавли")}
    assert {"letyat zhuravli", "letiat zhuravli", "letjat zuravli"} <= found
    assert romanizations("Wings") == []
    # Other scripts get a Latin form too.
    assert fold(romanizations("ნატვრის ხე")[-1]) == "natvris khe"
    # Ukrainian letters a Russian scheme leaves alone still become Latin.
    assert all(r.isascii() for r in romanizations("Тіні забутих предків"))


@pytest.fixture(scope="module")
def mini_index():
    return build_index(load_catalog(MINI).films)


def top(index, query):
    ranked = rank(index, query)
    return ranked[0] if ranked else None


def test_exact_beats_prefix_beats_fuzzy(mini_index) -> None:
    exact = top(mini_index, "the cranes are flying")
    prefix = top(mini_index, "the cranes are")
    fuzzy = top(mini_index, "the cranes are flyng")
    assert exact.score == EXACT
    assert FUZZY_CEILING < prefix.score <= PREFIX_CEILING
    assert fuzzy.score <= FUZZY_CEILING
    assert exact.film.id == prefix.film.id == fuzzy.film.id == "cranes-are-flying-1957"


def test_match_reports_the_key_and_kind(mini_index) -> None:
    match = top(mini_index, "letyat zhuravli")
    assert (match.kind, match.key) == ("aka", "Letyat zhuravli")
    match = top(mini_index, "Krylja")
    assert match.kind == ROMANIZATION and match.film.id == "wings-1966"
    by_director = top(mini_index, "Шепитько")
    assert (by_director.kind, by_director.key) == (DIRECTOR, "Larisa Shepitko")


def test_director_alone_lists_their_films_and_ties_break_by_year(mini_index) -> None:
    ranked = rank(mini_index, "shepitko")
    assert [m.film.id for m in ranked[:2]] == ["wings-1966", "ascent-1977"]
    assert ranked[0].score == ranked[1].score


def test_a_year_hint_prefers_that_year(mini_index) -> None:
    ranked = rank(mini_index, "shepitko 1977")
    assert ranked[0].film.id == "ascent-1977"
    assert ranked[0].score > ranked[1].score


def test_a_hint_alone_does_not_outrank_a_title(mini_index) -> None:
    # "Wings" is a real title match; the Shepitko hint must not lift The Ascent above it.
    assert [m.film.id for m in rank(mini_index, "wings shepitko")][:1] == ["wings-1966"]


def test_stopwords_alone_match_nothing(mini_index) -> None:
    assert [m for m in rank(mini_index, "the") if m.score >= 70] == []
    assert [m for m in rank(mini_index, "и в на") if m.score >= 70] == []


def test_unverified_films_only_on_request() -> None:
    catalog = load_catalog(MINI)
    assert search_titles(catalog, "the phantom") == []
    assert [m.film.id for m in search_titles(catalog, "the phantom", include_unverified=True)] == [
        "phantom-1975"
    ]


def test_resolve_exact_id_title_and_not_found() -> None:
    catalog = load_catalog(MINI)
    assert resolve(catalog, "ascent-1977").match is None
    assert resolve(catalog, "восхождение").film.id == "ascent-1977"
    with pytest.raises(NotFound) as caught:
        resolve(catalog, "wingdings")
    assert caught.value.suggestions == ["wings-1966"]


def test_hostile_queries_return_promptly() -> None:
    catalog = load_catalog()
    queries = [
        "x" * 10_000,
        "Летят " * 2_000,
        "\x1b[2J\x07\x08\r cranes",
        "журавли cranes ნატვრის 1957 ☃",
        "   ",
    ]
    for query in queries:
        started = time.perf_counter()
        search_titles(catalog, query)
        # A generous bound: the point is "no pathological blow-up", not speed.
        assert time.perf_counter() - started < 5, query[:20]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_search_never_raises(mini_index, text: str) -> None:
    for match in rank(mini_index, text):
        assert 0 <= match.score <= 100


@pytest.fixture(scope="module")
def shipped_films():
    return load_catalog().films


def test_chunked_lookups_give_what_one_sorted_list_gives(shipped_films, monkeypatch) -> None:
    """Keys in chunks of 3 (many boundaries) answer as keys in one chunk (a plain bisect)."""
    from sovfilm import search

    monkeypatch.setattr(search, "KEY_CHUNK", 10**9)
    whole = build_index(shipped_films)
    monkeypatch.setattr(search, "KEY_CHUNK", 3)
    chunked = build_index(shipped_films)
    assert (len(whole.key_chunks), len(chunked.key_chunks)) == (1, -(-len(whole.owners) // 3))
    keys = [key for _, key in whole.keys_from("")]
    prefixes = {key[:n] for key in keys[::7] for n in (1, 2, 4, len(key))}
    prefixes |= {"", "zzzz", "летят", keys[0], keys[-1], keys[-1] + "x"}
    for prefix in prefixes:
        expected = [(n, key) for n, key in whole.keys_from(prefix)]
        assert list(chunked.keys_from(prefix)) == expected, prefix
        assert expected == [(n, k) for n, k in whole.keys_from("") if k.startswith(prefix)]
    for word in {w for content in whole.contents for w in content.split()}:
        brute = [n for n, content in enumerate(whole.contents) if word in content.split()]
        assert chunked.keys_with(word) == whole.keys_with(word) == brute, word


def _probe_queries(films) -> list[str]:
    """Titles as they are, shuffled and with hints, for checking that shortcuts are exact."""
    import random

    titles = [f.title for f in films] + [f.original_title for f in films]
    rng = random.Random(1957)
    queries = [
        *rng.sample(titles, 80),
        "white sun of desert",
        "cranes are flyng",
        "heir by direct line",
        "a film nobody made",
        "ballad soldier 1959",
        "летят журавли",
        "stalker tarkovsky",
        "шепитько 1966",
    ]
    queries += [" ".join(rng.sample(t.split(), len(t.split()))) for t in rng.sample(titles, 40)]
    return queries + [f"{f.title} {f.year}" for f in rng.sample(list(films), 20)]


def test_shortcuts_in_word_order_matching_change_no_answer(shipped_films, monkeypatch) -> None:
    """Scanning only keys that share a word, and skipping those that cannot win, is exact."""
    from sovfilm import search

    index = build_index(shipped_films)
    queries = _probe_queries(shipped_films)

    def answers() -> list[list[tuple[str, float, str]]]:
        return [[(m.film.id, m.score, m.key) for m in rank(index, q, at_least=70)] for q in queries]

    shortcut = answers()
    monkeypatch.setattr(search, "_NO_SHARED_WORD_MOST", 1000.0)  # every key, nothing skipped
    assert answers() == shortcut


def test_scanning_only_the_keys_a_latin_query_can_reach_changes_no_answer(
    shipped_films, monkeypatch
) -> None:
    from sovfilm import search

    # Cyrillic titles with digits in them, which a Latin query can match by the digits.
    model = shipped_films[0]
    numbered = [
        model._replace(id=f"probe-{n}", title=f"House {n}", original_title=f"Дом {n}", aka=())
        for n in (7, 22, 1941, 2557)
    ]
    films = [*shipped_films, *numbered]
    index = build_index(films)
    assert 0 < len(index.latin_reach) < len(index.owners)  # both kinds of key are there
    queries = [*_probe_queries(shipped_films), "9 рота", "1941", "2557", "dom 22", "x"]

    def answers(at_least: float) -> list[list[tuple[str, float, str]]]:
        return [
            [(m.film.id, m.score, m.key) for m in rank(index, q, at_least=at_least)]
            for q in queries
        ]

    shortcut = [answers(70), answers(45)]
    monkeypatch.setattr(search, "_reachable", lambda index, text, cutoff: len(index.owners))
    assert [answers(70), answers(45)] == shortcut


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
    st.text(alphabet="абвгдеж зийклмн 0123456789 xyz", min_size=1, max_size=40),
)
def test_a_latin_query_scores_no_more_than_a_keys_latin_reach(query: str, content: str) -> None:
    from rapidfuzz import fuzz

    from sovfilm.search import _latin_reach

    assert fuzz.ratio(query, content) <= _latin_reach(content) + 1e-9


@pytest.mark.parametrize("at_least", [45.0, 70.0])
def test_a_threshold_only_leaves_out_what_falls_below_it(shipped_films, at_least) -> None:
    """Saying AT_LEAST up front lets rank skip work, never change what clears it."""
    index = build_index(shipped_films)
    for query in _probe_queries(shipped_films):
        everything = [(m.film.id, m.score, m.key) for m in rank(index, query)]
        expected = [found for found in everything if found[1] >= at_least]
        assert [(m.film.id, m.score, m.key) for m in rank(index, query, at_least=at_least)] == (
            expected
        ), query


def test_texts_hand_out_strings_across_chunks_as_one_list(monkeypatch) -> None:
    from sovfilm import derived
    from sovfilm.derived import Texts

    monkeypatch.setattr(derived, "TEXT_CHUNK", 3)
    strings = [f"text {n}" for n in range(11)]
    for ready in (0, 4, 11):
        texts = Texts.of(strings, ready)
        again = Texts(*texts.frozen())  # as read back from the cache
        assert again.pick([9, 0, 5]) == ["text 9", "text 0", "text 5"]
        assert [again.first(n) for n in range(13)] == [strings[:n] for n in range(13)]
        assert list(again) == strings and len(again) == 11
    for unsplittable in (["two\nlines"], [""]):
        with pytest.raises(ValueError, match="empty or holds a newline"):
            Texts.of(unsplittable, 1)


def test_of_two_titles_that_match_equally_the_one_given_first_is_shown(shipped_films) -> None:
    # "Arşın Mal Alan" and its romanization "arsin mal alan" score the same on
    # "mal alan"; the key made first (the film's own aka) is the one shown,
    # wherever the index keeps the two.
    film = shipped_films[0]._replace(
        id="probe", title="The Cloth Peddler", original_title="Аршин мал алан",
        aka=("Arşın Mal Alan",),
    )  # fmt: skip
    best = rank(build_index([film]), "mal alan")[0]
    assert (best.key, best.kind) == ("Arşın Mal Alan", "aka")


def test_the_films_of_a_director_are_found_without_reading_every_film(shipped_films) -> None:
    twice = shipped_films[0]._replace(id="probe", directors=("Larisa Shepitko",) * 2)
    films = [*shipped_films, twice]
    index = build_index(films)
    directors = {name for film in films for name in film.directors}
    for name in directors:
        expected = [i for i, film in enumerate(films) if name in film.directors]
        assert index.films_by([name]) == expected, name
    both = index.films_by(["Larisa Shepitko", "Elem Klimov"])
    assert both == sorted(
        set(index.films_by(["Larisa Shepitko"]) + index.films_by(["Elem Klimov"]))
    )
    assert index.films_by(["Nobody At All"]) == []
