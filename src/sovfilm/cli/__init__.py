"""The sovfilm command line: parse arguments, call the core, hand the result to render.

One module per group of commands; each registers its commands on the app.
"""

from __future__ import annotations

from sovfilm.cli import (  # noqa: F401  (importing a module registers its commands)
    browse,
    check,
    discover,
    personal,
    recommend,
)
from sovfilm.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app(prog_name="sovfilm")


__all__ = ["app", "main"]
