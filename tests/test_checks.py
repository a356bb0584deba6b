"""The bulk checks pass exactly the datasets in which the record-by-record checks find nothing."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._checks import _good_ids, all_well, placed, problems
from covid_synergy._codec._rules import ID
from covid_synergy._compat import files
from covid_synergy._layout import ARTICLE_FILE, COLLECTIONS, SOURCE_FILE
from covid_synergy._model import references

PACKAGED = files("covid_synergy").joinpath("data")
EXAMPLES = 500 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 100


BAD_IDS = ["", "A", "a--b", "-a", "a-", "a\nb", "a b", "\u00e9t\u00e9", "a\n", "\na"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[cs.Source, dict[str, list[Any]]]:
    """A generated dataset's records, with zero to two record-level faults."""
    dataset = draw(cst.datasets(max_records=8, max_entities=5))
    source = dataset.source
    parsed: dict[str, list[Any]] = {
        c.file: list(dataset.entities.values() if c.record is cs.Entity else getattr(dataset, c.name))
        for c in COLLECTIONS
    }
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.integers(0, 9)) == 0:
            fault: dict[str, Any] = draw(st.sampled_from([{"text_sha256": "x" * 64}, {"paragraphs": 0}]))
            source = attrs.evolve(source, **fault)
            continue
        files = [f for f, records in parsed.items() if records]
        if not files:
            break
        file = draw(st.sampled_from(files))
        records = parsed[file]
        at = draw(st.integers(0, len(records) - 1))
        record = records[at]
        others = [r.id for r in records if r is not record] + [e.id for e in parsed["entities.json"]]
        changes: list[dict[str, Any]] = [{"id": draw(st.sampled_from(BAD_IDS + others or BAD_IDS))}]
        if isinstance(record, cs.Entity):
            names = [e.name for e in parsed["entities.json"] if e is not record]
            others_ids = [e.id for e in parsed["entities.json"]]
            changes += [
                {"iso3": None},
                {"iso3": "it"},
                {"iso3": "ITA"},
                {"m49": "002"},
                {"m49": "2"},
                {"affiliation": "nobody"},
                {"region": "nobody"},
                {"region": draw(st.sampled_from(others_ids))},
                {"aliases": (*record.aliases, *names[:1])},
                {"kind": draw(st.sampled_from(list(cs.EntityKind)))},
            ]
        elif isinstance(record, cs.Sentence):
            changes += [
                {"id": f"p{record.paragraph + 1}-s1"},
                {"id": "p1-s9"},
                {"paragraph": 0},
                {"paragraph": source.paragraphs + 1},
                {"start": record.end, "end": record.start},
                {"start": 0},
            ]
        else:
            for ref in references(type(record)):
                value = "nobody" if ref.target == "entity" else "no-such-event"
                changes.append({ref.field: (*getattr(record, ref.field), value) if ref.many else value})
            changes.append({"evidence": ()})
            first = record.evidence[0] if record.evidence else cs.Evidence(paragraph=1, quote="x")
            for evidence in (
                attrs.evolve(first, paragraph=0),
                attrs.evolve(first, paragraph=source.paragraphs),
                attrs.evolve(first, paragraph=source.paragraphs + 1),
                attrs.evolve(first, quote="", start=None, end=None),
                attrs.evolve(first, quote=" \n\t", start=None, end=None),
                attrs.evolve(first, start=None, end=None),
            ):
                changes.append({"evidence": (*record.evidence[1:], evidence)})
        records[at] = attrs.evolve(record, **draw(st.sampled_from(changes)))
    return source, parsed


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
@given(case=mutated())
def test_bulk_checks_pass_exactly_what_the_record_checks_pass(case: tuple[cs.Source, dict[str, list[Any]]]) -> None:
    """A dataset with or without faults: both find it clean, or neither does."""
    source, parsed = case
    found = problems(source, parsed)
    assert (all_well(source, parsed) is not None) == (not found), found


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(
    st.lists(
        cst.slugs() | st.sampled_from(BAD_IDS) | st.text(alphabet="ab-\n1Z é", max_size=6),
        max_size=6,
    )
)
def test_ids_checked_in_bulk_as_one_by_one(ids: list[str]) -> None:
    """All well formed and all different, decided on the joined ids, as the pattern decides each."""
    expected = all(ID.fullmatch(i) for i in ids) and len(set(ids)) == len(ids)
    assert _good_ids(ids) == expected


@pytest.mark.parametrize("ids", [[""], ["a", ""], ["", "a"], ["a\nb"], ["-"], ["a", "a"]])
def test_bad_ids_in_bulk(ids: list[str]) -> None:
    """The cases the joined form could hide: empty ids, newlines, lone dashes, repeats."""
    assert not _good_ids(ids)


# -- data version 2: regions, the sentence map and the text, each fault named ---------------------


def _folder(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name in [SOURCE_FILE, *(c.file for c in COLLECTIONS), ARTICLE_FILE]:
        (tmp_path / name).write_bytes(PACKAGED.joinpath(name).read_bytes())
    return tmp_path


def _edit(folder: Path, name: str, change: Callable[[Any], None]) -> None:
    data = json.loads((folder / name).read_text(encoding="utf-8"))
    change(data)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(cs.DataError) as caught:
        cs.load_path(folder)
    return [str(p) for p in caught.value.problems]


def _by_id(data: list[dict[str, Any]], record_id: str) -> dict[str, Any]:
    return next(r for r in data if r["id"] == record_id)


@pytest.mark.parametrize(
    ("file", "record", "change", "expected"),
    [
        (
            "entities.json",
            "ethiopia",
            {"region": "italy"},
            "entities.json: record 'ethiopia': $.region: 'italy' is a country, not a region",
        ),
        (
            "entities.json",
            "africa",
            {"region": "eastern-africa"},
            "entities.json: record 'africa': $.region: the regions above it loop back through 'africa'",
        ),
        (
            "entities.json",
            "africa",
            {"m49": None},
            "entities.json: record 'africa': $.m49: a region needs its three-digit UN M49 code",
        ),
        (
            "entities.json",
            "italy",
            {"m49": "380"},
            "entities.json: record 'italy': $.m49: only regions have a UN M49 code",
        ),
        (
            "sentences.json",
            "p2-s1",
            {"id": "p2-first"},
            "sentences.json: record 'p2-first': $.id: a sentence id is p<paragraph>-s<n>, like p14-s2",
        ),
        (
            "sentences.json",
            "p2-s1",
            {"id": "p3-s1"},
            "sentences.json: record 'p3-s1': $.id: the id names paragraph 3, not 2",
        ),
        (
            "sentences.json",
            "p2-s1",
            {"id": "p2-s2"},
            "sentences.json: record 'p2-s2': $.id: expected sentence 1 of paragraph 2 here",
        ),
        (
            "sentences.json",
            "p95-s1",
            {"paragraph": 96, "id": "p96-s1"},
            "sentences.json: record 'p96-s1': $.paragraph: paragraph 96 is outside 1..95",
        ),
        (
            "sentences.json",
            "p2-s1",
            {"start": 0},
            "sentences.json: record 'p2-s1': $.start: overlaps or comes before the sentence before it (p1-s1)",
        ),
        (
            "sentences.json",
            "p2-s1",
            {"end": 0},
            "sentences.json: record 'p2-s1': $.end: the span 12..0 is not a non-empty span of the text",
        ),
    ],
)
def test_record_rules_of_version_2(
    tmp_path: Path, file: str, record: str, change: dict[str, Any], expected: str
) -> None:
    """Each fault of the regions and the sentence map is named with its file, record and path."""
    folder = _folder(tmp_path)
    _edit(folder, file, lambda data: _by_id(data, record).update(change))
    assert f"{folder}/{expected}" in _problems(folder)


def test_a_sentence_map_needs_the_offsets_of_every_quote(tmp_path: Path) -> None:
    """Evidence without start and end, beside a sentence map, is refused."""
    folder = _folder(tmp_path)

    def drop(data: list[dict[str, Any]]) -> None:
        evidence = _by_id(data, "2020-03-12-red-cross-team-arrives-rome")["evidence"][0]
        evidence["start"] = evidence["end"] = None

    _edit(folder, "events.json", drop)
    expected = "no start and end: a folder with a sentence map needs the offsets of every quote"
    assert [
        f"{folder / 'events.json'}: record '2020-03-12-red-cross-team-arrives-rome': $.evidence[0]: {expected}"
    ] == _problems(folder)


def test_the_text_must_be_the_one_source_json_names(tmp_path: Path) -> None:
    """An article.txt whose hash is not source.json's is refused, and one that is not UTF-8."""
    folder = _folder(tmp_path)
    (folder / ARTICLE_FILE).write_text("Another text\n", encoding="utf-8")
    [line] = _problems(folder)
    assert line.startswith(f"{folder / ARTICLE_FILE}: $: its SHA-256 is ")
    bad = b"\xff\xfe not UTF-8\n"
    (folder / ARTICLE_FILE).write_bytes(bad)
    _edit(folder, SOURCE_FILE, lambda data: data.update(text_sha256=hashlib.sha256(bad).hexdigest()))
    assert [f"{folder / ARTICLE_FILE}: $: not UTF-8: byte 0 is 0xff"] == _problems(folder)


def _with_text(folder: Path, text: str) -> None:
    (folder / ARTICLE_FILE).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _edit(folder, SOURCE_FILE, lambda data: data.update(text_sha256=digest))


def test_offsets_are_checked_against_the_text(tmp_path: Path) -> None:
    """A text with other paragraphs, a quote its offsets do not hold, or one outside its paragraph, is named."""
    folder = _folder(tmp_path)
    text = PACKAGED.joinpath(ARTICLE_FILE).read_text(encoding="utf-8")
    _with_text(folder, text + "\nOne paragraph more.\n")
    assert [f"{folder / ARTICLE_FILE}: $: the text has 96 paragraphs; source.json says 95"] == _problems(folder)
    _with_text(folder, text.replace("On March 12, a plane from Shanghai", "On March 13, a plane from Shanghai"))
    lines = _problems(folder)
    assert any("$.evidence[0]: the text at " in line and "not the quote" in line for line in lines)

    def move(data: list[dict[str, Any]]) -> None:
        _by_id(data, "2020-03-12-red-cross-team-arrives-rome")["evidence"][0]["paragraph"] = 33

    _with_text(folder, text)
    _edit(folder, "events.json", move)
    record = "record '2020-03-12-red-cross-team-arrives-rome'"
    expected = f"{folder / 'events.json'}: {record}: $.evidence[0]: the quote is not inside paragraph 33"
    assert [expected] == _problems(folder)


def test_sentences_must_tile_their_paragraphs(tmp_path: Path) -> None:
    """A gap with text, a sentence that does not end on its last character, or a paragraph left over, is named."""
    folder = _folder(tmp_path)

    def shift(start: int = 0, end: int = 0, sentence: str = "p14-s2") -> Callable[[Any], None]:
        def change(data: list[dict[str, Any]]) -> None:
            chosen = _by_id(data, sentence)
            chosen["start"] += start
            chosen["end"] += end

        return change

    _edit(folder, "sentences.json", shift(start=5))
    assert any(
        "'p14-s2': $.start: does not start where the text after the sentence before does" in p
        for p in _problems(folder)
    )
    folder = _folder(tmp_path / "b")
    _edit(folder, "sentences.json", shift(end=-1))
    lines = _problems(folder)
    assert any("'p14-s2': $.end: paragraph 14 goes on after its last sentence" in p for p in lines)
    folder = _folder(tmp_path / "c")
    _edit(folder, "sentences.json", shift(end=1, sentence="p14-s1"))
    assert any(
        "'p14-s1': $.end: does not end on the last character of a sentence of paragraph 14" in p
        for p in _problems(folder)
    )
    folder = _folder(tmp_path / "d")
    _edit(folder, "sentences.json", lambda data: data.remove(_by_id(data, "p1-s1")))
    assert [f"{folder / 'sentences.json'}: $: paragraph 1 has no sentence"] == _problems(folder)


# -- placed(): what a writer that places quotes by their offsets needs ---------------------------------


def _built(ds: cs.Dataset, **changes: Any) -> cs.Dataset:
    """The packaged dataset with some of its parts changed."""
    parts: dict[str, Any] = {
        "events": ds.events,
        "aid": ds.aid,
        "statements": ds.statements,
        "figures": ds.figures,
        "sentences": ds.sentences,
        "entities": ds.entities,
        "source": ds.source,
    }
    return cs.Dataset.build(**(parts | changes))


def test_placed_gives_the_text_and_every_record_in_the_order_of_the_files() -> None:
    """The article's text as packaged, and the records of events.json, aid.json, statements.json, figures.json."""
    text, records = placed(cs.load(), needs="a writer needs", why="it needs them")
    assert PACKAGED.joinpath(ARTICLE_FILE).read_text(encoding="utf-8") == text
    files_ids = [r["id"] for name in ("events", "aid", "statements", "figures") for r in _packaged_json(f"{name}.json")]
    assert files_ids == [r.id for r in records]


def _packaged_json(name: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(PACKAGED.joinpath(name).read_text(encoding="utf-8"))
    return loaded


def test_placed_names_every_lack_at_once(ds: cs.Dataset) -> None:
    """No sentence map and two quotes without offsets, in two files: three problems, each with its place."""
    bare = (cs.Evidence(paragraph=1, quote="Nav"),)
    event = attrs.evolve(ds.events[0], evidence=bare)
    figure = attrs.evolve(ds.figures[-1], evidence=(*ds.figures[-1].evidence, *bare))
    changed = _built(
        ds,
        sentences=(),
        events=cs.RecordSet([event, *ds.events[1:]], entities=ds.entities),
        figures=cs.RecordSet([*ds.figures[:-1], figure], entities=ds.entities),
    )
    with pytest.raises(cs.DataError) as raised:
        placed(changed, needs="the map needs", why="the map places quotes", sentences=True)
    last = len(figure.evidence) - 1
    assert [
        ("sentences.json", None, "$", "the map needs the sentence map (data version 2)"),
        ("events.json", repr(event.id), "$.evidence[0]", "no start and end: the map places quotes"),
        ("figures.json", repr(figure.id), f"$.evidence[{last}]", "no start and end: the map places quotes"),
    ] == [(p.file, p.record, p.path, p.message) for p in raised.value.problems]


def test_placed_without_the_text_names_the_text_alone(ds: cs.Dataset) -> None:
    """Without the text nothing can be placed, so the text is the one problem, whatever else is missing."""
    changed = _built(ds, sentences=(), source=attrs.evolve(ds.source, text_sha256="0" * 64))
    assert changed.source.text is None
    with pytest.raises(cs.DataError) as raised:
        placed(changed, needs="the map needs", why="the map places quotes", sentences=True)
    assert [("article.txt", None, "$", "the map needs the article's text (data version 2)")] == [
        (p.file, p.record, p.path, p.message) for p in raised.value.problems
    ]


def test_placed_asks_for_the_sentence_map_only_when_told(ds: cs.Dataset) -> None:
    """A writer that needs no sentence map is given the text and records of a dataset without one."""
    text, records = placed(_built(ds, sentences=()), needs="a writer needs", why="it needs them")
    assert (ds.source.text, len(records)) == (text, len(ds.events) + len(ds.aid) + len(ds.statements) + len(ds.figures))
