"""Shell examples with their real output, captured when the docs are built.

``.. cli-output:: covid-synergy events --kind call``
    A console block: the command after a ``$`` prompt, then what it prints,
    run in process (``covid_synergy._cli.main``) on the packaged data, in a
    terminal :data:`COLUMNS` wide and in an empty temporary folder (so that
    an export writes nowhere that matters). Standard error follows standard
    output, as a terminal shows them; a command that fails must say so with
    ``:status:`` (its exit status), so that an example cannot break
    unnoticed.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from covid_synergy._cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

#: The width of the terminal the examples are printed in: what a code block
#: of these pages shows without scrolling at a laptop's width.
COLUMNS = 88
PROGRAM = "covid-synergy"


@contextlib.contextmanager
def terminal(columns: int) -> Iterator[None]:
    """Run in an empty temporary folder, with ``COLUMNS`` set, and restore both."""
    saved_columns, saved_folder = os.environ.get("COLUMNS"), Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COLUMNS"] = str(columns)
        os.chdir(folder)
        try:
            yield
        finally:
            os.chdir(saved_folder)
            if saved_columns is None:
                del os.environ["COLUMNS"]
            else:
                os.environ["COLUMNS"] = saved_columns


def run(command: str) -> tuple[int, str]:
    """Run one ``covid-synergy ...`` command line; return its exit status and what it printed."""
    program, *argv = shlex.split(command)
    if program != PROGRAM:
        msg = f"a shell example runs {PROGRAM}, not {program!r}"
        raise ValueError(msg)
    out, err = io.StringIO(), io.StringIO()
    with terminal(COLUMNS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue() + err.getvalue()


class CLIOutput(SphinxDirective):
    """``.. cli-output:: COMMAND``: the command and its output, as a console block."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {"status": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        """Run the command and render what it printed."""
        command = self.arguments[0]
        try:
            status, printed = run(command)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        expected = self.options.get("status", 0)
        if status != expected:
            msg = f"{command!r} exited with status {status}, not {expected}:\n{printed}"
            raise self.error(msg)
        text = f"$ {command}\n{printed}".rstrip("\n")
        block = nodes.literal_block(text, text, language="console")
        self.set_source_info(block)
        return [block]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directive."""
    app.add_directive("cli-output", CLIOutput)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
