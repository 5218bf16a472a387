"""The sovfilm command line: parse arguments, call the core, hand the result to render."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from sovfilm import __version__, query, render
from sovfilm.catalog import check_catalog, load_catalog, resolve_catalog_path
from sovfilm.errors import ExitCode, SovfilmError
from sovfilm.model import Catalog
from sovfilm.search import quoted, resolve, search_titles

DEBUG_ENV = "SOVFILM_DEBUG"


@dataclass(frozen=True)
class Settings:
    """Global options, parsed once and handed to every command through ctx.obj."""

    catalog_option: str | None
    debug: bool

    def catalog(self) -> Catalog:
        path, origin = resolve_catalog_path(self.catalog_option, os.environ)
        return load_catalog(path, origin)


class SovfilmGroup(TyperGroup):
    """Turns every failure into one line on stderr and a documented exit code.

    Living in the group's invoke, it covers CliRunner tests as well as real runs.
    """

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            result = super().invoke(ctx)
            # Flush here so a closed pipe surfaces inside this handler, not at exit.
            sys.stdout.flush()
            return result
        except SovfilmError as err:
            if _debug(ctx):
                raise
            render.error(render.Output(), err)
            raise typer.Exit(int(err.code)) from None
        except BrokenPipeError:
            # The reader (head, less, ...) stopped reading: that is not an error.
            _silence_stdout()
            raise typer.Exit(int(ExitCode.OK)) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as err:
            if _debug(ctx) or isinstance(err, _click_exceptions()):
                raise
            render.notice(
                render.Output(),
                f"internal error: {type(err).__name__}: {err} "
                f"(rerun with --debug or {DEBUG_ENV}=1 for the traceback, and please report it)",
            )
            raise typer.Exit(int(ExitCode.DATA)) from None


def _click_exceptions() -> tuple[type[BaseException], ...]:
    # Usage errors raised while parsing a subcommand's options must reach
    # click's own handler, which prints usage and exits 2.
    from typer._click.exceptions import ClickException

    return (ClickException,)


def _debug(ctx: typer.Context) -> bool:
    settings = ctx.obj if isinstance(ctx.obj, Settings) else None
    return bool((settings and settings.debug) or os.environ.get(DEBUG_ENV))


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (a test runner's buffer): nothing to silence
    finally:
        os.close(devnull)


app = typer.Typer(
    cls=SovfilmGroup,
    name="sovfilm",
    help="Browse, search and explore Soviet cinema from the command line.",
    epilog="Exit codes: 0 ok, 1 data problem or nothing found, 2 usage error, 130 interrupted.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (UTF-8) instead of a table.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sovfilm {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    catalog: Annotated[
        str | None,
        typer.Option(
            "--catalog",
            metavar="PATH",
            help="Catalog TOML file to use instead of $SOVFILM_CATALOG or the shipped catalog.",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show Python tracebacks on errors (for bug reports).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Browse, search and explore Soviet cinema from the command line.

    The catalog is data/films.toml shipped with sovfilm, or the file named by
    --catalog or $SOVFILM_CATALOG.
    """
    ctx.obj = Settings(catalog_option=catalog, debug=debug)


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings(None, False)


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="[QUERY]...", help="Title words, optionally a year or a director."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            metavar="N",
            show_default=False,
            help="Show at most N films [default: 20 in a table, all otherwise; 0 = all].",
        ),
    ] = None,
    include_unverified: Annotated[
        bool,
        typer.Option(
            "--include-unverified", help="Also show films whose facts could not be confirmed."
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Find films by any title, in any script or spelling; with no query, list them all.

    Typos and romanizations are forgiven (letjat zuravli, cranes are flyng); a
    year or a director's surname in the query is a hint. Best matches come
    first; with no query, films come by year, then title.

    Examples:

      sovfilm search                       # every verified film

      sovfilm search cranes are flyng

      sovfilm search stalker tarkovsky

      sovfilm search Летят журавли --json | jq -r '.[] | "\\(.score) \\(.title)"'
    """
    catalog = _settings(ctx).catalog()
    text = " ".join(words or [])
    if text.strip():
        matches = search_titles(catalog, text, include_unverified=include_unverified)
        found = [m.film for m in matches]
    else:
        matches, found = None, query.browse(catalog, include_unverified=include_unverified)
    out = render.output_for(json_output=json_output)
    if limit is None:
        limit = 20 if out.format == render.TABLE else 0
    shown = found[:limit] if limit else found
    render.search_results(out, shown, matches, catalog)
    if not found:
        render.notice(out, f'no films match "{quoted(text)}"')
        raise typer.Exit(int(ExitCode.DATA))
    if len(shown) < len(found):
        render.notice(out, f"showing {len(shown)} of {len(found)} films; use --limit 0 to see all")


@app.command()
def show(
    ctx: typer.Context,
    film: Annotated[str, typer.Argument(metavar="FILM", help="A film id (wings-1966) or title.")],
    json_output: JsonOption = False,
) -> None:
    """Show one film: its facts, description, list notes and sources.

    Examples:

      sovfilm show wings-1966

      sovfilm show "The Cranes Are Flying" --json
    """
    catalog = _settings(ctx).catalog()
    resolution = resolve(catalog, film)
    out = render.output_for(json_output=json_output)
    render.film_detail(out, resolution.film, catalog)
    if resolution.runners_up:
        others = ", ".join(f"{m.film.id} ({m.film.title})" for m in resolution.runners_up)
        render.notice(out, f"showing {resolution.film.id}; also close: {others}")


@app.command(name="list")
def list_command(
    ctx: typer.Context,
    list_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="A list id, e.g. wwii; omit to see all lists."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Show the curated lists, or one list's films in order with our corrections.

    Examples:

      sovfilm list

      sovfilm list wwii

      sovfilm list wwii --json | jq -r '.films[] | "\\(.year) \\(.title)"'
    """
    catalog = _settings(ctx).catalog()
    out = render.output_for(json_output=json_output)
    if list_id is None:
        render.lists_overview(out, catalog.lists)
        return
    render.list_detail(out, query.find_list(catalog, list_id), catalog)


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]", help="Catalog file to check [default: the catalog in use]."
        ),
    ] = None,
) -> None:
    """Check a catalog file and report every problem at once.

    Prints a one-line summary when the catalog is usable (warnings go to
    stderr); otherwise every problem with its file, line and key, and exits 1.

    Examples:

      sovfilm validate

      sovfilm validate my-films.toml
    """
    if path is not None:
        file, origin = path, ""
    else:
        file, origin = resolve_catalog_path(_settings(ctx).catalog_option, os.environ)
    catalog, problems = check_catalog(file, origin)
    out = render.Output()
    name = str(file) if path is not None or _settings(ctx).catalog_option else "catalog"
    render.validation(out, catalog, problems, name)
    if catalog is None:
        errors = sum(1 for p in problems if p.severity == "error")
        render.notice(
            out, f"{errors} error{'s' if errors != 1 else ''}: the catalog cannot be used"
        )
        raise typer.Exit(int(ExitCode.DATA))


def main() -> None:
    """Console-script entry point."""
    app(prog_name="sovfilm")


__all__ = ["app", "main"]
