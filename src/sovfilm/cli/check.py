"""The validate command: check a catalog file and report every problem."""

import os
from pathlib import Path
from typing import Annotated

import typer

from sovfilm.cli.application import app, settings
from sovfilm.errors import ExitCode


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
    from sovfilm import render
    from sovfilm.catalog import check_catalog, resolve_catalog_path

    option = settings(ctx).catalog_option
    if path is not None:
        file, origin = path, ""
    else:
        file, origin = resolve_catalog_path(option, os.environ)
    catalog, problems = check_catalog(file, origin)
    out = render.Output()
    name = str(file) if path is not None or option else "catalog"
    render.validation(out, catalog, problems, name)
    if catalog is None:
        errors = sum(1 for p in problems if p.severity == "error")
        render.notice(
            out, f"{errors} error{'s' if errors != 1 else ''}: the catalog cannot be used"
        )
        raise typer.Exit(int(ExitCode.DATA))
