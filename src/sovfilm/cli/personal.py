"""Commands over the user's own data: watchlist, seen, unseen, import, export, where."""

import datetime as dt
import enum
import os
from pathlib import Path
from typing import Annotated

import typer

from sovfilm import cache, records, render, textimport, userdata
from sovfilm.catalog import resolve_catalog_path
from sovfilm.cli import options as opt
from sovfilm.cli.application import SovfilmGroup, app, settings
from sovfilm.errors import ExitCode, UsageError
from sovfilm.model import Catalog, FilmList, ListEntry
from sovfilm.search import resolve

FilmArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILM", help="A film id or any title.", autocompletion=opt.complete_film
    ),
]


def _today() -> dt.date:
    # SOVFILM_TODAY pins "today" for reproducible runs (tests, examples).
    pinned = os.environ.get("SOVFILM_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def _rows(catalog: Catalog, items: list[tuple[str, dict[str, object]]]) -> list[dict[str, object]]:
    """Film records for the user's films plus their own columns; unknown ids kept as missing."""
    rows = []
    for film_id, extra in items:
        film = catalog.film(film_id)
        base = records.film_record(film, catalog) if film else records.missing_film_record(film_id)
        rows.append({**base, **extra})
    return rows


def _report_missing(out: render.Output, catalog: Catalog, data: userdata.UserData) -> None:
    missing = userdata.unknown_films(data, catalog.film)
    if missing:
        render.notice(
            out,
            f"kept {len(missing)} film id(s) the catalog does not have: {', '.join(missing)}",
        )


def _resolve(catalog: Catalog, film: str, out: render.Output) -> str:
    resolution = resolve(catalog, film)
    if resolution.match is not None:
        render.notice(out, f'"{film}" is {resolution.film.id} ({resolution.film.title})')
    return resolution.film.id


# -- watchlist ---------------------------------------------------------------------------

watchlist_app = typer.Typer(
    cls=SovfilmGroup,
    help="Films you want to see: show them, add or remove one.",
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(watchlist_app, name="watchlist")


@watchlist_app.callback(invoke_without_command=True)
def watchlist(
    ctx: typer.Context,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
    fields: opt.FieldsOption = None,
) -> None:
    """Films you want to see, oldest addition first.

    Examples:

      sovfilm watchlist

      sovfilm watchlist add "The Color of Pomegranates"

      sovfilm watchlist remove stalker-1979
    """
    if ctx.invoked_subcommand is not None:
        return
    out = opt.output(json_output, jsonl, csv, fields, records.FILM_FIELDS + records.WATCH_FIELDS)
    catalog = settings(ctx).catalog()
    data = userdata.load(userdata.data_file())
    items = [(w.film, {"added": w.added.isoformat()}) for w in data.watchlist]
    render.personal_rows(out, _rows(catalog, items), records.WATCH_FIELDS)
    _report_missing(out, catalog, data)
    if not items:
        render.notice(out, "your watchlist is empty; add a film with: sovfilm watchlist add FILM")


@watchlist_app.command("add")
def watchlist_add(ctx: typer.Context, film: FilmArgument) -> None:
    """Add a film to your watchlist."""
    out = render.output_for()
    catalog = settings(ctx).catalog()
    film_id = _resolve(catalog, film, out)
    today = _today()
    userdata.update(userdata.data_file(), lambda d: userdata.add_to_watchlist(d, film_id, today))
    render.notice(out, f"{film_id} is on your watchlist")


@watchlist_app.command("remove")
def watchlist_remove(ctx: typer.Context, film: FilmArgument) -> None:
    """Take a film off your watchlist."""
    out = render.output_for()
    catalog = settings(ctx).catalog()
    before = userdata.load(userdata.data_file()).watchlist_ids()
    # An id the catalog no longer has can still be removed.
    film_id = film if film in before else _resolve(catalog, film, out)
    if film_id not in before:
        render.notice(out, f"{film_id} was not on your watchlist")
        raise typer.Exit(int(ExitCode.DATA))
    userdata.update(userdata.data_file(), lambda d: userdata.remove_from_watchlist(d, film_id))
    render.notice(out, f"{film_id} is off your watchlist")


# -- seen, unseen ------------------------------------------------------------------------


def _parse_date(text: str | None) -> dt.date:
    if text is None:
        return _today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'bad date "{text}"', hint="write it as YYYY-MM-DD") from None


@app.command()
def seen(
    ctx: typer.Context,
    film: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILM]",
            help="The film you saw; omit to show your diary.",
            autocompletion=opt.complete_film,
        ),
    ] = None,
    rating: Annotated[
        float | None,
        typer.Option("--rating", "-r", metavar="R", help="Your rating, 0.5 to 5 in half steps."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="When [default: today].")
    ] = None,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
    fields: opt.FieldsOption = None,
) -> None:
    """Record a film you have seen, with a rating; with no FILM, show your diary.

    Marking a film seen takes it off your watchlist; recommendations leave seen
    films out unless you ask for them.

    Examples:

      sovfilm seen wings-1966 --rating 4.5

      sovfilm seen "Come and See" --date 2026-05-09

      sovfilm seen                          # your diary, newest first
    """
    if film is None:
        if rating is not None or date is not None:
            raise UsageError("--rating and --date need a FILM")
        out = opt.output(
            json_output, jsonl, csv, fields, records.FILM_FIELDS + records.DIARY_FIELDS
        )
        catalog = settings(ctx).catalog()
        data = userdata.load(userdata.data_file())
        items = [
            (v.film, {"date": v.date.isoformat(), "rating": v.rating}) for v in userdata.diary(data)
        ]
        render.personal_rows(out, _rows(catalog, items), records.DIARY_FIELDS)
        _report_missing(out, catalog, data)
        if not items:
            render.notice(out, "your diary is empty; record a film with: sovfilm seen FILM")
        return
    out = render.output_for()
    userdata.check_rating(rating)
    when = _parse_date(date)
    catalog = settings(ctx).catalog()
    film_id = _resolve(catalog, film, out)
    userdata.update(userdata.data_file(), lambda d: userdata.mark_seen(d, film_id, when, rating))
    stars = f", rated {rating:g}" if rating is not None else ""
    render.notice(out, f"seen {film_id} on {when.isoformat()}{stars}")


@app.command()
def unseen(ctx: typer.Context, film: FilmArgument) -> None:
    """Remove a film from your diary (every viewing of it)."""
    out = render.output_for()
    catalog = settings(ctx).catalog()
    data = userdata.load(userdata.data_file())
    film_id = film if film in data.seen_ids() else _resolve(catalog, film, out)
    if film_id not in data.seen_ids():
        render.notice(out, f"{film_id} is not in your diary")
        raise typer.Exit(int(ExitCode.DATA))
    userdata.update(userdata.data_file(), lambda d: userdata.mark_unseen(d, film_id))
    render.notice(out, f"{film_id} is out of your diary")


# -- import, export --------------------------------------------------------------------------


@app.command(name="import")
def import_list(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A text file naming films.", exists=True, dir_okay=False
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help="Save the matched films as a personal list."),
    ] = None,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
) -> None:
    """Match the films a text names to the catalog; with --name, keep them as a list.

    Understands "Title (Year)" lines followed by descriptions, and prose that
    quotes titles with a year soon after: "About Love" by Mikhail Bogin (1970).
    Prints each name with the film it matched and the score; unmatched names
    are listed too. Saved lists appear in `sovfilm list`.

    Examples:

      sovfilm import article.txt

      sovfilm import article.txt --name summer-watching
    """
    out = opt.output(json_output, jsonl, csv, None, ())
    catalog = settings(ctx).catalog()
    try:
        text = file.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        raise UsageError(f"cannot read {file} as UTF-8 text: {exc}") from None
    results = textimport.match_names(catalog, textimport.read_names(text))
    saved = None
    if name is not None:
        list_id = _slug(name)
        if catalog.film_list(list_id):
            raise UsageError(f'"{list_id}" is a curated list of the catalog; choose another name')
        entries = []
        for result in results:
            if result.match and result.match.film.id not in {e.film for e in entries}:
                entries.append(ListEntry(result.match.film.id, result.named.as_listed, ""))
        personal = FilmList(list_id, name, f"Imported from {file.name}.", tuple(entries), str(file))
        userdata.update(userdata.data_file(), lambda d: userdata.save_list(d, personal))
        saved = list_id
    render.import_report(out, results, saved)
    if not any(r.match for r in results):
        raise typer.Exit(int(ExitCode.DATA))


def _slug(name: str) -> str:
    from sovfilm.search import fold

    slug = "-".join(fold(name).encode("ascii", "ignore").decode().split())
    if not slug:
        raise UsageError(f'"{name}" makes no usable list id', hint="use Latin letters or digits")
    return slug


class Service(enum.StrEnum):
    letterboxd = "letterboxd"


LETTERBOXD_COLUMNS = ("imdbID", "Title", "Year", "Directors", "Rating", "WatchedDate")


@app.command()
def export(
    ctx: typer.Context,
    service: Annotated[Service, typer.Argument(help="Where the file is going.")],
    watchlist: Annotated[bool, typer.Option("--watchlist", help="Export your watchlist.")] = False,
    diary: Annotated[
        bool, typer.Option("--seen", help="Export your diary, with ratings [default].")
    ] = False,
    list_id: Annotated[
        str | None,
        typer.Option(
            "--list", metavar="ID", help="Export a list.", autocompletion=opt.complete_list
        ),
    ] = None,
) -> None:
    """Write CSV in the format Letterboxd's importer reads (to stdout).

    Columns: imdbID (where the catalog has it), Title, Year, Directors, Rating
    (0.5-5) and WatchedDate (YYYY-MM-DD); Letterboxd matches on imdbID first.

    Examples:

      sovfilm export letterboxd > diary.csv

      sovfilm export letterboxd --watchlist > watchlist.csv
    """
    chosen = [
        flag
        for flag, on in (("--watchlist", watchlist), ("--seen", diary), ("--list", list_id))
        if on
    ]
    if len(chosen) > 1:
        raise UsageError(f"{chosen[0]} and {chosen[1]} cannot be used together")
    catalog = settings(ctx).catalog()
    data = userdata.load(userdata.data_file())
    if watchlist:
        items = [(w.film, None, None) for w in data.watchlist]
    elif list_id:
        from sovfilm.query import find_list

        film_list = find_list(catalog, list_id, personal=data.lists)
        items = [(e.film, None, None) for e in film_list.entries]
    else:
        items = [(v.film, v.rating, v.date.isoformat()) for v in userdata.diary(data)]
    rows = []
    for film_id, rating, watched in items:
        film = catalog.film(film_id)
        if film is None:
            continue  # Letterboxd could not match a film we know nothing about
        rows.append(
            {
                "imdbID": film.imdb,
                "Title": film.title,
                "Year": film.year,
                "Directors": list(film.directors),
                "Rating": rating,
                "WatchedDate": watched,
            }
        )
    out = render.Output(format=render.CSV)
    render.export_rows(out, rows, LETTERBOXD_COLUMNS)
    _report_missing(out, catalog, data)


@app.command()
def where(ctx: typer.Context) -> None:
    """Print the paths sovfilm uses: the catalog and your own data.

    Example:

      sovfilm where
    """
    catalog_path, origin = resolve_catalog_path(settings(ctx).catalog_option, os.environ)
    data = userdata.data_file()
    render.paths(
        render.Output(),
        [
            ("catalog", f"{catalog_path} ({origin})"),
            ("user data", str(data) + ("" if data.exists() else " (not created yet)")),
            ("backup", str(userdata.backup_of(data))),
            ("data directory", f"{data.parent} (set {userdata.HOME_ENV} to move it)"),
            ("cache", f"{cache.cache_dir()} (set {cache.CACHE_ENV} to move it)"),
        ],
    )
