"""The Frictionless Data Package descriptor of the CSV export."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from ._layout import COLLECTIONS
from ._model import references

if TYPE_CHECKING:
    from ._model import Source
    from ._rows import Column

__all__ = ["FOREIGN_KEYS", "datapackage"]


_TARGETS: Final = {"entity": "entities", "event": "events"}

#: Foreign keys of the CSV tables, ``(table, column, referenced table)``: the
#: single-valued references of each record class (lists of ids are joined
#: into one cell, which a foreign key cannot name).
FOREIGN_KEYS: Final[tuple[tuple[str, str, str], ...]] = tuple(
    (collection.name, f"{ref.field}_id", _TARGETS[ref.target])
    for collection in COLLECTIONS
    for ref in references(collection.record)
    if not ref.many
)
_TITLES: Final = {c.name: c.title for c in COLLECTIONS}

_LICENSES: Final = {
    "CC-BY-4.0": ("https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0"),
}


def _field(column: Column) -> dict[str, object]:
    field: dict[str, object] = {"name": column.name, "type": column.type, "description": column.description}
    constraints: dict[str, object] = {}
    if column.required:
        constraints["required"] = True
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(name: str, columns: list[Column]) -> dict[str, object]:
    foreign = [
        {"fields": column, "reference": {"resource": "" if target == name else target, "fields": "id"}}
        for table, column, target in FOREIGN_KEYS
        if table == name
    ]
    schema: dict[str, object] = {
        "fields": [_field(c) for c in columns],
        "missingValues": [""],
        "primaryKey": ["id"],
    }
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def datapackage(source: Source, files: Mapping[str, bytes], schemas: Mapping[str, list[Column]]) -> dict[str, object]:
    """Return the ``datapackage.json`` descriptor of CSV files made by :func:`render`."""
    path, title = _LICENSES.get(source.license, (f"https://spdx.org/licenses/{source.license}.html", source.license))
    resources = []
    for name, columns in schemas.items():
        data = files[f"{name}.csv"]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "title": _TITLES[name],
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "schema": _schema(name, columns),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "covid-synergy",
        "title": f"covid-synergy: {source.title}",
        "description": (
            "Every event, aid flow, statement and headline figure of the article, as typed records. "
            "Lists of ids and names are joined by '; '. Ids in the *_ids columns are those of entities.csv."
        ),
        "version": source.data_version,
        "licenses": [{"name": source.license, "path": path, "title": title}],
        "sources": [
            {
                "title": f"{', '.join(source.authors)}, {source.title}, {source.edition}, {source.published}",
                "path": source.url,
            }
        ],
        "resources": resources,
    }
