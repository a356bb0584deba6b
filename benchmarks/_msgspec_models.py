# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""msgspec models equivalent to the library's records (benchmark reference only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from covid_synergy import (
    AidKind,
    AidStatus,
    Bound,
    EntityKind,
    EventKind,
    Precision,
    StatementMode,
)

__all__ = ["make_loader"]


class _Model(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Frozen, keyword-only, unknown keys rejected: as the library's classes."""


class DateSpan(_Model, frozen=True, kw_only=True):
    """A span of days."""

    start: date
    end: date
    precision: Precision
    text: str | None = None


class Quantity(_Model, frozen=True, kw_only=True):
    """A number with its unit and bound."""

    value: Decimal
    unit: str
    bound: Bound = Bound.EXACT


class Evidence(_Model, frozen=True, kw_only=True):
    """A paragraph, the quote's character offsets in the text (when known) and the quote."""

    paragraph: int
    start: int | None = None
    end: int | None = None
    quote: str


class Entity(_Model, frozen=True, kw_only=True):
    """An entity."""

    id: str
    name: str
    kind: EntityKind
    iso3: str | None = None
    m49: str | None = None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    region: str | None = None
    role: str | None = None


class Event(_Model, frozen=True, kw_only=True):
    """An event."""

    id: str
    date: DateSpan
    kind: EventKind
    summary: str
    participants: tuple[str, ...] = ()
    location: str | None = None
    quantities: tuple[Quantity, ...] = ()
    evidence: tuple[Evidence, ...]


class AidRecord(_Model, frozen=True, kw_only=True):
    """An aid record."""

    id: str
    date: DateSpan | None = None
    donor: str | None = None
    recipients: tuple[str, ...]
    kind: AidKind
    summary: str
    quantities: tuple[Quantity, ...] = ()
    items: tuple[str, ...] = ()
    status: AidStatus
    event: str | None = None
    evidence: tuple[Evidence, ...]


class Statement(_Model, frozen=True, kw_only=True):
    """A statement."""

    id: str
    date: DateSpan | None = None
    speaker: str | None = None
    audience: tuple[str, ...] = ()
    text: str
    mode: StatementMode
    event: str | None = None
    evidence: tuple[Evidence, ...]


class Figure(_Model, frozen=True, kw_only=True):
    """A headline figure."""

    id: str
    date: DateSpan | None = None
    metric: str
    summary: str
    quantity: Quantity
    subject: str | None = None
    evidence: tuple[Evidence, ...]


class Source(_Model, frozen=True, kw_only=True):
    """The source."""

    title: str
    authors: tuple[str, ...]
    publisher: str
    edition: str
    url: str
    published: date
    original_edition: str
    data_version: str
    text_sha256: str
    paragraphs: int
    license: str


_TYPES: dict[str, Any] = {
    "source.json": Source,
    "entities.json": tuple[Entity, ...],
    "events.json": tuple[Event, ...],
    "aid.json": tuple[AidRecord, ...],
    "statements.json": tuple[Statement, ...],
    "figures.json": tuple[Figure, ...],
}


def make_loader() -> Callable[[Path], dict[str, Any]]:
    """Return a loader with its decoders built once, outside the timing."""
    decoders = {file: msgspec.json.Decoder(kind) for file, kind in _TYPES.items()}

    def load_msgspec(folder: Path) -> dict[str, Any]:
        return {file: decoder.decode((folder / file).read_bytes()) for file, decoder in decoders.items()}

    return load_msgspec
