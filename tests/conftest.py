"""Shared fixtures: a clean, deterministic environment and a `run` helper for the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sovfilm.cli import app

CATALOGS = Path(__file__).parent / "catalogs"
MINI = CATALOGS / "mini.toml"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's settings, home directory or terminal."""
    for name in ("SOVFILM_CATALOG", "SOVFILM_DEBUG", "NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SOVFILM_HOME", str(tmp_path / "sovfilm-home"))
    monkeypatch.setenv("SOVFILM_CACHE", str(tmp_path / "sovfilm-cache"))
    monkeypatch.delenv("SOVFILM_NO_CACHE", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERMINAL_WIDTH", "3000")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")


class Run:
    """Call the CLI in-process; fail loudly, showing stderr, on an unexpected exit code."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, exit: int = 0, env: dict[str, str] | None = None):
        result = self.runner.invoke(app, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == exit, (
            f"sovfilm {' '.join(args)} exited {result.exit_code}, expected {exit}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )
        return result


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture
def mini() -> Path:
    return MINI
