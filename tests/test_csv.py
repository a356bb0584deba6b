"""The CSV export: every record reads back with the csv module, and pandas reads it too."""

from __future__ import annotations

import csv
import importlib
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._csv import csv_text
from covid_synergy._export import export, render
from csv_reader import CSV_FILES, TYPES, collections, plain_lists, read_csv_records, record_from_row


class TestCsv:
    """The csv export: one file per collection, read back to the same records."""

    def test_files(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """The csv export writes one file per collection and entities.csv."""
        written = export(ds, tmp_path, format="csv")
        assert CSV_FILES == [p.name for p in written]

    def test_read_back_with_csv(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Every CSV file reads back with the csv module to the very records exported."""
        export(ds, tmp_path, format="csv")
        for name, records in collections(ds).items():
            assert records == read_csv_records(tmp_path, name), name

    def test_read_back_with_pandas(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Every CSV file reads back with pandas (cells as text) to the very records exported."""
        pd = importlib.import_module("pandas")
        export(ds, tmp_path, format="csv")
        for name, records in collections(ds).items():
            frame = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False)
            rows = frame.to_dict("records")
            assert records == [record_from_row(TYPES[name], row) for row in rows], name

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(dataset=cst.datasets(max_records=12, max_entities=6))
    def test_any_dataset_round_trips(self, dataset: cs.Dataset) -> None:
        """Any valid dataset (more quantities, odd text, undated records) reads back from its CSV text."""
        assume(plain_lists(dataset))
        files = render(dataset, "csv")
        for name, records in collections(dataset).items():
            rows = csv.DictReader(io.StringIO(files[name].decode("utf-8"), newline=""))
            assert records == [record_from_row(TYPES[name], row) for row in rows], name


def test_csv_text_writes_iso_dates_and_full_decimals() -> None:
    """Cells: None is empty, dates ISO, decimals never in exponent form."""
    text = csv_text([{"a": None, "b": date(2020, 3, 1), "c": Decimal("2E+9"), "d": 3}])
    assert "a,b,c,d\r\n,2020-03-01,2000000000,3\r\n" == text
