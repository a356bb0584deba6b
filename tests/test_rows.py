"""Flat rows: the columns of the CSV export, typed values, ids and names."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import covid_synergy as cs
from covid_synergy._export import render
from covid_synergy._rows import columns_for, row_columns, to_rows
from csv_reader import collections


class TestRows:
    """to_rows: flat dictionaries with the CSV's columns."""

    def test_rows_have_the_csv_columns(self, ds: cs.Dataset) -> None:
        """Every row of a collection has exactly the columns of its CSV file's header."""
        files = render(ds, "csv")
        for name, records in collections(ds).items():
            header = next(csv.reader(io.StringIO(files[name].decode("utf-8"))))
            rows = to_rows(records, ds.entities)
            assert [header] == [list(row) for row in rows[:1]], name
            assert {tuple(header)} == {tuple(row) for row in rows}, name

    def test_columns_match_the_declared_columns(self, ds: cs.Dataset) -> None:
        """The row builders and columns_for (the Data Package schema) agree, column for column."""
        sets: list[tuple[type[Any], list[Any], int]] = [
            (cs.Event, list(ds.events), max(len(e.quantities) for e in ds.events)),
            (cs.AidRecord, list(ds.aid), max(len(a.quantities) for a in ds.aid)),
            (cs.Statement, list(ds.statements), 1),
            (cs.Figure, list(ds.figures), 1),
        ]
        for cls, records, n_q in sets:
            n_e = max(len(r.evidence) for r in records)
            declared = [c.name for c in columns_for(cls, quantities=n_q, evidence=n_e)]
            assert declared == row_columns(to_rows(records, ds.entities)), cls

    def test_ids_and_names_are_both_present(self, ds: cs.Dataset) -> None:
        """An entity reference gives its id and its name; lists are joined with '; '."""
        event = ds.get("2020-03-12-red-cross-team-arrives-rome")
        row = to_rows([event], ds.entities)[0]
        assert "red-cross-society-of-china; china; italy" == row["participant_ids"]
        assert "Red Cross Society of China; China; Italy" == row["participant_names"]
        assert ("rome", "Rome") == (row["location_id"], row["location_name"])

    def test_names_are_none_without_entities(self, ds: cs.Dataset) -> None:
        """Without the entities the name columns are empty, the ids still present."""
        row = to_rows([ds.get("2020-03-12-red-cross-team-arrives-rome")])[0]
        assert (None, "rome") == (row["location_name"], row["location_id"])

    def test_dates_and_quantities_are_typed_columns(self, ds: cs.Dataset) -> None:
        """Dates split into start, end, precision, text and EDTF; quantities into value, unit and bound."""
        row = to_rows([ds.get("2020-03-12-red-cross-team-arrives-rome")], ds.entities)[0]
        expected = {
            "date_start": date(2020, 3, 12),
            "date_end": date(2020, 3, 12),
            "date_precision": "day",
            "date_text": None,
            "date_edtf": "2020-03-12",
            "quantities": "9 person; 31 tonne",
            "quantity_1_value": Decimal(9),
            "quantity_1_unit": "person",
            "quantity_1_bound": "exact",
            "quantity_2_value": Decimal(31),
            "quantity_2_unit": "tonne",
            "quantity_2_bound": "exact",
            "evidence_1_paragraph": 34,
        }
        assert expected == {k: row[k] for k in expected}

    def test_undated_records_have_empty_date_columns(self, ds: cs.Dataset) -> None:
        """An undated record's date columns are all None."""
        record = ds.aid.undated()[0]
        row = to_rows([record], ds.entities)[0]
        assert [None] * 5 == [row[k] for k in ("date_start", "date_end", "date_precision", "date_text", "date_edtf")]

    def test_crosswalk_codes_are_columns(self, ds: cs.Dataset) -> None:
        """cameo_code, iati_aid_type and iati_flow_type are columns, from the records' properties."""
        events = to_rows(ds.events, ds.entities)
        aid = to_rows(ds.aid, ds.entities)
        assert [e.cameo_code for e in ds.events] == [r["cameo_code"] for r in events]
        assert [a.iati_aid_type for a in ds.aid] == [r["iati_aid_type"] for r in aid]
        assert [a.iati_flow_type for a in ds.aid] == [r["iati_flow_type"] for r in aid]

    def test_mixed_rows_say_their_collection(self, ds: cs.Dataset) -> None:
        """Rows of the timeline carry their collection, and row_columns is the union of theirs."""
        rows = to_rows(ds.timeline(), ds.entities)
        assert {"events", "aid", "statements", "figures"} == {r["collection"] for r in rows}
        columns = row_columns(rows)
        assert ["collection", "id"] == columns[:2]
        assert {"cameo_code", "iati_aid_type", "text", "metric"} <= set(columns)


def test_rows_are_only_for_the_collections() -> None:
    """A class that is no collection's has no columns."""
    with pytest.raises(TypeError, match="no rows for Source"):
        columns_for(cs.Source)


def test_sentence_rows_carry_their_text_when_it_is_at_hand(ds: cs.Dataset) -> None:
    """A sentence's row has its offsets and role, and its words when the article's text is given."""
    first = ds.sentences[0]
    [row] = to_rows([first], text=ds.source.text)
    assert ("p1-s1", 1, "none", "Nav Search") == (row["id"], row["paragraph"], row["role"], row["text"])
    assert to_rows([first])[0]["text"] is None
