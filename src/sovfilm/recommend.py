"""Films like the ones you name: a weighted, explained, diversified similarity.

A profile is built from one or more seed films. Every other verified film is
scored on several signals, each between 0 and 1, combined with WEIGHTS:

- theme: shared themes, each weighted by its rarity (inverse document
  frequency), as a cosine between the profile's and the film's theme vectors;
- director: a director in common with the seeds;
- genre: the share of the film's genres the seeds have;
- era: closeness in years to the nearest seed (1 for the same year, 0.5 at
  ERA_HALF_LIFE years apart);
- text: TF-IDF cosine of the English descriptions;
- studio, republic: the same studio, or the same republic weighted by how rare
  it is in the catalog (so "also Georgian" counts more than "also Russian");
- list: being in a curated list with a seed (a weak signal: lists are uneven).

The ranked films then go through maximal marginal relevance, so the top of
the list is not ten near-copies, and a cap on films per director.
"""

import heapq
import marshal
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import mul
from typing import TYPE_CHECKING, NamedTuple

from sovfilm.derived import Chunks, RecommendModel, group_words, obtain
from sovfilm.errors import UsageError
from sovfilm.model import Catalog, Film

if TYPE_CHECKING:
    from sovfilm.filters import Filters  # imported only when a run has filters

# The one place recommendation weights live (documented in README.md).
WEIGHTS = {
    "theme": 0.40,
    "director": 0.16,
    "genre": 0.12,
    "text": 0.14,
    "era": 0.08,
    "republic": 0.05,
    "studio": 0.02,
    "list": 0.03,
}
ERA_HALF_LIFE = 8.0  # years apart at which the era signal halves
MMR_LAMBDA = 0.8  # 1 = pure relevance, 0 = pure novelty
PER_DIRECTOR = 2  # films by one director in the results, unless same_director
DEFAULT_LIMIT = 10
POOL_FLOOR = 50  # diversification picks from at least this many of the best films
MARGIN = 0.2  # score points: rounding, and sums taken in another order

_STOP = frozenset(
    "the and for with that this from into its his her their they them are was were has "
    "have had who whom which what when where while than then there these those about "
    "after before over under between through one two three film films story soviet "
    "but not all also its it's our out only more most some such very can will would "
    "she him he them been being both each few other own same too just".split()
)


class Reason(NamedTuple):
    kind: str  # theme | director | genre | era | studio | republic | text | list
    value: str
    weight: float  # this reason's share of the score, 0-100


class Recommendation(NamedTuple):
    film: Film
    score: float  # 0-100
    reasons: tuple[Reason, ...]
    because: tuple[str, ...] = ()  # the seed films this one is most like, best first


def model_for(catalog: Catalog) -> RecommendModel:
    """The catalog's recommendation model: built once, or read from the compiled cache."""
    return obtain(catalog, "recommend", lambda: build_model(catalog.films))


def build_model(films: Sequence[Film]) -> RecommendModel:
    verified = [i for i, f in enumerate(films) if f.verified]
    n = len(verified) or 1
    theme_df = Counter(t for i in verified for t in films[i].themes)
    republic_df = Counter(films[i].republic for i in verified if films[i].republic)
    theme_idf = {t: math.log(n / df) + 1 for t, df in theme_df.items()}
    postings: dict[str, dict[str, list[int]]] = {
        kind: {} for kind in ("themes", "directors", "genres", "republics", "studios")
    }
    for i in verified:
        film = films[i]
        for kind, values in (
            ("themes", dict.fromkeys(film.themes)),
            ("directors", dict.fromkeys(film.directors)),
            ("genres", dict.fromkeys(film.genres)),
            ("republics", [film.republic] if film.republic else []),
            ("studios", [film.studio] if film.studio else []),
        ):
            for value in values:
                postings[kind].setdefault(value, []).append(i)
    vectors = _tfidf({i: films[i].description for i in verified})
    words: dict[str, tuple[list[int], list[float]]] = {}
    for i, vector in vectors.items():
        for word, weight in vector.items():
            positions, weights = words.setdefault(word, ([], []))
            positions.append(i)
            weights.append(weight)
    text_vectors = [b""] * len(films)
    for i, vector in vectors.items():
        text_vectors[i] = marshal.dumps(vector)
    return RecommendModel(
        verified=verified,
        size=len(verified),
        years=[f.year for f in films],
        theme_norms=[_norm({t: theme_idf.get(t, 1.0) for t in f.themes}) for f in films],
        genre_counts=[len(f.genres) for f in films],
        theme_idf=theme_idf,
        republic_idf={r: math.log(n / df) for r, df in republic_df.items()},
        words=group_words({word: _pack_postings(*pair) for word, pair in words.items()}),
        text_vectors=Chunks.of(text_vectors),
        **postings,
    )


def _pack_postings(positions: list[int], weights: list[float]) -> bytes:
    """A word's postings as RecommendModel.word_postings reads them: two machine arrays."""
    from array import array

    return marshal.dumps((array("q", positions).tobytes(), array("d", weights).tobytes()))


def _tfidf(descriptions: Mapping[int, str]) -> dict[int, dict[str, float]]:
    tokens = {
        # re compiles the pattern on first use: only building the model needs it.
        i: [w for w in re.findall(r"[a-z]{3,}", text.casefold()) if w not in _STOP]
        for i, text in descriptions.items()
    }
    df = Counter(w for words in tokens.values() for w in set(words))
    n = len(tokens) or 1
    vectors = {}
    for i, words in tokens.items():
        counts = Counter(words)
        vector = {
            w: (1 + math.log(c)) * (math.log((n + 1) / (df[w] + 1)) + 1)
            for w, c in counts.items()
            if df[w] > 1  # a word no other film uses links nothing
        }
        norm = _norm(vector)
        vectors[i] = {w: v / norm for w, v in vector.items()}
    return vectors


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _text_vector(model: RecommendModel, catalog: Catalog, film: Film) -> dict[str, float]:
    position = catalog.positions.get(film.id)
    return {} if position is None else model.text_vector(position)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # sum(v * b.get(k, 0.0) for k, v in a.items()), in the same order, without a Python loop.
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


class _Profile(NamedTuple):
    seeds: tuple[Film, ...]
    themes: dict[str, float]  # idf-weighted, summed over seeds, normalized
    directors: Counter[str]
    genres: Counter[str]
    years: tuple[int, ...]
    studios: frozenset[str]
    republics: frozenset[str]
    text: dict[str, float]
    lists: frozenset[str]


def _profile(model: RecommendModel, seeds: tuple[Film, ...], catalog: Catalog) -> _Profile:
    themes: Counter[str] = Counter()
    text: Counter[str] = Counter()
    for seed in seeds:
        for theme in seed.themes:
            themes[theme] += model.theme_idf.get(theme, 1.0)
        for word, weight in _text_vector(model, catalog, seed).items():
            text[word] += weight
    return _Profile(
        seeds=seeds,
        themes=_normalized(themes),
        directors=Counter(d for s in seeds for d in s.directors),
        genres=Counter(g for s in seeds for g in s.genres),
        years=tuple(s.year for s in seeds),
        studios=frozenset(s.studio for s in seeds if s.studio),
        republics=frozenset(s.republic for s in seeds if s.republic),
        text=_normalized(text),
        lists=frozenset(fl for s in seeds for fl in catalog.lists_of(s.id)),
    )


def _normalized(vector: Counter[str]) -> dict[str, float]:
    norm = _norm(vector)
    return {k: v / norm for k, v in vector.items()}


def _rarity(model: RecommendModel, republic: str) -> float:
    return model.republic_idf.get(republic, 0.0) / (math.log(model.size) or 1)


def _signals(
    model: RecommendModel, profile: _Profile, film: Film, catalog: Catalog
) -> list[Reason]:
    """Every signal linking the film to the profile, as reasons weighted 0-1 (before WEIGHTS)."""
    reasons: list[Reason] = []
    film_themes = _theme_vector(film, model)
    shared = sorted(
        (t for t in film.themes if t in profile.themes),
        key=lambda t: -profile.themes[t] * film_themes[t],
    )
    for theme in shared:
        reasons.append(Reason("theme", theme, profile.themes[theme] * film_themes[theme]))
    seeds = len(profile.seeds)
    for director in film.directors:
        if director in profile.directors:
            reasons.append(Reason("director", director, profile.directors[director] / seeds))
            break
    if film.genres:
        genre_share = sum(1 for g in film.genres if g in profile.genres) / len(film.genres)
        if genre_share:
            common = ", ".join(g for g in film.genres if g in profile.genres)
            reasons.append(Reason("genre", common, genre_share))
    gap = min(abs(film.year - y) for y in profile.years)
    era = 0.5 ** (gap / ERA_HALF_LIFE)
    if era >= 0.5:
        reasons.append(Reason("era", f"{film.year // 10 * 10}s", era))
    text = _cosine(profile.text, _text_vector(model, catalog, film))
    if text > 0.05:
        reasons.append(Reason("text", "similar description", min(1.0, text * 2)))
    if film.republic in profile.republics:
        rarity = _rarity(model, film.republic)
        if rarity > 0.1:
            reasons.append(Reason("republic", film.republic, min(1.0, rarity * 1.5)))
    if film.studio in profile.studios:
        reasons.append(Reason("studio", film.studio, 1.0))
    common_lists = sorted(set(catalog.lists_of(film.id)) & profile.lists)
    if common_lists:
        reasons.append(Reason("list", ", ".join(common_lists), 1.0))
    return reasons


def _score(reasons: list[Reason]) -> tuple[float, tuple[Reason, ...]]:
    """Combine signals with WEIGHTS; return the score (0-100) and reasons weighted in points."""
    weighted = [Reason(r.kind, r.value, WEIGHTS[r.kind] * r.weight * 100) for r in reasons]
    total = sum(r.weight for r in weighted)
    ranked = tuple(sorted(weighted, key=lambda r: -r.weight))
    return min(100.0, total), tuple(Reason(r.kind, r.value, round(r.weight, 1)) for r in ranked)


def _theme_vector(film: Film, model: RecommendModel) -> dict[str, float]:
    """A film's themes weighted by rarity, normalized: what theme similarity compares."""
    return _normalized(Counter({t: model.theme_idf.get(t, 1.0) for t in film.themes}))


def _similarity(a: Film, b: Film, vectors: Mapping[str, dict[str, float]]) -> float:
    """How alike two candidates are, for the diversity step: themes and directors."""
    same_director = 1.0 if set(a.directors) & set(b.directors) else 0.0
    return 0.7 * _cosine(vectors[a.id], vectors[b.id]) + 0.3 * same_director


def recommend(
    catalog: Catalog,
    seeds: Iterable[Film],
    *,
    limit: int = DEFAULT_LIMIT,
    filters: "Filters | None" = None,
    same_director: bool = False,
    exclude: Iterable[str] = (),
) -> list[Recommendation]:
    """The films most like the seeds, taken together, best first, each with its reasons.

    `exclude` holds film ids never to return (the user's seen films, say).
    """
    seeds = tuple(dict.fromkeys(seeds))
    if not seeds:
        raise UsageError("name at least one film to recommend from")
    model = model_for(catalog)
    profile = _profile(model, seeds, catalog)
    skip = {catalog.positions.get(s.id) for s in seeds}
    skip |= {catalog.positions.get(film_id) for film_id in exclude}
    pool_size = max(limit * 5, POOL_FLOOR) if limit else 0
    bounds = _score_bounds(model, profile, catalog)
    # Score in full only the films whose bound can still reach the pool that
    # diversification draws from: the pool's weakest full score so far is a
    # floor no skipped film could beat (MARGIN covers rounding to 0.1).
    pool_floor: list[float] = []  # min-heap of the pool's full scores
    scored: list[Recommendation] = []
    for position in sorted(bounds, key=bounds.__getitem__, reverse=True):
        if pool_size and len(pool_floor) == pool_size and bounds[position] < pool_floor[0] - MARGIN:
            break
        film = catalog.films[position]
        if position in skip or (filters and not _passes(film, filters, catalog)):
            continue
        score, reasons = _score(_signals(model, profile, film, catalog))
        if score > 0:
            scored.append(Recommendation(film, round(score, 1), reasons))
            if pool_size:
                heapq.heappush(pool_floor, round(score, 1))
                if len(pool_floor) > pool_size:
                    heapq.heappop(pool_floor)
    # Deterministic before diversifying: best score, then year, then id.
    scored.sort(key=lambda r: (-r.score, r.film.year, r.film.id))
    chosen = _diversify(
        scored, model, pool_size=pool_size, limit=limit, same_director=same_director
    )
    return [_with_because(rec, model, seeds, catalog) for rec in chosen]


def _passes(film: Film, filters: "Filters", catalog: Catalog) -> bool:
    from sovfilm.filters import passes  # here: a run without filters never imports them

    return passes(film, filters, catalog)


def _score_bounds(model: RecommendModel, profile: _Profile, catalog: Catalog) -> dict[int, float]:
    """For every film sharing anything with the profile, a score no lower than its full score.

    The same signals and weights as _signals and _score, summed from postings
    into one list by film position instead of film by film; only the director
    signal is rounded up (to the best-shared director rather than the film's
    first), so these are bounds. Sums come in another order, so they may
    differ from full scores in the last bits: MARGIN covers that.
    """
    points = {kind: weight * 100 for kind, weight in WEIGHTS.items()}
    seeds = len(profile.seeds)
    # Era: a film near enough in years to a seed, from a table by year.
    era_points: dict[int, float] = {}
    for year in set(model.years):
        era = 0.5 ** (min(abs(year - y) for y in profile.years) / ERA_HALF_LIFE)
        era_points[year] = points["era"] * era if era >= 0.5 else 0.0
    bounds = [era_points[year] for year in model.years]
    norms = model.theme_norms
    for theme, weight in profile.themes.items():
        gain = points["theme"] * weight * model.theme_idf.get(theme, 1.0)
        for position in model.themes.get(theme, ()):
            bounds[position] += gain / norms[position]
    director_share: dict[int, float] = {}
    for director, count in profile.directors.items():
        for position in model.directors.get(director, ()):
            director_share[position] = max(director_share.get(position, 0.0), count / seeds)
    for position, share in director_share.items():
        bounds[position] += points["director"] * share
    counts = model.genre_counts
    for genre in profile.genres:
        for position in model.genres.get(genre, ()):
            bounds[position] += points["genre"] / counts[position]
    text_dot = [0.0] * len(bounds)  # a list by position: cheaper to add to than a dict
    for word, weight in profile.text.items():
        for position, film_weight in zip(*model.word_postings(word), strict=True):
            text_dot[position] += weight * film_weight
    for position, dot in enumerate(text_dot):
        if dot > 0.05:
            bounds[position] += points["text"] * min(1.0, dot * 2)
    for republic in profile.republics:
        rarity = _rarity(model, republic)
        if rarity > 0.1:
            gain = points["republic"] * min(1.0, rarity * 1.5)
            for position in model.republics.get(republic, ()):
                bounds[position] += gain
    for studio in profile.studios:
        for position in model.studios.get(studio, ()):
            bounds[position] += points["studio"]
    listed = {
        catalog.positions.get(entry.film)
        for film_list in catalog.lists
        if film_list.id in profile.lists
        for entry in film_list.entries
    }
    for position in listed:
        if position is not None:
            bounds[position] += points["list"]
    # Unverified films may have collected era or list points; only verified ones count.
    return {position: bounds[position] for position in model.verified if bounds[position] > 0}


def _with_because(
    rec: Recommendation, model: RecommendModel, seeds: tuple[Film, ...], catalog: Catalog
) -> Recommendation:
    """Name the seeds a recommendation owes most to (all of them when there is one)."""
    if len(seeds) == 1:
        return rec._replace(because=(seeds[0].id,))
    scores = []
    for seed in seeds:
        single = _profile(model, (seed,), catalog)
        score, _ = _score(_signals(model, single, rec.film, catalog))
        scores.append((score, seed.id))
    scores.sort(key=lambda pair: (-pair[0], pair[1]))
    top = scores[0][0]
    return rec._replace(because=tuple(s for score, s in scores[:2] if score >= top * 0.8))


def _diversify(
    ranked: list[Recommendation],
    model: RecommendModel,
    *,
    pool_size: int,
    limit: int,
    same_director: bool,
) -> list[Recommendation]:
    """Maximal marginal relevance over the POOL_SIZE best (all if 0), with a cap per director.

    RANKED must be best first. A candidate's redundancy is its greatest
    similarity to any film chosen so far; it is brought up to date only when
    the candidate could still win the round, since a stale (lower) redundancy
    already bounds its value from above. The picks are the ones comparing
    every candidate with every chosen film would give.
    """
    pool = ranked[:pool_size] if pool_size else ranked
    # Each candidate's theme vector once, not once per comparison in the loop below.
    vectors = {r.film.id: _theme_vector(r.film, model) for r in pool}
    chosen: list[Recommendation] = []
    per_director: Counter[str] = Counter()
    redundancy = [0.0] * len(pool)
    compared = [0] * len(pool)  # how many of the chosen films each redundancy covers
    while pool and (not limit or len(chosen) < limit):
        best_index, best_value = -1, -math.inf
        for i, candidate in enumerate(pool):
            relevance = MMR_LAMBDA * candidate.score / 100
            if relevance <= best_value:
                break  # nor can any candidate after it, with a lower score
            if relevance - (1 - MMR_LAMBDA) * redundancy[i] <= best_value:
                continue
            if not same_director and any(
                per_director[d] >= PER_DIRECTOR for d in candidate.film.directors
            ):
                continue
            for earlier in chosen[compared[i] :]:
                similarity = _similarity(candidate.film, earlier.film, vectors)
                redundancy[i] = max(redundancy[i], similarity)
            compared[i] = len(chosen)
            value = relevance - (1 - MMR_LAMBDA) * redundancy[i]
            if value > best_value:
                best_index, best_value = i, value
        if best_index < 0:
            break
        pick = pool.pop(best_index)
        del redundancy[best_index], compared[best_index]
        chosen.append(pick)
        per_director.update(pick.film.directors)
    return chosen


def summary(recommendation: Recommendation, seed_titles: Mapping[str, str] | None = None) -> str:
    """A short human line: "same director: Larisa Shepitko · themes: war memory, women · 1960s".

    With seed titles (several seeds, or the user's own films), it starts with
    the ones this film is most like: "like Wings · ...".
    """
    parts = []
    if seed_titles and recommendation.because:
        parts.append("like " + ", ".join(seed_titles[s] for s in recommendation.because))
    by_kind: dict[str, list[str]] = {}
    for reason in recommendation.reasons:
        by_kind.setdefault(reason.kind, []).append(reason.value)
    if "director" in by_kind:
        parts.append("same director: " + by_kind["director"][0])
    if "theme" in by_kind:
        parts.append("themes: " + ", ".join(t.replace("-", " ") for t in by_kind["theme"][:3]))
    if "genre" in by_kind and "theme" not in by_kind:
        parts.append("genre: " + by_kind["genre"][0])
    if "republic" in by_kind:
        parts.append("also " + by_kind["republic"][0])
    if "era" in by_kind:
        parts.append(by_kind["era"][0])
    return " · ".join(parts)
