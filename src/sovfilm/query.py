"""Finding films and lists in a catalog: browse, simple title search, resolve a FILM argument."""

from __future__ import annotations

import difflib
import unicodedata

from sovfilm.errors import NotFound
from sovfilm.model import Catalog, Film, FilmList


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a title for comparison (ё and е alike)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def browse(catalog: Catalog, *, include_unverified: bool = False) -> list[Film]:
    """Every film in the catalog, sorted by year, then title, then id."""
    films = [f for f in catalog.films if include_unverified or f.verified]
    return sorted(films, key=lambda f: (f.year, fold(f.title), f.id))


def search(catalog: Catalog, query: str = "", *, include_unverified: bool = False) -> list[Film]:
    """Films whose titles (any of them) or directors contain the query, case-insensitively.

    An empty query lists everything, as browse() does.
    """
    films = browse(catalog, include_unverified=include_unverified)
    needle = fold(query)
    if not needle:
        return films
    return [
        f for f in films
        if any(needle in fold(t) for t in (*f.titles, *f.directors)) or needle == f.id
    ]  # fmt: skip


def find_film(catalog: Catalog, ref: str) -> tuple[Film, list[Film]]:
    """Resolve a FILM argument: an exact id, else a title matched case-insensitively.

    Returns the film and any other films with the same title (verified ones
    first, then by year), so the caller can mention them. Raises NotFound with
    suggestions when nothing matches.
    """
    film = catalog.film(ref.strip())
    if film is not None:
        return film, []
    wanted = fold(ref)
    matches = [f for f in catalog.films if any(fold(t) == wanted for t in f.titles)]
    if matches:
        matches.sort(key=lambda f: (not f.verified, f.year, f.id))
        return matches[0], matches[1:]
    raise NotFound(f'no film matches "{ref}"', suggestions=suggest_films(catalog, ref))


def find_list(catalog: Catalog, list_id: str) -> FilmList:
    film_list = catalog.film_list(list_id.strip())
    if film_list is None:
        ids = [fl.id for fl in catalog.lists]
        close = difflib.get_close_matches(list_id, ids, n=5, cutoff=0.5)
        raise NotFound(
            f'no list with id "{list_id}"'
            + ("" if close else f" (lists: {', '.join(ids) or 'none'})"),
            suggestions=close,
        )
    return film_list


def suggest_films(catalog: Catalog, ref: str, limit: int = 5) -> list[str]:
    """Up to `limit` film ids whose id or a title looks like `ref`, best first."""
    wanted = fold(ref)
    scored: dict[str, float] = {}
    for film in catalog.films:
        for candidate in (film.id, *film.titles):
            score = difflib.SequenceMatcher(None, wanted, fold(candidate)).ratio()
            if score > scored.get(film.id, 0.0):
                scored[film.id] = score
    ranked = sorted((s, i) for i, s in scored.items() if s >= 0.55)
    ranked.sort(key=lambda pair: (-pair[0], pair[1]))
    return [film_id for _, film_id in ranked[:limit]]
