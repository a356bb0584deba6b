"""The shell examples of the documentation print what the pages show."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from covid_synergy._cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: The terminal width the pages' shell output was printed at.
COLUMNS = "88"
PROMPT = "$ "


def console_examples(page: str) -> list[tuple[str, str]]:
    """Every ``$ command`` of the page's console blocks, with the output shown after it."""
    text = (DOCS / page).read_text(encoding="utf-8")
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE):
        for line in block.splitlines():
            if line.startswith(PROMPT):
                examples.append((line.removeprefix(PROMPT), []))
            else:
                examples[-1][1].append(line)
    return [(command, "".join(line + "\n" for line in output)) for command, output in examples]


RECIPES = console_examples("recipes.md")


def test_the_recipes_have_shell_examples() -> None:
    """The recipes page has shell examples for the test below to run (a parsing slip would leave none)."""
    commands = [command for command, _output in RECIPES]
    assert 10 <= len(commands)
    assert "covid-synergy aid --donor China --recipient Africa" in commands


@pytest.mark.parametrize(("command", "shown"), RECIPES, ids=[command for command, _shown in RECIPES])
def test_a_recipe_prints_what_the_page_shows(
    command: str,
    shown: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Each shell command of the recipes, run in a terminal 88 columns wide, prints exactly its shown output."""
    monkeypatch.setenv("COLUMNS", COLUMNS)
    monkeypatch.chdir(tmp_path)  # an export writes into the current folder
    program, *argv = shlex.split(command)
    assert "covid-synergy" == program
    status = main(argv)
    captured = capsys.readouterr()
    assert (0, shown, "") == (status, captured.out, captured.err)
