"""The Data Package: the real frictionless validator passes it, and catches a broken key."""

from __future__ import annotations

import importlib
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._export import export, render
from csv_reader import CSV_FILES


class TestDataPackage:
    """The Frictionless Data Package: valid, with schemas, foreign keys, licence and source."""

    def test_the_validator_passes_it(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """The real frictionless validator finds no error in the exported package."""
        frictionless = importlib.import_module("frictionless")
        export(ds, tmp_path, format="datapackage")
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
        export(dataset, folder, format="datapackage")
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
