"""Flat rows and exports: CSV, JSON Lines, the packaged JSON and the Data Package."""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Self

import pytest
from hypothesis import HealthCheck, assume, given, settings

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._compat import files
from covid_synergy._converter import make_converter
from covid_synergy._export import (
    COLLECTION_NAMES,
    FORMATS,
    columns_for,
    csv_text,
    export,
    render,
    row_columns,
    to_pandas,
    to_polars,
    to_rows,
)

PACKAGED = files("covid_synergy").joinpath("data")
CSV_FILES = ["entities.csv", "events.csv", "aid.csv", "statements.csv", "figures.csv"]
TYPES: dict[str, type[Any]] = {f"{name}.csv": cls for cls, name in COLLECTION_NAMES.items()}


def collections(ds: cs.Dataset) -> dict[str, list[Any]]:
    """The records of each CSV file, in file order."""
    return {
        "entities.csv": list(ds.entities.values()),
        "events.csv": list(ds.events),
        "aid.csv": list(ds.aid),
        "statements.csv": list(ds.statements),
        "figures.csv": list(ds.figures),
    }


def record_from_row(cls: type[Any], row: Mapping[str, str]) -> Any:
    """Rebuild a record from a CSV row whose cells are all text."""

    def cell(name: str) -> str | None:
        return row[name] or None

    def split(name: str) -> list[str]:
        return row[name].split("; ") if row[name] else []

    def numbered(prefix: str, fields: tuple[str, ...]) -> Iterator[dict[str, str]]:
        k = 1
        while f"{prefix}_{k}_{fields[0]}" in row:
            if row[f"{prefix}_{k}_{fields[0]}"]:
                yield {f: row[f"{prefix}_{k}_{f}"] for f in fields}
            k += 1

    if cls is cs.Entity:
        data: dict[str, Any] = {
            "id": row["id"],
            "name": row["name"],
            "kind": row["kind"],
            "iso3": cell("iso3"),
            "aliases": split("aliases"),
            "affiliation": cell("affiliation_id"),
            "role": cell("role"),
        }
        return make_converter().structure(data, cls)
    data = {"id": row["id"], "date": None}
    if row["date_start"]:
        data["date"] = {
            "start": row["date_start"],
            "end": row["date_end"],
            "precision": row["date_precision"],
            "text": cell("date_text"),
        }
    quantities = list(numbered("quantity", ("value", "unit", "bound")))
    evidence = [
        {"paragraph": int(e["paragraph"]), "quote": e["quote"]} for e in numbered("evidence", ("paragraph", "quote"))
    ]
    if cls is cs.Event:
        data |= {
            "kind": row["kind"],
            "summary": row["summary"],
            "participants": split("participant_ids"),
            "location": cell("location_id"),
            "quantities": quantities,
        }
    elif cls is cs.AidRecord:
        data |= {
            "donor": cell("donor_id"),
            "recipients": split("recipient_ids"),
            "kind": row["kind"],
            "summary": row["summary"],
            "quantities": quantities,
            "items": split("items"),
            "status": row["status"],
            "event": cell("event_id"),
        }
    elif cls is cs.Statement:
        data |= {
            "speaker": cell("speaker_id"),
            "audience": split("audience_ids"),
            "text": row["text"],
            "mode": row["mode"],
            "event": cell("event_id"),
        }
    else:
        data |= {
            "metric": row["metric"],
            "summary": row["summary"],
            "quantity": quantities[0],
            "subject": cell("subject_id"),
        }
    data["evidence"] = evidence
    return make_converter().structure(data, cls)


def read_csv_records(folder: Path, name: str) -> list[Any]:
    """The records of one exported CSV file, read with the csv module."""
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return [record_from_row(TYPES[name], row) for row in csv.DictReader(handle)]


def plain_lists(ds: cs.Dataset) -> bool:
    """Whether no free-text list item contains the '; ' that joins list cells."""
    items = [i for a in ds.aid for i in a.items]
    aliases = [a for e in ds.entities.values() for a in e.aliases]
    return not any("; " in text for text in [*items, *aliases])


# -- rows -------------------------------------------------------------------------


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

    def test_csv_text_writes_iso_dates_and_full_decimals(self) -> None:
        """Cells: None is empty, dates ISO, decimals never in exponent form."""
        text = csv_text([{"a": None, "b": date(2020, 3, 1), "c": Decimal("2E+9"), "d": 3}])
        assert "a,b,c,d\r\n,2020-03-01,2000000000,3\r\n" == text


# -- exports --------------------------------------------------------------------------


class TestCsv:
    """The csv export: one file per collection, read back to the same records."""

    def test_files(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """The csv export writes one file per collection and entities.csv."""
        written = export(ds, tmp_path, "csv")
        assert CSV_FILES == [p.name for p in written]

    def test_read_back_with_csv(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Every CSV file reads back with the csv module to the very records exported."""
        export(ds, tmp_path, "csv")
        for name, records in collections(ds).items():
            assert records == read_csv_records(tmp_path, name), name

    def test_read_back_with_pandas(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Every CSV file reads back with pandas (cells as text) to the very records exported."""
        pd = importlib.import_module("pandas")
        export(ds, tmp_path, "csv")
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


class TestJson:
    """The json and jsonl exports use the packaged schema."""

    def test_json_export_loads_back_equal(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """The json export is a folder load_path reads back to an equal dataset."""
        export(ds, tmp_path, "json")
        assert ds == cs.load_path(tmp_path)

    def test_jsonl_lines_are_the_packaged_records(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Each jsonl line is one record in the schema of the packaged JSON files."""
        export(ds, tmp_path, "jsonl")
        for name in ("entities", "events", "aid", "statements", "figures"):
            packaged = json.loads(PACKAGED.joinpath(f"{name}.json").read_text(encoding="utf-8"))
            lines = (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            assert packaged == [json.loads(line) for line in lines], name
        assert ds.source == make_converter().structure(
            json.loads((tmp_path / "source.json").read_text(encoding="utf-8")), cs.Source
        )


class TestDataPackage:
    """The Frictionless Data Package: valid, with schemas, foreign keys, licence and source."""

    def test_the_validator_passes_it(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """The real frictionless validator finds no error in the exported package."""
        frictionless = importlib.import_module("frictionless")
        export(ds, tmp_path, "datapackage")
        report = frictionless.validate(tmp_path / "datapackage.json")
        assert [] == report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
        assert report.valid

    def test_the_validator_catches_a_broken_foreign_key(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """The validation is real: a donor id missing from entities.csv is reported."""
        frictionless = importlib.import_module("frictionless")
        files = render(ds, "datapackage")
        files["aid.csv"] = files["aid.csv"].replace(b",china,China,", b",atlantis,China,")
        descriptor = json.loads(files["datapackage.json"])
        for resource in descriptor["resources"]:
            del resource["hash"], resource["bytes"]
        files["datapackage.json"] = json.dumps(descriptor).encode()
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
        report = frictionless.validate(tmp_path / "datapackage.json")
        assert {"foreign-key"} == {error[0] for error in report.flatten(["type"])}

    @settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(dataset=cst.datasets(max_records=8, max_entities=5))
    def test_any_dataset_gives_a_valid_package(self, dataset: cs.Dataset, tmp_path: Path) -> None:
        """Generated datasets, with references, undated records and many quantities, validate too."""
        frictionless = importlib.import_module("frictionless")
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        export(dataset, folder, "datapackage")
        report = frictionless.validate(folder / "datapackage.json")
        assert [] == report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])

    def test_descriptor(self, ds: cs.Dataset) -> None:
        """The descriptor names the licence, the source, a primary key and the foreign keys to entities."""
        descriptor = json.loads(render(ds, "datapackage")["datapackage.json"])
        assert [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ] == descriptor["licenses"]
        assert ds.source.url == descriptor["sources"][0]["path"]
        assert ds.source.data_version == descriptor["version"]
        resources = {r["name"]: r for r in descriptor["resources"]}
        assert [n.removesuffix(".csv") for n in CSV_FILES] == list(resources)
        aid_keys = resources["aid"]["schema"]["foreignKeys"]
        expected = [
            {"fields": "donor_id", "reference": {"resource": "entities", "fields": "id"}},
            {"fields": "event_id", "reference": {"resource": "events", "fields": "id"}},
        ]
        assert expected == aid_keys
        assert {r: ["id"] for r in resources} == {r: v["schema"]["primaryKey"] for r, v in resources.items()}

    def test_descriptor_is_written_last(self, ds: cs.Dataset) -> None:
        """datapackage.json comes after every CSV file, so a package is never described before it exists."""
        assert [*CSV_FILES, "datapackage.json"] == list(render(ds, "datapackage"))


class TestSafety:
    """No overwrite without asking, atomic files, no file where a folder should be."""

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_never_overwrites(self, ds: cs.Dataset, tmp_path: Path, fmt: str) -> None:
        """An existing file stops the export before anything is written, in every format."""
        last = list(render(ds, fmt))[-1]  # type: ignore[arg-type]
        (tmp_path / last).write_text("mine", encoding="utf-8")
        with pytest.raises(FileExistsError, match="--force"):
            export(ds, tmp_path, fmt)  # type: ignore[arg-type]
        assert [last] == [p.name for p in tmp_path.iterdir()]
        assert "mine" == (tmp_path / last).read_text(encoding="utf-8")

    def test_overwrites_when_asked(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """With overwrite=True the files are replaced by the export."""
        (tmp_path / "events.csv").write_text("mine", encoding="utf-8")
        export(ds, tmp_path, "csv", overwrite=True)
        assert render(ds, "csv")["events.csv"] == (tmp_path / "events.csv").read_bytes()

    def test_refuses_a_file_as_the_folder(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """An output path that is a file is refused, and the file is left alone."""
        target = tmp_path / "out"
        target.write_text("a file", encoding="utf-8")
        with pytest.raises(NotADirectoryError, match="not a folder"):
            export(ds, target, "csv", overwrite=True)
        assert "a file" == target.read_text(encoding="utf-8")

    def test_an_interrupted_export_leaves_no_half_written_file(
        self, ds: cs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write failing halfway through the second file leaves the first whole and nothing else."""
        real_fdopen = os.fdopen
        opened: list[int] = []

        class HalfWriter:
            """A file handle that writes half of what it is given, then fails."""

            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> Self:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise OSError(28, "No space left on device")

        def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            opened.append(fd)
            handle = real_fdopen(fd, *args, **kwargs)
            return handle if len(opened) == 1 else HalfWriter(handle)

        out = tmp_path / "out"
        with monkeypatch.context() as patch:
            patch.setattr(os, "fdopen", failing_fdopen)
            with pytest.raises(OSError, match="No space left"):
                export(ds, out, "datapackage")
        files = render(ds, "datapackage")
        first = next(iter(files))
        assert 2 == len(opened)
        assert [first] == sorted(p.name for p in out.iterdir())
        assert files[first] == (out / first).read_bytes()

    def test_a_failed_rename_leaves_no_temporary_file(
        self, ds: cs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure at the rename of the third file leaves two whole files and no temporary one."""
        real_replace = os.replace
        calls: list[str] = []

        def failing_replace(source: Any, target: Any) -> None:
            calls.append(str(target))
            if len(calls) == 3:
                raise OSError(5, "Input/output error")
            real_replace(source, target)

        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing_replace)
            with pytest.raises(OSError, match="Input/output"):
                export(ds, tmp_path, "csv")
        files = render(ds, "csv")
        assert CSV_FILES[:2] == sorted((p.name for p in tmp_path.iterdir()), key=CSV_FILES.index)
        assert [files[n] for n in CSV_FILES[:2]] == [(tmp_path / n).read_bytes() for n in CSV_FILES[:2]]

    def test_unknown_format(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """An unknown format is a ValueError naming the formats, and writes nothing."""
        with pytest.raises(ValueError, match="datapackage"):
            export(ds, tmp_path / "out", "xlsx")  # type: ignore[arg-type]
        assert [] == list(tmp_path.iterdir())


# -- data frames ---------------------------------------------------------------------


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
