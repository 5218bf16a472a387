"""The core is plain data and functions: no CLI or terminal libraries, and a light start-up."""

from __future__ import annotations

import os
import subprocess
import sys

CORE = [
    "sovfilm",
    "sovfilm.catalog",
    "sovfilm.model",
    "sovfilm.query",
    "sovfilm.records",
    "sovfilm.errors",
]


def imported_modules(code: str, env: dict[str, str] | None = None) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    return set(result.stdout.split())


def test_core_modules_do_not_import_typer_or_rich() -> None:
    loaded = imported_modules("\n".join(f"import {m}" for m in CORE))
    assert not {m for m in loaded if m.split(".")[0] in {"typer", "rich", "rapidfuzz", "tomli_w"}}


def test_json_commands_do_not_load_rich() -> None:
    # Drawing a table needs rich; printing JSON or plain lines must not pay for it.
    code = (
        "from sovfilm.cli import app\n"
        "try:\n    app(['search', '--json'], prog_name='sovfilm')\n"
        "except SystemExit:\n    pass"
    )
    loaded = imported_modules(code)
    assert "rich.table" not in loaded
    assert "rich.console" not in loaded


def test_every_command_is_mapped_to_its_module() -> None:
    """main() imports only the named command's module; the map must know every command."""
    from sovfilm.cli import COMMAND_MODULES, app

    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    names |= {g.name for g in app.registered_groups}
    assert names == set(COMMAND_MODULES)


def test_package_exports_the_library_functions() -> None:
    code = (
        "import sovfilm\n"
        "catalog = sovfilm.load_catalog()\n"
        "print(sovfilm.search(catalog, 'cranes')[0].film.id)\n"
        "print(sovfilm.recommend(catalog, [catalog.film('wings-1966')])[0].film.id != '')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["cranes-are-flying-1957", "True"]


def test_recommend_default_limit_matches_the_engine() -> None:
    import inspect

    from sovfilm.cli import app  # noqa: F401  (registers the recommend command)
    from sovfilm.cli.recommend import recommend
    from sovfilm.recommend import DEFAULT_LIMIT

    assert inspect.signature(recommend).parameters["limit"].default == DEFAULT_LIMIT


def test_a_warm_recommend_imports_only_what_it_uses(tmp_path) -> None:
    """No filters asked for, no cache to write, no user data directory to look up."""
    code = (
        "import contextlib, io, sys\n"
        "import sovfilm.cli\n"
        "from sovfilm.cli import main\n"
        "sovfilm.cli._exit_now = lambda code: None  # stay to list the modules\n"
        "sys.argv = ['sovfilm', 'recommend', 'Wings', '--json']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass"
    )
    env = {k: v for k, v in os.environ.items() if k != "SOVFILM_HOME"}
    env |= {"SOVFILM_CACHE": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)  # builds the cache
    loaded = imported_modules(code, env)
    assert "sovfilm.recommend" in loaded  # the run did recommend
    assert not loaded & {"sovfilm.filters", "tempfile", "platformdirs", "dataclasses", "tomllib"}
