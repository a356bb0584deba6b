# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""The loaders ``load_path`` is measured against.

* ``json.loads`` of the same bytes: the limit; plain dicts and lists.
* ``attrs`` constructors: the library's own record classes built by hand
  from the parsed JSON, with their validators but no check of JSON types,
  unknown keys or references. This is the floor for any loader that
  produces these classes: the cost of the chosen dependency, attrs.
* msgspec and pydantic, when installed: equivalent typed models (frozen,
  unknown keys rejected, dates, decimals and enums parsed), decoded from
  the same bytes. They check each record's types only, not ids or
  references.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import covid_synergy as cs

__all__ = ["COLLECTIONS", "FILES", "Loader", "loaders"]

#: The record files of a dataset folder.
COLLECTIONS = ("entities.json", "events.json", "aid.json", "statements.json", "figures.json")
#: Every file of a dataset folder.
FILES = ("source.json", *COLLECTIONS)

#: A loader takes a dataset folder and returns what it built.
Loader = Callable[[Path], object]


def read_all(folder: Path) -> dict[str, bytes]:
    return {file: (folder / file).read_bytes() for file in FILES}


def load_json(folder: Path) -> dict[str, Any]:
    """Read every file and parse it with ``json.loads``: the limit."""
    return {file: json.loads((folder / file).read_bytes()) for file in FILES}


def load_json_gc_paused(folder: Path) -> dict[str, Any]:
    """Parse as :func:`load_json` does, with the cyclic collector paused as ``load_path`` runs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load_json(folder)
    finally:
        if enabled:
            gc.enable()


# -- the library's own classes, built by hand ------------------------------------


def _span(raw: dict[str, Any] | None) -> cs.DateSpan | None:
    if raw is None:
        return None
    return cs.DateSpan(
        start=date.fromisoformat(raw["start"]),
        end=date.fromisoformat(raw["end"]),
        precision=cs.Precision(raw["precision"]),
        text=raw["text"],
    )


def _quantity(raw: dict[str, Any]) -> cs.Quantity:
    return cs.Quantity(value=Decimal(raw["value"]), unit=raw["unit"], bound=cs.Bound(raw["bound"]))


def _evidence(raw: list[dict[str, Any]]) -> tuple[cs.Evidence, ...]:
    return tuple([cs.Evidence(paragraph=e["paragraph"], quote=e["quote"]) for e in raw])


def _entity(raw: dict[str, Any]) -> cs.Entity:
    return cs.Entity(
        id=raw["id"],
        name=raw["name"],
        kind=cs.EntityKind(raw["kind"]),
        iso3=raw["iso3"],
        aliases=tuple(raw["aliases"]),
        affiliation=raw["affiliation"],
        role=raw["role"],
    )


def _event(raw: dict[str, Any]) -> cs.Event:
    span = _span(raw["date"])
    assert span is not None  # noqa: S101 - every event is dated
    return cs.Event(
        id=raw["id"],
        date=span,
        kind=cs.EventKind(raw["kind"]),
        summary=raw["summary"],
        participants=tuple(raw["participants"]),
        location=raw["location"],
        quantities=tuple([_quantity(q) for q in raw["quantities"]]),
        evidence=_evidence(raw["evidence"]),
    )


def _aid(raw: dict[str, Any]) -> cs.AidRecord:
    return cs.AidRecord(
        id=raw["id"],
        date=_span(raw["date"]),
        donor=raw["donor"],
        recipients=tuple(raw["recipients"]),
        kind=cs.AidKind(raw["kind"]),
        summary=raw["summary"],
        quantities=tuple([_quantity(q) for q in raw["quantities"]]),
        items=tuple(raw["items"]),
        status=cs.AidStatus(raw["status"]),
        event=raw["event"],
        evidence=_evidence(raw["evidence"]),
    )


def _statement(raw: dict[str, Any]) -> cs.Statement:
    return cs.Statement(
        id=raw["id"],
        date=_span(raw["date"]),
        speaker=raw["speaker"],
        audience=tuple(raw["audience"]),
        text=raw["text"],
        mode=cs.StatementMode(raw["mode"]),
        event=raw["event"],
        evidence=_evidence(raw["evidence"]),
    )


def _figure(raw: dict[str, Any]) -> cs.Figure:
    return cs.Figure(
        id=raw["id"],
        date=_span(raw["date"]),
        metric=raw["metric"],
        summary=raw["summary"],
        quantity=_quantity(raw["quantity"]),
        subject=raw["subject"],
        evidence=_evidence(raw["evidence"]),
    )


def _source(raw: dict[str, Any]) -> cs.Source:
    return cs.Source(
        title=raw["title"],
        authors=tuple(raw["authors"]),
        publisher=raw["publisher"],
        edition=raw["edition"],
        url=raw["url"],
        published=date.fromisoformat(raw["published"]),
        original_edition=raw["original_edition"],
        data_version=raw["data_version"],
        text_sha256=raw["text_sha256"],
        paragraphs=raw["paragraphs"],
        license=raw["license"],
    )


def load_constructors(folder: Path) -> cs.Dataset:
    """Build a :class:`covid_synergy.Dataset` with the public constructors.

    It holds the same records as ``load_path(folder)`` (the runner checks
    this wherever it runs both), so the query and memory benchmarks can use
    it at sizes where ``load_path`` itself is too slow to run.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        raw = load_json(folder)
        entities = cs.Entities(_entity(e) for e in raw["entities.json"])
        return cs.Dataset.build(
            events=cs.RecordSet([_event(r) for r in raw["events.json"]], entities=entities),
            aid=cs.AidSet([_aid(r) for r in raw["aid.json"]], entities=entities),
            statements=cs.RecordSet([_statement(r) for r in raw["statements.json"]], entities=entities),
            figures=cs.RecordSet([_figure(r) for r in raw["figures.json"]], entities=entities),
            entities=entities,
            source=_source(raw["source.json"]),
        )
    finally:
        if enabled:
            gc.enable()


def load_library(folder: Path) -> cs.Dataset:
    return cs.load_path(folder)


def loaders() -> dict[str, Loader]:
    """Return every loader available here, by the name the tables use."""
    found: dict[str, Loader] = {
        "json.loads": load_json,
        "json.loads, GC paused": load_json_gc_paused,
        "load_path": load_library,
        "attrs constructors": load_constructors,
    }
    if find_spec("msgspec") is not None:
        from . import _msgspec_models  # noqa: PLC0415 - optional, benchmark-only

        found["msgspec"] = _msgspec_models.make_loader()
    if find_spec("pydantic") is not None:
        from . import _pydantic_models  # noqa: PLC0415 - optional, benchmark-only

        found["pydantic"] = _pydantic_models.make_loader()
    return found
