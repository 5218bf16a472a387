"""The catalog as plain, immutable data: films, curated lists and the theme vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field

VERIFIED = "verified"
UNVERIFIED = "unverified"
STATUSES = (VERIFIED, UNVERIFIED)

# The fifteen union republics, as the catalog's `republic` field spells them.
REPUBLICS = (
    "Russian SFSR",
    "Ukrainian SSR",
    "Belarusian SSR",
    "Uzbek SSR",
    "Kazakh SSR",
    "Georgian SSR",
    "Azerbaijan SSR",
    "Lithuanian SSR",
    "Moldavian SSR",
    "Latvian SSR",
    "Kyrgyz SSR",
    "Tajik SSR",
    "Armenian SSR",
    "Turkmen SSR",
    "Estonian SSR",
)


@dataclass(frozen=True, slots=True)
class Film:
    id: str
    title: str
    original_title: str
    year: int
    directors: tuple[str, ...]
    description: str
    status: str
    aka: tuple[str, ...] = ()
    studio: str | None = None
    republic: str | None = None
    countries: tuple[str, ...] = ("USSR",)
    genres: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    runtime: int | None = None
    imdb: str | None = None
    year_made: int | None = None
    sources: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    @property
    def titles(self) -> tuple[str, ...]:
        """Every title the film is known by, the display title first."""
        return tuple(t for t in (self.title, self.original_title, *self.aka) if t)


@dataclass(frozen=True, slots=True)
class ListEntry:
    film: str
    as_listed: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class FilmList:
    id: str
    title: str
    description: str
    entries: tuple[ListEntry, ...]
    source: str | None = None


@dataclass(frozen=True)
class Catalog:
    films: tuple[Film, ...]
    lists: tuple[FilmList, ...]
    themes: dict[str, str]
    path: str = "<memory>"
    _by_id: dict[str, Film] = field(init=False, repr=False, compare=False)
    _lists_by_film: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    # Data computed from the films once and reused (the search index); never
    # part of the catalog's value.
    derived: dict[object, object] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {f.id: f for f in self.films})
        memberships: dict[str, list[str]] = {}
        for film_list in self.lists:
            for entry in film_list.entries:
                ids = memberships.setdefault(entry.film, [])
                if film_list.id not in ids:
                    ids.append(film_list.id)
        object.__setattr__(self, "_lists_by_film", {k: tuple(v) for k, v in memberships.items()})

    def film(self, film_id: str) -> Film | None:
        return self._by_id.get(film_id)

    def film_list(self, list_id: str) -> FilmList | None:
        return next((fl for fl in self.lists if fl.id == list_id), None)

    def lists_of(self, film_id: str) -> tuple[str, ...]:
        """Ids of the curated lists a film is in, in catalog order."""
        return self._lists_by_film.get(film_id, ())
