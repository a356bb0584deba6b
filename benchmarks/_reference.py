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

import attrs

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
    return tuple([cs.Evidence(paragraph=e["paragraph"], start=e["start"], end=e["end"], quote=e["quote"]) for e in raw])


def _entity(raw: dict[str, Any]) -> cs.Entity:
    return cs.Entity(
        id=raw["id"],
        name=raw["name"],
        kind=cs.EntityKind(raw["kind"]),
        iso3=raw["iso3"],
        m49=raw["m49"],
        aliases=tuple(raw["aliases"]),
        affiliation=raw["affiliation"],
        region=raw["region"],
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
            statements=cs.StatementSet([_statement(r) for r in raw["statements.json"]], entities=entities),
            figures=cs.RecordSet([_figure(r) for r in raw["figures.json"]], entities=entities),
            entities=entities,
            source=_source(raw["source.json"]),
        )
    finally:
        if enabled:
            gc.enable()


# -- the same records with their slots filled directly: no check at all -----------


def _setters(cls: type[Any]) -> list[Callable[[object, object], None]]:
    return [cls.__dict__[f.name].__set__ for f in attrs.fields(cls)]


_new = object.__new__
_EVIDENCE, _QUANTITY, _SPAN = _setters(cs.Evidence), _setters(cs.Quantity), _setters(cs.DateSpan)
_EVENT, _AID, _STATEMENT = _setters(cs.Event), _setters(cs.AidRecord), _setters(cs.Statement)
_FIGURE, _ENTITY = _setters(cs.Figure), _setters(cs.Entity)


def _by_value(enum: type[Any]) -> dict[str, Any]:
    return {member.value: member for member in enum}


_PRECISION, _BOUND = _by_value(cs.Precision), _by_value(cs.Bound)
_EVENT_KIND, _AID_KIND, _AID_STATUS = _by_value(cs.EventKind), _by_value(cs.AidKind), _by_value(cs.AidStatus)
_MODE, _ENTITY_KIND = _by_value(cs.StatementMode), _by_value(cs.EntityKind)


def _slots_span(raw: dict[str, Any] | None) -> cs.DateSpan | None:
    if raw is None:
        return None
    span = _new(cs.DateSpan)
    start, end, precision, text = _SPAN
    start(span, date.fromisoformat(raw["start"]))
    end(span, date.fromisoformat(raw["end"]))
    precision(span, _PRECISION[raw["precision"]])
    text(span, raw["text"])
    return span


def _slots_quantity(raw: dict[str, Any]) -> cs.Quantity:
    quantity = _new(cs.Quantity)
    value, unit, bound = _QUANTITY
    value(quantity, Decimal(raw["value"]))
    unit(quantity, raw["unit"])
    bound(quantity, _BOUND[raw["bound"]])
    return quantity


def _slots_quantities(raw: list[dict[str, Any]]) -> tuple[cs.Quantity, ...]:
    return tuple([_slots_quantity(q) for q in raw])


def _slots_one_evidence(raw: dict[str, Any]) -> cs.Evidence:
    evidence = _new(cs.Evidence)
    paragraph, start, end, quote = _EVIDENCE
    paragraph(evidence, raw["paragraph"])
    start(evidence, raw["start"])
    end(evidence, raw["end"])
    quote(evidence, raw["quote"])
    return evidence


def _slots_evidence(raw: list[dict[str, Any]]) -> tuple[cs.Evidence, ...]:
    return tuple([_slots_one_evidence(e) for e in raw])


def _slots_entity(raw: dict[str, Any]) -> cs.Entity:
    entity = _new(cs.Entity)
    set_id, name, kind, iso3, m49, aliases, affiliation, region, role = _ENTITY
    set_id(entity, raw["id"])
    name(entity, raw["name"])
    kind(entity, _ENTITY_KIND[raw["kind"]])
    iso3(entity, raw["iso3"])
    m49(entity, raw["m49"])
    aliases(entity, tuple(raw["aliases"]))
    affiliation(entity, raw["affiliation"])
    region(entity, raw["region"])
    role(entity, raw["role"])
    return entity


def _slots_event(raw: dict[str, Any]) -> cs.Event:
    event = _new(cs.Event)
    set_id, span, kind, summary, participants, location, quantities, evidence = _EVENT
    set_id(event, raw["id"])
    span(event, _slots_span(raw["date"]))
    kind(event, _EVENT_KIND[raw["kind"]])
    summary(event, raw["summary"])
    participants(event, tuple(raw["participants"]))
    location(event, raw["location"])
    quantities(event, _slots_quantities(raw["quantities"]))
    evidence(event, _slots_evidence(raw["evidence"]))
    return event


def _slots_aid(raw: dict[str, Any]) -> cs.AidRecord:
    aid = _new(cs.AidRecord)
    set_id, span, donor, recipients, kind, summary, quantities, items, status, event, evidence = _AID
    set_id(aid, raw["id"])
    span(aid, _slots_span(raw["date"]))
    donor(aid, raw["donor"])
    recipients(aid, tuple(raw["recipients"]))
    kind(aid, _AID_KIND[raw["kind"]])
    summary(aid, raw["summary"])
    quantities(aid, _slots_quantities(raw["quantities"]))
    items(aid, tuple(raw["items"]))
    status(aid, _AID_STATUS[raw["status"]])
    event(aid, raw["event"])
    evidence(aid, _slots_evidence(raw["evidence"]))
    return aid


def _slots_statement(raw: dict[str, Any]) -> cs.Statement:
    statement = _new(cs.Statement)
    set_id, span, speaker, audience, text, mode, event, evidence = _STATEMENT
    set_id(statement, raw["id"])
    span(statement, _slots_span(raw["date"]))
    speaker(statement, raw["speaker"])
    audience(statement, tuple(raw["audience"]))
    text(statement, raw["text"])
    mode(statement, _MODE[raw["mode"]])
    event(statement, raw["event"])
    evidence(statement, _slots_evidence(raw["evidence"]))
    return statement


def _slots_figure(raw: dict[str, Any]) -> cs.Figure:
    figure = _new(cs.Figure)
    set_id, span, metric, summary, quantity, subject, evidence = _FIGURE
    set_id(figure, raw["id"])
    span(figure, _slots_span(raw["date"]))
    metric(figure, raw["metric"])
    summary(figure, raw["summary"])
    quantity(figure, _slots_quantity(raw["quantity"]))
    subject(figure, raw["subject"])
    evidence(figure, _slots_evidence(raw["evidence"]))
    return figure


def load_slots(folder: Path) -> list[list[Any]]:
    """Fill the slots of the library's classes from the parsed JSON, checking nothing.

    No type, key, value or reference check and no validator: the least any
    Python loader that builds these classes must do, and so the floor for
    ``load_path``.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        raw = load_json(folder)
        return [
            [_slots_entity(r) for r in raw["entities.json"]],
            [_slots_event(r) for r in raw["events.json"]],
            [_slots_aid(r) for r in raw["aid.json"]],
            [_slots_statement(r) for r in raw["statements.json"]],
            [_slots_figure(r) for r in raw["figures.json"]],
        ]
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
        "attrs slots, no checks": load_slots,
    }
    if find_spec("msgspec") is not None:
        from . import _msgspec_models  # noqa: PLC0415 - optional, benchmark-only

        found["msgspec"] = _msgspec_models.make_loader()
    if find_spec("pydantic") is not None:
        from . import _pydantic_models  # noqa: PLC0415 - optional, benchmark-only

        found["pydantic"] = _pydantic_models.make_loader()
    return found
