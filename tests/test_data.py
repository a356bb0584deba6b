"""The packaged data, checked against the article's text itself."""

from __future__ import annotations

import csv
import hashlib
import itertools
from datetime import date
from decimal import Decimal

import pycountry
import pytest

import covid_synergy as cs
from conftest import ARTICLE
from covid_synergy._compat import files
from covid_synergy._model import entity_refs
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


# -- the text, the offsets and the sentence map (read from the article itself) -------------


def paragraph_spans_of_the_article() -> list[tuple[int, int]]:
    """Each paragraph's (start, end) in the article, found here independently of the library."""
    text = ARTICLE.read_text(encoding="utf-8")
    spans, position = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            spans.append((position + lead, position + lead + len(body.strip())))
        position += len(line)
    return spans


def test_the_packaged_text_is_the_article(ds: cs.Dataset) -> None:
    """Source.text is the article, character for character, and matches its SHA-256."""
    assert ARTICLE.read_text(encoding="utf-8") == ds.source.text
    assert hashlib.sha256(ARTICLE.read_bytes()).hexdigest() == ds.source.text_sha256


def test_every_offset_holds_its_quote_in_its_paragraph(ds: cs.Dataset) -> None:
    """article[start:end] is the quote, and lies inside the paragraph the evidence names."""
    text = ARTICLE.read_text(encoding="utf-8")
    spans = paragraph_spans_of_the_article()
    wrong = []
    for record in all_records(ds):
        for e in record.evidence:
            low, high = spans[e.paragraph - 1]
            if (
                e.start is None
                or e.end is None
                or text[e.start : e.end] != e.quote
                or not low <= e.start < e.end <= high
            ):
                wrong.append((record.id, e.paragraph, e.start, e.end))
    assert [] == wrong


def test_sentences_tile_every_paragraph(ds: cs.Dataset) -> None:
    """Each paragraph is its sentences in order, with nothing but whitespace between them."""
    text = ARTICLE.read_text(encoding="utf-8")
    by_paragraph: dict[int, list[cs.Sentence]] = {}
    for sentence in ds.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    spans = paragraph_spans_of_the_article()
    assert list(range(1, len(spans) + 1)) == sorted(by_paragraph)
    for number, (low, high) in enumerate(spans, 1):
        chosen = by_paragraph[number]
        assert [f"p{number}-s{k}" for k in range(1, len(chosen) + 1)] == [s.id for s in chosen]
        assert (low, high) == (chosen[0].start, chosen[-1].end)
        for before, after in itertools.pairwise(chosen):
            assert "" == text[before.end : after.start].strip()
        for sentence in chosen:
            part = text[sentence.start : sentence.end]
            assert part == part.strip()
            assert part


def test_every_fact_and_claim_sentence_is_cited(ds: cs.Dataset) -> None:
    """No sentence that states a fact or makes a claim is left without a record citing it."""
    uncited = [s.id for s in ds.sentences if s.role is not cs.SentenceRole.NONE and not ds.citing(s)]
    assert [] == uncited


def test_headings_captions_and_furniture_have_no_role(ds: cs.Dataset) -> None:
    """The page furniture, title, byline, headings, image names and closing notes are role none."""
    text = ARTICLE.read_text(encoding="utf-8")
    by_text = {text[s.start : s.end]: s for s in ds.sentences}
    for words in (
        "Nav Search",
        ds.source.title,
        "I. The Chinese people believe in reciprocating acts of kindness and generosity.",
        "The authors are from Xinhua News Agency.",
    ):
        assert cs.SentenceRole.NONE is by_text[words].role, words
    images = [s for s in ds.sentences if text[s.start : s.end].endswith((".jpg", ".png", ".jpeg"))]
    assert images
    assert {cs.SentenceRole.NONE} == {s.role for s in images}


def test_only_the_articles_own_claims_are_assertions_by_its_authors(ds: cs.Dataset) -> None:
    """Assertions, and only they, are spoken by the authors; each is the article's words, undated."""
    text = ARTICLE.read_text(encoding="utf-8")
    assertions = ds.statements.of_kind("assertion")
    assert len(assertions) > 30
    assert set(assertions) == set(ds.statements.by("article-authors", strict=True))
    for statement in assertions:
        assert statement.date is None
        assert statement.event is None
        assert any(statement.text in text[e.start : e.end] for e in statement.evidence if e.start is not None)
        quoted = any(f'"{statement.text}' in text[e.start : e.end] for e in statement.evidence if e.start is not None)
        assert not quoted, statement.id
    authors = ds.entities["article-authors"]
    assert "xinhua" == authors.affiliation
    assert all(name in authors.name for name in ds.source.authors)


def test_every_entity_is_referred_to(ds: cs.Dataset) -> None:
    """No entity is in the data for nothing: a record, an affiliation or a region names each."""
    named: set[str | None] = {ref for r in all_records(ds) for ref in entity_refs(r)}
    named |= {e.affiliation for e in ds.entities.values()} | {e.region for e in ds.entities.values()}
    assert [] == sorted(set(ds.entities) - named)


def test_aliases_are_the_articles_names(ds: cs.Dataset) -> None:
    """Every alias is written in the article, and none is just its entity's name."""
    text = ARTICLE.read_text(encoding="utf-8")
    wrong = [(e.id, a) for e in ds.entities.values() for a in e.aliases if a not in text or a == e.name]
    assert [] == wrong


def test_the_known_gaps_are_records(ds: cs.Dataset) -> None:
    """The facts an audit found uncovered now have records, citing the paragraphs that state them."""
    cited = {p: {r.id for r in all_records(ds) if p in {e.paragraph for e in r.evidence}} for p in (25, 35, 59, 60, 93)}
    assert any("lancang-mekong" in i for i in cited[25])
    assert any("special-asean-china" in i for i in cited[25])
    assert any("Temple of Heaven" in r.summary for r in ds.events if 35 in {e.paragraph for e in r.evidence})
    assert {"cepi", "gavi"} <= {ref for r in all_records(ds) if r.id in cited[59] for ref in entity_refs(r)}
    assert cited[60]
    assert cited[93]


def test_undated_events_are_those_the_article_gives_no_date() -> None:
    """Laos's two meetings (p25) are events with no date."""
    ds = cs.load()
    undated = {e.id for e in ds.events.undated()}
    assert {
        "laos-hosts-special-asean-china-foreign-ministers-meeting",
        "laos-hosts-lancang-mekong-cooperation-foreign-ministers-meeting",
    } <= undated


def test_regions_are_un_m49(ds: cs.Dataset) -> None:
    """Regions carry their M49 codes and point up the M49 tree; every country has a region."""
    codes = {e.id: e.m49 for e in ds.entities.of_kind("region")}
    assert {
        "africa": "002",
        "sub-saharan-africa": "202",
        "eastern-africa": "014",
        "europe": "150",
    }.items() <= codes.items()
    assert "sub-saharan-africa" == ds.entities["eastern-africa"].region
    assert [] == [c.id for c in ds.entities.of_kind("country") if c.region is None]


def _m49_rows() -> dict[str, dict[str, str]]:
    """The UN M49 hierarchy of every country, by ISO alpha-3 code, from hdx-python-country's taxonomy table."""
    table = next(p for p in files("hdx.location").iterdir() if p.name.startswith("Countries & Territories Taxonomy"))
    with table.open(encoding="utf-8", newline="") as handle:
        return {row["ISO 3166-1 Alpha 3-Codes"]: row for row in csv.DictReader(handle)}


def test_regions_are_where_the_un_m49_table_puts_them(ds: cs.Dataset) -> None:
    """Each country's region is its most specific M49 area, and every region above it has M49's code and name."""
    rows = _m49_rows()
    wrong = []
    for country in ds.entities.of_kind("country"):
        assert country.iso3 is not None
        row = rows[country.iso3]
        levels = [
            (row[f"{level} Code"], row[f"{level} Name"])
            for level in ("Intermediate Region", "Sub-region", "Region")
            if row[f"{level} Code"]
        ]
        chain = [ds.entities[r] for r in (country.region or "", *ds.entities.regions_of(country.region or ""))]
        ours = [(str(int(e.m49 or "0")), e.name) for e in chain]
        theirs = [(str(int(code)), name) for code, name in levels]
        if ours != theirs:
            wrong.append((country.id, ours, theirs))
    assert [] == wrong
