"""The catalog as plain, immutable data: films, curated lists and the theme vocabulary.

Records are NamedTuples, not dataclasses: every command imports this module,
and a dataclass compiles its methods when it is defined (about 1.4 ms each),
where a NamedTuple takes about 0.1 ms. A record is therefore also a tuple of
its fields, in order: what the compiled cache stores.

For the same reason the modules that define records on a command's path
evaluate their annotations rather than postponing them (no `from __future__
import annotations`): NamedTuple compiles each postponed field annotation.
Names imported only for type checking are quoted where they are used.
"""

import marshal
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, overload

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


class Film(NamedTuple):
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


class ListEntry(NamedTuple):
    film: str
    as_listed: str
    note: str = ""


class FilmList(NamedTuple):
    id: str
    title: str
    description: str
    entries: tuple[ListEntry, ...]
    source: str | None = None


# catalog.derived key of the film ids in order, one per line, when known
# without the films (the compiled cache stores them beside the packed films).
FILM_IDS = "film-ids"


class Chunks:
    """Byte strings laid end to end in one buffer, each copied out when asked for.

    Read back from the cache, the buffer is the mapped cache file itself: a
    command copies out the few chunks it uses (films, labels, sorted keys,
    word postings), not the megabytes it never touches (copying those took
    a warm search of 50,000 films 9,000 page faults). Chunks made of groups
    also have names: `named` finds one.
    """

    __slots__ = ("_base", "_buffer", "_offsets", "names")

    def __init__(
        self, buffer: Any, offsets: bytes, base: int = 0, names: dict[str, int] | None = None
    ) -> None:
        from array import array

        self._buffer = buffer  # bytes, or the mapped file (anything sliced into bytes)
        self._base = base  # where the first chunk starts in BUFFER
        self._offsets = array("Q")  # from base: where each chunk starts, then where the last ends
        self._offsets.frombytes(offsets)
        self.names = names or {}

    @classmethod
    def of(cls, items: Iterable[bytes], names: Iterable[str] = ()) -> "Chunks":
        """ITEMS in one buffer, the Nth named by the Nth of NAMES if given."""
        from array import array
        from itertools import accumulate

        items = list(items)
        offsets = array("Q", accumulate(map(len, items), initial=0))
        return cls(b"".join(items), offsets.tobytes(), 0, {name: n for n, name in enumerate(names)})

    @classmethod
    def within(
        cls, buffer: Any, start: int, size: int, offsets: Any, names: Any = None
    ) -> "Chunks":
        """Chunks read back from SIZE bytes of BUFFER at START; ValueError if they do not fit."""
        if not (isinstance(offsets, bytes) and isinstance(names, dict | None)):
            raise ValueError("chunks of another layout")
        chunks = cls(buffer, offsets, start, names)
        if len(chunks) < 0 or chunks.buffer_size() > size:
            raise ValueError("chunks beyond their buffer")
        return chunks

    def buffer(self) -> bytes:
        """All the chunks, end to end, as the cache writes them."""
        return bytes(self._buffer[self._base : self._base + self.buffer_size()])

    def buffer_size(self) -> int:
        """How much of the buffer, from base, the chunks take."""
        return self._offsets[-1] if self._offsets else 0

    def frozen(self) -> tuple[bytes, dict[str, int]]:
        """What the cache stores besides the buffer: the offsets and the names."""
        return self._offsets.tobytes(), self.names

    def named(self, name: str) -> bytes | None:
        number = self.names.get(name)
        return None if number is None else self[number]

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, number: int) -> bytes:
        if not 0 <= number < len(self):
            raise IndexError(number)
        offsets, base = self._offsets, self._base
        return self._buffer[base + offsets[number] : base + offsets[number + 1]]

    def __iter__(self) -> Iterator[bytes]:
        return (self[number] for number in range(len(self)))


class PackedFilms(Sequence[Film]):
    """Films kept as marshalled rows and unpacked one at a time, when asked for.

    A command on a large catalog touches a few films (the matches, the
    recommendations), so it should not pay to build every one of them, nor
    even a bytes object for each.
    """

    __slots__ = ("_rows", "_unpacked")

    def __init__(self, rows: Chunks) -> None:
        self._rows = rows
        self._unpacked: list[Film | None] = [None] * len(rows)

    @staticmethod
    def pack(films: Sequence[Film]) -> Chunks:
        """The rows of FILMS."""
        return Chunks.of(marshal.dumps(tuple(film)) for film in films)

    def __len__(self) -> int:
        return len(self._unpacked)

    @overload
    def __getitem__(self, position: int) -> Film: ...
    @overload
    def __getitem__(self, position: slice) -> tuple[Film, ...]: ...
    def __getitem__(self, position: int | slice) -> Film | tuple[Film, ...]:
        if isinstance(position, slice):
            return tuple(self[i] for i in range(*position.indices(len(self))))
        if position < 0:
            position += len(self)
        film = self._unpacked[position]
        if film is None:
            film = Film._make(marshal.loads(self._rows[position]))
            self._unpacked[position] = film
        return film

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class Catalog:
    """The films, the curated lists and the theme vocabulary of one catalog file.

    Treat it as immutable. A plain class rather than a record because of
    `derived`, a per-catalog store of data computed from the films once and
    reused (positions, search index, recommendation model) that is never part
    of the catalog's value.
    """

    __slots__ = ("derived", "films", "lists", "path", "themes")

    def __init__(
        self,
        films: Sequence[Film],  # a tuple, or PackedFilms when read from the compiled cache
        lists: tuple[FilmList, ...],
        themes: dict[str, str],
        path: str = "<memory>",
    ) -> None:
        self.films = films
        self.lists = lists
        self.themes = themes
        self.path = path
        self.derived: dict[object, object] = {}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return tuple(self.films) == tuple(other.films) and (self.lists, self.themes, self.path) == (
            other.lists,
            other.themes,
            other.path,
        )

    __hash__ = None  # type: ignore[assignment]  # it holds dicts

    def __repr__(self) -> str:
        return (
            f"Catalog(<{len(self.films)} films>, <{len(self.lists)} lists>, "
            f"<{len(self.themes)} themes>, path={self.path!r})"
        )

    def film(self, film_id: str) -> Film | None:
        position = self.positions.get(film_id)
        return None if position is None else self.films[position]

    @property
    def positions(self) -> dict[str, int]:
        """Each film id's position in `films`."""
        if "positions" not in self.derived:
            known = self.derived.get(FILM_IDS)
            if isinstance(known, str):
                ids = known.split("\n") if known else []
            else:
                ids = [f.id for f in self.films]
            self.derived["positions"] = {film_id: i for i, film_id in enumerate(ids)}
        return self.derived["positions"]  # type: ignore[return-value]

    def film_list(self, list_id: str) -> FilmList | None:
        return next((fl for fl in self.lists if fl.id == list_id), None)

    def lists_of(self, film_id: str) -> tuple[str, ...]:
        """Ids of the curated lists a film is in, in catalog order."""
        if "lists-by-film" not in self.derived:
            memberships: dict[str, list[str]] = {}
            for film_list in self.lists:
                for entry in film_list.entries:
                    ids = memberships.setdefault(entry.film, [])
                    if film_list.id not in ids:
                        ids.append(film_list.id)
            self.derived["lists-by-film"] = {k: tuple(v) for k, v in memberships.items()}
        return self.derived["lists-by-film"].get(film_id, ())  # type: ignore[attr-defined]
