"""Find, read and strictly validate a catalog file into plain data (model.Catalog)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sovfilm.errors import CatalogError, CatalogNotFound, Problem
from sovfilm.model import REPUBLICS, STATUSES, VERIFIED, Catalog, Film, FilmList, ListEntry

if TYPE_CHECKING:
    import tomllib

CATALOG_ENV = "SOVFILM_CATALOG"
YEAR_RANGE = (1896, 2030)  # from the first films shown in Russia to a little past today
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IMDB_ID = re.compile(r"^tt\d{7,8}$")

FILM_KEYS = (
    "id", "title", "original_title", "aka", "year", "year_made", "directors", "studio", "republic",
    "countries", "genres", "themes", "runtime", "imdb", "description", "status", "sources",
)  # fmt: skip
LIST_KEYS = ("id", "title", "description", "source", "entries")
ENTRY_KEYS = ("film", "as_listed", "note")
TOP_KEYS = ("themes", "films", "lists")

# C0 and C1 control characters (ESC, BEL, backspace, CR, ...), which a terminal
# would interpret. Newlines and tabs are folded to spaces instead: every
# catalog string is one paragraph.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FOLDED_SPACE = re.compile(r"[\t\n]+")


def shipped_catalog_path() -> Path:
    """The catalog that ships with sovfilm.

    An installed wheel carries it inside the package; a source checkout
    (editable install) reads the one source, data/films.toml at the repo root.
    """
    packaged = Path(__file__).parent / "data" / "films.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "films.toml"


def resolve_catalog_path(
    option: str | os.PathLike[str] | None, environ: Mapping[str, str]
) -> tuple[Path, str]:
    """Pick the catalog: --catalog, else $SOVFILM_CATALOG, else the shipped one.

    Returns the path and a few words on where the choice came from, for messages.
    """
    if option:
        return Path(option), "--catalog"
    if environ.get(CATALOG_ENV):
        return Path(environ[CATALOG_ENV]), f"${CATALOG_ENV}"
    return shipped_catalog_path(), "the shipped catalog"


def load_catalog(path: str | os.PathLike[str] | None = None, origin: str = "") -> Catalog:
    """Read and validate a catalog; raise CatalogError listing every problem.

    With no path, the shipped catalog. Warnings do not stop loading; use
    check_catalog to see them.
    """
    catalog, problems = check_catalog(path, origin)
    if catalog is None:
        raise CatalogError(_display_name(path), problems)
    return catalog


def check_catalog(
    path: str | os.PathLike[str] | None = None, origin: str = ""
) -> tuple[Catalog | None, list[Problem]]:
    """Read and validate a catalog; return it (None if it has errors) with all problems."""
    file = Path(path) if path is not None else shipped_catalog_path()
    name = _display_name(file)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise CatalogNotFound(
            f"catalog not found: {name}" + (f" (from {origin})" if origin else ""),
            hint="check the path, or unset it to use the shipped catalog",
        ) from None
    except OSError as exc:
        raise CatalogNotFound(f"cannot read catalog {name}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, "", "not valid UTF-8 text", line=line)]
    return parse_catalog(text, name)


def parse_catalog(text: str, file: str = "<string>") -> tuple[Catalog | None, list[Problem]]:
    """Validate catalog TOML text; return the catalog (None on errors) and every problem."""
    import tomllib  # here, not above: a warm run reads the compiled cache and never parses

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_decode_problem(file, exc)]
    checker = _Checker(file, text)
    catalog = checker.catalog(raw)
    problems = checker.problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    return catalog, problems


def _display_name(path: str | os.PathLike[str] | None) -> str:
    if path is None:
        return "<shipped catalog>"
    file = Path(path)
    if file == shipped_catalog_path():
        return "<shipped catalog>"
    return str(file)


def _decode_problem(file: str, exc: tomllib.TOMLDecodeError) -> Problem:
    # tomllib puts the position in the message: "Invalid value (at line 3, column 9)".
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    if match:
        message = message[: match.start()].rstrip()
        where = f"column {match.group(2)}"
        return Problem(file, where, f"not valid TOML: {message}", line=int(match.group(1)))
    return Problem(file, "", f"not valid TOML: {message}")


# Without the line start: a literal "[[" lets the search skip ahead, where "^"
# in multiline mode would try every line. The line start is checked after.
_TABLE_HEADER = re.compile(r'\[\[[ \t]*([A-Za-z_. \t"]+?)[ \t]*\]\]')


def _table_lines(text: str) -> dict[str, list[int]]:
    """Line numbers of each [[films]], [[lists]] and [[lists.entries]] header, in order.

    tomllib gives no positions for values, so problems inside a table point
    at its header line. Entries are keyed per list: "lists.entries#<n>".
    """
    lines: dict[str, list[int]] = {"films": [], "lists": []}
    number, counted = 1, 0  # the line number at offset `counted`, as tomllib counts lines
    for match in _TABLE_HEADER.finditer(text):
        start = match.start()
        if text[text.rfind("\n", 0, start) + 1 : start].strip(" \t"):
            continue  # not at the start of its line
        number += text.count("\n", counted, start)
        counted = start
        name = re.sub(r"[\s\"]", "", match.group(1))
        if name in ("films", "lists"):
            lines[name].append(number)
        elif name == "lists.entries":
            lines.setdefault(f"lists.entries#{len(lines['lists']) - 1}", []).append(number)
    return lines


def _type_name(value: object) -> str:
    names = {
        bool: "a boolean", int: "an integer", float: "a float", str: "a string",
        list: "an array", dict: "a table",
    }  # fmt: skip
    return names.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    text = _CONTROL.sub("?", text)
    return text if len(text) <= 40 else text[:37] + "..."


# A table's line, as a number, or as (kind, index, otherwise) to look up (see _Checker._line).
_Line = int | tuple[str, int, Any] | None


class _Checker:
    """Walks the parsed TOML once, collecting every problem instead of stopping."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.lines: dict[str, list[int]] | None = None  # found when a problem first needs one
        self.problems: list[Problem] = []
        self.errors = 0  # how many of the problems are errors

    def error(self, where: str, message: str, line: _Line) -> None:
        self.problems.append(Problem(self.file, where, message, self._number(line)))
        self.errors += 1

    def warn(self, where: str, message: str, line: _Line) -> None:
        self.problems.append(
            Problem(self.file, where, message, self._number(line), severity="warning")
        )

    def catalog(self, raw: dict[str, Any]) -> Catalog:
        for key in raw:
            if key not in TOP_KEYS:
                self.warn(
                    f'key "{key}"',
                    f"unknown top-level key (expected one of: {', '.join(TOP_KEYS)})",
                    None,
                )
        themes = self.themes(raw.get("themes", {}))
        raw_films = raw.get("films")
        if raw_films is None:
            self.error("", "no [[films]] tables: a catalog needs at least one film", None)
            raw_films = []
        elif not isinstance(raw_films, list):
            self.error(
                'key "films"',
                f"expected an array of [[films]] tables, got {_type_name(raw_films)}",
                None,
            )
            raw_films = []
        films: list[Film] = []
        seen: dict[str, int] = {}
        for index, raw_film in enumerate(raw_films):
            film = self.film(index, raw_film, themes)
            if film is None:
                continue
            line = self._line("films", index)
            if film.id in seen:
                self.error(
                    f'film "{film.id}"',
                    f"duplicate id (first used by films[{seen[film.id]}])",
                    line,
                )
                continue
            seen[film.id] = index
            films.append(film)
        film_ids = set(seen)
        lists = self.lists(raw.get("lists", []), film_ids)
        return Catalog(films=tuple(films), lists=tuple(lists), themes=themes, path=self.file)

    @staticmethod
    def _line(kind: str, index: int, otherwise: _Line = None) -> _Line:
        """Where the INDEXth KIND table starts (else OTHERWISE), looked up if a problem is found."""
        return (kind, index, otherwise)

    def _number(self, line: _Line) -> int | None:
        if line is None or isinstance(line, int):
            return line
        if self.lines is None:
            self.lines = _table_lines(self.text)
        kind, index, otherwise = line
        found = self.lines.get(kind, [])
        return found[index] if index < len(found) else self._number(otherwise)

    # -- themes -----------------------------------------------------------------

    def themes(self, raw: object) -> dict[str, str]:
        if not isinstance(raw, dict):
            self.error('key "themes"', f"expected a [themes] table, got {_type_name(raw)}", None)
            return {}
        themes: dict[str, str] = {}
        for theme, description in raw.items():
            where = f'theme "{theme}"'
            if not SLUG.match(theme):
                self.error(where, "theme ids are lowercase words joined by hyphens", None)
            elif not isinstance(description, str) or not description.strip():
                self.error(
                    where, f"expected a one-line description, got {_shown(description)}", None
                )
            else:
                themes[theme] = self.clean(where, description, None)
        return themes

    # -- films ------------------------------------------------------------------

    def film(self, index: int, raw: object, themes: dict[str, str]) -> Film | None:
        line = self._line("films", index)
        if not isinstance(raw, dict):
            self.error(f"films[{index}]", f"expected a table, got {_type_name(raw)}", line)
            return None
        film_id = raw.get("id")
        if isinstance(film_id, str) and SLUG.match(film_id):
            label = f'film "{film_id}"'
        else:
            label = f"films[{index}]"
            if film_id is None:
                self.error(label, 'missing required key "id"', line)
            else:
                self.error(
                    label,
                    f'key "id": expected a lowercase slug like "wings-1966", '
                    f"got {_shown(film_id)} ({_type_name(film_id)})",
                    line,
                )
        before = self.errors
        for key in raw:
            if key not in FILM_KEYS:
                self.warn(label, f'unknown key "{key}" (ignored)', line)

        def field(key: str) -> _Field:
            return _Field(self, label, key, raw, line)

        status = field("status").choice(STATUSES, required=True)
        verified = status == VERIFIED
        title = field("title").text(required=True)
        original_title = field("original_title").text(required=True, allow_empty=not verified)
        year = field("year").integer(required=True, bounds=YEAR_RANGE)
        # Completed before its first release (shelved, or premiered the next year).
        year_made = field("year_made").integer(bounds=(YEAR_RANGE[0], year or YEAR_RANGE[1]))
        if year_made is not None and year_made == year:
            self.warn(label, 'key "year_made": same as "year"; leave it out', line)
        directors = field("directors").texts(required=True, nonempty=verified)
        description = field("description").text(required=True)
        aka = field("aka").texts()
        studio = field("studio").text()
        republic = field("republic").choice(REPUBLICS)
        countries = field("countries").texts(nonempty=True)
        genres = field("genres").slugs()
        film_themes = field("themes").slugs()
        runtime = field("runtime").integer(bounds=(1, 1000))
        imdb = field("imdb").pattern(IMDB_ID, 'an IMDb id like "tt0061196"')
        sources = field("sources").urls()
        for theme in film_themes or ():
            if theme not in themes:
                self.error(
                    label, f'key "themes": "{theme}" is not in the [themes] vocabulary', line
                )
        if verified and not sources:
            self.warn(label, 'verified film has no "sources" (where were its facts checked?)', line)

        if self.errors > before or label.startswith("films["):
            return None
        return Film(
            id=film_id, title=title, original_title=original_title or "", year=year,
            directors=directors, description=description, status=status,
            aka=aka or (), studio=studio, republic=republic,
            countries=countries or ("USSR",), genres=genres or (), themes=film_themes or (),
            runtime=runtime, imdb=imdb, year_made=year_made, sources=sources or (),
        )  # fmt: skip

    # -- lists ------------------------------------------------------------------

    def lists(self, raw: object, film_ids: set[str]) -> list[FilmList]:
        if not isinstance(raw, list):
            self.error(
                'key "lists"', f"expected an array of [[lists]] tables, got {_type_name(raw)}", None
            )
            return []
        lists: list[FilmList] = []
        seen: set[str] = set()
        for index, raw_list in enumerate(raw):
            line = self._line("lists", index)
            if not isinstance(raw_list, dict):
                self.error(f"lists[{index}]", f"expected a table, got {_type_name(raw_list)}", line)
                continue
            list_id = raw_list.get("id")
            ok_id = isinstance(list_id, str) and SLUG.match(list_id)
            label = f'list "{list_id}"' if ok_id else f"lists[{index}]"
            before = self.errors
            if not ok_id:
                self.error(
                    label,
                    f'key "id": expected a lowercase slug like "wwii", '
                    f"got {_shown(list_id)} ({_type_name(list_id)})",
                    line,
                )
            elif list_id in seen:
                self.error(label, "duplicate list id", line)
            for key in raw_list:
                if key not in LIST_KEYS:
                    self.warn(label, f'unknown key "{key}" (ignored)', line)

            title = _Field(self, label, "title", raw_list, line).text(required=True)
            description = _Field(self, label, "description", raw_list, line).text(
                required=True, allow_empty=True
            )
            source = _Field(self, label, "source", raw_list, line).text()
            entries = self.entries(index, label, raw_list.get("entries", []), film_ids)
            if self.errors > before:
                continue
            seen.add(list_id)
            lists.append(FilmList(list_id, title, description or "", tuple(entries), source))
        return lists

    def entries(
        self, list_index: int, label: str, raw: object, film_ids: set[str]
    ) -> list[ListEntry]:
        list_line = self._line("lists", list_index)
        if not isinstance(raw, list):
            self.error(
                label,
                'key "entries": expected an array of [[lists.entries]] tables, '
                f"got {_type_name(raw)}",
                list_line,
            )
            return []
        entries = []
        for position, raw_entry in enumerate(raw, start=1):
            line = self._line(f"lists.entries#{list_index}", position - 1, list_line)
            where = f"{label} entry {position}"
            if not isinstance(raw_entry, dict):
                self.error(where, f"expected a table, got {_type_name(raw_entry)}", line)
                continue
            for key in raw_entry:
                if key not in ENTRY_KEYS:
                    self.warn(where, f'unknown key "{key}" (ignored)', line)
            film = _Field(self, where, "film", raw_entry, line).text(required=True)
            as_listed = _Field(self, where, "as_listed", raw_entry, line).text(required=True)
            note = _Field(self, where, "note", raw_entry, line).text(allow_empty=True)
            if film is not None and film not in film_ids:
                self.error(where, f'key "film": no film with id "{film}" in this catalog', line)
                continue
            if film is not None and as_listed is not None:
                entries.append(ListEntry(film, as_listed, note or ""))
        return entries

    def clean(self, where: object, text: str, line: _Line) -> str:
        """Fold newlines and tabs to spaces and drop control characters, warning if any.

        WHERE names the place in a warning; a _Field does, and its name is only
        made when a warning needs it.
        """
        if text.isprintable():  # no tab, newline or control character: most text, quickly
            return text if text.isascii() else unicodedata.normalize("NFC", text)
        folded = _FOLDED_SPACE.sub(" ", text)
        cleaned = _CONTROL.sub("", folded)
        if cleaned != folded:
            self.warn(
                str(where), "control characters removed (a terminal would interpret them)", line
            )
        return unicodedata.normalize("NFC", cleaned)


class _Field:
    """One key of one table: typed accessors that report, rather than raise, on bad values."""

    __slots__ = ("checker", "key", "label", "line", "table")

    def __init__(self, checker: _Checker, label: str, key: str, table: dict[str, Any], line: _Line):
        self.checker = checker
        self.label = label
        self.key = key
        self.table = table
        self.line = line

    def __str__(self) -> str:
        return f'{self.label} key "{self.key}"'

    def _missing(self, required: bool) -> bool:
        if self.key in self.table:
            return False
        if required:
            self.checker.error(self.label, f'missing required key "{self.key}"', self.line)
        return True

    def _bad(self, expected: str, value: object) -> None:
        self.checker.error(
            self.label,
            f'key "{self.key}": expected {expected}, got {_shown(value)} ({_type_name(value)})',
            self.line,
        )

    def text(self, *, required: bool = False, allow_empty: bool = False) -> str | None:
        if self._missing(required):
            return None
        value = self.table[self.key]
        if not isinstance(value, str):
            self._bad("a string", value)
            return None
        cleaned = self.checker.clean(self, value, self.line).strip()
        if not cleaned and not allow_empty:
            self.checker.error(self.label, f'key "{self.key}": must not be empty', self.line)
            return None
        return cleaned

    def texts(self, *, required: bool = False, nonempty: bool = False) -> tuple[str, ...] | None:
        if self._missing(required):
            return None
        value = self.table[self.key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self._bad("an array of non-empty strings", value)
            return None
        if nonempty and not value:
            self.checker.error(self.label, f'key "{self.key}": must list at least one', self.line)
            return None
        return tuple(self.checker.clean(self, v, self.line).strip() for v in value)

    def slugs(self) -> tuple[str, ...] | None:
        values = self.texts()
        if values is None:
            return None
        bad = [v for v in values if not SLUG.match(v)]
        if bad:
            self._bad('lowercase ids like "great-patriotic-war"', bad[0])
            return None
        if len(set(values)) != len(values):
            self.checker.error(
                self.label, f'key "{self.key}": lists the same value twice', self.line
            )
            return None
        return values

    def integer(self, *, required: bool = False, bounds: tuple[int, int]) -> int | None:
        if self._missing(required):
            return None
        value = self.table[self.key]
        low, high = bounds
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self._bad(f"an integer from {low} to {high}", value)
            return None
        return value

    def choice(self, choices: tuple[str, ...], *, required: bool = False) -> str | None:
        if self._missing(required):
            return None
        value = self.table[self.key]
        if value not in choices:
            self._bad("one of " + ", ".join(f'"{c}"' for c in choices), value)
            return None
        return value

    def pattern(self, regex: re.Pattern[str], expected: str) -> str | None:
        if self._missing(False):
            return None
        value = self.table[self.key]
        if not isinstance(value, str) or not regex.match(value):
            self._bad(expected, value)
            return None
        return value

    def urls(self) -> tuple[str, ...] | None:
        values = self.texts()
        if values is None:
            return None
        bad = [v for v in values if not v.startswith(("http://", "https://"))]
        if bad:
            self._bad("http(s) URLs", bad[0])
            return None
        return values
