"""The rules no single record can check: unique ids, references, evidence, names.

:func:`all_well` decides, with passes in C over all records at once,
whether a dataset breaks none of them; only when one breaks does
:func:`problems` go record by record to name each fault. The two agree on
every dataset (a property test holds them to it).
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from ._codec._rules import ID, ISO3, SHA256
from ._entities import Entities, entity_keys
from ._errors import DataError, Problem, clip
from ._layout import ARTICLE_FILE, COLLECTION_OF, COLLECTIONS, RECORD_COLLECTIONS, SOURCE_FILE
from ._model import Entity, EntityKind, Event, Record, Sentence, Source, paragraph_spans, references

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["Found", "all_well", "placed", "problems", "text_problems"]

#: One problem: ``(file, record label or None, JSON path, message)``.
Found = tuple[str, str | None, str, str]

#: What an id is made of, and the newline that joins ids in :func:`_good_ids`.
_ID_CHARACTERS: Final = b"abcdefghijklmnopqrstuvwxyz0123456789-\n"
_ID_OF = operator.attrgetter("id")
_EVIDENCE_OF = operator.attrgetter("evidence")
_PARAGRAPH_OF = operator.attrgetter("paragraph")
_QUOTE_OF = operator.attrgetter("quote")
_START_OF = operator.attrgetter("start")
_ENTITIES: Final = COLLECTION_OF[Entity]
_EVENTS: Final = COLLECTION_OF[Event]
_SENTENCES: Final = COLLECTION_OF[Sentence]
#: The record classes that cite the article.
_CITING: Final = frozenset(c.record for c in RECORD_COLLECTIONS)
#: A sentence id: ``p<paragraph>-s<n>``.
_SENTENCE_ID: Final = re.compile(r"p([1-9][0-9]*)-s([1-9][0-9]*)", re.ASCII)
#: A UN M49 code.
_M49: Final = re.compile(r"[0-9]{3}", re.ASCII)


def all_well(source: Source | None, parsed: Mapping[str, Sequence[Any]]) -> Entities | None:
    """The dataset's entities if :func:`problems` would find nothing, else ``None``.

    ``parsed`` holds the records of every collection, by file name.
    """
    if source is None or not SHA256.fullmatch(source.text_sha256) or source.paragraphs < 1:
        return None
    ids = [r.id for records in parsed.values() for r in records]
    if not _good_ids(ids):
        return None
    entities = parsed[_ENTITIES.file]
    try:
        indexed = Entities(entities)  # refuses shared names
    except ValueError:
        return None
    for entity in entities:
        for _problem in _entity_problems(entity, None):
            return None
    for _found in _region_problems(indexed):
        return None
    sentences = parsed[_SENTENCES.file]
    for _found in _sentence_problems(sentences, source):
        return None
    targets = {"entity": set(indexed), "event": set(map(_ID_OF, parsed[_EVENTS.file]))}
    for collection in COLLECTIONS:
        chosen = parsed[collection.file]
        for ref in references(collection.record):
            values = map(operator.attrgetter(ref.field), chosen)
            refs: set[str | None] = set(itertools.chain.from_iterable(values) if ref.many else values)
            refs.discard(None)
            if not refs <= targets[ref.target]:
                return None
        if collection.record not in _CITING:
            continue
        if not all(map(_EVIDENCE_OF, chosen)):
            return None
        evidence = list(itertools.chain.from_iterable(map(_EVIDENCE_OF, chosen)))
        if sentences and None in map(_START_OF, evidence):
            return None
        if evidence:
            paragraphs = list(map(_PARAGRAPH_OF, evidence))
            if min(paragraphs) < 1 or max(paragraphs) > source.paragraphs:
                return None
            quotes = list(map(_QUOTE_OF, evidence))
            if not all(quotes) or any(map(str.isspace, quotes)):
                return None
    return indexed


def _good_ids(ids: list[str]) -> bool:
    """Whether the ids are all well formed and all different (checked on them joined by newlines)."""
    if not ids:
        return True
    joined = "\n".join(ids)
    return (
        all(ids)  # none is empty
        and joined.isascii()
        and not joined.encode("ascii").translate(None, _ID_CHARACTERS)
        and joined.count("\n") == len(ids) - 1  # none holds a newline
        and not any(part in joined for part in ("--", "\n-", "-\n"))
        and not joined.startswith("-")
        and not joined.endswith("-")
        and len(set(ids)) == len(ids)
    )


def problems(
    source: Source | None,
    parsed: Mapping[str, Sequence[Any]],
    *,
    unreadable: Collection[str] = (),
    failed_ids: Collection[str] = (),
) -> list[Found]:
    """Every fault across records, one by one.

    References into a file in ``unreadable`` are not checked (that file's
    own problem is reported already), nor references to ``failed_ids``,
    records that failed to structure.
    """
    found: list[Found] = []
    if source is not None:
        if not SHA256.fullmatch(source.text_sha256):
            found.append((SOURCE_FILE, None, "$.text_sha256", "expected 64 lowercase hex digits"))
        if source.paragraphs < 1:
            found.append((SOURCE_FILE, None, "$.paragraphs", "must be at least 1"))
    targets = {
        "entity": {e.id for e in parsed[_ENTITIES.file]} | set(failed_ids),
        "event": {e.id for e in parsed[_EVENTS.file]} | set(failed_ids),
    }
    checked = {"entity": _ENTITIES.file not in unreadable, "event": _EVENTS.file not in unreadable}
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    sentences = parsed[_SENTENCES.file]
    for collection in COLLECTIONS:
        file = collection.file
        refs = references(collection.record)
        for record in parsed[file]:
            label = repr(record.id)
            found += ((file, label, "$.id", message) for message in _id_problems(record.id, file, seen))
            if isinstance(record, Entity):
                found += ((file, label, path, message) for message, path in _entity_problems(record, names))
            for ref in refs:
                if not checked[ref.target]:
                    continue
                value = getattr(record, ref.field)
                paths = enumerate(value) if ref.many else [(None, value)]
                for index, target in paths:
                    if target is not None and target not in targets[ref.target]:
                        path = f"$.{ref.field}" if index is None else f"$.{ref.field}[{index}]"
                        found.append((file, label, path, f"unknown {ref.target} {target!r}"))
            if collection.record in _CITING:
                found += (
                    (file, label, path, message)
                    for path, message in _evidence_problems(record, source, offsets=bool(sentences))
                )
    by_id = {e.id: e for e in parsed[_ENTITIES.file]}
    if _ENTITIES.file not in unreadable:
        found += _region_problems(by_id)
    found += _sentence_problems(sentences, source)
    return found


def _id_problems(rid: str, file: str, seen: dict[str, str]) -> Iterator[str]:
    if not ID.fullmatch(rid):
        yield "an id is lowercase letters and digits joined by '-'"
    other = seen.get(rid)
    if other is None:
        seen[rid] = file
    else:
        yield f"duplicate id (also {'in this file' if other == file else f'in {other}'})"


def _entity_problems(entity: Entity, names: dict[str, str] | None) -> Iterator[tuple[str, str]]:
    """What is wrong with one entity on its own, as ``(message, json_path)`` pairs.

    ``names`` collects the names seen so far, to report names used twice;
    ``None`` skips that check.
    """
    if entity.kind is EntityKind.COUNTRY:
        if entity.iso3 is None or not ISO3.fullmatch(entity.iso3):
            yield "a country needs an ISO 3166-1 alpha-3 code", "$.iso3"
    elif entity.iso3 is not None:
        yield "only countries have an ISO 3166-1 code", "$.iso3"
    if entity.kind is EntityKind.REGION:
        if entity.m49 is None or not _M49.fullmatch(entity.m49):
            yield "a region needs its three-digit UN M49 code", "$.m49"
    elif entity.m49 is not None:
        yield "only regions have a UN M49 code", "$.m49"
    if names is None:
        return
    for key in sorted(entity_keys(entity)):
        other = names.setdefault(key, entity.id)
        if other != entity.id:
            yield f"the name {key!r} is also used by {other!r}", "$.aliases"


def _evidence_problems(record: Any, source: Source | None, *, offsets: bool) -> Iterator[tuple[str, str]]:
    if not record.evidence:
        yield "$.evidence", "every record needs at least one piece of evidence"
    for i, evidence in enumerate(record.evidence):
        if offsets and evidence.start is None:
            yield f"$.evidence[{i}]", "no start and end: a folder with a sentence map needs the offsets of every quote"
        if source is not None and not 1 <= evidence.paragraph <= source.paragraphs:
            yield f"$.evidence[{i}].paragraph", f"paragraph {evidence.paragraph} is outside 1..{source.paragraphs}"
        if not evidence.quote.strip():
            yield f"$.evidence[{i}].quote", "the quote is empty"


def _region_problems(by_id: Mapping[str, Entity]) -> Iterator[Found]:
    """A region that names no region entity, or a chain of regions that loops."""
    file = _ENTITIES.file
    for entity in by_id.values():
        region = entity.region
        if region is None or region not in by_id:  # an unknown id is reported as a reference
            continue
        label = repr(entity.id)
        if by_id[region].kind is not EntityKind.REGION:
            yield file, label, "$.region", f"{region!r} is a {by_id[region].kind.value}, not a region"
            continue
        seen = {entity.id}
        while region is not None and region in by_id:
            if region in seen:
                yield file, label, "$.region", f"the regions above it loop back through {region!r}"
                break
            seen.add(region)
            region = by_id[region].region


def _sentence_problems(sentences: Sequence[Sentence], source: Source | None) -> Iterator[Found]:
    """Sentence ids, paragraphs and spans: in order, numbered from 1 in each paragraph, never overlapping."""
    file = _SENTENCES.file
    previous: Sentence | None = None
    previous_number = 0
    for sentence in sentences:
        label = repr(sentence.id)
        match = _SENTENCE_ID.fullmatch(sentence.id)
        if match is None:
            yield file, label, "$.id", "a sentence id is p<paragraph>-s<n>, like p14-s2"
        else:
            number = int(match[2])
            expected = previous_number + 1 if previous and previous.paragraph == sentence.paragraph else 1
            if int(match[1]) != sentence.paragraph:
                yield file, label, "$.id", f"the id names paragraph {match[1]}, not {sentence.paragraph}"
            elif number != expected:
                yield file, label, "$.id", f"expected sentence {expected} of paragraph {sentence.paragraph} here"
            previous_number = number
        if source is not None and not 1 <= sentence.paragraph <= source.paragraphs:
            yield file, label, "$.paragraph", f"paragraph {sentence.paragraph} is outside 1..{source.paragraphs}"
        if not 0 <= sentence.start < sentence.end:
            yield file, label, "$.end", f"the span {sentence.start}..{sentence.end} is not a non-empty span of the text"
        elif previous is not None and (sentence.paragraph < previous.paragraph or sentence.start < previous.end):
            yield file, label, "$.start", f"overlaps or comes before the sentence before it ({previous.id})"
        previous = sentence


def text_problems(text: str, source: Source, parsed: Mapping[str, Sequence[Any]], *, file: str) -> Iterator[Found]:
    """Whether the offsets agree with the article's ``text`` (read from ``file``).

    Every evidence's span holds its quote, inside its paragraph; the
    sentences tile each paragraph, with only whitespace between them.
    """
    spans = paragraph_spans(text)
    if len(spans) != source.paragraphs:
        yield file, None, "$", f"the text has {len(spans)} paragraphs; source.json says {source.paragraphs}"
        return
    for collection in RECORD_COLLECTIONS:
        for record in parsed[collection.file]:
            for i, evidence in enumerate(record.evidence):
                if evidence.start is None or not 1 <= evidence.paragraph <= len(spans):
                    continue
                where = (collection.file, repr(record.id), f"$.evidence[{i}]")
                held = text[evidence.start : evidence.end]
                low, high = spans[evidence.paragraph - 1]
                if held != evidence.quote:
                    yield (*where, f"the text at {evidence.start}..{evidence.end} is {clip(held, 40)!r}, not the quote")
                elif not low <= evidence.start < evidence.end <= high:
                    yield (*where, f"the quote is not inside paragraph {evidence.paragraph}")
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in parsed[_SENTENCES.file]:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    if not by_paragraph:
        return
    for number, (low, high) in enumerate(spans, 1):
        chosen = by_paragraph.get(number)
        if not chosen:
            yield _SENTENCES.file, None, "$", f"paragraph {number} has no sentence"
            continue
        edge = low
        for sentence in chosen:
            label = repr(sentence.id)
            if text[edge : sentence.start].strip() or sentence.start < edge:
                yield (
                    _SENTENCES.file,
                    label,
                    "$.start",
                    f"does not start where the text after the sentence before does ({edge})",
                )
            part = text[sentence.start : sentence.end]
            if part != part.strip() or sentence.end > high:
                yield (
                    _SENTENCES.file,
                    label,
                    "$.end",
                    f"does not end on the last character of a sentence of paragraph {number}",
                )
            edge = sentence.end
        if text[edge:high].strip():
            yield _SENTENCES.file, repr(chosen[-1].id), "$.end", f"paragraph {number} goes on after its last sentence"


def placed(dataset: Dataset, *, needs: str, why: str, sentences: bool = False) -> tuple[str, list[Record]]:
    """The article's text and every record, for a writer that places each quote by its offsets.

    A dataset that lacks the text, the sentence map (when ``sentences``) or
    any quote's offsets, as one in data version 1 does, raises
    :class:`~covid_synergy.DataError` naming each lack: ``needs`` begins the
    messages for the text and the map ("the annotations need"), and ``why``
    says what the offsets are for.
    """
    text = dataset.source.text
    if text is None:
        raise DataError([Problem(file=ARTICLE_FILE, message=f"{needs} the article's text (data version 2)")])
    missing = []
    if sentences and not dataset.sentences:
        missing.append(Problem(file=_SENTENCES.file, message=f"{needs} the sentence map (data version 2)"))
    records: list[Record] = [r for c in RECORD_COLLECTIONS for r in getattr(dataset, c.name)]
    for record in records:
        for index, evidence in enumerate(record.evidence):
            if evidence.start is None:
                where = {"file": COLLECTION_OF[type(record)].file, "record": repr(record.id)}
                missing.append(Problem(**where, path=f"$.evidence[{index}]", message=f"no start and end: {why}"))
    if missing:
        raise DataError(missing)
    return text, records
