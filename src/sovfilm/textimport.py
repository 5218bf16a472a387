"""Reading a film list written as text, and matching what it names to the catalog.

Two layouts are understood, and may mix in one document:
- a line that is a title with a year in brackets, "The Steppe (1977)", usually
  followed by lines describing it;
- prose that quotes titles, "About Love" by Mikhail Bogin (1970), with the year
  (if any) soon after the closing quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sovfilm.search import RESOLVED_FROM, index_for, rank

if TYPE_CHECKING:
    from sovfilm.model import Catalog
    from sovfilm.search import Match

_TITLE_LINE = re.compile(r"^\s*(?P<title>[^\s\"“”«»].{0,90}?)\s*\((?P<year>1[89]\d\d|20\d\d)\)\s*$")
_QUOTED = re.compile(r"[\"“«„]\s*(?P<title>[^\"“”«»„\n]{2,90}?)\s*[,.]?\s*[\"”»“]")
_YEAR_AFTER = re.compile(r"^[^\"“”«».!?]{0,60}?\((?P<year>1[89]\d\d|20\d\d)\)")
MAX_TITLE_WORDS = 12  # a quoted sentence is not a title


@dataclass(frozen=True, slots=True)
class Named:
    """A film a document names: its words for it, and the title and year read from them."""

    as_listed: str
    title: str
    year: int | None


@dataclass(frozen=True, slots=True)
class Matched:
    named: Named
    match: Match | None  # None: nothing in the catalog matched well enough


def read_names(text: str) -> list[Named]:
    """Every film the text names, in order of first mention, without repeats."""
    found: list[Named] = []
    seen: set[tuple[str, int | None]] = set()

    def add(title: str, year: int | None, as_listed: str) -> None:
        title = title.strip().strip(",.;:").strip()
        if not title or len(title.split()) > MAX_TITLE_WORDS:
            return
        key = (title.casefold(), year)
        if key not in seen:
            seen.add(key)
            found.append(Named(as_listed.strip(), title, year))

    for line in text.splitlines():
        title_line = _TITLE_LINE.match(line)
        if title_line and ":" not in title_line.group("title"):
            add(title_line.group("title"), int(title_line.group("year")), line)
            continue
        for quoted in _QUOTED.finditer(line):
            after = _YEAR_AFTER.match(line[quoted.end() :])
            year = int(after.group("year")) if after else None
            shown = f"{quoted.group('title')} ({year})" if year else quoted.group("title")
            add(quoted.group("title"), year, shown)
    return found


def match_names(catalog: Catalog, names: list[Named]) -> list[Matched]:
    """Match each named film with the search engine (its year as a hint)."""
    index = index_for(catalog, include_unverified=True)
    results = []
    for named in names:
        query = f"{named.title} {named.year}" if named.year else named.title
        ranked = rank(index, query)
        best = ranked[0] if ranked and ranked[0].score >= RESOLVED_FROM else None
        results.append(Matched(named, best))
    return results
