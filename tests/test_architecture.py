"""The core is plain data and functions: no CLI or terminal libraries, and a light start-up."""

from __future__ import annotations

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


def imported_modules(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
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
