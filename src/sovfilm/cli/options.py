"""Options shared by several commands: output formats, filters, sorting, and completions."""

import enum
import os
from typing import TYPE_CHECKING, Annotated

import typer

from sovfilm.errors import SovfilmError, UsageError

if TYPE_CHECKING:
    from sovfilm import filters, render
    from sovfilm.model import Catalog


class Sort(enum.StrEnum):
    year = "year"
    title = "title"
    score = "score"


# -- shell completion -----------------------------------------------------------------


def _completion_catalog(ctx: typer.Context) -> "Catalog | None":
    from sovfilm.catalog import load_catalog, resolve_catalog_path

    try:
        option = ctx.find_root().params.get("catalog")
        return load_catalog(*resolve_catalog_path(option, os.environ))
    except (SovfilmError, OSError):
        return None  # a completion must never print an error into the user's prompt


def _completer(field: str):
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from sovfilm.filters import vocabulary

        catalog = _completion_catalog(ctx)
        if catalog is None:
            return []
        values = vocabulary(catalog, field)
        return [v for v in values if v.casefold().startswith(incomplete.casefold())]

    return complete


def complete_film(ctx: typer.Context, incomplete: str) -> list[str]:
    catalog = _completion_catalog(ctx)
    if catalog is None:
        return []
    wanted = incomplete.casefold()
    names = [f.id for f in catalog.films] + [f.title for f in catalog.films]
    return sorted({n for n in names if n.casefold().startswith(wanted)})


complete_list = _completer("list")

# -- output ---------------------------------------------------------------------------

JsonFlag = Annotated[bool, typer.Option("--json", help="Print a JSON array (UTF-8).")]
JsonlFlag = Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")]
CsvFlag = Annotated[
    bool, typer.Option("--csv", help="Print CSV with a header row; lists joined with '; '.")
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,...",
        help="Print only these fields, in this order (e.g. id,title,year).",
    ),
]


def output(
    json_output: bool, jsonl: bool, csv: bool, fields: str | None, columns: tuple[str, ...]
) -> "render.Output":
    """Resolve the output of a listing command once, refusing flags that conflict."""
    from sovfilm import render
    from sovfilm.search import quoted

    chosen = [f for f, on in (("json", json_output), ("jsonl", jsonl), ("csv", csv)) if on]
    if len(chosen) > 1:
        raise UsageError(
            f"--{chosen[0]} and --{chosen[1]} cannot be used together",
            hint="choose one output format",
        )
    picked = None
    if fields is not None:
        picked = tuple(f.strip() for f in fields.split(",") if f.strip())
        unknown = [f for f in picked if f not in columns]
        if unknown or not picked:
            raise UsageError(
                f'unknown field "{quoted(unknown[0])}"' if unknown else "--fields names no field",
                hint="valid fields: " + ", ".join(columns),
            )
    return render.output_for(data_format=chosen[0] if chosen else None, fields=picked)


# -- filters --------------------------------------------------------------------------

DecadeOption = Annotated[
    str | None, typer.Option("--decade", metavar="DECADE", help="1970s, 70s or 1970.")
]
YearOption = Annotated[
    str | None,
    typer.Option("--year", metavar="YEARS", help="1966, 1960..1969, ..1956 or 1980.."),
]
ThemeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        metavar="THEME",
        help="Films with this theme; repeat for several (all must hold). See `sovfilm themes`.",
        autocompletion=_completer("theme"),
    ),
]
GenreOption = Annotated[
    list[str] | None,
    typer.Option(
        "--genre",
        metavar="GENRE",
        help="Films of this genre; repeat for several (all must hold).",
        autocompletion=_completer("genre"),
    ),
]
RepublicOption = Annotated[
    str | None,
    typer.Option(
        "--republic",
        metavar="REPUBLIC",
        help='Soviet republic of the studio, e.g. "Georgian SSR" or georgian.',
        autocompletion=_completer("republic"),
    ),
]
StudioOption = Annotated[
    str | None,
    typer.Option(
        "--studio", metavar="STUDIO", help="e.g. Mosfilm.", autocompletion=_completer("studio")
    ),
]
ListOption = Annotated[
    str | None,
    typer.Option(
        "--list",
        metavar="LIST",
        help="Only films in this curated list.",
        autocompletion=complete_list,
    ),
]
DirectorOption = Annotated[
    str | None,
    typer.Option(
        "--director", metavar="NAME", help="A director, in any spelling (tarkovskiy, Тарковский)."
    ),
]
SortOption = Annotated[
    Sort | None,
    typer.Option(
        "--sort",
        help="Order by year, title or score [default: score for a search, else year].",
        show_default=False,
    ),
]
ReverseFlag = Annotated[bool, typer.Option("--reverse", help="Reverse the order.")]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        metavar="N",
        show_default=False,
        help="Show at most N films [default: 20 in a table, all otherwise; 0 = all].",
    ),
]


def build_filters(
    catalog: "Catalog",
    decade: str | None,
    year: str | None,
    theme: list[str] | None,
    genre: list[str] | None,
    republic: str | None,
    studio: str | None,
    list_id: str | None,
    director: str | None,
) -> "filters.Filters | None":
    """The filters the options ask for; None when they ask for none."""
    wanted = (decade, year, theme, genre, republic, studio, list_id, director)
    if all(value is None for value in wanted):
        return None  # and sovfilm.filters need not be imported
    from sovfilm import filters

    return filters.build(
        catalog,
        decade=decade,
        year=year,
        themes=theme or (),
        genres=genre or (),
        republic=republic,
        studio=studio,
        list_id=list_id,
        director=director,
    )


def limit_for(out: "render.Output", limit: int | None) -> int:
    """The number of films to show: 20 in a table by default, all otherwise; 0 means all."""
    from sovfilm import render

    if limit is None:
        return 20 if out.format == render.TABLE else 0
    return limit
