"""Commands that find and show films: search, show, list, random."""

from typing import TYPE_CHECKING, Annotated

import typer

from sovfilm.cli import options as opt
from sovfilm.cli.application import app, settings
from sovfilm.errors import ExitCode, NotFound

if TYPE_CHECKING:
    from sovfilm import render

IncludeUnverified = Annotated[
    bool,
    typer.Option(
        "--include-unverified", help="Also show films whose facts could not be confirmed."
    ),
]


def _nothing_found(out: "render.Output", message: str) -> None:
    """An empty result: `[]` (or nothing) on stdout, one line on stderr, exit 1."""
    from sovfilm import render

    render.notice(out, message)
    raise typer.Exit(int(ExitCode.DATA))


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="[QUERY]...", help="Title words, optionally a year or a director."),
    ] = None,
    decade: opt.DecadeOption = None,
    year: opt.YearOption = None,
    theme: opt.ThemeOption = None,
    genre: opt.GenreOption = None,
    republic: opt.RepublicOption = None,
    studio: opt.StudioOption = None,
    list_id: opt.ListOption = None,
    director: opt.DirectorOption = None,
    sort: opt.SortOption = None,
    reverse: opt.ReverseFlag = False,
    limit: opt.LimitOption = None,
    include_unverified: IncludeUnverified = False,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
    fields: opt.FieldsOption = None,
) -> None:
    """Find films by any title, in any script or spelling; with no query, list them all.

    Typos and romanizations are forgiven (letjat zuravli, cranes are flyng); a
    year or a director's surname in the query is a hint. Best matches come
    first; with no query, films come by year, then title. Filters narrow
    either.

    Examples:

      sovfilm search                       # every verified film

      sovfilm search cranes are flyng

      sovfilm search stalker tarkovsky

      sovfilm search --decade 60s --theme childhood

      sovfilm search --republic georgian --sort title --csv

      sovfilm search Летят журавли --json | jq -r '.[] | "\\(.score) \\(.title)"'
    """
    from sovfilm import filters, query, records, render
    from sovfilm.search import quoted, search_titles

    out = opt.output(json_output, jsonl, csv, fields, records.film_columns(search=True))
    catalog = settings(ctx).catalog()
    chosen = opt.build_filters(
        catalog, decade, year, theme, genre, republic, studio, list_id, director
    )
    text = " ".join(words or [])
    if text.strip():
        matches = search_titles(catalog, text, include_unverified=include_unverified)
        found = [m.film for m in matches]
    else:
        matches, found = [], query.browse(catalog, include_unverified=include_unverified)
    found = filters.sort_films(
        filters.apply(found, chosen, catalog), sort.value if sort else None, reverse=reverse
    )
    count = opt.limit_for(out, limit)
    shown = found[:count] if count else found
    # Search output always carries score and match (null when there was no query).
    render.film_listing(out, shown, catalog, matches={m.film.id: m for m in matches})
    if not found:
        _nothing_found(
            out, f'no films match "{quoted(text)}"' if text.strip() else "no films match"
        )
    if len(shown) < len(found):
        render.notice(out, f"showing {len(shown)} of {len(found)} films; --limit 0 shows all")


@app.command()
def show(
    ctx: typer.Context,
    film: Annotated[
        str,
        typer.Argument(
            metavar="FILM",
            help="A film id (wings-1966) or any title.",
            autocompletion=opt.complete_film,
        ),
    ],
    json_output: opt.JsonFlag = False,
) -> None:
    """Show one film: its facts, description, list notes and sources.

    Examples:

      sovfilm show wings-1966

      sovfilm show "The Cranes Are Flying" --json
    """
    from sovfilm import render
    from sovfilm.search import resolve

    catalog = settings(ctx).catalog()
    resolution = resolve(catalog, film)
    out = render.output_for(data_format=render.JSON if json_output else None)
    render.film_detail(out, resolution.film, catalog)
    if resolution.runners_up:
        others = ", ".join(f"{m.film.id} ({m.film.title})" for m in resolution.runners_up)
        render.notice(out, f"showing {resolution.film.id}; also close: {others}")


@app.command(name="list")
def list_command(
    ctx: typer.Context,
    list_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A list id, e.g. wwii; omit to see all lists.",
            autocompletion=opt.complete_list,
        ),
    ] = None,
    decade: opt.DecadeOption = None,
    year: opt.YearOption = None,
    theme: opt.ThemeOption = None,
    genre: opt.GenreOption = None,
    republic: opt.RepublicOption = None,
    studio: opt.StudioOption = None,
    director: opt.DirectorOption = None,
    sort: opt.SortOption = None,
    reverse: opt.ReverseFlag = False,
    limit: opt.LimitOption = None,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
    fields: opt.FieldsOption = None,
) -> None:
    """Show the curated lists, or one list's films in order with our corrections.

    Entries marked with a dagger carry a note saying what the source list got
    wrong; films no filmography knows are marked unverified. Filters and
    --sort narrow and reorder the entries (the list's own order by default).

    Examples:

      sovfilm list

      sovfilm list wwii

      sovfilm list hidden-gems --decade 1980s

      sovfilm list wwii --json | jq -r '.films[] | "\\(.year) \\(.title)"'
    """
    from sovfilm import filters, query, records, render, userdata

    columns = records.film_columns(listed=True) if list_id else records.LIST_SUMMARY_FIELDS
    out = opt.output(json_output, jsonl, csv, fields, columns)
    catalog = settings(ctx).catalog()
    personal = userdata.load(userdata.data_file()).lists
    if list_id is None:
        render.lists_overview(out, (*catalog.lists, *personal))
        return
    film_list = query.find_list(catalog, list_id, personal)
    chosen = opt.build_filters(
        catalog, decade, year, theme, genre, republic, studio, None, director
    )
    films = [catalog.film(e.film) for e in film_list.entries]
    found = filters.apply([f for f in films if f is not None], chosen, catalog)
    found = filters.sort_films(found, sort.value if sort else None, reverse=reverse)
    if limit:
        found = found[:limit]
    render.list_detail(out, film_list, found, catalog)
    if not found:
        _nothing_found(out, f"no films in {film_list.id} match the filters")


@app.command()
def random(
    ctx: typer.Context,
    decade: opt.DecadeOption = None,
    year: opt.YearOption = None,
    theme: opt.ThemeOption = None,
    genre: opt.GenreOption = None,
    republic: opt.RepublicOption = None,
    studio: opt.StudioOption = None,
    list_id: opt.ListOption = None,
    director: opt.DirectorOption = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Pick the same film again with the same seed and filters."),
    ] = None,
    json_output: opt.JsonFlag = False,
) -> None:
    """Pick one verified film at random, from those that pass the filters.

    Examples:

      sovfilm random

      sovfilm random --decade 1960s --republic georgian

      sovfilm random --theme childhood --seed 7 --json
    """
    from sovfilm import explore, filters, render

    catalog = settings(ctx).catalog()
    chosen = opt.build_filters(
        catalog, decade, year, theme, genre, republic, studio, list_id, director
    )
    film = explore.pick_random(
        filters.apply(explore.verified_films(catalog), chosen, catalog), seed
    )
    out = render.output_for(data_format=render.JSON if json_output else None)
    if film is None:
        render.no_film(out)
        raise NotFound("no film passes those filters")
    render.film_detail(out, film, catalog)
