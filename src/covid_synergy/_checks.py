"""The rules no single record can check: unique ids, references, evidence, names.

:func:`all_well` decides, with passes in C over all records at once,
whether a dataset breaks none of them; only when one breaks does
:func:`problems` go record by record to name each fault. The two agree on
every dataset (a property test holds them to it).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, Final

from ._codec._rules import ID, ISO3, SHA256
from ._entities import Entities, entity_keys
from ._layout import COLLECTIONS, SOURCE_FILE
from ._model import Entity, EntityKind, Source, references

__all__ = ["Found", "all_well", "problems"]

#: One problem: ``(file, record label or None, JSON path, message)``.
Found = tuple[str, str | None, str, str]

#: What an id is made of, and the newline that joins ids in :func:`_good_ids`.
_ID_CHARACTERS: Final = b"abcdefghijklmnopqrstuvwxyz0123456789-\n"
_ID_OF = operator.attrgetter("id")
_EVIDENCE_OF = operator.attrgetter("evidence")
_PARAGRAPH_OF = operator.attrgetter("paragraph")
_QUOTE_OF = operator.attrgetter("quote")
_ENTITIES: Final = COLLECTIONS[0]
_EVENTS: Final = COLLECTIONS[1]


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
    targets = {"entity": set(indexed), "event": set(map(_ID_OF, parsed[_EVENTS.file]))}
    for collection in COLLECTIONS:
        chosen = parsed[collection.file]
        for ref in references(collection.record):
            values = map(operator.attrgetter(ref.field), chosen)
            refs: set[str | None] = set(itertools.chain.from_iterable(values) if ref.many else values)
            refs.discard(None)
            if not refs <= targets[ref.target]:
                return None
        if collection is _ENTITIES:
            continue
        if not all(map(_EVIDENCE_OF, chosen)):
            return None
        evidence = list(itertools.chain.from_iterable(map(_EVIDENCE_OF, chosen)))
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
            if not isinstance(record, Entity):
                found += ((file, label, path, message) for path, message in _evidence_problems(record, source))
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
    if names is None:
        return
    for key in sorted(entity_keys(entity)):
        other = names.setdefault(key, entity.id)
        if other != entity.id:
            yield f"the name {key!r} is also used by {other!r}", "$.aliases"


def _evidence_problems(record: Any, source: Source | None) -> Iterator[tuple[str, str]]:
    if not record.evidence:
        yield "$.evidence", "every record needs at least one piece of evidence"
    for i, evidence in enumerate(record.evidence):
        if source is not None and not 1 <= evidence.paragraph <= source.paragraphs:
            yield f"$.evidence[{i}].paragraph", f"paragraph {evidence.paragraph} is outside 1..{source.paragraphs}"
        if not evidence.quote.strip():
            yield f"$.evidence[{i}].quote", "the quote is empty"
