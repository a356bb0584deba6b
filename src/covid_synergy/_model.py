"""The records: entities, events, aid, statements, headline figures, the source.

A field that holds the ids of other records says so once, in its attrs
metadata (see :func:`references`); everything that follows references
(the loader's checks, the entity index of queries, the exports' foreign
keys) reads it from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, Literal, NamedTuple

import attrs

from ._dates import DateSpan
from ._quantities import Quantity
from ._vocabulary import Vocabulary, named

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
    "Sentence",
    "SentenceRole",
    "Source",
    "Statement",
    "StatementMode",
    "entity_paths",
    "entity_refs",
    "paragraph_spans",
    "provide_text",
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


@named("entity kind")
class EntityKind(Vocabulary):
    """What sort of thing an :class:`Entity` is.

    Each member has a ``meaning``, an ``example`` from the article and
    ``aliases``; the data-model page lists them all.
    """

    COUNTRY = (
        "country",
        "A sovereign state, identified by its ISO 3166-1 alpha-3 code",
        "China and Russia should work hand in hand to uphold global public health security",
        ("countries",),
    )
    ORGANIZATION = (
        "organization",
        "An international body, agency, political party, company or newspaper",
        "It has also supported international organizations such as the European Union, the African Union, and ASEAN.",
        ("organizations", "organisation", "organisations"),
    )
    PERSON = (
        "person",
        "A named individual, with their affiliation and their role in 2020",
        "During a call with UN Secretary-General Antonio Guterres on March 12",
        ("people", "persons"),
    )
    GROUP = (
        "group",
        'A set of countries or bodies the article names as one ("18 African countries")',
        "epidemic control supplies donated by China to 18 African countries",
        ("groups",),
    )
    PLACE = (
        "place",
        "A city, airport, building or other location that is neither a country nor an M49 region",
        "at Hamad International Airport in Doha, Qatar",
        ("places",),
    )
    DOCUMENT = (
        "document",
        "A published text the article cites (the State Council white paper)",
        "According to the white paper Fighting Covid-19: China in Action",
        ("documents",),
    )
    REGION = (
        "region",
        "A UN M49 region, sub-region or intermediate region (Africa, Western Asia), with its M49 code",
        "Since Covid-19 has begun spreading in Africa",
        ("regions", "m49 region", "sub-region", "subregion", "intermediate region", "continent"),
    )


@named("event kind")
class EventKind(Vocabulary):
    """What sort of thing happened at an :class:`Event`.

    Each member has a ``meaning``, an ``example`` from the article and
    ``aliases``; the data-model page lists them all.
    """

    ANNOUNCEMENT = (
        "announcement",
        "A public announcement of news, such as a country's first confirmed cases",
        "Laos announced its first two confirmed cases of Covid-19",
        ("announcements",),
    )
    ARRIVAL = (
        "arrival",
        "People or goods reaching a destination: a team landing, supplies arriving at an airport",
        "a plane from Shanghai touched down in Rome with a team of nine volunteer experts",
        ("arrivals",),
    )
    AWARD = (
        "award",
        "An honour conferred on a person or a team",
        "the Serbian Ministry of Defense awarded its six members the country's most prestigious military honor",
        ("awards",),
    )
    BROADCAST = (
        "broadcast",
        "Something shown live or recorded for an audience: a live stream, a video message",
        "their arrival was broadcast live on the official Facebook page of Cambodian Prime Minister Hun Sen",
        ("broadcasts", "livestream", "live stream"),
    )
    CALL = (
        "call",
        "A telephone call between leaders",
        "On May 7, during a call with President Shavkat Mirziyoyev of Uzbekistan",
        ("calls", "phone call", "telephone call"),
    )
    INFORMATION_SHARING = (
        "information_sharing",
        "Passing data or updates to others: outbreak notices, genome sequences, daily case reports",
        "On January 10, the China Center for Disease Control shared with the WHO the specific primers and probes",
        ("info sharing", "information exchange", "data sharing"),
    )
    INSPECTION = (
        "inspection",
        "An on-site inspection by a body such as the WHO",
        "On January 20 and 21, the WHO carried out an on-site inspection in Wuhan, Hubei Province.",
        ("inspections", "on-site inspection", "site inspection"),
    )
    INSTRUCTION = (
        "instruction",
        "A leader issuing instructions or directives",
        "President Xi issued important instructions for China to publish timely epidemic information",
        ("instructions", "directive", "directives"),
    )
    MEETING = (
        "meeting",
        "A meeting or session of leaders, officials or a body, in person or online (the 73rd WHA)",
        "At a meeting of the Political Bureau Standing Committee of the CPC Central Committee on March 18",
        ("meetings",),
    )
    PRESS_CONFERENCE = (
        "press_conference",
        "A press conference, one-off or held daily",
        "On January 27, a daily press conference of the State Council Joint Prevention and Control Mechanism",
        ("press conferences", "news conference", "press briefing"),
    )
    PUBLICATION = (
        "publication",
        "The release of a document, such as the white paper",
        "On June 7, China's State Council Information Office published a white paper titled",
        ("publications",),
    )
    REQUEST = (
        "request",
        "A request for help or action from one party to another",
        "Serbian President Aleksandar Vucic requested assistance from China",
        ("requests", "request for assistance"),
    )
    SHIPMENT = (
        "shipment",
        "Goods or a team being loaded, sent or dispatched, as distinct from their arrival",
        "On April 24, China dispatched a military medical team to assist Pakistan's efforts to combat Covid-19.",
        ("shipments", "consignment"),
    )
    SUMMIT = (
        "summit",
        "A summit of heads of state or government (the Extraordinary G20 Leaders' Summit)",
        "At the Extraordinary G20 Leaders' Summit on combating Covid-19 on March 26",
        ("summits", "summit meeting"),
    )
    TRAINING = (
        "training",
        "Training or hands-on instruction given to local staff",
        "provide training to Iraqi radiologists in a CT scan room built with Chinese assistance in Baghdad",
        ("trainings", "training session"),
    )
    VIDEOCONFERENCE = (
        "videoconference",
        "An online working session of health experts or officials by video link, not a formal assembly",
        "Costa Rican health experts held a videoconference with their Chinese counterparts",
        ("video conference", "videoconferences", "video call", "teleconference", "virtual meeting", "online meeting"),
    )
    VISIT = (
        "visit",
        "A trip to a country or site: a leader's visit, a field visit",
        "Prime Minister Hun Sen became the first foreign leader to visit China since the start of the epidemic",
        ("visits", "field visit"),
    )


@named("aid kind")
class AidKind(Vocabulary):
    """What sort of help an :class:`AidRecord` records.

    Each member has a ``meaning``, an ``example`` from the article and
    ``aliases``; the data-model page lists them all.
    """

    DEBT_RELIEF = (
        "debt_relief",
        "Suspension or relief of the debt service a country owes",
        "working with other G20 members to implement the Debt Service Suspension Initiative",
        ("debt suspension", "debt service suspension"),
    )
    EXPERTISE_TRAINING = (
        "expertise_training",
        "Shared information, experience, expert advice or training rather than goods",
        "shared epidemic information and outbreak control experience",
        ("expertise",),
    )
    FUNDS = (
        "funds",
        "Money given or pledged, in USD",
        "Laos donated US$700,000 and sent several shipments of anti-epidemic supplies",
        ("money", "funding", "financial aid"),
    )
    IN_KIND_GOODS = (
        "in_kind_goods",
        "Goods other than medical supplies, such as rice, tea or sheep",
        "From the rice donated by Myanmar, the tea by Sri Lanka",
        ("in kind",),
    )
    LABORATORY = (
        "laboratory",
        "Setting up, or helping to set up, a testing laboratory",
        "China also helped Myanmar set up a Covid-19 test laboratory.",
        ("laboratories", "test lab", "testing laboratory"),
    )
    MEDICAL_SUPPLIES = (
        "medical_supplies",
        "Medical and anti-epidemic goods: masks, test kits, protective garments, ventilators, vaccines",
        "medical supplies donated to France by the Chinese government arrived at Charles de Gaulle",
        ("medical supply", "anti-epidemic supplies"),
    )
    MEDICAL_TEAM = (
        "medical_team",
        "A team of medical experts or workers sent to another country",
        "It sent a medical team to Myanmar, which included experts specializing in respiratory disease",
        ("medical teams", "medical expert team", "medical expert teams", "expert team"),
    )
    PROCUREMENT_SUPPORT = (
        "procurement_support",
        "Help with buying or sourcing supplies, rather than the supplies themselves",
        "helped Japan and the ROK source medical supplies in China",
        ("procurement", "sourcing", "purchasing support"),
    )
    UNSPECIFIED = (
        "unspecified",
        "Help the article names without saying what it was",
        "Japan and the Republic of Korea were among the first to extend a helping hand",
        ("not specified",),
    )


@named("aid status")
class AidStatus(Vocabulary):
    """How far an aid flow had got, per the article.

    Each member has a ``meaning``, an ``example`` from the article and
    ``aliases``; the data-model page lists them all.
    """

    DELIVERED = (
        "delivered",
        "Given, sent or arrived",
        "The first medical team the Chinese government sent to Latin America went to Venezuela.",
        ("given", "sent", "donated"),
    )
    IN_PROGRESS = (
        "in_progress",
        'Being provided when the article speaks ("was in the process of providing")',
        "It is also supporting the UN's Covid-19 global humanitarian response plan.",
        ("ongoing", "underway", "in process"),
    )
    PLEDGED = (
        "pledged",
        'Promised for the future ("US$2 billion in international aid over two years")',
        "In the spirit of solidarity, China will send additional medical expert teams to Italy.",
        ("promised", "pledge"),
    )
    ANNOUNCED = (
        "announced",
        'Announced as a decision, not yet reported as carried out ("announcing debt suspensions")',
        "announcing debt suspensions for 77 developing countries",
        (),
    )


@named("statement mode")
class StatementMode(Vocabulary):
    """How the article reports a :class:`Statement`.

    Each member has a ``meaning``, an ``example`` from the article and
    ``aliases``; the data-model page lists them all.
    """

    DIRECT_QUOTE = (
        "direct_quote",
        "Words inside quotation marks; the text is exactly those words",
        'Foreign Minister Wang Yi stated, "Political manipulation will give the virus loopholes to exploit',
        ("quote", "quotation", "direct quotation"),
    )
    PARAPHRASE = (
        "paraphrase",
        "Reported speech; the text is the article's own wording of what was said",
        "President Xi said that the Chinese government would keep the WHO updated",
        ("reported speech", "indirect speech"),
    )
    INSCRIPTION = (
        "inscription",
        "Words written on supplies, boxes or packages",
        "Written on the first shipment of medical supplies that arrived on the same flight were the words",
        ("inscriptions",),
    )
    DOCUMENT_EXCERPT = (
        "document_excerpt",
        "A quoted passage of a document (the white paper, an editorial)",
        'The white paper states, "China believes that all countries should make the choice',
        ("excerpt",),
    )
    ASSERTION = (
        "assertion",
        "The article's own general claim in its own voice; the speaker is the article's authors",
        "There are many shortcomings in global public health governance at present.",
        ("claim",),
    )


@attrs.frozen(kw_only=True)
class Evidence:
    """Where in the article a record comes from.

    Paragraph *n* is the *n*-th non-empty line of the article's text
    (counting from 1, headings, captions and image names included).
    ``start`` and ``end`` are character offsets into
    :attr:`Source.text <covid_synergy.Source.text>` (Python ``str``
    indices, ``end`` exclusive): ``source.text[e.start:e.end] == e.quote``.
    Data written before offsets existed has neither (both ``None``).

    >>> Evidence(paragraph=34, start=7216, end=7227, quote="On March 12")
    Evidence(paragraph=34, start=7216, end=7227, quote='On March 12')
    """

    #: 1-based paragraph number.
    paragraph: int
    #: Where the quote starts in the article's text (a character offset), if known.
    start: int | None = None
    #: Where the quote ends (exclusive), if known.
    end: int | None = attrs.field(default=None)
    #: A verbatim substring of that paragraph.
    quote: str

    @end.validator
    def _check_end(self, _attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if (self.start is None) != (value is None):
            msg = "an evidence has both start and end, or neither"
            raise ValueError(msg)
        if (
            self.start is not None
            and value is not None
            and not (0 <= self.start and value - self.start == len(self.quote))
        ):
            msg = f"the span {self.start}..{value} does not hold a quote of {len(self.quote)} characters"
            raise ValueError(msg)


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
    #: UN M49 code (three digits, ``"002"`` for Africa), for regions only.
    m49: str | None = None
    #: Every other way the article names it ("the ROK").
    aliases: tuple[str, ...] = ()
    #: The country or body it counts for: a person's country or organization,
    #: or the country whose body the article presents an organization as
    #: ("the Red Cross Society of China"). One level only.
    affiliation: str | None = _refers("entity", many=False)
    #: The UN M49 region it lies in: a country's most specific area, a group's
    #: or body's area where the article ties it to one ("African countries");
    #: for a region, the region directly above it.
    region: str | None = _refers("entity", many=False)
    #: For people: their role in 2020 ("President of France").
    role: str | None = None


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened, dated as precisely as the article dates it."""

    #: Stable slug, starting with the date when there is one
    #: (``2020-03-12-red-cross-team-arrives-rome``).
    id: str
    #: When it happened; ``None`` when the article gives no date.
    date: DateSpan | None = None
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

    @property
    def text(self) -> str | None:
        """The article's text, as the records' offsets count it; ``None`` when the data has none.

        Read when first asked for (the packaged data ships it as
        ``article.txt``), and checked against :attr:`text_sha256` then: a
        text that does not match raises :class:`~covid_synergy.DataError`.

        >>> import covid_synergy as cs
        >>> cs.load().source.text.startswith("Nav Search")
        True
        """
        reader = _TEXTS.get(self.text_sha256)
        return None if reader is None else reader()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    r"""The ``(start, end)`` offsets of each paragraph of ``text``: its non-empty lines, stripped.

    Paragraph *n* of the data is ``spans[n - 1]``.

    >>> paragraph_spans("Title\n\n  First one. \nSecond.\n")
    [(0, 5), (9, 19), (21, 28)]
    """
    spans = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


#: Where the text of each known source is read from, by its SHA-256: a text
#: is known by its hash, so equal sources share it. Filled by the loader.
_TEXTS: dict[str, Callable[[], str]] = {}


def provide_text(sha256: str, reader: Callable[[], str]) -> None:
    """Make ``reader`` the source of the text whose SHA-256 is ``sha256`` (kept once known)."""
    _TEXTS.setdefault(sha256, reader)


@named("sentence role")
class SentenceRole(Vocabulary):
    """What a sentence of the article does."""

    FACT = (
        "fact",
        "States a dated action, an amount, a count, or a named actor doing or saying something",
        "On January 12, China released the whole coronavirus genome sequence to the WHO",
        (),
    )
    CLAIM = (
        "claim",
        "The article's own general assertion, in its own voice",
        "This again illustrates the effectiveness of China's epidemic containment measures.",
        (),
    )
    NONE = (
        "none",
        "Not content: heading, photo caption or credit, image file name, byline, page furniture, closing note",
        "The authors are from Xinhua News Agency.",
        (),
    )


@attrs.frozen(kw_only=True)
class Sentence:
    """One sentence of the article (headings, captions and credits included), with its role.

    ``start`` and ``end`` are character offsets into
    :attr:`Source.text <covid_synergy.Source.text>`.

    >>> import covid_synergy as cs
    >>> ds = cs.load()
    >>> s = ds.sentences[3]
    >>> s.id, s.role.value, ds.source.text[s.start:s.end][:29]
    ('p4-s1', 'claim', 'Just three decades into the n')
    """

    #: ``p<paragraph>-s<n>``: the n-th sentence of the paragraph (``p14-s2``).
    id: str
    #: The paragraph it is in (from 1).
    paragraph: int
    #: Where it starts in the article's text (a character offset).
    start: int
    #: Where it ends (exclusive).
    end: int
    #: What it does: a fact, the article's own claim, or neither (a heading, a caption...).
    role: SentenceRole


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
    cls: _references_of(cls) for cls in (Entity, Event, AidRecord, Statement, Figure, Sentence)
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
