"""Films and lists as JSON-ready dicts: the shape documented in docs/json.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sovfilm.model import Catalog, Film, FilmList, ListEntry

if TYPE_CHECKING:
    from sovfilm.recommend import Recommendation
    from sovfilm.search import Match

# The public order of a film's keys; docs/json.md and the contract test follow it.
# Change it only by adding keys.
FILM_FIELDS = (
    "id", "title", "original_title", "aka", "year", "year_made", "directors", "studio",
    "republic", "countries", "genres", "themes", "runtime", "imdb", "description", "status",
    "lists", "sources",
)  # fmt: skip


SEARCH_FIELDS = ("score", "match")
RECOMMEND_FIELDS = ("score", "reasons", "because")
WATCH_FIELDS = ("added",)
DIARY_FIELDS = ("date", "rating")
ENTRY_FIELDS = ("as_listed", "note")
LIST_SUMMARY_FIELDS = ("id", "title", "description", "count")


def film_columns(
    *, search: bool = False, listed: bool = False, recommended: bool = False
) -> tuple[str, ...]:
    """The keys of a film as a listing command prints it (what --fields may choose from)."""
    return (
        FILM_FIELDS
        + (SEARCH_FIELDS if search else ())
        + (ENTRY_FIELDS if listed else ())
        + (RECOMMEND_FIELDS if recommended else ())
    )


def missing_film_record(film_id: str) -> dict[str, Any]:
    """A film the user's data names but the catalog no longer has: kept, shown as missing."""
    record: dict[str, Any] = {key: None for key in FILM_FIELDS}
    for key in ("aka", "directors", "countries", "genres", "themes", "lists", "sources"):
        record[key] = []
    return {**record, "id": film_id, "status": "missing"}


def film_record(film: Film, catalog: Catalog) -> dict[str, Any]:
    """One film as a dict with every key of FILM_FIELDS, in that order."""
    return {
        "id": film.id,
        "title": film.title,
        "original_title": film.original_title,
        "aka": list(film.aka),
        "year": film.year,
        "year_made": film.year_made,
        "directors": list(film.directors),
        "studio": film.studio,
        "republic": film.republic,
        "countries": list(film.countries),
        "genres": list(film.genres),
        "themes": list(film.themes),
        "runtime": film.runtime,
        "imdb": film.imdb,
        "description": film.description,
        "status": film.status,
        "lists": list(catalog.lists_of(film.id)),
        "sources": list(film.sources),
    }


def search_record(film: Film, match: Match | None, catalog: Catalog) -> dict[str, Any]:
    """A film as search prints it: the film record plus how it matched (null without a query)."""
    return {
        **film_record(film, catalog),
        "score": match.score if match else None,
        "match": {"key": match.key, "kind": match.kind} if match else None,
    }


def recommendation_record(rec: Recommendation, catalog: Catalog) -> dict[str, Any]:
    """A recommended film: the film record plus its score and every reason for it."""
    return {
        **film_record(rec.film, catalog),
        "score": rec.score,
        "reasons": [{"kind": r.kind, "value": r.value, "weight": r.weight} for r in rec.reasons],
        "because": list(rec.because),
    }


def list_summary(film_list: FilmList) -> dict[str, Any]:
    return {
        "id": film_list.id,
        "title": film_list.title,
        "description": film_list.description,
        "count": len(film_list.entries),
    }


def entry_record(film: Film, entry: ListEntry, catalog: Catalog) -> dict[str, Any]:
    """A film as a list shows it: the film record plus how the source named it and our note."""
    return {**film_record(film, catalog), "as_listed": entry.as_listed, "note": entry.note}


def list_record(film_list: FilmList, entries: list[ListEntry], catalog: Catalog) -> dict[str, Any]:
    """A list with the given entries, in order: each a film record plus as_listed and note."""
    films = []
    for entry in entries:
        film = catalog.film(entry.film)
        # The loader guarantees every entry names a film in the catalog.
        assert film is not None, entry.film
        films.append(entry_record(film, entry, catalog))
    return {
        "id": film_list.id,
        "title": film_list.title,
        "description": film_list.description,
        "source": film_list.source,
        "films": films,
    }
