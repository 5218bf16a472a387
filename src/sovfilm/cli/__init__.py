"""The sovfilm command line: parse arguments, call the core, hand the result to render.

One module per group of commands; importing a module registers its commands
on the shared app. A run imports only the module of the command it names, so
Typer builds one group of commands instead of all of them (which costs more
than the rest of a warm run); `--help`, completion and anything unexpected
get the full app.

The command modules leave out `from __future__ import annotations` on purpose:
Typer reads every parameter's annotation on each run, and a string annotation
costs a compile and an eval (about 3 ms a run for `recommend`). Names imported
only for type checking are quoted where they are used.
"""

import gc
import importlib
import os
import sys
from typing import Any

COMMAND_MODULES = {
    "search": "browse", "show": "browse", "list": "browse", "random": "browse",
    "themes": "discover", "directors": "discover", "stats": "discover",
    "recommend": "recommend",
    "watchlist": "personal", "seen": "personal", "unseen": "personal",
    "import": "personal", "export": "personal", "where": "personal",
    "validate": "check",
}  # fmt: skip
MODULES = sorted(set(COMMAND_MODULES.values()))
GLOBAL_OPTIONS_WITH_VALUE = {"--catalog"}


def _register(modules: list[str], only: str | None = None) -> Any:
    """The app with the commands of MODULES, or with just the command ONLY among them."""
    from sovfilm.cli.application import app

    for module in modules:
        importlib.import_module(f"sovfilm.cli.{module}")
    if only is not None:
        # Typer builds every registered command on each run; one is all a run needs.
        app.registered_commands = [
            info for info in app.registered_commands if _command_name(info) == only
        ]
    return app


def _command_name(info: Any) -> str:
    return info.name or info.callback.__name__.replace("_", "-")


def command_named(argv: list[str]) -> str | None:
    """The command a command line names, skipping global options; None if unclear."""
    words = iter(argv)
    for word in words:
        if word in GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main() -> None:
    """Console-script entry point."""
    # A run is short, and the big things it loads (films, search keys, the
    # recommendation model) hold no reference cycles: the cyclic collector
    # would only walk those millions of objects again and again, some 40 ms
    # of a warm search on 50,000 films. The run ends without freeing it (_exit_now).
    gc.disable()
    name = command_named(sys.argv[1:])
    completing = any(key.startswith("_SOVFILM_COMPLETE") for key in os.environ)
    module = COMMAND_MODULES.get(name or "")
    app = _register([module], only=name) if module and not completing else _register(MODULES)
    try:
        app(prog_name="sovfilm")
    except SystemExit as finished:
        if finished.code is None or isinstance(finished.code, int):
            _exit_now(finished.code or 0)
        raise


def _exit_now(code: int) -> None:
    """End the process without freeing its objects one by one, as mypy does.

    Python's own exit frees everything a run loaded, object by object: some
    25 ms after a search of 50,000 films, for memory the system takes back at
    once anyway. Nothing is lost by skipping it: every file a command writes
    is closed before the command returns, sovfilm starts no threads and
    registers no exit handlers, and stdout and stderr are flushed here. If a
    flush fails, the normal exit runs and reports it.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def __getattr__(name: str) -> Any:
    # `from sovfilm.cli import app` (tests, library users) gets every command.
    if name == "app":
        return _register(MODULES)
    raise AttributeError(f"module 'sovfilm.cli' has no attribute {name!r}")
