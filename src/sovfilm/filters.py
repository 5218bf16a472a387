"""Narrowing a set of films: by years, themes, genres, republic, studio, list and director.

Parsing the user's words ("70s", "1960..1969", "tarkovskiy") happens here
too, so every command that filters understands the same spellings and
refuses the same mistakes with the same message.
"""

import re
from collections.abc import Iterable
from typing import NamedTuple

from sovfilm.errors import UsageError
from sovfilm.model import REPUBLICS, Catalog, Film
from sovfilm.search import directors_named, fold, index_for, quoted

SORTS = ("year", "title", "score")
_DECADE = re.compile(r"^(?:(1[89]|20)?(\d)0)s?$")
_YEAR_RANGE = re.compile(r"^(\d{4})?(\.\.)?(\d{4})?$")


class Filters(NamedTuple):
    """What a film must have to pass; an empty Filters passes everything."""

    years: tuple[int | None, int | None] | None = None  # inclusive; None = open end
    themes: tuple[str, ...] = ()  # all must hold
    genres: tuple[str, ...] = ()  # all must hold
    republic: str | None = None
    studio: str | None = None
    list_id: str | None = None
    directors: frozenset[str] | None = None  # director names, already resolved

    def __bool__(self) -> bool:
        return any(
            (self.years, self.themes, self.genres, self.republic, self.studio, self.list_id)
        ) or (self.directors is not None)


def parse_decade(text: str) -> tuple[int, int]:
    """ "1970s", "70s", "1970" or "70" -> (1970, 1979); "20s" means the 1920s.

    >>> parse_decade("70s")
    (1970, 1979)
    """
    match = _DECADE.match(text.strip().lower())
    if not match:
        raise UsageError(
            f'bad decade "{quoted(text)}"',
            hint="write it like 1970s, 70s or 1970",
        )
    century, digit = match.group(1), int(match.group(2))
    if century is None:
        start = (1900 if digit >= 2 else 2000) + digit * 10
    else:
        start = int(century) * 100 + digit * 10
    return start, start + 9


def parse_years(text: str) -> tuple[int | None, int | None]:
    """ "1966", "1960..1969", "..1956" or "1980.." -> an inclusive range with open ends."""
    match = _YEAR_RANGE.match(text.strip())
    if not match or not (match.group(1) or match.group(3)):
        raise UsageError(
            f'bad year or range "{quoted(text)}"',
            hint="write it like 1966, 1960..1969, ..1956 or 1980..",
        )
    low, dots, high = match.groups()
    if not dots:
        return int(low), int(low)
    lo, hi = (int(low) if low else None), (int(high) if high else None)
    if lo is not None and hi is not None and lo > hi:
        raise UsageError(f'empty year range "{text}": {lo} is after {hi}')
    return lo, hi


def combine_years(
    decade: tuple[int, int] | None, years: tuple[int | None, int | None] | None
) -> tuple[int | None, int | None] | None:
    """Both --decade and --year narrow: keep the overlap."""
    if decade is None or years is None:
        return decade or years
    lo = max(decade[0], years[0]) if years[0] is not None else decade[0]
    hi = min(decade[1], years[1]) if years[1] is not None else decade[1]
    return lo, hi


def vocabulary(catalog: Catalog, field: str) -> list[str]:
    """Every value a field takes in the catalog (themes come from its vocabulary)."""
    if field == "theme":
        return sorted(catalog.themes)
    if field == "list":
        return [fl.id for fl in catalog.lists]
    values: set[str] = set()
    for film in catalog.films:
        if field == "genre":
            values.update(film.genres)
        elif field == "republic" and film.republic:
            values.add(film.republic)
        elif field == "studio" and film.studio:
            values.add(film.studio)
    return sorted(values)


def _known(catalog: Catalog, field: str, value: str) -> str:
    """The catalog's spelling of a value (case and accents forgiven), or a usage error."""
    valid = vocabulary(catalog, field)
    by_fold = {fold(v): v for v in valid}
    if fold(value) in by_fold:
        return by_fold[fold(value)]
    import difflib  # only on this error path: it costs every run a millisecond

    close = difflib.get_close_matches(fold(value), list(by_fold), n=5, cutoff=0.5)
    # Prefix matches help with long names ("georgian" -> "Georgian SSR").
    close += [k for k in by_fold if k.startswith(fold(value)) and k not in close]
    shown = [by_fold[k] for k in close[:5]] or valid[:12]
    label = "closest" if close else "some valid ones"
    raise UsageError(
        f'unknown {field} "{quoted(value)}"',
        hint=f"{label}: {', '.join(shown)}" + ("" if close else f" (see `sovfilm {field}s`)"),
    )


def build(
    catalog: Catalog,
    *,
    decade: str | None = None,
    year: str | None = None,
    themes: Iterable[str] = (),
    genres: Iterable[str] = (),
    republic: str | None = None,
    studio: str | None = None,
    list_id: str | None = None,
    director: str | None = None,
) -> Filters:
    """Check the user's filter words against the catalog and turn them into Filters."""
    directors = None
    if director is not None:
        named = directors_named(index_for(catalog, include_unverified=True), director)
        if not named:
            raise UsageError(f'no director in the catalog matches "{quoted(director)}"')
        directors = frozenset(named)
    return Filters(
        years=combine_years(
            parse_decade(decade) if decade else None, parse_years(year) if year else None
        ),
        themes=tuple(_known(catalog, "theme", t) for t in themes),
        genres=tuple(_known(catalog, "genre", g) for g in genres),
        republic=_known(catalog, "republic", republic_alias(republic)) if republic else None,
        studio=_known(catalog, "studio", studio) if studio else None,
        list_id=_known(catalog, "list", list_id) if list_id else None,
        directors=directors,
    )


def republic_alias(value: str | None) -> str | None:
    """ "georgian" or "Georgia" -> "Georgian SSR", so nobody has to type the SSR."""
    if value is None:
        return None
    wanted = value.strip().casefold()
    for republic in REPUBLICS:
        first = republic.split()[0].casefold()
        if wanted in (republic.casefold(), first) or (
            len(wanted) >= 4 and first.startswith(wanted[:5])
        ):
            return republic
    return value


def passes(film: Film, filters: Filters, catalog: Catalog) -> bool:
    if filters.years is not None:
        lo, hi = filters.years
        if (lo is not None and film.year < lo) or (hi is not None and film.year > hi):
            return False
    if not set(filters.themes) <= set(film.themes):
        return False
    if not set(filters.genres) <= set(film.genres):
        return False
    if filters.republic is not None and film.republic != filters.republic:
        return False
    if filters.studio is not None and film.studio != filters.studio:
        return False
    if filters.list_id is not None and filters.list_id not in catalog.lists_of(film.id):
        return False
    return filters.directors is None or bool(filters.directors & set(film.directors))


def apply(films: Iterable[Film], filters: Filters | None, catalog: Catalog) -> list[Film]:
    """The films that pass FILTERS (all of them when there are none)."""
    if not filters:
        return list(films)
    return [f for f in films if passes(f, filters, catalog)]


def sort_films(films: list[Film], sort: str | None, *, reverse: bool = False) -> list[Film]:
    """Re-order by year or title; "score" (and None) keep the order given (best first)."""
    if sort == "year":
        films = sorted(films, key=lambda f: (f.year, fold(f.title), f.id))
    elif sort == "title":
        films = sorted(films, key=lambda f: (fold(f.title), f.year, f.id))
    return list(reversed(films)) if reverse else films
