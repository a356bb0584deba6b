"""Text tables: columns fitted to the terminal, cells cut with "…", in time linear in what is printed."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import _table
from covid_synergy._table import ELLIPSIS, WHOLE, fit_widths, render_table, text_width, truncate
from test_cli import ok

# -- the layout as it was first written: one cell at a time, the reference ---------------


def reference_width(text: str) -> int:
    """Terminal cells of ``text``, character by character."""
    cells = 0
    for char in text:
        if not unicodedata.combining(char):
            cells += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return cells


def reference_fit(natural: Sequence[int], minimum: Sequence[int], available: int, first: Sequence[int]) -> list[int]:
    """Shrink the widest shrinkable column (the rightmost of equals) by one cell until the table fits."""
    widths = list(natural)
    floors = [min(n, m) for n, m in zip(natural, minimum, strict=True)]
    excess = sum(widths) - available
    everything = range(len(widths))
    for columns, lowest in ((first, floors), (everything, floors), (everything, [1] * len(widths))):
        while excess > 0:
            shrinkable = [i for i in columns if widths[i] > lowest[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i], i))
            widths[widest] -= 1
            excess -= 1
    return widths


def reference_truncate(text: str, width: int) -> str:
    """Flatten whitespace, then keep characters while they fit ``width - 1`` cells and add "…"."""
    flat = " ".join(text.split())
    if reference_width(flat) <= width:
        return flat
    if width <= 0:
        return ""
    kept, used = [], 0
    for char in flat:
        cells = reference_width(char)
        if used + cells > width - 1:
            break
        kept.append(char)
        used += cells
    return "".join(kept).rstrip() + ELLIPSIS


def reference_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], minimum: Sequence[int], width: int, first: Sequence[int]
) -> str:
    """The whole table, every cell measured in full."""
    flat = [[" ".join(cell.split()) for cell in row] for row in rows]
    natural = [max([reference_width(h), *(reference_width(r[i]) for r in flat)]) for i, h in enumerate(headers)]
    widths = reference_fit(natural, minimum, max(width - 2 * (len(headers) - 1), 0), first)
    lines = []
    for row in [list(headers), ["-" * w for w in widths], *flat]:
        cells = [
            (c := reference_truncate(cell, w)) + " " * (w - reference_width(c))
            for cell, w in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# Text with wide, combining and unusual whitespace characters.
TEXT = st.text(alphabet="ab é北\u0301 \t\n\x1c\xa0\u2028", max_size=60)
MINIMA = st.sampled_from([1, 3, 6, 10, 20, WHOLE])


@st.composite
def layouts(draw: st.DrawFn) -> tuple[list[int], list[int], int, list[int]]:
    """Natural widths, minimum widths, the room there is and the columns that give way first."""
    columns = draw(st.integers(1, 5))
    natural = draw(st.lists(st.integers(0, 200), min_size=columns, max_size=columns))
    minimum = draw(st.lists(MINIMA, min_size=columns, max_size=columns))
    first = draw(st.lists(st.sampled_from(range(columns)), unique=True))
    return natural, minimum, draw(st.integers(0, 300)), first


class TestFit:
    """Column widths: the same as shrinking one cell at a time, in time that does not grow with the cut."""

    @given(layouts())
    def test_as_one_cell_at_a_time(self, layout: tuple[list[int], list[int], int, list[int]]) -> None:
        """Whole levels at a time give exactly the widths of one cell at a time."""
        natural, minimum, available, first = layout
        assert reference_fit(natural, minimum, available, first) == fit_widths(natural, minimum, available, first=first)

    def test_a_huge_column(self) -> None:
        """Two million cells too many are cut at once: the widest gives way down to the others, then all do."""
        assert [10, 22, 8] == fit_widths([10, 2_000_000, 8], [10, 20, 6], 40)
        assert [1, 1, 1] == fit_widths([10**9, 10**9, 10**9], [WHOLE] * 3, 2)
        assert [30, 30, 40] == fit_widths([10**9, 10**9, 40], [1, 1, 1], 100, first=[0, 1])

    def test_rightmost_of_equals_gives_way_first(self) -> None:
        """Of equal columns, one cell left over comes off the rightmost."""
        assert [10, 10, 9] == fit_widths([12, 12, 12], [1, 1, 1], 29)


class TestCells:
    """Cutting and measuring one cell."""

    @given(TEXT, st.integers(-1, 70))
    def test_truncate_as_before(self, text: str, width: int) -> None:
        """Cutting reads only what fits, and gives what cutting the whole text gave."""
        assert reference_truncate(text, width) == truncate(text, width)

    @given(TEXT)
    def test_width_as_before(self, text: str) -> None:
        """Wide characters take two cells, combining ones none, as before."""
        assert reference_width(text) == text_width(text)

    @pytest.mark.parametrize(
        ("text", "width", "cut"),
        [
            ("北京 Beijing", 6, "北京…"),
            ("e\u0301te\u0301", 3, "e\u0301te\u0301"),
            ("a  \n\t b", 10, "a b"),
            ("abc", 0, ""),
            ("abc", 1, ELLIPSIS),
        ],
    )
    def test_examples(self, text: str, width: int, cut: str) -> None:
        """Wide, combining and whitespace characters, and the narrowest widths."""
        assert cut == truncate(text, width)


class TestTables:
    """Whole tables."""

    @given(
        st.lists(TEXT.filter(bool), min_size=1, max_size=4).flatmap(
            lambda headers: st.tuples(
                st.just(headers),
                st.lists(st.lists(TEXT, min_size=len(headers), max_size=len(headers)), max_size=4),
                st.lists(MINIMA, min_size=len(headers), max_size=len(headers)),
                st.integers(0, 120),
                st.lists(st.sampled_from(range(len(headers))), unique=True),
            )
        )
    )
    def test_as_before(self, table: tuple[list[str], list[list[str]], list[int], int, list[int]]) -> None:
        """Any table is laid out exactly as measuring every cell in full would."""
        headers, rows, minimum, width, first = table
        assert reference_table(headers, rows, minimum, width, first) == render_table(
            headers, rows, minimum, width, first=first
        )

    def test_a_huge_cell_is_read_only_as_far_as_it_is_shown(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cell of a million wide characters is measured a few hundred characters deep, not a million."""
        measured: list[str] = []
        real = _table._char_width

        def counting(char: str) -> int:
            measured.append(char)
            return real(char)

        monkeypatch.setattr(_table, "_char_width", counting)
        cell = "北京 " * 333_334
        table = render_table(["id", "summary"], [["a", cell], ["b", "short"]], [2, 10], 80)
        assert 80 == max(map(text_width, table.splitlines()))
        assert table.splitlines()[2].endswith(ELLIPSIS)
        assert len(measured) < 1000

    def test_a_huge_text_of_spaces(self) -> None:
        """A cell that is mostly whitespace is still flattened and cut right."""
        assert "id  text\n--  ----\na   x y" == render_table(
            ["id", "text"], [["a", " " * 10**6 + "x" + "\n" * 10**6 + "y"]], [2, 4], 80
        )


class TestCommandLine:
    """The tables of the command line."""

    @pytest.mark.parametrize("columns", [40, 80, 132])
    def test_tables_fit_the_terminal(self, columns: int) -> None:
        """Every table line fits the terminal width; long text is cut with '…'."""
        out = ok("timeline", columns=columns)
        assert [] == [line for line in out.splitlines() if text_width(line) > columns]
        assert ELLIPSIS in out

    def test_wide_tables_are_not_cut(self, ds: cs.Dataset) -> None:
        """In a terminal wide enough, a summary appears whole."""
        event = ds.events[0]
        assert event.summary in ok("events", columns=1000)

    def test_a_summary_of_megabytes(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """A 2.5 MB summary is cut to the terminal like any other."""
        cs.dump(ds, tmp_path)
        events = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
        events[0]["summary"] = ("word " * 500_000).strip()
        (tmp_path / "events.json").write_text(json.dumps(events), encoding="utf-8")
        lines = ok("events", "--data", tmp_path, columns=100).splitlines()
        row = next(line for line in lines if events[0]["id"][:10] in line)
        assert row.endswith("word word…")
        assert 99 <= text_width(row) <= 100  # a space before the cut is dropped
