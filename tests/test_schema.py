"""The JSON Schemas shipped beside the data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

import covid_synergy as cs
from covid_synergy._compat import files
from covid_synergy._schema import _type_schema, schemas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import write_schemas

DATA = files("covid_synergy").joinpath("data")


@pytest.mark.parametrize("name", sorted(schemas()))
def test_shipped_schema_is_current(name: str) -> None:
    """Each shipped schema equals the one derived from the record classes."""
    assert schemas()[name] == json.loads(DATA.joinpath("schemas", name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(schemas()))
def test_packaged_data_validates(name: str) -> None:
    """Each packaged file is valid against its schema."""
    schema = schemas()[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(DATA.joinpath(name.replace(".schema", "")).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_what_the_loader_rejects() -> None:
    """A float quantity and an unknown key fail the schema, as they fail the loader."""
    validator = jsonschema.Draft202012Validator(schemas()["aid.schema.json"])
    record = json.loads(DATA.joinpath("aid.json").read_text(encoding="utf-8"))[0]
    assert validator.is_valid([record])
    assert not validator.is_valid([{**record, "colour": "red"}])
    assert not validator.is_valid([{**record, "quantities": [{"value": 8.1, "unit": "tonne", "bound": "exact"}]}])


def test_the_writer_writes_and_checks_the_shipped_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tools/write_schemas.py writes what schemas() gives; --check says so, and fails on a stale file."""
    monkeypatch.setattr(write_schemas, "FOLDER", tmp_path)
    assert 1 == write_schemas.main(["--check"])
    assert 0 == write_schemas.main([])
    assert sorted(schemas()) == sorted(p.name for p in tmp_path.iterdir())
    assert 0 == write_schemas.main(["--check"])
    (tmp_path / "aid.schema.json").write_text("{}", encoding="utf-8")
    assert 1 == write_schemas.main(["--check"])
    assert 0 == write_schemas.main([])
    assert schemas()["aid.schema.json"] == json.loads((tmp_path / "aid.schema.json").read_text(encoding="utf-8"))


def test_a_type_with_no_schema_is_an_error() -> None:
    """The schema writer refuses a type it has no JSON form for, rather than guess."""
    with pytest.raises(TypeError, match="no schema for <class 'float'>"):
        _type_schema(float, {})
    defs: dict[str, object] = {}
    first = _type_schema(tuple[cs.Quantity, ...], defs)
    assert first == _type_schema(tuple[cs.Quantity, ...], defs)
    assert ["Quantity"] == list(defs)
