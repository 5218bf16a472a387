"""Browsing a catalog: every film in order, and curated lists by id."""

from __future__ import annotations

from collections.abc import Iterable

from sovfilm.errors import NotFound
from sovfilm.model import Catalog, Film, FilmList
from sovfilm.search import fold, quoted


def browse(catalog: Catalog, *, include_unverified: bool = False) -> list[Film]:
    """Every film in the catalog, sorted by year, then title, then id."""
    films = [f for f in catalog.films if include_unverified or f.verified]
    return sorted(films, key=lambda f: (f.year, fold(f.title), f.id))


def find_list(catalog: Catalog, list_id: str, personal: Iterable[FilmList] = ()) -> FilmList:
    """A curated list of the catalog, else one of the user's own lists, by id."""
    personal = list(personal)
    film_list = catalog.film_list(list_id.strip()) or next(
        (pl for pl in personal if pl.id == list_id.strip()), None
    )
    if film_list is None:
        ids = [fl.id for fl in (*catalog.lists, *personal)]
        import difflib  # only on this error path: it costs every run a millisecond

        close = difflib.get_close_matches(list_id, ids, n=5, cutoff=0.5)
        known = "" if close else f" (lists: {', '.join(ids) or 'none'})"
        raise NotFound(f'no list with id "{quoted(list_id)}"{known}', suggestions=close)
    return film_list
