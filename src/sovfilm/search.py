"""Title search across scripts and spellings: folding, romanization, fuzzy ranking, query hints.

Every title a film has (English, original, aka) becomes one or more search
keys: the folded title itself and, for titles in Cyrillic or another
non-Latin script, its romanizations under several schemes. A query is folded
the same way (and romanized too, when it is not Latin), so "Летят журавли",
"Letyat zhuravli", "letjat zuravli" and "cranes are flyng" all land on the
same film. A year or a director's surname in the query is taken as a hint.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sovfilm.derived import SearchIndex
from sovfilm.errors import NotFound

if TYPE_CHECKING:
    from sovfilm.model import Catalog, Film

TITLE, ORIGINAL, AKA, ROMANIZATION, DIRECTOR = (
    "title",
    "original",
    "aka",
    "romanization",
    "director",
)

# Romanization schemes (iuliia names): the everyday English one, the US
# board's one with its apostrophes, the scholarly one (č, š, ž), the one in
# Russian passports since 2013, and the Russian standard GOST 7.79 style.
SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "SCIENTIFIC", "ICAO_DOC_9303", "GOST_7034")

# Words too common to count as evidence of a match on their own.
STOPWORDS = frozenset(
    "the a an of and or in on at to for by with "
    "и в во на о об с со к ко по из за у а или "
    "i v vo na o ob s so k ko po iz za u ili".split()
)
LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")

# A query longer than any title cannot match better by being longer; cut it
# so a pasted paragraph costs no more than a title.
MAX_QUERY = 200

# Score bands: an exact title always beats a prefix, a prefix a fuzzy match.
EXACT, PREFIX_FLOOR, PREFIX_CEILING, FUZZY_CEILING = 100.0, 90.0, 96.0, 89.0
SHOWN_FROM = 70.0  # search lists films scoring at least this
RESOLVED_FROM = 75.0  # a FILM argument must match at least this well
SUGGESTED_FROM = 45.0  # "did you mean" candidates
TOO_CLOSE = 3.0  # runners-up within this of the best are worth mentioning
YEAR_BONUS, NEAR_YEAR_BONUS, DIRECTOR_BONUS = 6.0, 2.0, 8.0
HINT_NEEDS = 50.0  # hints only lift films whose titles already match this well
DIRECTOR_ONLY = 90.0  # score of a film found by its director's name alone

_APOSTROPHES = re.compile(r"['’ʼʹ`´ʻ\"«»“”„]")
_NOT_WORD = re.compile(r"[^\w]+")
_YEAR = re.compile(r"^(1[89]\d\d|20[0-3]\d)$")


def fold(text: str) -> str:
    """Comparable form of a title: lower case, no accents, ё=е, й=и, no punctuation.

    >>> fold("Ирония судьбы, или С лёгким паром!")
    'ирония судьбы или с легким паром'
    >>> fold("Kryl’ya  (Wings)")
    'krylya wings'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = _APOSTROPHES.sub("", stripped)
    return " ".join(_NOT_WORD.sub(" ", stripped).replace("_", " ").split())


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in text)


def romanizations(text: str) -> list[str]:
    """The text in Latin letters under each scheme (none if it is Latin already)."""
    if _is_latin(text):
        return []
    import iuliia
    from anyascii import anyascii

    results = []
    has_cyrillic = any("\u0400" <= c <= "\u04ff" for c in text)
    if has_cyrillic:
        # anyascii afterwards catches letters a Russian scheme leaves alone
        # (Ukrainian і, ї, є; Belarusian ў).
        results.extend(anyascii(getattr(iuliia, s).translate(text)) for s in SCHEMES)
    results.append(anyascii(text))
    return list(dict.fromkeys(results))


def _content(folded: str) -> str:
    """The words that carry meaning: stopwords dropped, unless nothing would be left."""
    words = [w for w in folded.split() if w not in STOPWORDS]
    return " ".join(words) if words else folded


@dataclass(frozen=True, slots=True)
class Match:
    """A film found by search, how well it matched (0-100), and through which title."""

    film: Film
    score: float
    key: str
    kind: str


def build_index(films: tuple[Film, ...] | list[Film]) -> SearchIndex:
    keys: list[str] = []
    contents: list[str] = []
    displays: list[str] = []
    kinds: list[str] = []
    owners: list[int] = []
    surnames: dict[str, set[str]] = {}
    for owner, film in enumerate(films):
        seen: set[str] = set()
        titled = [(film.title, TITLE), (film.original_title, ORIGINAL)]
        titled += [(aka, AKA) for aka in film.aka]
        candidates = [(text, kind) for text, kind in titled if text]
        candidates += [
            (roman, ROMANIZATION) for text, _ in titled if text for roman in romanizations(text)
        ]
        for text, kind in candidates:
            for key in {fold(text), LEADING_ARTICLE.sub("", fold(text))}:
                if key and key not in seen:
                    seen.add(key)
                    keys.append(key)
                    contents.append(_content(key))
                    displays.append(text)
                    kinds.append(kind)
                    owners.append(owner)
        for director in film.directors:
            for spelling in (director, *romanizations(director)):
                words = fold(spelling).split()
                if words:
                    surnames.setdefault(words[-1], set()).add(director)
    return SearchIndex(tuple(films), keys, contents, displays, kinds, owners, surnames)


def index_for(catalog: Catalog, *, include_unverified: bool) -> SearchIndex:
    """The catalog's index, built once per catalog object and reused."""
    cache_key = ("search-index", include_unverified)
    if cache_key not in catalog.derived:
        films = tuple(f for f in catalog.films if include_unverified or f.verified)
        catalog.derived[cache_key] = build_index(films)
    return catalog.derived[cache_key]


@dataclass(frozen=True)
class _Query:
    title: str  # folded title words
    years: tuple[int, ...]
    directors: frozenset[str]  # director names the query named


def _parse(index: SearchIndex, text: str) -> list[_Query]:
    """Readings of the query: as typed, and with year and director hints taken out.

    The plain reading always stays, so a title that contains a year or a
    surname ("The Cold Summer of 1953") still matches as a title.
    """

    text = text[:MAX_QUERY]
    folded = fold(text)
    readings = [_Query(folded, (), frozenset())]
    if not _is_latin(text):
        # A Cyrillic query can name a film known here only by a Latin title.
        readings += [_Query(fold(r), (), frozenset()) for r in romanizations(text)[:1]]
    # Romanize words before folding: folding merges й into и, which the
    # schemes spell differently (Тарковский -> Tarkovsky, not Tarkovskii).
    raw_words = [w for w in _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.casefold())).split()]
    years = tuple(int(w) for w in raw_words if _YEAR.match(w))
    directors: set[str] = set()
    rest: list[str] = []
    for raw in raw_words:
        word = fold(raw)
        if not word or _YEAR.match(word):
            continue
        named = {name for name, _ in _surname_matches(index, raw)}
        if named:
            directors |= named
        else:
            rest.append(word)
    if years or directors:
        readings.append(_Query(" ".join(rest), years, frozenset(directors)))
    return readings


def _surname_matches(index: SearchIndex, raw_word: str) -> list[tuple[str, float]]:
    """Directors whose surname this word spells, in any romanization, with how well."""
    from rapidfuzz import fuzz, process

    word = fold(raw_word)
    if len(word) < 4 or word in STOPWORDS:
        return []
    # Long surnames vary more between spellings (Paradzhanov, Parajanov).
    cutoff = 80 if len(word) >= 8 else 86
    found: dict[str, float] = {}
    for spelling in [word] + [fold(r) for r in romanizations(raw_word)]:
        hit = process.extractOne(
            spelling, index.surnames.keys(), scorer=fuzz.ratio, score_cutoff=cutoff
        )
        if hit:
            for name in index.surnames[hit[0]]:
                found[name] = max(found.get(name, 0.0), hit[1])
    return list(found.items())


def directors_named(index: SearchIndex, text: str) -> set[str]:
    """The directors a name refers to: "tarkovsky", "Тарковский", "Andrei Tarkovskiy"."""
    scores: dict[str, float] = {}
    for raw in _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.casefold())).split():
        for name, score in _surname_matches(index, raw):
            scores[name] = max(scores.get(name, 0.0), score)
    if not scores:
        return set()
    best = max(scores.values())
    return {name for name, score in scores.items() if score >= best - 5}


def _title_scores(index: SearchIndex, title: str) -> dict[int, tuple[float, int]]:
    """Best (score, key index) per film for the title words of a query."""
    from rapidfuzz import fuzz, process

    best: dict[int, tuple[float, int]] = {}

    def offer(key_index: int, score: float) -> None:
        owner = index.owners[key_index]
        if score > best.get(owner, (-1.0, 0))[0]:
            best[owner] = (score, key_index)

    if not title:
        return best
    plain = LEADING_ARTICLE.sub("", title)
    content = _content(plain)
    # "the" or "of" alone is a prefix of half the catalog, and evidence of nothing.
    meaningful = any(w not in STOPWORDS for w in plain.split())
    for i, key in enumerate(index.keys):
        if key in (title, plain):
            offer(i, EXACT)
        elif meaningful and len(plain) >= 3 and key.startswith(plain):
            # A longer remainder is a weaker prefix match.
            offer(i, PREFIX_FLOOR + (PREFIX_CEILING - PREFIX_FLOOR) * len(plain) / len(key))
    cutoff = 40
    # Typos, and words in another order ("heir by direct line" for "Direct Heiress"):
    # compare content words only, so a shared "the" or "and" earns nothing.
    for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
        for _, score, i in process.extract(
            content, index.contents, scorer=scorer, limit=None, score_cutoff=cutoff
        ):
            offer(i, min(FUZZY_CEILING, score))
    # Word order and left-out words ("white sun of desert"): compare content words only.
    query_words = set(content.split())
    if query_words and len(content) >= 3:
        for _, score, i in process.extract(
            content, index.contents, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=cutoff
        ):
            # token_set_ratio is 100 whenever one side's words are a subset of
            # the other's, so weigh it by the share of the query's words the key
            # has (most of the weight) and of the key's words the query has:
            # "singing blackbird" is most of its title, while "a film nobody
            # made" shares one word with "Film, Film, Film".
            key_words = set(index.contents[i].split())
            shared = len(query_words & key_words)
            found, covered = shared / len(query_words), shared / len(key_words)
            offer(i, min(FUZZY_CEILING, score * (0.4 + 0.6 * found - 0.1 * (1 - covered))))
    return best


def _hint_bonus(film: Film, query: _Query) -> float:
    bonus = 0.0
    if query.years:
        film_years = {film.year, film.year_made}
        if film_years & set(query.years):
            bonus += YEAR_BONUS
        elif any(abs(film.year - y) <= 1 for y in query.years):
            bonus += NEAR_YEAR_BONUS
    if query.directors & set(film.directors):
        bonus += DIRECTOR_BONUS
    return bonus


def rank(index: SearchIndex, text: str) -> list[Match]:
    """Films matching the query, best first; ties by year, then id."""
    best: dict[int, Match] = {}
    for query in _parse(index, text):
        scores = _title_scores(index, query.title)
        for owner, (score, key_index) in scores.items():
            film = index.films[owner]
            if score >= HINT_NEEDS:
                score = min(EXACT, score + _hint_bonus(film, query))
            if score > (best[owner].score if owner in best else -1):
                best[owner] = Match(
                    film, round(score, 1), index.displays[key_index], index.kinds[key_index]
                )
        if not query.title and query.directors:
            # The query named only a director (and perhaps a year): their films.
            for owner, film in enumerate(index.films):
                named = query.directors & set(film.directors)
                score = min(EXACT, DIRECTOR_ONLY + _hint_bonus(film, query) - DIRECTOR_BONUS)
                if named and score > (best[owner].score if owner in best else -1):
                    best[owner] = Match(film, score, sorted(named)[0], DIRECTOR)
    return sorted(best.values(), key=lambda m: (-m.score, m.film.year, m.film.id))


def search_titles(catalog: Catalog, text: str, *, include_unverified: bool = False) -> list[Match]:
    """Films whose titles (in any script or spelling) match the query well enough, best first."""
    index = index_for(catalog, include_unverified=include_unverified)
    return [m for m in rank(index, text) if m.score >= SHOWN_FROM]


@dataclass(frozen=True)
class Resolution:
    """The film a FILM argument names, and close runners-up worth mentioning."""

    film: Film
    match: Match | None  # None when the argument was an exact id
    runners_up: tuple[Match, ...] = ()


def resolve(catalog: Catalog, ref: str) -> Resolution:
    """An exact id, else the best title match; NotFound with suggestions if none is good."""
    film = catalog.film(ref.strip())
    if film is not None:
        return Resolution(film, None)
    # Any film a user can name, including unverified ones listed in curated lists.
    ranked = rank(index_for(catalog, include_unverified=True), ref)
    if not ranked or ranked[0].score < RESOLVED_FROM:
        suggestions = [m.film.id for m in ranked if m.score >= SUGGESTED_FROM][:5]
        raise NotFound(f'no film matches "{quoted(ref)}"', suggestions=suggestions)
    best = ranked[0]
    close = tuple(m for m in ranked[1:] if m.score >= max(RESOLVED_FROM, best.score - TOO_CLOSE))
    return Resolution(best.film, best, close)


def quoted(text: str, limit: int = 60) -> str:
    """The user's text, safe and short enough to quote in a message."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
