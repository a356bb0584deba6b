"""Data frames: lazy imports, clear errors, the same rows."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import pytest

import covid_synergy as cs
from covid_synergy._frames import to_pandas, to_polars
from covid_synergy._rows import row_columns, to_rows


class TestFrames:
    """to_pandas and to_polars: lazy imports, clear errors, the same rows."""

    def test_pandas(self, ds: cs.Dataset) -> None:
        """to_pandas gives one row per record with the CSV's columns, dates and values typed."""
        importlib.import_module("pandas")
        frame = to_pandas(ds.events, ds.entities)
        assert row_columns(to_rows(ds.events)) == list(frame.columns)
        assert len(ds.events) == len(frame)
        assert "datetime64" in str(frame["date_start"].dtype)
        assert "float64" == str(frame["quantity_1_value"].dtype)
        first = frame[frame["id"] == "2020-03-12-red-cross-team-arrives-rome"].iloc[0]
        assert (9.0, "Italy") == (first["quantity_1_value"], first["participant_names"].split("; ")[-1])

    def test_polars(self, ds: cs.Dataset) -> None:
        """to_polars gives one row per record with the CSV's columns."""
        importlib.import_module("polars")
        frame = to_polars(ds.aid, ds.entities)
        assert row_columns(to_rows(ds.aid)) == frame.columns
        assert len(ds.aid) == frame.height

    @pytest.mark.parametrize(("library", "function"), [("pandas", to_pandas), ("polars", to_polars)])
    def test_missing_library_names_the_extra(
        self, ds: cs.Dataset, monkeypatch: pytest.MonkeyPatch, library: str, function: Any
    ) -> None:
        """Without the library, the ImportError says which extra to install."""
        monkeypatch.setitem(sys.modules, library, None)
        with pytest.raises(ImportError, match=rf"pip install covid-synergy\[{library}\]"):
            function(ds.events)
