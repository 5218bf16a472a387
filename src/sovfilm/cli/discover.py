"""Commands that survey the catalog: themes, directors, stats."""

import typer

from sovfilm.cli import options as opt
from sovfilm.cli.application import app, settings


@app.command()
def themes(
    ctx: typer.Context,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
    fields: opt.FieldsOption = None,
) -> None:
    """List every theme with what it means and how many films carry it.

    Themes are what --theme filters on and what recommendations are built on.

    Examples:

      sovfilm themes

      sovfilm themes --csv | sort -t, -k3 -n
    """
    from sovfilm import explore, render

    out = opt.output(json_output, jsonl, csv, fields, ("id", "description", "count"))
    render.themes(out, explore.theme_counts(settings(ctx).catalog()))


@app.command()
def directors(
    ctx: typer.Context,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
    fields: opt.FieldsOption = None,
) -> None:
    """List directors with their number of films and the years those span.

    Examples:

      sovfilm directors

      sovfilm directors --json | jq '.[] | select(.count >= 4)'
    """
    from sovfilm import explore, render

    out = opt.output(json_output, jsonl, csv, fields, ("name", "count", "first", "last"))
    render.directors(out, explore.director_summary(settings(ctx).catalog()))


@app.command()
def stats(
    ctx: typer.Context,
    json_output: opt.JsonFlag = False,
    jsonl: opt.JsonlFlag = False,
    csv: opt.CsvFlag = False,
) -> None:
    """Show the catalog in numbers: films per decade, republic and genre; top themes and directors.

    On a terminal the counts are drawn as bars.

    Examples:

      sovfilm stats

      sovfilm stats --json | jq '.decades'
    """
    from sovfilm import explore, render

    out = opt.output(json_output, jsonl, csv, None, ())
    render.stats(out, explore.catalog_stats(settings(ctx).catalog()))
