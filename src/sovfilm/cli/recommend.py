"""The recommend command: films like the ones you name, with reasons."""

from typing import Annotated

import typer

from sovfilm.cli import options as opt
from sovfilm.cli.application import app, settings
from sovfilm.errors import ExitCode, UsageError


@app.command()
def recommend(
    ctx: typer.Context,
    films: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILM]...",
            help="One or more films (ids or titles); several build one combined profile.",
            autocompletion=opt.complete_film,
        ),
    ] = None,
    for_me: Annotated[
        bool,
        typer.Option(
            "--for-me", help="Build the profile from your films rated 4 or more and your watchlist."
        ),
    ] = False,
    include_seen: Annotated[
        bool, typer.Option("--include-seen", help="Also suggest films you have marked seen.")
    ] = False,
    decade: opt.DecadeOption = None,
    year: opt.YearOption = None,
    theme: opt.ThemeOption = None,
    genre: opt.GenreOption = None,
    republic: opt.RepublicOption = None,
    studio: opt.StudioOption = None,
    list_id: opt.ListOption = None,
    director: opt.DirectorOption = None,
    same_director: Annotated[
        bool,
        typer.Option(
            "--same-director", help="Allow more than two films by one director in the results."
        ),
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="How many films to suggest.")
    ] = 10,  # recommend.DEFAULT_LIMIT, written out so --help need not import the engine
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
    fields: opt.FieldsOption = None,
) -> None:
    """Suggest films like the ones you name, and say why for each.

    Similarity counts shared themes (rare ones more), directors, genres, era,
    description wording, republic and studio; the list is kept varied, with
    at most two films by one director unless --same-director. The films you
    name never appear in the results.

    Examples:

      sovfilm recommend Wings

      sovfilm recommend "The Irony of Fate" --limit 5

      sovfilm recommend stalker solaris --decade 1980s

      sovfilm recommend wings-1966 --json | jq -r '.[].reasons[0].kind'
    """
    from sovfilm import records, render, userdata
    from sovfilm.recommend import recommend as recommend_films
    from sovfilm.search import resolve

    out = opt.output(json_output, jsonl, csv, fields, records.film_columns(recommended=True))
    catalog = settings(ctx).catalog()
    mine = userdata.load(userdata.data_file())
    if not films and not for_me:
        raise UsageError("name a film to recommend from, or use --for-me")
    resolutions = [resolve(catalog, film) for film in films or []]
    for named, resolution in zip(films or [], resolutions, strict=True):
        if resolution.match is not None and resolution.runners_up:
            close = ", ".join(m.film.id for m in resolution.runners_up)
            render.notice(out, f'"{named}" taken as {resolution.film.id}; also close: {close}')
    seeds = [r.film for r in resolutions]
    if for_me:
        seeds += [catalog.film(i) for i in userdata.taste_films(mine) if catalog.film(i)]
        if not seeds:
            raise UsageError(
                "no films of yours to go on yet",
                hint="rate films you liked (sovfilm seen FILM --rating 4.5) or fill your watchlist",
            )
    chosen = opt.build_filters(
        catalog, decade, year, theme, genre, republic, studio, list_id, director
    )
    recs = recommend_films(
        catalog,
        seeds,
        limit=limit,
        filters=chosen,
        same_director=same_director,
        exclude=() if include_seen else mine.seen_ids(),
    )
    titles = {s.id: s.title for s in seeds} if len(seeds) > 1 or for_me else None
    render.recommendations(out, recs, catalog, titles)
    if not recs:
        render.notice(out, "no films to recommend with these filters")
        raise typer.Exit(int(ExitCode.DATA))
