"""Views of the whole catalog: themes and directors with counts, statistics, a random pick."""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sovfilm.model import Catalog, Film


def verified_films(catalog: Catalog) -> list[Film]:
    return [f for f in catalog.films if f.verified]


def theme_counts(catalog: Catalog) -> list[dict[str, Any]]:
    """Every theme of the vocabulary with its description and verified-film count."""
    counts = Counter(t for f in verified_films(catalog) for t in f.themes)
    return [
        {"id": theme, "description": description, "count": counts[theme]}
        for theme, description in sorted(catalog.themes.items())
    ]


def director_summary(catalog: Catalog) -> list[dict[str, Any]]:
    """Directors with their number of verified films and the years those span."""
    years: dict[str, list[int]] = {}
    for film in verified_films(catalog):
        for director in film.directors:
            years.setdefault(director, []).append(film.year)
    rows = [
        {"name": name, "count": len(ys), "first": min(ys), "last": max(ys)}
        for name, ys in years.items()
    ]
    # Surname order is what a filmography reader expects.
    return sorted(rows, key=lambda r: (r["name"].split()[-1].casefold(), r["name"]))


def decade_of(year: int) -> str:
    return f"{year // 10 * 10}s"


def catalog_stats(catalog: Catalog, top: int = 15) -> dict[str, Any]:
    """Counts of verified films per decade, republic and genre; the top themes and directors."""
    films = verified_films(catalog)
    decades = Counter(decade_of(f.year) for f in films)
    republics = Counter(f.republic or "no republic recorded" for f in films)
    genres = Counter(g for f in films for g in f.genres)
    themes = Counter(t for f in films for t in f.themes)
    directors = Counter(d for f in films for d in f.directors)
    return {
        "films": len(films),
        "decades": dict(sorted(decades.items())),
        "republics": dict(republics.most_common()),
        "genres": dict(genres.most_common()),
        "themes": dict(themes.most_common(top)),
        "directors": dict(directors.most_common(top)),
    }


def pick_random(films: list[Film], seed: int | None = None) -> Film | None:
    """One film chosen at random; the same seed over the same films picks the same one."""
    if not films:
        return None
    ordered = sorted(films, key=lambda f: f.id)  # independent of catalog order
    return random.Random(seed).choice(ordered)
