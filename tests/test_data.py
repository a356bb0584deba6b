"""The packaged data, checked against the article's text itself."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pycountry
import pytest

import covid_synergy as cs
from conftest import ARTICLE
from numbers_reader import numbers_in

DIRECT = (cs.StatementMode.DIRECT_QUOTE, cs.StatementMode.INSCRIPTION, cs.StatementMode.DOCUMENT_EXCERPT)


def all_records(ds: cs.Dataset) -> list[cs.Record]:
    """Every record of the four collections."""
    return [*ds.events, *ds.aid, *ds.statements, *ds.figures]


def test_source_matches_the_fixture(ds: cs.Dataset, paragraphs: list[str]) -> None:
    """The source's hash and paragraph count are those of the article text checked here."""
    assert hashlib.sha256(ARTICLE.read_bytes()).hexdigest() == ds.source.text_sha256
    assert len(paragraphs) == ds.source.paragraphs
    assert paragraphs[1] == ds.source.title


def test_every_quote_is_verbatim_in_its_paragraph(ds: cs.Dataset, paragraphs: list[str]) -> None:
    """Every evidence quote occurs, character for character, in the paragraph it cites."""
    wrong = [
        (r.id, e.paragraph, e.quote[:50])
        for r in all_records(ds)
        for e in r.evidence
        if e.quote not in paragraphs[e.paragraph - 1]
    ]
    assert wrong == []


def test_every_quantity_reads_back_from_its_evidence(ds: cs.Dataset) -> None:
    """Every number in the data is written in one of its record's quotes."""
    missing = []
    for record in all_records(ds):
        written = set().union(*(numbers_in(e.quote) for e in record.evidence))
        qs = [record.quantity] if isinstance(record, cs.Figure) else list(getattr(record, "quantities", ()))
        missing += [(record.id, str(q)) for q in qs if q.value.normalize() not in written]
    assert missing == []


def test_direct_quotes_are_inside_quotation_marks(ds: cs.Dataset, paragraphs: list[str]) -> None:
    """A direct quote, inscription or excerpt is the article's quoted words, opened by a quotation mark."""
    wrong = []
    for s in ds.statements:
        if s.mode not in DIRECT:
            continue
        cited = [paragraphs[e.paragraph - 1] for e in s.evidence]
        if not any(f'"{s.text}' in p for p in cited):
            wrong.append(s.id)
    assert wrong == []


def test_paraphrases_are_not_dressed_as_quotes(ds: cs.Dataset, paragraphs: list[str]) -> None:
    """A paraphrase's text is never a whole quoted passage of the article."""
    dressed = [
        s.id
        for s in ds.statements
        if s.mode is cs.StatementMode.PARAPHRASE
        and any(f'"{s.text}"' in paragraphs[e.paragraph - 1] for e in s.evidence)
    ]
    assert dressed == []


def test_country_codes_are_real(ds: cs.Dataset) -> None:
    """Every country's iso3 is an ISO 3166-1 alpha-3 code, of that country."""
    countries = ds.entities.of_kind(cs.EntityKind.COUNTRY)
    assert countries
    unknown = [(c.id, c.iso3) for c in countries if pycountry.countries.get(alpha_3=c.iso3) is None]
    assert unknown == []


def test_dates_are_in_2020_and_before_publication(ds: cs.Dataset) -> None:
    """Every date is in 2020 and no later than the source's publication day."""
    bad = [
        r.id
        for r in all_records(ds)
        if r.date is not None and not (date(2020, 1, 1) <= r.date.start <= r.date.end <= ds.source.published)
    ]
    assert bad == []


def test_date_phrases_are_the_articles(ds: cs.Dataset, paragraphs: list[str]) -> None:
    """A date's phrase, when it has one, is written in a paragraph the record cites."""
    wrong = [
        r.id
        for r in all_records(ds)
        if r.date is not None
        and r.date.text is not None
        and not any(r.date.text.casefold() in paragraphs[e.paragraph - 1].casefold() for e in r.evidence)
    ]
    assert wrong == []


def test_ids_are_unique_and_dated_ids_start_with_their_date(ds: cs.Dataset) -> None:
    """Ids are unique across collections; a record whose id starts with a date starts on it."""
    ids = [r.id for r in all_records(ds)] + list(ds.entities)
    assert len(ids) == len(set(ids))
    for r in all_records(ds):
        if r.id[:4].isdigit():
            assert r.date is not None
            assert r.date.start.isoformat() == r.id[:10]


def test_every_reference_resolves(ds: cs.Dataset) -> None:
    """Every entity and event a record names exists."""
    for r in all_records(ds):
        for ref in (getattr(r, f, None) for f in ("location", "donor", "speaker", "subject")):
            assert ref is None or ref in ds.entities
        for field in ("participants", "recipients", "audience"):
            assert all(x in ds.entities for x in getattr(r, field, ()))
        event = getattr(r, "event", None)
        assert event is None or isinstance(ds.get(event), cs.Event)


@pytest.mark.parametrize(
    ("record_id", "paragraph", "phrase"),
    [
        ("2020-03-12-red-cross-team-arrives-rome", 34, "31 tons of medical supplies"),
        ("2020-03-23-medical-team-arrives-phnom-penh", 14, "8.1 tons of medical supplies"),
        ("2020-04-16-medical-expert-team-arrives-ethiopia", 32, "Ten days later"),
    ],
)
def test_known_records_cite_the_right_paragraph(
    ds: cs.Dataset, paragraphs: list[str], record_id: str, paragraph: int, phrase: str
) -> None:
    """Records a reader can find by hand cite the paragraph that holds their words."""
    record = ds.get(record_id)
    assert not isinstance(record, cs.Entity)
    assert paragraph in [e.paragraph for e in record.evidence]
    assert phrase in paragraphs[paragraph - 1]


def test_relative_dates_are_resolved(ds: cs.Dataset) -> None:
    """'Ten days later' after April 6 is April 16, and keeps its phrase."""
    event = ds.get("2020-04-16-medical-expert-team-arrives-ethiopia")
    assert isinstance(event, cs.Event)
    assert event.date is not None
    assert date(2020, 4, 16) == event.date.start
    assert event.date.text == "Ten days later"


def test_bounds_stay_bounds(ds: cs.Dataset) -> None:
    """'over 7.4 million' is a lower bound, 'nearly 48 million' an approximation."""
    by_value = {f.quantity.value: f.quantity.bound for f in ds.figures}
    assert cs.Bound.AT_LEAST == by_value[Decimal(7400000)]
    assert cs.Bound.APPROXIMATELY == by_value[Decimal(48000000)]
