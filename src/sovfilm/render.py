"""Everything sovfilm prints: tables on a terminal, plain lines in a pipe, JSON, JSONL or CSV.

The only module that writes to stdout or stderr. Catalog text reaches rich
as Text objects, never as markup, so a title like "[bold]" prints literally.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from sovfilm import records

if TYPE_CHECKING:
    from rich.console import Console

    from sovfilm.errors import Problem, SovfilmError
    from sovfilm.model import Catalog, Film, FilmList, ListEntry
    from sovfilm.recommend import Recommendation
    from sovfilm.search import Match

TABLE, PLAIN, JSON, JSONL, CSV = "table", "plain", "json", "jsonl", "csv"
DATA_FORMATS = (JSON, JSONL, CSV)
LIST_SEPARATOR = "; "  # joins list values in CSV cells (docs/json.md)
NOTE_MARK = "†"
UNVERIFIED_MARK = "?"
BAR = "█"


class Output:
    """How this run prints: chosen once, passed everywhere (tests build it directly).

    A plain class, not a dataclass, for start-up time (see sovfilm.model).
    """

    __slots__ = ("color", "fields", "format", "stderr", "stdout", "width")

    def __init__(
        self,
        format: str = PLAIN,
        color: bool = False,
        width: int | None = None,
        fields: tuple[str, ...] | None = None,  # chosen columns for JSON, JSONL, CSV and plain
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        self.format = format
        self.color = color
        self.width = width
        self.fields = fields
        # The streams of the moment it is built, so tests' captured streams are used.
        self.stdout = sys.stdout if stdout is None else stdout
        self.stderr = sys.stderr if stderr is None else stderr

    def __repr__(self) -> str:
        return f"Output(format={self.format!r}, color={self.color}, fields={self.fields})"


def color_wanted(is_tty: bool, environ: Mapping[str, str]) -> bool:
    """clig.dev rules: FORCE_COLOR forces; NO_COLOR, TERM=dumb or a pipe turn colour off."""
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return is_tty


def output_for(
    *,
    data_format: str | None = None,
    fields: tuple[str, ...] | None = None,
    stdout: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> Output:
    """Resolve the output once: a data format if asked, else a table on a terminal, else plain.

    Chosen fields without a data format print as plain tab-separated columns.
    """
    stdout = stdout or sys.stdout
    environ = os.environ if environ is None else environ
    is_tty = _isatty(stdout)
    color = color_wanted(is_tty, environ)
    if data_format:
        fmt = data_format
    elif (is_tty or color) and not fields:
        fmt = TABLE
    else:
        fmt = PLAIN
    return Output(format=fmt, color=color, fields=fields, stdout=stdout)


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
        out.stdout.write("\t".join(_cell(v) for v in row) + "\n")


def _cell(value: object) -> str:
    """One value as flat text: lists joined, a match as kind:key, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    if isinstance(value, dict):
        # A search match {key, kind} or a reason {kind, value, weight}, compactly.
        parts = [value.get("kind"), value.get("value", value.get("key"))]
        return ":".join(_cell(p) for p in parts if p is not None)
    return str(value)


def _pick(record: dict[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    return {k: record[k] for k in fields} if fields else record


def _data(out: Output, rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """Records as JSON (an array), JSONL (streamed, one a line) or CSV (with a header).

    JSONL and CSV write each record as it comes, so nothing is held just to print it.
    """
    fields = out.fields or columns
    if out.format == JSON:
        _json(out, [_pick(r, out.fields) for r in rows])
    elif out.format == JSONL:
        for row in rows:
            out.stdout.write(json.dumps(_pick(row, out.fields), ensure_ascii=False) + "\n")
    else:
        import csv

        writer = csv.writer(out.stdout, lineterminator="\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow([_cell(row[k]) for k in fields])


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


def film_listing(
    out: Output,
    films: list[Film],
    catalog: Catalog,
    *,
    matches: Mapping[str, Match] | None = None,
    entries: Mapping[str, tuple[int, ListEntry]] | None = None,
) -> None:
    """Films as a table, plain lines or data; with search scores or list entries when given."""
    if out.format in DATA_FORMATS:
        columns = records.film_columns(search=matches is not None, listed=entries is not None)
        rows = (_film_data(f, catalog, matches, entries) for f in films)
        _data(out, rows, columns)
    elif out.format == PLAIN:
        if out.fields:
            rows = (_film_data(f, catalog, matches, entries) for f in films)
            _plain(out, ([r[k] for k in out.fields] for r in rows))
        else:
            _plain(out, (_film_row(f, matches, entries) for f in films))
    else:
        _films_table(out, films, matches, entries)


def _film_data(film, catalog, matches, entries) -> dict[str, Any]:
    if entries is not None:
        _, entry = entries[film.id]
        return records.entry_record(film, entry, catalog)
    if matches is not None:
        return records.search_record(film, matches.get(film.id), catalog)
    return records.film_record(film, catalog)


def _film_row(film: Film, matches, entries) -> tuple[object, ...]:
    row: tuple[object, ...] = (
        film.id, film.year, film.title, film.original_title, ", ".join(film.directors),
    )  # fmt: skip
    if entries is not None:
        position, entry = entries[film.id]
        return (position, *row, film.status, entry.as_listed, entry.note)
    if matches:
        match = matches[film.id]
        return (*row, match.score, match.key)
    return row


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


def _films_table(out: Output, films: list[Film], matches, entries) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False)
    if entries is not None:
        table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Title", ratio=3, overflow="fold")
    table.add_column("Director", ratio=2, overflow="fold")
    if entries is None:
        table.add_column("ID", style="dim", overflow="fold", ratio=1)
    for film in films:
        match = (matches or {}).get(film.id)
        matched = match.key if match and match.kind != "director" else ""
        directors = ", ".join(film.directors) or "-"
        if entries is not None:
            position, entry = entries[film.id]
            mark = f" {NOTE_MARK}" if entry.note else ""
            table.add_row(str(position), str(film.year), _title_cell(film, mark), directors)
        else:
            table.add_row(str(film.year), _title_cell(film, matched=matched), directors, film.id)
    _console(out).print(table)


def no_film(out: Output) -> None:
    """Where one film was asked for and there is none: `null` for JSON, else nothing."""
    if out.format == JSON:
        out.stdout.write("null\n")


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
    if out.format == PLAIN:
        for key, value in rows:
            out.stdout.write(f"{key}: {value}\n")
        out.stdout.write(f"Description: {film.description}\n")
        for list_id, as_listed, note in notes:
            out.stdout.write(
                f"In list {list_id}: listed as {as_listed}" + (f": {note}" if note else "") + "\n"
            )
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
    if notes:
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


def recommendations(
    out: Output,
    recs: list[Recommendation],
    catalog: Catalog,
    seed_titles: Mapping[str, str] | None = None,
) -> None:
    """Recommended films with their score and, in tables and plain lines, a short why."""
    from functools import partial

    from sovfilm.recommend import summary as plain_summary

    summary = partial(plain_summary, seed_titles=seed_titles)

    if out.format in DATA_FORMATS:
        columns = records.film_columns(recommended=True)
        _data(out, (records.recommendation_record(r, catalog) for r in recs), columns)
    elif out.format == PLAIN:
        if out.fields:
            rows = (records.recommendation_record(r, catalog) for r in recs)
            _plain(out, ([row[k] for k in out.fields] for row in rows))
        else:
            _plain(out, ((r.film.id, r.film.year, r.film.title, r.score, summary(r)) for r in recs))
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("Score", justify="right", no_wrap=True)
        table.add_column("Year", justify="right", no_wrap=True)
        table.add_column("Film", ratio=2, overflow="fold")
        table.add_column("Why", ratio=3, overflow="fold", style="dim")
        for r in recs:
            cell = _title_cell(r.film)
            cell.append("\n" + ", ".join(r.film.directors), style="italic")
            table.add_row(f"{r.score:.0f}", str(r.film.year), cell, Text(summary(r)))
        _console(out).print(table)


def personal_rows(out: Output, rows: list[dict[str, Any]], extra: tuple[str, ...]) -> None:
    """The watchlist or the diary: film records with the user's own columns (date, rating)."""
    if out.format in DATA_FORMATS:
        _data(out, rows, records.FILM_FIELDS + extra)
    elif out.format == PLAIN:
        keys = out.fields or ("id", "year", "title", *extra)
        _plain(out, ([row[k] for k in keys] for row in rows))
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, pad_edge=False, show_edge=False)
        for key in extra:
            table.add_column(key.capitalize(), no_wrap=True)
        table.add_column("Year", justify="right", no_wrap=True)
        table.add_column("Title", ratio=3, overflow="fold")
        table.add_column("Director", ratio=2, overflow="fold")
        for row in rows:
            title = Text(row["title"] or row["id"], style="bold")
            if row["status"] == "missing":
                title.append(" (no longer in the catalog)", style="yellow")
            elif row["original_title"] and row["original_title"] != row["title"]:
                title.append("\n" + row["original_title"], style="dim")
            cells = [_cell(row[k]) or "-" for k in extra]
            year = str(row["year"]) if row["year"] else "-"
            table.add_row(*cells, year, title, ", ".join(row["directors"]) or "-")
        _console(out).print(table)


def import_report(out: Output, results: list[Any], saved: str | None) -> None:
    """What an imported document named, and what each name matched (stdout: data)."""
    rows = [
        {
            "as_listed": r.named.as_listed,
            "title": r.named.title,
            "year": r.named.year,
            "film": r.match.film.id if r.match else None,
            "score": r.match.score if r.match else None,
        }
        for r in results
    ]
    if out.format in DATA_FORMATS:
        _data(out, rows, ("as_listed", "title", "year", "film", "score"))
    elif out.format == PLAIN:
        _plain(out, ((r["as_listed"], r["film"] or "-", r["score"] or "") for r in rows))
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("As named", ratio=2, overflow="fold")
        table.add_column("Matched film", ratio=2, overflow="fold")
        table.add_column("Score", justify="right", no_wrap=True)
        for r in rows:
            film = Text(r["film"]) if r["film"] else Text("no match", style="yellow")
            table.add_row(Text(r["as_listed"]), film, f"{r['score']:.0f}" if r["score"] else "")
        _console(out).print(table)
    matched = sum(1 for r in rows if r["film"])
    notice(
        out,
        f"{matched} of {len(rows)} named films matched"
        + (f"; saved as list {saved}" if saved else ""),
    )


def export_rows(out: Output, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """CSV for another service: its own column names; several directors joined with commas."""
    import csv

    writer = csv.writer(out.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                ", ".join(v) if isinstance(v, list) else ("" if v is None else v)
                for v in (row[c] for c in columns)
            ]
        )


def paths(out: Output, rows: list[tuple[str, str]]) -> None:
    for label, value in rows:
        out.stdout.write(f"{label}: {value}\n")


# -- lists -------------------------------------------------------------------------


def lists_overview(out: Output, lists: Iterable[FilmList]) -> None:
    lists = list(lists)
    if out.format in DATA_FORMATS:
        if out.format == JSON and not out.fields:
            _json(out, [records.list_summary(fl) for fl in lists])
        else:
            _data(out, (records.list_summary(fl) for fl in lists), records.LIST_SUMMARY_FIELDS)
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


def list_detail(out: Output, film_list: FilmList, films: list[Film], catalog: Catalog) -> None:
    """One list's entries (already filtered and ordered), with our notes on each."""
    positions = {e.film: (n, e) for n, e in enumerate(film_list.entries, start=1)}
    if out.format == JSON and not out.fields:
        _json(out, records.list_record(film_list, [positions[f.id][1] for f in films], catalog))
        return
    if out.format != TABLE:
        film_listing(out, films, catalog, entries=positions)
        return
    from rich.text import Text

    console = _console(out)
    console.print(Text(film_list.title, style="bold"))
    if film_list.description:
        console.print(Text(film_list.description, style="dim"))
    console.print()
    film_listing(out, films, catalog, entries=positions)
    noted = [positions[f.id] for f in films if positions[f.id][1].note]
    if noted:
        console.print()
        console.print(Text(f"{NOTE_MARK} Notes: where the source list got it wrong", style="bold"))
        for n, entry in noted:
            line = Text(f"{n:>3}. ")
            line.append(f"Listed as {entry.as_listed}. ", style="dim")
            line.append(entry.note)
            console.print(line)


# -- themes, directors, statistics ----------------------------------------------------


def themes(out: Output, rows: list[dict[str, Any]]) -> None:
    if out.format in DATA_FORMATS:
        _data(out, rows, ("id", "description", "count"))
    elif out.format == PLAIN:
        _plain(out, ((r["id"], r["count"], r["description"]) for r in rows))
    else:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("Theme", no_wrap=True, style="bold")
        table.add_column("Films", justify="right", no_wrap=True)
        table.add_column("What it means", overflow="fold")
        for r in rows:
            table.add_row(r["id"], str(r["count"]), r["description"])
        _console(out).print(table)


def directors(out: Output, rows: list[dict[str, Any]]) -> None:
    if out.format in DATA_FORMATS:
        _data(out, rows, ("name", "count", "first", "last"))
    elif out.format == PLAIN:
        _plain(out, ((r["name"], r["count"], r["first"], r["last"]) for r in rows))
    else:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("Director", style="bold", overflow="fold")
        table.add_column("Films", justify="right", no_wrap=True)
        table.add_column("Years", no_wrap=True)
        for r in rows:
            span = str(r["first"]) if r["first"] == r["last"] else f"{r['first']}-{r['last']}"
            table.add_row(r["name"], str(r["count"]), span)
        _console(out).print(table)


def stats(out: Output, data: dict[str, Any]) -> None:
    sections = [k for k, v in data.items() if isinstance(v, dict)]
    if out.format == JSON:
        _json(out, data)
    elif out.format in (JSONL, CSV):
        rows = (
            {"section": s, "label": label, "count": n}
            for s in sections
            for label, n in data[s].items()
        )
        _data(out, rows, ("section", "label", "count"))
    elif out.format == PLAIN:
        _plain(out, ((s, label, n) for s in sections for label, n in data[s].items()))
    else:
        from rich.table import Table
        from rich.text import Text

        console = _console(out)
        console.print(Text(f"{data['films']} verified films", style="bold"))
        width = out.width or console.width
        for section in sections:
            counts = data[section]
            label_width = min(28, max(len(str(k)) for k in counts))
            bar_room = max(5, width - label_width - 10)
            top = max(counts.values())
            table = Table(box=None, pad_edge=False, show_edge=False, title_justify="left")
            heading = {"themes": "top themes", "directors": "top directors"}.get(
                section, "by " + section.removesuffix("s")
            )
            table.title = Text("\n" + heading)
            table.add_column(no_wrap=True, overflow="ellipsis", max_width=label_width)
            table.add_column(justify="right", no_wrap=True)
            table.add_column(no_wrap=True, style="cyan")
            for label, n in counts.items():
                table.add_row(str(label), str(n), BAR * max(1, round(n / top * bar_room)))
            console.print(table)


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
