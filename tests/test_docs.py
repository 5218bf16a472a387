"""The README and docs tell the truth: their commands run, CI runs the README's test command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from sovfilm.records import FILM_FIELDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
JSON_DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def sovfilm_commands(text: str) -> list[str]:
    """Each documented `sovfilm ...` invocation, cut at the first pipe and comment."""
    commands = []
    for block in shell_blocks(text):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("sovfilm "):
                commands.append(line.split(" | ")[0].split(" > ")[0].strip())
    return commands


def test_ci_runs_the_readme_test_command() -> None:
    setup = shell_blocks(README)[:2]
    assert len(setup) == 2
    test_command = setup[1].strip()
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci_script.splitlines()
    assert "pytest" in test_command
    assert "sovfilm search" in setup[0]


# In the order a reader meets them: later examples build on earlier ones
# (`unseen wings-1966` after `seen wings-1966`), so they run in one session.
DOCUMENTED = list(dict.fromkeys(sovfilm_commands(README) + sovfilm_commands(JSON_DOC)))


def test_docs_have_examples() -> None:
    assert len(DOCUMENTED) >= 20


def test_documented_commands_run_on_the_shipped_catalog(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text('I loved "Wings" (1966).\n', encoding="utf-8")
    for command in DOCUMENTED:
        args = shlex.split(command)[1:]
        if args[:2] == ["validate", "my.toml"]:
            continue  # names a file of the reader's own
        run(*args)


def test_every_command_is_in_the_readme(run) -> None:
    help_text = run("--help").stdout
    commands = re.findall(r"^\s{2}(\w+)\s{2,}", help_text, flags=re.MULTILINE)
    assert {"search", "show", "list", "validate"} <= set(commands)
    for command in commands:
        assert f"sovfilm {command}" in README, command


def test_json_doc_lists_every_film_key_in_order() -> None:
    documented = re.findall(r"^\| `(\w+)` \|", JSON_DOC.split("## A film")[1], flags=re.MULTILINE)
    assert documented == list(FILM_FIELDS)


def test_exit_codes_are_documented() -> None:
    from sovfilm.errors import ExitCode

    for code in ExitCode:
        assert f"| {int(code)} |" in README, code
