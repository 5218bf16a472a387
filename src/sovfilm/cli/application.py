"""The Typer application: global options, and the one place failures become exit codes."""

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer.core import TyperGroup

from sovfilm import __version__
from sovfilm.errors import ExitCode, SovfilmError

if TYPE_CHECKING:
    from sovfilm.model import Catalog

DEBUG_ENV = "SOVFILM_DEBUG"


class Settings(NamedTuple):
    """Global options, parsed once and handed to every command through ctx.obj."""

    catalog_option: str | None
    debug: bool

    def catalog(self) -> "Catalog":
        """The catalog in use, from the compiled cache when it is current."""
        from sovfilm import cache
        from sovfilm.catalog import load_catalog, resolve_catalog_path

        path, origin = resolve_catalog_path(self.catalog_option, os.environ)
        catalog = cache.load(path, lambda: load_catalog(path, origin), announce=_announce)
        # Held past the command's return, so a run's end frees it with the
        # process rather than object by object (see sovfilm.cli.main).
        _IN_USE["catalog"] = catalog
        return catalog


_IN_USE: dict[str, "Catalog"] = {}


def _announce(step: str) -> None:
    """Show how far compiling a big catalog has got, on one line of a terminal ("" clears it)."""
    if sys.stderr.isatty():
        # \r and a line clear: each step replaces the last, and the finished run leaves nothing.
        sys.stderr.write("\r\x1b[2K" + (f"sovfilm: {step}…" if step else ""))
        sys.stderr.flush()


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
            from sovfilm import render

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
            from sovfilm import render

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
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


def settings(ctx: typer.Context) -> Settings:
    """The global options of this run (defaults when a command is invoked on its own)."""
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Settings) else Settings(None, False)
