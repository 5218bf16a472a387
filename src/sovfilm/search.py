"""Title search across scripts and spellings: folding, romanization, fuzzy ranking, query hints.

Every title a film has (English, original, aka) becomes one or more search
keys: the folded title itself and, for titles in Cyrillic or another
non-Latin script, its romanizations under several schemes. A query is folded
the same way (and romanized too, when it is not Latin), so "Летят журавли",
"Letyat zhuravli", "letjat zuravli" and "cranes are flyng" all land on the
same film. A year or a director's surname in the query is taken as a hint.
"""

import marshal
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from operator import neg
from typing import NamedTuple

from sovfilm.derived import (
    KEY_CHUNK,
    LABEL_CHUNK,
    Chunks,
    SearchIndex,
    Texts,
    group_words,
    obtain,
)
from sovfilm.errors import NotFound
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
ARTICLES = ("the ", "a ", "an ")  # dropped from the start of a title for a second key

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
_LATIN_SLACK = 1e-9  # rapidfuzz's ratio and _latin_reach may round their last bit apart
_ROUNDING = 0.06  # a little over the most that rounding a score to one decimal adds

# Quotes and apostrophes vanish rather than split words ("Kryl'ya" is "krylya").
# A translation table, where a regular expression with these characters
# would cost every run half a millisecond to compile.
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼʹ`´ʻ\"«»“”„"))
_NOT_WORD = re.compile(r"[^\w]+")
_WORD_BOUNDARY = re.compile(r"\b")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Titles share most of their words, so folding and romanizing go word by word
# through these caches; big enough for the vocabulary of a very large catalog.
_WORDS_CACHED = 1 << 17


def fold(text: str) -> str:
    """Comparable form of a title: lower case, no accents, ё=е, й=и, no punctuation.

    >>> fold("Ирония судьбы, или С лёгким паром!")
    'ирония судьбы или с легким паром'
    >>> fold("Kryl’ya  (Wings)")
    'krylya wings'
    """
    # Folding works letter by letter, so each space-separated word folds alone.
    return " ".join(filter(None, map(_fold_word, text.split())))


@lru_cache(maxsize=_WORDS_CACHED)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.translate(_APOSTROPHES)
    return " ".join(_NOT_WORD.sub(" ", stripped).replace("_", " ").split())


def _is_latin(text: str) -> bool:
    return text.isascii() or all(ord(c) < 0x250 or not c.isalpha() for c in text)


def romanizations(text: str) -> list[str]:
    """The text in Latin letters under each scheme (none if it is Latin already)."""
    if _is_latin(text):
        return []
    # iuliia translates word by word (its rules look at neighbouring letters and
    # word endings, never across words), and anyascii letter by letter, so a
    # title romanizes as the join of its romanized words and separators.
    pieces = [piece for piece in _WORD_BOUNDARY.split(text) if piece]
    if _CYRILLIC.search(text):
        # Each scheme, then anyascii alone: one column of the pieces' romanizations each.
        results = ["".join(column) for column in zip(*map(_romanized_all, pieces), strict=True)]
    else:
        results = ["".join(_romanized(piece, None) for piece in pieces)]
    return list(dict.fromkeys(results))


@lru_cache(maxsize=_WORDS_CACHED)
def _romanized_all(piece: str) -> tuple[str, ...]:
    """One piece under every scheme, then under anyascii alone."""
    return tuple(_romanized(piece, scheme) for scheme in (*SCHEMES, None))


@lru_cache(maxsize=_WORDS_CACHED)
def _romanized(piece: str, scheme: str | None) -> str:
    """One word (or separator) in Latin letters: SCHEME, then anyascii for what it leaves."""
    if piece.isascii():
        return piece  # digits, punctuation, Latin: every scheme leaves them as they are
    from anyascii import anyascii

    if scheme is None:
        return anyascii(piece)
    import iuliia

    # anyascii afterwards catches letters a Russian scheme leaves alone
    # (Ukrainian і, ї, є; Belarusian ў).
    return anyascii(getattr(iuliia, scheme).translate(piece))


def _without_article(folded: str) -> str:
    """The folded title without a leading "the", "a" or "an" (itself if it has none)."""
    return folded.split(" ", 1)[1] if folded.startswith(ARTICLES) else folded


def _is_year(word: str) -> bool:
    """A year a query may name: 1800 to 2039, in four ASCII digits."""
    return len(word) == 4 and word.isascii() and word.isdigit() and 1800 <= int(word) <= 2039


def _content(folded: str) -> str:
    """The words that carry meaning: stopwords dropped, unless nothing would be left."""
    words = folded.split()
    if STOPWORDS.isdisjoint(words):
        return folded
    words = [w for w in words if w not in STOPWORDS]
    return " ".join(words) if words else folded


class Match(NamedTuple):
    """A film found by search, how well it matched (0-100), and through which title."""

    film: Film
    score: float
    key: str
    kind: str


def build_index(films: Sequence[Film]) -> SearchIndex:
    """Search keys for every film; `owners` are positions in FILMS."""
    keys: list[str] = []
    contents: list[str] = []
    displays: list[str] = []
    kinds: list[str] = []
    owners: list[int] = []
    places: list[int] = []
    surnames: dict[str, set[str]] = {}
    named: set[str] = set()  # directors whose surnames are in already
    directed: dict[str, list[int]] = {}  # director -> positions of their films
    for owner, film in enumerate(films):
        seen: set[str] = set()
        titled = [(film.title, TITLE), (film.original_title, ORIGINAL)]
        titled += [(aka, AKA) for aka in film.aka]
        candidates = [(text, kind) for text, kind in titled if text]
        candidates += [
            (roman, ROMANIZATION) for text, _ in titled if text for roman in romanizations(text)
        ]
        for text, kind in candidates:
            folded = fold(text)
            bare = _without_article(folded)
            for key in (folded, bare) if bare is not folded else (folded,):
                if key and key not in seen:
                    seen.add(key)
                    keys.append(key)
                    contents.append(_content(key))
                    displays.append(text)
                    kinds.append(kind)
                    owners.append(owner)
                    places.append(len(seen) - 1)
        for director in film.directors:
            films_of = directed.setdefault(director, [])
            if not films_of or films_of[-1] != owner:
                films_of.append(owner)
            if director in named:
                continue
            named.add(director)
            for spelling in (director, *romanizations(director)):
                words = fold(spelling).split()
                if words:
                    surnames.setdefault(words[-1], set()).add(director)
    # Keys are numbered by how well a Latin query could match them: the
    # all-Latin ones first, in film order, then the others, best first. A
    # Latin query then scans only a first stretch of the keys (see _reachable).
    reach = [_latin_reach(content) for content in contents]
    unreached = [-r for r in reach]
    order = sorted(range(len(keys)), key=unreached.__getitem__)
    columns = (keys, contents, displays, kinds, owners, places, reach)
    keys, contents, displays, kinds, owners, places, reach = (
        [column[n] for n in order] for column in columns
    )
    latin = reach.count(EXACT)
    by_key = sorted(range(len(keys)), key=keys.__getitem__)
    sorted_keys = [keys[i] for i in by_key]
    words: dict[str, list[int]] = {}
    for number, content in enumerate(contents):
        for word in dict.fromkeys(content.split()):
            words.setdefault(word, []).append(number)
    return SearchIndex(
        contents=Texts.of(contents, latin),
        sorted_contents=Texts.of([_sorted_words(content) for content in contents], latin),
        owners=owners,
        places=places,
        latin_reach=reach[latin:],
        key_heads=sorted_keys[::KEY_CHUNK],
        key_chunks=Chunks.of(
            marshal.dumps((sorted_keys[i : i + KEY_CHUNK], by_key[i : i + KEY_CHUNK]))
            for i in range(0, len(keys), KEY_CHUNK)
        ),
        words=group_words(words),
        labels=Chunks.of(
            marshal.dumps((displays[i : i + LABEL_CHUNK], kinds[i : i + LABEL_CHUNK]))
            for i in range(0, len(keys), LABEL_CHUNK)
        ),
        surnames={surname: sorted(names) for surname, names in surnames.items()},
        directed=Chunks.of((array("q", films).tobytes() for films in directed.values()), directed),
        unverified=frozenset(i for i, film in enumerate(films) if not film.verified),
        films=films,
    )


def _latin_reach(content: str) -> float:
    """The most fuzz.ratio can give any Latin query against CONTENT (100 if it is Latin).

    ratio is 200 * LCS / (len(query) + len(content)), and a Latin query has
    in common with CONTENT at most its Latin characters (spaces and digits in
    a Cyrillic title): with `shared` of them, the most is at a query of that length.
    """
    if content.isascii():
        return EXACT
    shared = len(content.encode("ascii", "ignore"))
    return 200.0 * shared / (shared + len(content))


def _reachable(index: SearchIndex, text: str, cutoff: float) -> int:
    """How many keys, in index order, could give TEXT a fuzz.ratio of CUTOFF or more."""
    total = len(index.owners)
    if not text.isascii():
        return total
    # A hair under CUTOFF, for rapidfuzz's own rounding.
    tail = bisect_right(index.latin_reach, _LATIN_SLACK - cutoff, key=neg)
    return total - len(index.latin_reach) + tail


def _sorted_words(text: str) -> str:
    """The words in alphabetical order, as token_sort_ratio compares them."""
    return " ".join(sorted(text.split()))


def index_for(catalog: Catalog, *, include_unverified: bool) -> SearchIndex:
    """The catalog's index (built once, or read from the cache), with or without unverified."""
    view = ("search-view", include_unverified)
    if view not in catalog.derived:
        full = obtain(catalog, "search", lambda: build_index(catalog.films))
        hidden = frozenset() if include_unverified else full.unverified
        catalog.derived[view] = full._replace(films=catalog.films, hidden=hidden)
    return catalog.derived[view]  # type: ignore[return-value]


class _Query(NamedTuple):
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
    raw_words = [w for w in _NOT_WORD.sub(" ", text.casefold().translate(_APOSTROPHES)).split()]
    years = tuple(int(w) for w in raw_words if _is_year(w))
    directors: set[str] = set()
    rest: list[str] = []
    for raw in raw_words:
        word = fold(raw)
        if not word or _is_year(word):
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
    for raw in _NOT_WORD.sub(" ", text.casefold().translate(_APOSTROPHES)).split():
        for name, score in _surname_matches(index, raw):
            scores[name] = max(scores.get(name, 0.0), score)
    if not scores:
        return set()
    best = max(scores.values())
    return {name for name, score in scores.items() if score >= best - 5}


# token_set_ratio, weighed below by the share of words a key and the query
# have in common, gives a key that shares no word at most this much.
_NO_SHARED_WORD_MOST = 30.0


def _title_scores(
    index: SearchIndex, title: str, cutoff: float = 40, useful_from: float = 0.0
) -> dict[int, tuple[float, int]]:
    """Best (score, key number) per film for the title words of a query.

    Fuzzy matches under CUTOFF are not considered; a caller that has no use
    for scores under USEFUL_FROM lets a big index skip more work.
    """
    from rapidfuzz import fuzz, process

    best: dict[int, tuple[float, int]] = {}
    hidden = index.hidden

    def offer(key_index: int, score: float) -> None:
        owner = index.owners[key_index]
        if owner not in hidden and score > best.get(owner, (-1.0, 0))[0]:
            best[owner] = (score, key_index)

    if not title:
        return best
    plain = _without_article(title)
    content = _content(plain)
    # "the" or "of" alone is a prefix of half the catalog, and evidence of nothing.
    meaningful = any(w not in STOPWORDS for w in plain.split())
    exact_or_prefix: dict[int, float] = {}
    if plain is not title:
        # With its article the title counts only as typed: its keys come first in order.
        for i, key in index.keys_from(title):
            if key != title:
                break
            exact_or_prefix[i] = EXACT
    for i, key in index.keys_from(plain):
        if key == plain:
            exact_or_prefix[i] = EXACT
        elif meaningful and len(plain) >= 3 and i not in exact_or_prefix:
            # A longer remainder is a weaker prefix match.
            score = PREFIX_FLOOR + (PREFIX_CEILING - PREFIX_FLOOR) * len(plain) / len(key)
            exact_or_prefix[i] = score
    # Within each step, a film's keys are offered in the order they were made:
    # of two that score the same, the earlier one (an original title before
    # its romanization) is the one shown.
    for i in sorted(exact_or_prefix, key=index.places.__getitem__):
        offer(i, exact_or_prefix[i])
    # Typos, and words in another order ("heir by direct line" for "Direct Heiress"):
    # compare content words only, so a shared "the" or "and" earns nothing.
    # token_sort_ratio is ratio over the words sorted, which the index holds ready.
    # Keys come in index order, so a scan of the first ones numbers them as a scan of all.
    reachable = _reachable(index, content, cutoff)
    for query, texts in (
        (content, index.contents),
        (_sorted_words(content), index.sorted_contents),
    ):
        hits = process.extract(
            query, texts.first(reachable), scorer=fuzz.ratio, limit=None, score_cutoff=cutoff
        )
        for _, score, i in _in_film_order(index, hits):
            offer(i, min(FUZZY_CEILING, score))
    # Word order and left-out words ("white sun of desert"): compare content words only.
    query_words = set(content.split())
    if query_words and len(content) >= 3:
        shares: dict[int, int] | None = None  # key -> how many query words it has
        if useful_from > _NO_SHARED_WORD_MOST:
            shares = {}
            for word in query_words:
                for i in index.keys_with(word):
                    shares[i] = shares.get(i, 0) + 1
            numbers = sorted(shares)
            choices = index.contents.pick(numbers)
        else:
            numbers = range(len(index.contents))
            choices = index.contents.first(len(numbers))
        hits = process.extract(
            content, choices, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=cutoff
        )
        for _, score, j in _in_film_order(index, hits, numbers):
            # token_set_ratio is 100 whenever one side's words are a subset of
            # the other's, so weigh it by the share of the query's words the key
            # has (most of the weight) and of the key's words the query has:
            # "singing blackbird" is most of its title, while "a film nobody
            # made" shares one word with "Film, Film, Film".
            i = numbers[j]
            if shares is not None:
                # The weight without its last term is an upper bound: a key that
                # cannot reach what the caller uses, or its film's best, is skipped.
                most = min(FUZZY_CEILING, score * (0.4 + 0.6 * (shares[i] / len(query_words))))
                if most < useful_from or most <= best.get(index.owners[i], (-1.0, 0))[0]:
                    continue
            key_words = set(choices[j].split())
            shared = len(query_words & key_words)
            found, covered = shared / len(query_words), shared / len(key_words)
            offer(i, min(FUZZY_CEILING, score * (0.4 + 0.6 * found - 0.1 * (1 - covered))))
    return best


def _in_film_order(
    index: SearchIndex, hits: list[tuple[str, float, int]], numbers: Sequence[int] | None = None
) -> list[tuple[str, float, int]]:
    """HITS (text, score, number) best first, and a film's equal scores in its keys' order.

    Numbers are key numbers, or places in NUMBERS, a list of key numbers.
    """
    places = index.places
    if numbers is None:
        return sorted(hits, key=lambda hit: (-hit[1], places[hit[2]]))
    return sorted(hits, key=lambda hit: (-hit[1], places[numbers[hit[2]]]))


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


def rank(index: SearchIndex, text: str, *, at_least: float = 0.0) -> list[Match]:
    """Films matching the query, best first; ties by year, then id.

    Only films scoring AT_LEAST are returned; saying so up front spares a big
    catalog from building every weak match.
    """
    # Kept scores are rounded to one decimal, so one just under AT_LEAST may round up to it.
    lowest = at_least - _ROUNDING
    # owner -> (score, the key it matched by, or the director it was found by)
    best: dict[int, tuple[float, int | str]] = {}
    for query in _parse(index, text):
        hinted = bool(query.years or query.directors)
        # The most hints can add to a title score; anything further below is out of reach.
        reach = YEAR_BONUS + DIRECTOR_BONUS if hinted else 0.0
        cutoff = max(40.0, lowest - reach)
        scores = _title_scores(index, query.title, cutoff, useful_from=lowest - reach)
        for owner, (score, key_index) in scores.items():
            if score + (reach if score >= HINT_NEEDS else 0.0) < lowest:
                continue
            if hinted and score >= HINT_NEEDS:
                score = min(EXACT, score + _hint_bonus(index.films[owner], query))
            # The kept score is rounded: a later reading scoring above it takes its place.
            if score > (best[owner][0] if owner in best else -1):
                best[owner] = (round(score, 1), key_index)
        if not query.title and query.directors:
            # The query named only a director (and perhaps a year): their films.
            for owner in index.films_by(query.directors):
                if owner in index.hidden:
                    continue
                film = index.films[owner]
                named = query.directors & set(film.directors)
                score = min(EXACT, DIRECTOR_ONLY + _hint_bonus(film, query) - DIRECTOR_BONUS)
                if named and score > (best[owner][0] if owner in best else -1):
                    best[owner] = (score, sorted(named)[0])
    # Films and labels are unpacked only for the matches returned.
    found = [
        Match(index.films[owner], score, *_matched_by(index, how))
        for owner, (score, how) in best.items()
        if score >= at_least
    ]
    return sorted(found, key=lambda m: (-m.score, m.film.year, m.film.id))


def _matched_by(index: SearchIndex, how: int | str) -> tuple[str, str]:
    """A match's (key, kind): a key's label, or a director the film was found by."""
    return index.label(how) if isinstance(how, int) else (how, DIRECTOR)


def search_titles(catalog: Catalog, text: str, *, include_unverified: bool = False) -> list[Match]:
    """Films whose titles (in any script or spelling) match the query well enough, best first."""
    index = index_for(catalog, include_unverified=include_unverified)
    return rank(index, text, at_least=SHOWN_FROM)


class Resolution(NamedTuple):
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
    ranked = rank(index_for(catalog, include_unverified=True), ref, at_least=SUGGESTED_FROM)
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
