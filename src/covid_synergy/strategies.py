"""Hypothesis strategies for every record type and for whole datasets.

Use them to property-test code that consumes covid-synergy data::

    from hypothesis import given
    from covid_synergy import strategies as cst

    @given(cst.datasets())
    def test_my_report(ds): ...

Importing this module needs the ``hypothesis`` extra
(``pip install covid-synergy[hypothesis]``).
"""

from __future__ import annotations

import functools
import hashlib
import string
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple, TypeVar

import attrs
from hypothesis import strategies as st

from ._dataset import Dataset
from ._dates import DateSpan, Precision, month_end
from ._entities import Entities
from ._model import (
    AidKind,
    AidRecord,
    AidStatus,
    Entity,
    EntityKind,
    Event,
    EventKind,
    Evidence,
    Figure,
    Sentence,
    SentenceRole,
    Source,
    Statement,
    StatementMode,
    provide_text,
)
from ._quantities import UNITS, Bound, Quantity
from ._recordset import AidSet, RecordSet, StatementSet

__all__ = [
    "Article",
    "aid_records",
    "articles",
    "cited",
    "datasets",
    "date_spans",
    "dates",
    "entities",
    "events",
    "evidence",
    "figures",
    "quantities",
    "slugs",
    "sources",
    "statements",
    "texts",
]

T = TypeVar("T")

#: Paragraph count of generated sources.
PARAGRAPHS = 95
_FIRST = date(2019, 12, 1)
_LAST = date(2020, 12, 31)


def slugs() -> st.SearchStrategy[str]:
    """Ids: lowercase letters and digits joined by hyphens."""
    word = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)
    return st.lists(word, min_size=1, max_size=4).map("-".join)


def texts(*, min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text that a JSON file can hold (no lone surrogates), not blank."""
    chars = st.characters(exclude_categories=["Cs"])
    return st.text(chars, min_size=min_size, max_size=max_size).filter(lambda s: s.strip() != "")


def dates(min_value: date = _FIRST, max_value: date = _LAST) -> st.SearchStrategy[date]:
    """Days in a range (by default around 2020)."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def date_spans(draw: st.DrawFn, *, min_value: date = _FIRST, max_value: date = _LAST) -> DateSpan:
    """Valid spans of every precision, within ``[min_value, max_value]``."""
    precision = draw(st.sampled_from(Precision))
    text = draw(st.none() | texts(max_size=20))
    if precision is Precision.MONTH:
        first = draw(dates(min_value, max_value)).replace(day=1)
        last = month_end(first.year, first.month)
        if first < min_value or last > max_value:
            first = last = draw(dates(min_value, max_value))
            precision = Precision.DAY
        return DateSpan(start=first, end=last, precision=precision, text=text)
    start = draw(dates(min_value, max_value))
    if precision in (Precision.DAY, Precision.AS_OF):
        return DateSpan(start=start, end=start, precision=precision, text=text)
    lowest = start + timedelta(days=1) if precision is Precision.RANGE else start
    if lowest > max_value:
        return DateSpan(start=start, end=start, precision=Precision.DAY, text=text)
    end = draw(dates(lowest, min(max_value, start + timedelta(days=120))))
    return DateSpan(start=start, end=end, precision=precision, text=text)


def quantities(
    units: st.SearchStrategy[str] | None = None, bounds: st.SearchStrategy[Bound] | None = None
) -> st.SearchStrategy[Quantity]:
    """Quantities with exact decimal values of up to three places."""
    values = st.builds(
        lambda n, places: Decimal(n).scaleb(-places),
        st.integers(min_value=0, max_value=10**12),
        st.integers(min_value=0, max_value=3),
    )
    return st.builds(
        Quantity,
        value=values,
        unit=units if units is not None else st.sampled_from(sorted(UNITS)),
        bound=bounds if bounds is not None else st.sampled_from(Bound),
    )


def evidence(paragraphs: int = PARAGRAPHS) -> st.SearchStrategy[Evidence]:
    """Evidence citing a paragraph in range (no offsets: data without the article's text)."""
    return st.builds(Evidence, paragraph=st.integers(1, paragraphs), quote=texts())


class Article(NamedTuple):
    """A generated article: its text and its sentences."""

    #: The text: paragraphs of sentences, one paragraph per non-empty line.
    text: str
    #: Every sentence of the text, in order.
    sentences: tuple[Sentence, ...]

    @property
    def paragraphs(self) -> int:
        """How many paragraphs the text has."""
        return self.sentences[-1].paragraph


_WORDS = st.text(string.ascii_letters + "éü", min_size=1, max_size=7)


@st.composite
def articles(draw: st.DrawFn, *, max_paragraphs: int = 5) -> Article:
    """An article's text and its sentence map: every paragraph tiled by its sentences.

    Paragraphs are separated by blank lines, some with spaces around them;
    sentences by one or two spaces.
    """
    lines: list[str] = []
    sentences: list[Sentence] = []
    position = 0
    for paragraph in range(1, draw(st.integers(1, max_paragraphs)) + 1):
        lead = " " * draw(st.integers(0, 1))
        position += len(lead)
        parts: list[str] = []
        for number in range(1, draw(st.integers(1, 3)) + 1):
            words = draw(st.lists(_WORDS, min_size=1, max_size=5))
            sentence = " ".join(words) + "."
            gap = " " * draw(st.integers(1, 2)) if parts else ""
            position += len(gap)
            parts.append(gap + sentence)
            role = draw(st.sampled_from(SentenceRole))
            sentences.append(
                Sentence(
                    id=f"p{paragraph}-s{number}",
                    paragraph=paragraph,
                    start=position,
                    end=position + len(sentence),
                    role=role,
                )
            )
            position += len(sentence)
        trail = " " * draw(st.integers(0, 1))
        lines.append(lead + "".join(parts) + trail + "\n\n")
        position += len(trail) + 2
    return Article("".join(lines), tuple(sentences))


@st.composite
def cited(draw: st.DrawFn, article: Article) -> Evidence:
    """Evidence quoting a sentence of ``article`` (or the start of one), with its offsets."""
    sentence = draw(st.sampled_from(article.sentences))
    end = draw(st.integers(sentence.start + 1, sentence.end))
    quote = article.text[sentence.start : end]  # never blank: a sentence starts with a word
    return Evidence(paragraph=sentence.paragraph, start=sentence.start, end=end, quote=quote)


def _evidence_tuples(article: Article | None = None) -> st.SearchStrategy[tuple[Evidence, ...]]:
    one = evidence() if article is None else cited(article)
    return st.lists(one, min_size=1, max_size=2).map(tuple)


def _refs(ids: list[str], max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    if not ids:
        return st.just(())
    return st.lists(st.sampled_from(ids), max_size=max_size, unique=True).map(tuple)


def _ref(ids: list[str]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(ids) if ids else st.none()


@st.composite
def entities(
    draw: st.DrawFn,
    *,
    entity_id: str | None = None,
    iso3: str | None = None,
    m49: str | None = None,
    regions: Sequence[str] = (),
    bodies: Sequence[str] = (),
) -> Entity:
    """An entity; a country gets ``iso3`` (or a drawn code), a region ``m49``.

    Its ``region`` is one of ``regions`` (ids of region entities) or none,
    its ``affiliation`` one of ``bodies`` or none.
    """
    eid = entity_id if entity_id is not None else "e-" + draw(slugs())
    kind = draw(st.sampled_from(EntityKind))
    code = region_code = None
    if kind is EntityKind.COUNTRY:
        code = iso3 if iso3 is not None else draw(st.text(string.ascii_uppercase, min_size=3, max_size=3))
    if kind is EntityKind.REGION:
        region_code = m49 if m49 is not None else draw(st.text(string.digits, min_size=3, max_size=3))
    return Entity(
        id=eid,
        name=f"Entity {eid}",
        kind=kind,
        iso3=code,
        m49=region_code,
        aliases=(f"Alias of {eid}",) if draw(st.booleans()) else (),
        affiliation=draw(_ref(list(bodies))),
        region=draw(_ref(list(regions))),
        role=draw(st.none() | texts(max_size=20)),
    )


def events(
    record_id: st.SearchStrategy[str] | None = None,
    entity_ids: list[str] | None = None,
    article: Article | None = None,
) -> st.SearchStrategy[Event]:
    """Events referring to ``entity_ids`` (none by default), citing ``article`` if given."""
    ids = entity_ids or []
    return st.builds(
        Event,
        id=record_id if record_id is not None else slugs(),
        date=st.none() | date_spans(),
        kind=st.sampled_from(EventKind),
        summary=texts(),
        participants=_refs(ids),
        location=_ref(ids),
        quantities=st.lists(quantities(), max_size=2).map(tuple),
        evidence=_evidence_tuples(article),
    )


def aid_records(
    record_id: st.SearchStrategy[str] | None = None,
    entity_ids: list[str] | None = None,
    event_ids: list[str] | None = None,
    article: Article | None = None,
) -> st.SearchStrategy[AidRecord]:
    """Aid records referring to ``entity_ids`` and ``event_ids``, citing ``article`` if given."""
    ids = entity_ids or []
    return st.builds(
        AidRecord,
        id=record_id if record_id is not None else slugs(),
        date=st.none() | date_spans(),
        donor=_ref(ids),
        recipients=_refs(ids),
        kind=st.sampled_from(AidKind),
        summary=texts(),
        quantities=st.lists(quantities(), max_size=3).map(tuple),
        items=st.lists(texts(max_size=10), max_size=3).map(tuple),
        status=st.sampled_from(AidStatus),
        event=_ref(event_ids or []),
        evidence=_evidence_tuples(article),
    )


def statements(
    record_id: st.SearchStrategy[str] | None = None,
    entity_ids: list[str] | None = None,
    event_ids: list[str] | None = None,
    article: Article | None = None,
) -> st.SearchStrategy[Statement]:
    """Statements referring to ``entity_ids`` and ``event_ids``, citing ``article`` if given."""
    ids = entity_ids or []
    return st.builds(
        Statement,
        id=record_id if record_id is not None else slugs(),
        date=st.none() | date_spans(),
        speaker=_ref(ids),
        audience=_refs(ids),
        text=texts(),
        mode=st.sampled_from(StatementMode),
        event=_ref(event_ids or []),
        evidence=_evidence_tuples(article),
    )


def figures(
    record_id: st.SearchStrategy[str] | None = None,
    entity_ids: list[str] | None = None,
    article: Article | None = None,
) -> st.SearchStrategy[Figure]:
    """Headline figures about ``entity_ids``, citing ``article`` if given."""
    return st.builds(
        Figure,
        id=record_id if record_id is not None else slugs(),
        date=st.none() | date_spans(),
        metric=_METRICS,
        summary=texts(),
        quantity=quantities(),
        subject=_ref(entity_ids or []),
        evidence=_evidence_tuples(article),
    )


_METRICS = st.lists(st.text(string.ascii_lowercase, min_size=1, max_size=8), min_size=1, max_size=3).map("_".join)


def sources(article: Article | None = None) -> st.SearchStrategy[Source]:
    """Sources: of ``article`` (its hash and paragraphs) if given, else with a drawn
    hash and :data:`PARAGRAPHS` paragraphs.
    """
    if article is None:
        digest: st.SearchStrategy[str] = st.text("0123456789abcdef", min_size=64, max_size=64)
        paragraphs = PARAGRAPHS
    else:
        digest = st.just(hashlib.sha256(article.text.encode("utf-8")).hexdigest())
        paragraphs = article.paragraphs
    return st.builds(
        Source,
        title=texts(),
        authors=st.lists(texts(max_size=20), min_size=1, max_size=3).map(tuple),
        publisher=texts(),
        edition=texts(),
        url=st.just("https://example.org/article"),
        published=dates(),
        original_edition=texts(),
        data_version=st.from_regex(r"[0-9]\.[0-9]\.[0-9]", fullmatch=True),
        text_sha256=digest,
        paragraphs=st.just(paragraphs),
        license=st.just("CC-BY-4.0"),
    )


@st.composite
def datasets(
    draw: st.DrawFn, *, max_records: int = 30, max_entities: int = 8, with_text: bool | None = None
) -> Dataset:
    """Whole, consistent datasets: unique ids, every reference resolving.

    With ``with_text`` (drawn when ``None``), the dataset has an article:
    its source's text (:attr:`Source.text <covid_synergy.Source.text>`),
    its sentence map, and evidence with offsets into it; without, it is
    data of the first format (no text, no offsets, no sentences).
    """
    article = draw(articles()) if (draw(st.booleans()) if with_text is None else with_text) else None
    n_entities = draw(st.integers(0, max_entities))
    entity_ids = draw(st.lists(slugs().map(lambda s: "e-" + s), min_size=n_entities, max_size=n_entities, unique=True))
    codes = draw(
        st.lists(
            st.text(string.ascii_uppercase, min_size=3, max_size=3),
            min_size=n_entities,
            max_size=n_entities,
            unique=True,
        )
    )
    regions: list[str] = []
    ents: list[Entity] = []
    for index, (eid, code) in enumerate(zip(entity_ids, codes, strict=True)):
        m49 = f"{index:03d}"
        entity = draw(entities(entity_id=eid, iso3=code, m49=m49, regions=regions, bodies=entity_ids[:index]))
        ents.append(entity)
        if entity.kind is EntityKind.REGION:
            regions.append(eid)
    sizes = draw(st.lists(st.integers(0, max_records), min_size=4, max_size=4))
    record_ids = iter(
        draw(
            st.lists(slugs(), min_size=sum(sizes), max_size=sum(sizes), unique=True).map(
                lambda ids: [f"r-{i}" for i in ids]
            )
        )
    )
    placeholder = st.just("placeholder")

    def some(strategy: st.SearchStrategy[T], size: int) -> list[T]:
        drawn = draw(st.lists(strategy, min_size=size, max_size=size))
        return [attrs.evolve(record, id=next(record_ids)) for record in drawn]  # type: ignore[misc]

    event_list = some(events(placeholder, entity_ids, article), sizes[0])
    event_ids = [e.id for e in event_list]
    aid_list = some(aid_records(placeholder, entity_ids, event_ids, article), sizes[1])
    stmt_list = some(statements(placeholder, entity_ids, event_ids, article), sizes[2])
    fig_list = some(figures(placeholder, entity_ids, article), sizes[3])
    registry = Entities(ents)
    source = draw(sources(article))
    if article is not None:
        provide_text(source.text_sha256, functools.partial(str, article.text))
    return Dataset.build(
        events=RecordSet(event_list, entities=registry),
        aid=AidSet(aid_list, entities=registry),
        statements=StatementSet(stmt_list, entities=registry),
        figures=RecordSet(fig_list, entities=registry),
        sentences=() if article is None else article.sentences,
        entities=registry,
        source=source,
    )
