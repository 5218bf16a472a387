"""Everything sovfilm prints: tables on a terminal, plain lines in a pipe, JSON on request.

The only module that writes to stdout or stderr. Catalog text reaches rich
as Text objects, never as markup, so a title like "[bold]" prints literally.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from sovfilm import records

if TYPE_CHECKING:
    from rich.console import Console

    from sovfilm.errors import Problem, SovfilmError
    from sovfilm.model import Catalog, Film, FilmList
    from sovfilm.search import Match

TABLE, PLAIN, JSON = "table", "plain", "json"
NOTE_MARK = "†"
UNVERIFIED_MARK = "?"


@dataclass(frozen=True)
class Output:
    """How this run prints: chosen once, passed everywhere (tests build it directly)."""

    format: str = PLAIN
    color: bool = False
    width: int | None = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)


def color_wanted(is_tty: bool, environ: Mapping[str, str]) -> bool:
    """clig.dev rules: FORCE_COLOR forces; NO_COLOR, TERM=dumb or a pipe turn colour off."""
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return is_tty


def output_for(
    *,
    json_output: bool = False,
    stdout: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> Output:
    """Resolve the output once: JSON if asked, else a table on a terminal, plain lines in a pipe."""
    stdout = stdout or sys.stdout
    environ = os.environ if environ is None else environ
    is_tty = _isatty(stdout)
    color = color_wanted(is_tty, environ)
    if json_output:
        fmt = JSON
    elif is_tty or color:
        fmt = TABLE
    else:
        fmt = PLAIN
    return Output(format=fmt, color=color, stdout=stdout)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _console(out: Output, *, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(
        file=out.stderr if stderr else out.stdout,
        width=out.width,
        force_terminal=out.color,
        color_system="auto" if out.color else None,
        no_color=not out.color,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _json(out: Output, data: object) -> None:
    out.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _plain(out: Output, rows: Iterable[Iterable[object]]) -> None:
    for row in rows:
        out.stdout.write("\t".join("" if v is None else str(v) for v in row) + "\n")


# -- messages (stderr) -------------------------------------------------------------


def error(out: Output, err: SovfilmError) -> None:
    out.stderr.write(f"sovfilm: error: {err.message}\n")
    for problem in getattr(err, "problems", ()):
        out.stderr.write(f"  {problem.severity}: {problem}\n")
    if err.hint:
        out.stderr.write(f"sovfilm: hint: {err.hint}\n")


def notice(out: Output, message: str) -> None:
    out.stderr.write(f"sovfilm: {message}\n")


# -- films -------------------------------------------------------------------------


def films(out: Output, found: list[Film], catalog: Catalog) -> None:
    if out.format == JSON:
        _json(out, [records.film_record(f, catalog) for f in found])
    elif out.format == PLAIN:
        _plain(out, (_film_row(f) for f in found))
    else:
        _films_table(out, found)


def _film_row(film: Film) -> tuple[object, ...]:
    return (film.id, film.year, film.title, film.original_title, ", ".join(film.directors))


def search_results(
    out: Output, found: list[Film], matches: list[Match] | None, catalog: Catalog
) -> None:
    """Search output: films with their score and matched title when there was a query."""
    by_film = {m.film.id: m for m in matches or ()}
    if out.format == JSON:
        _json(out, [records.search_record(f, by_film.get(f.id), catalog) for f in found])
    elif out.format == PLAIN:
        if matches is None:
            _plain(out, (_film_row(f) for f in found))
        else:
            _plain(out, ((*_film_row(f), by_film[f.id].score, by_film[f.id].key) for f in found))
    else:
        _films_table(out, found, by_film)


def _title_cell(film: Film, extra: str = "", matched: str = "") -> Any:
    from rich.text import Text

    cell = Text(film.title, style="bold")
    if extra:
        cell.append(extra, style="yellow")
    if not film.verified:
        cell.append(f" {UNVERIFIED_MARK} unverified", style="yellow")
    if film.original_title and film.original_title != film.title:
        cell.append("\n" + film.original_title, style="dim")
    if matched and matched not in (film.title, film.original_title):
        cell.append(f"\n≈ {matched}", style="italic dim")
    return cell


def _films_table(out: Output, found: list[Film], matches: dict[str, Match] | None = None) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Title", ratio=3)
    table.add_column("Director", ratio=2)
    table.add_column("ID", style="dim", overflow="fold", ratio=1)
    for film in found:
        match = (matches or {}).get(film.id)
        matched = match.key if match and match.kind != "director" else ""
        directors = ", ".join(film.directors) or "-"
        table.add_row(str(film.year), _title_cell(film, matched=matched), directors, film.id)
    _console(out).print(table)


def film_detail(out: Output, film: Film, catalog: Catalog) -> None:
    if out.format == JSON:
        _json(out, records.film_record(film, catalog))
        return
    notes = [
        (fl.id, entry.as_listed, entry.note)
        for fl in catalog.lists
        for entry in fl.entries
        if entry.film == film.id
    ]
    rows = [
        ("Title", film.title),
        ("Original title", film.original_title or "-"),
        ("Also known as", "; ".join(film.aka)),
        ("Year", f"{film.year} (completed {film.year_made})" if film.year_made else str(film.year)),
        ("Directed by", ", ".join(film.directors) or "unknown"),
        ("Studio", film.studio),
        ("Republic", film.republic),
        ("Countries", ", ".join(film.countries) if film.countries != ("USSR",) else None),
        ("Genres", ", ".join(film.genres)),
        ("Themes", ", ".join(film.themes)),
        ("Runtime", f"{film.runtime} min" if film.runtime else None),
        ("IMDb", film.imdb),
        ("Status", film.status),
        ("ID", film.id),
    ]
    rows = [(k, v) for k, v in rows if v]
    list_lines = [
        f"{list_id}: listed as {as_listed}" + (f": {note}" if note else "")
        for list_id, as_listed, note in notes
    ]
    if out.format == PLAIN:
        for key, value in rows:
            out.stdout.write(f"{key}: {value}\n")
        out.stdout.write(f"Description: {film.description}\n")
        for line in list_lines:
            out.stdout.write(f"In list {line}\n")
        for url in film.sources:
            out.stdout.write(f"Source: {url}\n")
        return
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for key, value in rows:
        grid.add_row(key, Text(value, style="bold" if key == "Title" else ""))
    console.print(grid)
    console.print()
    console.print(Text(film.description))
    if list_lines:
        console.print()
        console.print(Text("In lists", style="bold"))
        for list_id, as_listed, note in notes:
            line = Text(f"  {list_id}: listed as {as_listed}")
            if note:
                line.append(f"\n    {NOTE_MARK} {note}", style="yellow")
            console.print(line)
    if film.sources:
        console.print()
        console.print(Text("Sources", style="bold"))
        for url in film.sources:
            console.print(Text(f"  {url}", style="dim"))


# -- lists -------------------------------------------------------------------------


def lists_overview(out: Output, lists: Iterable[FilmList]) -> None:
    lists = list(lists)
    if out.format == JSON:
        _json(out, [records.list_summary(fl) for fl in lists])
    elif out.format == PLAIN:
        _plain(out, ((fl.id, len(fl.entries), fl.title) for fl in lists))
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("ID", no_wrap=True, style="bold")
        table.add_column("Films", justify="right", no_wrap=True)
        table.add_column("Title")
        for fl in lists:
            table.add_row(Text(fl.id), str(len(fl.entries)), Text(fl.title))
        _console(out).print(table)


def list_detail(out: Output, film_list: FilmList, catalog: Catalog) -> None:
    if out.format == JSON:
        _json(out, records.list_record(film_list, catalog))
        return
    pairs = [(n, e, catalog.film(e.film)) for n, e in enumerate(film_list.entries, start=1)]
    if out.format == PLAIN:
        _plain(
            out,
            (
                (n, f.id, f.year, f.title, ", ".join(f.directors), f.status, e.as_listed, e.note)
                for n, e, f in pairs
                if f is not None
            ),
        )
        return
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    console.print(Text(film_list.title, style="bold"))
    if film_list.description:
        console.print(Text(film_list.description, style="dim"))
    console.print()
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Title", ratio=3)
    table.add_column("Director", ratio=2)
    for n, entry, film in pairs:
        if film is None:
            continue
        mark = f" {NOTE_MARK}" if entry.note else ""
        table.add_row(
            str(n), str(film.year), _title_cell(film, mark), ", ".join(film.directors) or "-"
        )
    console.print(table)
    noted = [(n, e) for n, e, _ in pairs if e.note]
    if noted:
        console.print()
        console.print(Text(f"{NOTE_MARK} Notes: where the source list got it wrong", style="bold"))
        for n, entry in noted:
            line = Text(f"{n:>3}. ")
            line.append(f"Listed as {entry.as_listed}. ", style="dim")
            line.append(entry.note)
            console.print(line)


# -- validate ----------------------------------------------------------------------


def validation(out: Output, catalog: Catalog | None, problems: list[Problem], name: str) -> None:
    for problem in problems:
        out.stderr.write(f"{problem.severity}: {problem}\n")
    if catalog is None:
        return
    verified = sum(1 for f in catalog.films if f.verified)
    out.stdout.write(
        f"{name}: ok: {len(catalog.films)} films ({verified} verified), "
        f"{len(catalog.lists)} lists, {len(catalog.themes)} themes"
        + (f", {len(problems)} warnings" if problems else "")
        + "\n"
    )
