"""What a user waits for: the short table and the chart at the top of the Performance page.

The numbers are those of the benchmark run the Performance page reports
(``python -m benchmarks``; the full tables are on the method page), written
here once: the ``.. felt-performance::`` directive tables them and
``first-answer.png`` (written into ``docs/_generated/`` when the build starts)
draws the first row, so that the table and the chart cannot disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib as mpl
from figures import STYLE, png_bytes, write_if_changed
from matplotlib.figure import Figure
from sphinx.util.docutils import SphinxDirective
from vocabulary import list_table

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

mpl.use("Agg")

#: A whole new process, from start to the first answer (ms, medians of 25 rounds).
COLD_START_MS = {
    "python -c pass": 16.9,
    "import attrs, cattrs, json": 94.0,
    "pycountry: import, look up 'ITA'": 97.7,
    "covid-synergy: import, load, involving('ITA')": 131.0,
}

#: Each row: what the user waits for, then covid-synergy, pycountry and json.loads;
#: what each number is, is said under the table on the page.
ROWS = [
    ["The first answer, in a new process", "131 ms", "97.7 ms", "94.0 ms (the floor)"],
    ["Loading the packaged data", "3.9 ms", "not measured yet", "not measured yet"],
    ["Loading 10,000 records of your own", "183 ms", "(no such data)", "61.3 ms"],
    ["A query: one entity, one day", "6 to 8 µs, at any size", "not measured yet", "(no queries)"],
]


def draw_first_answer() -> Figure:
    """A bar per process: how long until the first answer, in milliseconds."""
    names = list(COLD_START_MS)
    with mpl.rc_context({**STYLE, "font.size": 12, "axes.titlesize": 13}):
        figure = Figure(figsize=(8.6, 3.2), layout="constrained")
        ax = figure.add_subplot()
        colours = ["#b0b0b0", "#b0b0b0", "#ff7f0e", "#1f77b4"]
        ax.barh(names, [COLD_START_MS[n] for n in names], color=colours, height=0.62)
        for y, name in enumerate(names):
            ax.text(COLD_START_MS[name] + 2, y, f"{COLD_START_MS[name]:g} ms", va="center")
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, max(COLD_START_MS.values()) * 1.2)
        ax.set_xlabel("ms from starting Python to the first answer")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title("The first answer, in a new process", loc="left")
    return figure


class FeltPerformance(SphinxDirective):
    """``.. felt-performance::``: the short table of what a user waits for."""

    def run(self) -> list[nodes.Node]:
        """Render the table."""
        header = ["What you wait for", "covid-synergy", "pycountry", "``json.loads``"]
        return self.parse_text_to_nodes("\n".join(list_table(header, ROWS, "34 24 21 21")))


def generate(app: Sphinx) -> None:
    """Draw the chart into ``_generated/``."""
    folder = Path(app.srcdir, "_generated")
    folder.mkdir(parents=True, exist_ok=True)
    write_if_changed(folder / "first-answer.png", png_bytes(draw_first_answer()))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directive and the hook."""
    app.add_directive("felt-performance", FeltPerformance)
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
