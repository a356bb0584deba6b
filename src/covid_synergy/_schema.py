"""JSON Schemas of the data files, derived from the record classes.

The schemas shipped in ``data/schemas/`` are written from :func:`schemas`;
a test keeps them equal, so they cannot drift from the code.
"""

from __future__ import annotations

import enum
import types
from datetime import date
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs

from ._codec._rules import DATE, DECIMAL, ID, MAX_NUMBER_CHARS
from ._layout import COLLECTIONS, SOURCE_FILE
from ._model import Source
from ._quantities import UNITS

__all__ = ["schemas"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _anchored(pattern: str) -> str:
    """A regular expression the loader applies with ``fullmatch``, as a JSON Schema pattern."""
    return f"^{pattern}$"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        inner = _type_schema(options[0], defs)
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(get_args(tp)[0], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer"}
    if tp is date:
        return {"type": "string", "format": "date", "pattern": _anchored(DATE.pattern)}
    if tp is Decimal:
        return {"type": "string", "pattern": _anchored(DECIMAL.pattern), "maxLength": MAX_NUMBER_CHARS}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    msg = f"no schema for {tp!r}"
    raise TypeError(msg)


def _object_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    fields = attrs.fields(attrs.resolve_types(cls))
    properties = {}
    for field in fields:
        prop = _type_schema(field.type, defs)
        if field.name == "id":
            prop = {"type": "string", "pattern": _anchored(ID.pattern)}
        elif field.name == "unit":
            prop = {"enum": sorted(UNITS)}
        properties[field.name] = prop
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "required": [f.name for f in fields if f.default is attrs.NOTHING],
        "additionalProperties": False,
    }


def schemas() -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of every data file, by schema file name."""
    out: dict[str, dict[str, Any]] = {}
    files: dict[str, type[Any]] = {SOURCE_FILE: Source, **{c.file: c.record for c in COLLECTIONS}}
    for file, cls in files.items():
        defs: dict[str, Any] = {}
        record = _object_schema(cls, defs)
        stem = file.removesuffix(".json")
        schema: dict[str, Any] = {"$schema": _DRAFT, "$id": f"covid-synergy:{stem}.schema.json", "title": file}
        if file == SOURCE_FILE:
            schema.update(record)
        else:
            schema.update({"type": "array", "items": record})
        if defs:
            schema["$defs"] = dict(sorted(defs.items()))
        out[f"{stem}.schema.json"] = schema
    return out
