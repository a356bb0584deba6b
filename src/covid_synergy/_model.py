"""The records: entities, events, aid, statements, headline figures, the source.

A field that holds the ids of other records says so once, in its attrs
metadata (see :func:`references`); everything that follows references
(the loader's checks, the entity index of queries, the exports' foreign
keys) reads it from there.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from typing import Any, Literal, NamedTuple

import attrs

from ._dates import DateSpan
from ._quantities import Quantity

__all__ = [
    "AidKind",
    "AidRecord",
    "AidStatus",
    "Entity",
    "EntityKind",
    "Event",
    "EventKind",
    "Evidence",
    "Figure",
    "Record",
    "Reference",
    "Source",
    "Statement",
    "StatementMode",
    "entity_paths",
    "entity_refs",
    "references",
]

#: The attrs metadata key of a field that holds ids of other records; its
#: value is ``(target, many)``: what they are ids of (``"entity"`` or
#: ``"event"``), and whether the field holds a tuple of them.
REFERS = "covid_synergy.refers"


def _refers(target: Literal["entity", "event"], *, many: bool, required: bool = False) -> Any:
    """A field holding the id of one entity or event (or ``None``), or with ``many`` a tuple of ids."""
    metadata = {REFERS: (target, many)}
    if required:
        return attrs.field(metadata=metadata)
    return attrs.field(default=() if many else None, metadata=metadata)


class EntityKind(enum.Enum):
    """What sort of thing an :class:`Entity` is."""

    #: A sovereign state, with an ISO 3166-1 alpha-3 code.
    COUNTRY = "country"
    #: An international body, agency, party, company or newspaper.
    ORGANIZATION = "organization"
    #: A named person.
    PERSON = "person"
    #: A set of countries or bodies the article names as one
    #: ("18 African countries").
    GROUP = "group"
    #: A city, airport, building or region.
    PLACE = "place"
    #: A published text (the white paper).
    DOCUMENT = "document"


class EventKind(enum.Enum):
    """What sort of thing happened at an :class:`Event`."""

    ANNOUNCEMENT = "announcement"
    ARRIVAL = "arrival"
    AWARD = "award"
    BROADCAST = "broadcast"
    CALL = "call"
    INFORMATION_SHARING = "information_sharing"
    INSPECTION = "inspection"
    INSTRUCTION = "instruction"
    MEETING = "meeting"
    PRESS_CONFERENCE = "press_conference"
    PUBLICATION = "publication"
    REQUEST = "request"
    SHIPMENT = "shipment"
    SUMMIT = "summit"
    TRAINING = "training"
    VIDEOCONFERENCE = "videoconference"
    VISIT = "visit"


class AidKind(enum.Enum):
    """What sort of help an :class:`AidRecord` records."""

    DEBT_RELIEF = "debt_relief"
    EXPERTISE_TRAINING = "expertise_training"
    FUNDS = "funds"
    IN_KIND_GOODS = "in_kind_goods"
    LABORATORY = "laboratory"
    MEDICAL_SUPPLIES = "medical_supplies"
    MEDICAL_TEAM = "medical_team"
    PROCUREMENT_SUPPORT = "procurement_support"
    #: Help the article names without saying what it was.
    UNSPECIFIED = "unspecified"


class AidStatus(enum.Enum):
    """How far an aid flow had got, per the article."""

    #: Given, sent or arrived.
    DELIVERED = "delivered"
    #: Being provided ("was in the process of providing").
    IN_PROGRESS = "in_progress"
    #: Promised for the future ("US$2 billion in international aid over two years").
    PLEDGED = "pledged"
    #: Announced as a decision ("announcing debt suspensions").
    ANNOUNCED = "announced"


class StatementMode(enum.Enum):
    """How the article reports a :class:`Statement`."""

    #: Words inside quotation marks; ``text`` is exactly those words.
    DIRECT_QUOTE = "direct_quote"
    #: Reported speech; ``text`` is the article's own wording.
    PARAPHRASE = "paraphrase"
    #: Words written on supplies or boxes.
    INSCRIPTION = "inscription"
    #: A quoted passage of a document (the white paper, an editorial).
    DOCUMENT_EXCERPT = "document_excerpt"


@attrs.frozen(kw_only=True)
class Evidence:
    """Where in the article a record comes from.

    Paragraph *n* is the *n*-th non-empty line of the article's text
    (counting from 1, headings, captions and image names included).
    """

    #: 1-based paragraph number.
    paragraph: int
    #: A verbatim substring of that paragraph.
    quote: str


@attrs.frozen(kw_only=True)
class Entity:
    """A country, organization, person, group, place or document the article names."""

    #: Stable slug (``italy``, ``xi-jinping``).
    id: str
    #: The usual English name.
    name: str
    #: What sort of entity it is.
    kind: EntityKind
    #: ISO 3166-1 alpha-3 code, for countries only.
    iso3: str | None = None
    #: Every other way the article names it ("the ROK").
    aliases: tuple[str, ...] = ()
    #: For people: the id of their country or body.
    affiliation: str | None = _refers("entity", many=False)
    #: For people: their role in 2020 ("President of France").
    role: str | None = None


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened on a date the article gives."""

    #: Stable slug, starting with the date (``2020-03-12-red-cross-team-arrives-rome``).
    id: str
    #: When it happened.
    date: DateSpan
    #: What sort of event it was.
    kind: EventKind
    #: One sentence saying what happened, in the article's terms.
    summary: str
    #: Ids of the entities that took part.
    participants: tuple[str, ...] = _refers("entity", many=True)
    #: Id of the place (or country) where it happened, when the article says.
    location: str | None = _refers("entity", many=False)
    #: Numbers the article gives about the event (team size, hours, people).
    quantities: tuple[Quantity, ...] = ()
    #: Where the article says so.
    evidence: tuple[Evidence, ...]

    @property
    def cameo_code(self) -> str:
        """The CAMEO event code of this event's kind (``"041"`` for a call).

        One code per :class:`EventKind`; the table and the reasons for each
        choice are in ``covid_synergy._crosswalk``.
        """
        from ._crosswalk import CAMEO_CODES  # noqa: PLC0415 - the tables load when first asked for

        return CAMEO_CODES[self.kind.value]


@attrs.frozen(kw_only=True)
class AidRecord:
    """Help given, sent, pledged or announced, in either direction."""

    #: Stable slug.
    id: str
    #: When, if the article says; ``None`` when it does not.
    date: DateSpan | None = None
    #: Id of the giver; ``None`` when the article does not name one.
    donor: str | None = _refers("entity", many=False)
    #: Ids of the receivers.
    recipients: tuple[str, ...] = _refers("entity", many=True, required=True)
    #: What sort of help.
    kind: AidKind
    #: One sentence saying what was given, in the article's terms.
    summary: str
    #: Amounts, in units from :data:`~covid_synergy.UNITS`.
    quantities: tuple[Quantity, ...] = ()
    #: The goods named (``"masks"``, ``"ventilators"``, ``"rice"``).
    items: tuple[str, ...] = ()
    #: How far it had got.
    status: AidStatus
    #: Id of the event at which it happened, if any.
    event: str | None = _refers("event", many=False)
    #: Where the article says so.
    evidence: tuple[Evidence, ...]

    @property
    def iati_aid_type(self) -> str | None:
        """The IATI aid-type code (OECD DAC vocabulary) of this record's kind.

        ``"D01"`` (donor country personnel) for a medical team; ``None`` for
        :attr:`AidKind.UNSPECIFIED`, which no code fits.
        """
        from ._crosswalk import IATI_AID_TYPES  # noqa: PLC0415

        return IATI_AID_TYPES[self.kind.value]

    @property
    def iati_flow_type(self) -> str:
        """The IATI flow-type code (OECD DAC) of this record's kind (``"10"``, ODA)."""
        from ._crosswalk import IATI_FLOW_TYPES  # noqa: PLC0415

        return IATI_FLOW_TYPES[self.kind.value]


@attrs.frozen(kw_only=True)
class Statement:
    """Something someone said or wrote, quoted or reported by the article."""

    #: Stable slug.
    id: str
    #: When, if the article says; ``None`` when it does not.
    date: DateSpan | None = None
    #: Id of the speaker or author; ``None`` when the article does not name one.
    speaker: str | None = _refers("entity", many=False)
    #: Ids of those addressed.
    audience: tuple[str, ...] = _refers("entity", many=True)
    #: A direct quote's exact words, or the article's reported speech.
    text: str
    #: How the article reports it.
    mode: StatementMode
    #: Id of the event at which it was said, if any.
    event: str | None = _refers("event", many=False)
    #: Where the article says so.
    evidence: tuple[Evidence, ...]


@attrs.frozen(kw_only=True)
class Figure:
    """A headline statistic: a count or total as of a day, or over a period."""

    #: Stable slug.
    id: str
    #: The as-of day or the period; ``None`` when the article gives no date.
    date: DateSpan | None = None
    #: What is counted, a slug (``confirmed_cases``, ``medical_expert_teams_sent``).
    metric: str
    #: One sentence saying what the figure counts, in the article's terms.
    summary: str
    #: The number.
    quantity: Quantity
    #: Id of the entity the figure is about, if any.
    subject: str | None = _refers("entity", many=False)
    #: Where the article says so.
    evidence: tuple[Evidence, ...]


#: Any record of the four collections.
Record = Event | AidRecord | Statement | Figure


class Reference(NamedTuple):
    """A field of a record class that holds ids of other records."""

    #: The field's name.
    field: str
    #: What the ids are of: ``"entity"`` or ``"event"``.
    target: str
    #: Whether the field holds a tuple of ids (else one id or ``None``).
    many: bool


def _references_of(cls: type[Any]) -> tuple[Reference, ...]:
    return tuple(Reference(f.name, *f.metadata[REFERS]) for f in attrs.fields(cls) if REFERS in f.metadata)


_REFERENCES: dict[type[Any], tuple[Reference, ...]] = {
    cls: _references_of(cls) for cls in (Entity, Event, AidRecord, Statement, Figure)
}
#: For each record class, its entity fields as ``(name, many)`` pairs.
_ENTITY_FIELDS: dict[type[Any], tuple[tuple[str, bool], ...]] = {
    cls: tuple((r.field, r.many) for r in refs if r.target == "entity") for cls, refs in _REFERENCES.items()
}


def references(cls: type[Any]) -> tuple[Reference, ...]:
    """Return the reference fields of a record class (or :class:`Entity`), in field order.

    >>> [r.field for r in references(AidRecord)]
    ['donor', 'recipients', 'event']
    """
    return _REFERENCES[cls]


def entity_paths(record: Record | Entity) -> Iterator[tuple[str, str]]:
    """Every entity a record refers to, as ``(json_path, entity_id)`` pairs, in field order."""
    for name, many in _ENTITY_FIELDS[type(record)]:
        value = getattr(record, name)
        if many:
            yield from ((f"$.{name}[{i}]", ref) for i, ref in enumerate(value))
        elif value is not None:
            yield f"$.{name}", value


def entity_refs(record: Record | Entity) -> tuple[str, ...]:
    """Ids of every entity a record refers to (those of :func:`entity_paths`; an id may repeat)."""
    found: list[str] = []
    for name, many in _ENTITY_FIELDS[type(record)]:
        value = getattr(record, name)
        if many:
            found += value
        elif value is not None:
            found.append(value)
    return tuple(found)


@attrs.frozen(kw_only=True)
class Source:
    """The article the records come from, and the version of the data."""

    #: The article's title.
    title: str
    #: Its authors, in the article's order.
    authors: tuple[str, ...]
    #: The body the authors are from.
    publisher: str
    #: The edition the text was taken from.
    edition: str
    #: Where that edition is published.
    url: str
    #: Publication day of that edition.
    published: date
    #: The edition in which it first appeared.
    original_edition: str
    #: The version of the data (not of the code); changes when records change.
    data_version: str
    #: SHA-256 (hex) of the article text the records were checked against.
    text_sha256: str
    #: How many paragraphs (non-empty lines) that text has.
    paragraphs: int
    #: The data's licence, as an SPDX identifier.
    license: str
