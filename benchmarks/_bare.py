"""The bare build: the least any loader of attrs records from the packaged JSON must do for a first answer.

Run as ``python -c "import sys; sys.path.insert(0, BENCHMARKS); import _bare; _bare.first_answer(sys.argv[1])" DATA``.
It imports attrs and json, declares the twelve classes of the model with
their fields (frozen, slotted, keyword-only, with ``==``, ``hash`` and
``repr``, as the library's are), reads the packaged files, builds every
record through its class's ``__init__`` (dates, decimals, evidence and all)
and asks the first question: which events involve Italy. It checks nothing,
validates nothing and indexes nothing, and its kinds are plain strings, not
vocabularies. So no loader that builds the same records, checks included,
can be quicker, and the library's first answer is set beside it in the same
run (see the Performance page).
"""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class Evidence:
    paragraph: int
    start: int | None = None
    end: int | None = None
    quote: str


@attrs.frozen(kw_only=True)
class Quantity:
    value: Decimal
    unit: str
    bound: str = "exact"


@attrs.frozen(kw_only=True)
class DateSpan:
    start: date
    end: date
    precision: str
    text: str | None = None


@attrs.frozen(kw_only=True)
class Problem:
    file: str
    record: str | None = None
    path: str = "$"
    message: str


@attrs.frozen(kw_only=True)
class Entity:
    id: str
    name: str
    kind: str
    iso3: str | None = None
    m49: str | None = None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    region: str | None = None
    role: str | None = None


@attrs.frozen(kw_only=True)
class Event:
    id: str
    date: DateSpan | None
    kind: str
    summary: str
    participants: tuple[str, ...]
    location: str | None
    quantities: tuple[Quantity, ...]
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class AidRecord:
    id: str
    date: DateSpan | None
    donor: str
    recipients: tuple[str, ...]
    kind: str
    summary: str
    quantities: tuple[Quantity, ...]
    items: tuple[str, ...]
    status: str
    event: str | None
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class Statement:
    id: str
    date: DateSpan | None
    speaker: str
    audience: tuple[str, ...]
    text: str
    mode: str
    event: str | None
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class Figure:
    id: str
    date: DateSpan | None
    metric: str
    summary: str
    quantity: Quantity
    subject: str | None
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class Sentence:
    id: str
    paragraph: int
    start: int
    end: int
    role: str


@attrs.frozen(kw_only=True)
class Source:
    title: str
    authors: tuple[str, ...]
    publisher: str
    edition: str
    url: str
    published: str
    original_edition: str
    data_version: str
    text_sha256: str
    paragraphs: int
    license: str


@attrs.frozen(kw_only=True)
class Dataset:
    events: tuple[Event, ...]
    aid: tuple[AidRecord, ...]
    statements: tuple[Statement, ...]
    figures: tuple[Figure, ...]
    sentences: tuple[Sentence, ...]
    entities: dict[str, Entity]
    source: Source
    text: str


def _read(folder: str, name: str) -> Any:
    with open(os.path.join(folder, name), "rb") as file:  # noqa: PTH118, PTH123 - as the library reads
        return json.loads(file.read().decode("utf-8"))


def _span(value: dict[str, Any] | None) -> DateSpan | None:
    if value is None:
        return None
    start, end = date.fromisoformat(value["start"]), date.fromisoformat(value["end"])
    return DateSpan(start=start, end=end, precision=value["precision"], text=value.get("text"))


def _quantity(value: dict[str, Any]) -> Quantity:
    return Quantity(value=Decimal(value["value"]), unit=value["unit"], bound=value.get("bound", "exact"))


def _cited(record: dict[str, Any], *tuples: str) -> dict[str, Any]:
    """The keyword arguments of a record: its date, quantities and evidence built, its lists made tuples."""
    built = dict(record)
    built["date"] = _span(record["date"])
    built["evidence"] = tuple(Evidence(**e) for e in record["evidence"])
    if "quantities" in record:
        built["quantities"] = tuple(map(_quantity, record["quantities"]))
    for name in tuples:
        built[name] = tuple(record[name])
    return built


def first_answer(folder: str) -> list[Event]:
    """Build every record of ``folder`` and return the events that involve Italy."""
    source = _read(folder, "source.json")
    entities = {
        e["id"]: Entity(**{**e, "aliases": tuple(e.get("aliases", ()))}) for e in _read(folder, "entities.json")
    }
    figures = []
    for record in _read(folder, "figures.json"):
        built = _cited(record)
        built["quantity"] = _quantity(record["quantity"])
        figures.append(Figure(**built))
    with open(os.path.join(folder, "article.txt"), encoding="utf-8") as file:  # noqa: PTH118, PTH123
        text = file.read()
    dataset = Dataset(
        events=tuple(Event(**_cited(r, "participants")) for r in _read(folder, "events.json")),
        aid=tuple(AidRecord(**_cited(r, "recipients", "items")) for r in _read(folder, "aid.json")),
        statements=tuple(Statement(**_cited(r, "audience")) for r in _read(folder, "statements.json")),
        figures=tuple(figures),
        sentences=tuple(Sentence(**s) for s in _read(folder, "sentences.json")),
        entities=entities,
        source=Source(**{**source, "authors": tuple(source["authors"])}),
        text=text,
    )
    return [e for e in dataset.events if "italy" in e.participants]
