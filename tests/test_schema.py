"""The JSON Schemas shipped beside the data."""

from __future__ import annotations

import json

import jsonschema
import pytest

from covid_synergy._compat import files
from covid_synergy._schema import schemas

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
