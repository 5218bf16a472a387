"""Exit codes and the one exception family the core raises and the CLI reports."""

import enum
from typing import NamedTuple


class ExitCode(enum.IntEnum):
    """Every exit status sovfilm uses; documented in README.md."""

    OK = 0
    # Bad or missing data: a catalog that does not load, a film or list that
    # does not exist, a search that found nothing.
    DATA = 1
    # The command line itself was wrong (Typer/Click use 2 for this already).
    USAGE = 2
    INTERRUPTED = 130


class SovfilmError(Exception):
    """A failure worth one clear line to the user, with an optional hint."""

    code: ExitCode = ExitCode.DATA

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Problem(NamedTuple):
    """One thing wrong with a catalog, with where it is and what was expected."""

    file: str
    where: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.where}:" if self.where else ""
        return f"{place}:{where} {self.message}"


class CatalogError(SovfilmError):
    """A catalog that cannot be used; carries every problem found, not just the first."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        count = len(errors)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"catalog {file} has {count} {noun}",
            hint="run `sovfilm validate` on it to see them all again",
        )
        self.file = file
        self.problems = problems


class CatalogNotFound(SovfilmError):
    """The catalog path given does not exist or cannot be read."""


class NotFound(SovfilmError):
    """A film, list or search that matched nothing; may carry suggestions."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None) -> None:
        self.suggestions = list(suggestions or [])
        hint = "did you mean: " + ", ".join(self.suggestions) if self.suggestions else None
        super().__init__(message, hint=hint)


class UsageError(SovfilmError):
    """A value the user typed that cannot be used (an unknown theme, a bad year range)."""

    code = ExitCode.USAGE


class UserDataError(SovfilmError):
    """The user's own data file cannot be read or used; it is left exactly as it was."""
