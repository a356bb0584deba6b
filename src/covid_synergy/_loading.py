"""Reading and writing datasets: the packaged one, a user's folder, canonical JSON."""

from __future__ import annotations

import codecs
import gc
import itertools
import operator
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ._dataset import Dataset
from ._entities import Entities, entity_keys
from ._errors import DataError, Problem
from ._model import AidRecord, Entity, EntityKind, Event, Figure, Record, Source, Statement
from ._recordset import ENTITY_FIELDS, AidSet, RecordSet, chronological, entity_paths, entity_refs

if TYPE_CHECKING:
    from pathlib import Path

    from ._compat import Traversable

__all__ = ["COLLECTIONS", "MAX_FILE_BYTES", "dump", "load", "load_path", "to_json"]

#: The files of a dataset folder and the type of their records, in load order.
COLLECTIONS: dict[str, type[Any]] = {
    "entities.json": Entity,
    "events.json": Event,
    "aid.json": AidRecord,
    "statements.json": Statement,
    "figures.json": Figure,
}
SOURCE_FILE = "source.json"
#: The largest data file accepted, in bytes (checked before reading where the
#: file system tells the size).
MAX_FILE_BYTES = 1 << 30
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
_ISO3 = re.compile(r"[A-Z]{3}", re.ASCII)
_SHA256 = re.compile(r"[0-9a-f]{64}", re.ASCII)
#: What an id is made of, and the newline that joins ids in ``_good_ids``.
_ID_CHARACTERS = b"abcdefghijklmnopqrstuvwxyz0123456789-\n"
_ID_OF = operator.attrgetter("id")
_EVENT_OF = operator.attrgetter("event")
_EVIDENCE_OF = operator.attrgetter("evidence")
_PARAGRAPH_OF = operator.attrgetter("paragraph")
_QUOTE_OF = operator.attrgetter("quote")

_lock = threading.Lock()
_packaged: Dataset | None = None


def load() -> Dataset:
    """Return the packaged dataset.

    It is read and checked on the first call, once, however many threads
    call at the same time; every call returns that same object.

    >>> import covid_synergy as cs
    >>> cs.load() is cs.load()
    True
    """
    global _packaged  # noqa: PLW0603 - the one cache of the packaged data
    found = _packaged
    if found is None:
        with _lock:
            found = _packaged
            if found is None:
                from ._compat import files  # noqa: PLC0415 - importlib_resources is slow to import

                found = _load_folder(files("covid_synergy").joinpath("data"), label=None)
                _packaged = found
    return found


def load_path(folder: str | os.PathLike[str]) -> Dataset:
    """Load a folder of JSON files in the packaged format, with the same checks.

    The folder holds ``source.json``, ``entities.json``, ``events.json``,
    ``aid.json``, ``statements.json`` and ``figures.json`` (see
    :doc:`/data-model`). Raises :class:`~covid_synergy.DataError` listing
    every problem found, with its file, record and JSON path; nothing is
    loaded unless everything is right.
    """
    from pathlib import Path  # noqa: PLC0415 - pathlib is slow to import; not needed until now

    path = Path(folder)
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise DataError([Problem(file=str(path), message=f"the data folder {what}")])
    return _load_folder(path, label=str(path))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading makes no cycles, and its
    passes would otherwise dominate large loads. Paused until the dataset is
    built: collecting as soon as it resumes, inside the load, would only
    walk the new records.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Reader:
    """One load: reads, parses and checks a folder, collecting problems."""

    def __init__(self, folder: Traversable, label: str | None) -> None:
        self.folder = folder
        self.label = label
        self.problems: list[Problem] = []
        #: Files that could not be read at all: references into them are not checked.
        self.unreadable: set[str] = set()
        #: Ids of records that failed to structure: references to them are not
        #: reported again as dangling.
        self.failed_ids: set[str] = set()
        #: Small objects already built in this load, by their JSON (see ``_fast``).
        self.memo: dict[Any, Any] = {}

    def name(self, file: str) -> str:
        return file if self.label is None else os.path.join(self.label, file)  # noqa: PTH118

    def problem(self, file: str, message: str, record: str | None = None, path: str = "$") -> None:
        self.problems.append(Problem(file=self.name(file), record=record, path=path, message=message))

    def read(self, file: str) -> Any:
        """Return the parsed JSON of one file, or ``None`` after a problem."""
        resource = self.folder.joinpath(file)
        stat = getattr(resource, "stat", None)  # a file-system path tells its size
        if stat is not None:
            try:
                size = stat().st_size
            except FileNotFoundError:
                size = None
            if size is not None and size > MAX_FILE_BYTES:
                self.problem(file, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
                return None
        if not resource.is_file():
            self.problem(file, "file not found")
            return None
        raw = resource.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            self.problem(file, f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
            return None
        return self.parse(file, raw)

    def parse(self, file: str, raw: bytes) -> Any:
        if raw.startswith(codecs.BOM_UTF8):
            self.problem(file, "starts with a byte-order mark; save it as UTF-8 without one")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(file, f"not UTF-8: byte {exc.start} is {raw[exc.start]:#04x}")
            return None
        if not text or text.isspace():
            self.problem(file, "the file is empty")
            return None
        import json  # noqa: PLC0415 - not needed to import the package

        try:
            return json.loads(text, parse_float=_reject_float, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            self.problem(file, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        except RecursionError:
            self.problem(file, "invalid JSON: nested too deeply")
        except ValueError as exc:
            self.problem(file, f"invalid JSON: {exc}")
        return None

    def structure_all(self, file: str, cls: type[Any], data: Any) -> list[Any]:
        """Structure every record of a collection, keeping the good ones."""
        if type(data) is not list:
            self.problem(file, f"expected an array of records at the top level, got {_kind(data)}")
            self.unreadable.add(file)
            return []
        from ._converter import structurers  # noqa: PLC0415 - cattrs loads on first use

        structure = structurers()[cls]
        memo = self.memo
        try:
            return [structure(raw, memo) for raw in data]
        except Exception:  # noqa: BLE001, S110 - some record is wrong: find each one
            pass
        good = []
        for index, raw in enumerate(data):
            try:
                good.append(structure(raw, memo))
            except Exception as exc:  # noqa: BLE001 - explained by the detailed pass
                self.explain(file, cls, raw, f"#{index}", exc)
        return good

    def structure_one(self, file: str, cls: type[Any], data: Any) -> Any:
        from ._converter import make_converter  # noqa: PLC0415

        try:
            return make_converter().get_structure_hook(cls)(data, cls)
        except Exception as exc:  # noqa: BLE001 - explained by the detailed pass
            self.explain(file, cls, data, None, exc)
            return None

    def explain(self, file: str, cls: type[Any], raw: Any, fallback: str | None, first: Exception) -> None:
        """Re-run a failed record through the detailed converter to name every fault."""
        from ._converter import error_paths, make_converter  # noqa: PLC0415

        record = _record_label(raw, fallback)
        if isinstance(raw, dict) and type(raw.get("id")) is str:
            self.failed_ids.add(raw["id"])
        try:
            make_converter(detailed=True).get_structure_hook(cls)(raw, cls)
        except Exception as exc:  # noqa: BLE001 - every fault becomes a Problem
            for path, message in error_paths(exc):
                self.problem(file, message, record, path)
        else:  # pragma: no cover - the two converters agree on what is valid
            self.problem(file, str(first), record)


def _load_folder(folder: Traversable, label: str | None) -> Dataset:
    with _gc_paused():
        return _build(_Reader(folder, label))


def _build(reader: _Reader) -> Dataset:
    source_data = reader.read(SOURCE_FILE)
    source: Source | None = None
    if source_data is not None:
        if type(source_data) is dict:
            source = reader.structure_one(SOURCE_FILE, Source, source_data)
        else:
            reader.problem(SOURCE_FILE, f"expected an object at the top level, got {_kind(source_data)}")
    parsed: dict[str, list[Any]] = {}
    for file, cls in COLLECTIONS.items():
        data = reader.read(file)
        if data is None:
            reader.unreadable.add(file)
        parsed[file] = [] if data is None else reader.structure_all(file, cls, data)
    entities = None if reader.problems else _all_well(source, parsed)
    if entities is None:
        _check(reader, source, parsed)
    if reader.problems:
        raise DataError(reader.problems)
    assert source is not None  # noqa: S101 - a missing source is a problem above
    if entities is None:  # pragma: no cover - the two checks agree on what is valid
        entities = Entities(parsed["entities.json"])
    return Dataset.build(
        events=RecordSet[Event]._presorted(chronological(parsed["events.json"]), entities),
        aid=AidSet._presorted(chronological(parsed["aid.json"]), entities),
        statements=RecordSet[Statement]._presorted(chronological(parsed["statements.json"]), entities),
        figures=RecordSet[Figure]._presorted(chronological(parsed["figures.json"]), entities),
        entities=entities,
        source=source,
    )


def _all_well(source: Source | None, parsed: dict[str, list[Any]]) -> Entities | None:
    """The dataset's entities if :func:`_check` would find nothing, else ``None``.

    Every test here is a pass in C over all records at once; only when one
    fails does :func:`_check` go record by record to name the problems.
    """
    if source is None or not _SHA256.fullmatch(source.text_sha256) or source.paragraphs < 1:
        return None
    ids = [r.id for records in parsed.values() for r in records]
    if not _good_ids(ids):
        return None
    entities = parsed["entities.json"]
    try:
        indexed = Entities(entities)  # refuses shared names
    except ValueError:
        return None
    entity_ids = set(indexed)
    for entity in entities:
        for _problem in _entity_problems(entity, entity_ids, None):
            return None
    event_ids = set(map(_ID_OF, parsed["events.json"]))
    for file, cls in COLLECTIONS.items():
        if cls is Entity:
            continue
        chosen = parsed[file]
        refs: set[str | None] = set()
        for name, many in ENTITY_FIELDS[cls]:
            values = map(operator.attrgetter(name), chosen)
            refs.update(itertools.chain.from_iterable(values) if many else values)
        refs.discard(None)
        if not refs <= entity_ids:
            return None
        if cls is AidRecord or cls is Statement:
            events = set(map(_EVENT_OF, chosen))
            events.discard(None)
            if not events <= event_ids:
                return None
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


def _check(reader: _Reader, source: Source | None, parsed: dict[str, list[Any]]) -> None:
    """The checks no single record can make: ids, references, paragraphs."""
    if source is not None:
        if not _SHA256.fullmatch(source.text_sha256):
            reader.problem(SOURCE_FILE, "expected 64 lowercase hex digits", path="$.text_sha256")
        if source.paragraphs < 1:
            reader.problem(SOURCE_FILE, "must be at least 1", path="$.paragraphs")
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    entity_ids = {e.id for e in parsed["entities.json"]} | reader.failed_ids
    event_ids = {e.id for e in parsed["events.json"]} | reader.failed_ids
    check_entities = "entities.json" not in reader.unreadable
    check_events = "events.json" not in reader.unreadable
    for file, records in parsed.items():
        for record in records:
            rid = record.id
            label = repr(rid)
            if not _ID.fullmatch(rid):
                reader.problem(file, "an id is lowercase letters and digits joined by '-'", label, "$.id")
            known = len(seen)
            other = seen.setdefault(rid, file)
            if len(seen) == known:
                where = "in this file" if other == file else f"in {other}"
                reader.problem(file, f"duplicate id (also {where})", label, "$.id")
            if isinstance(record, Entity):
                _check_entity(reader, record, entity_ids, names)
                continue
            if check_entities and not entity_ids.issuperset(entity_refs(record)):
                for path, ref in entity_paths(record):
                    if ref not in entity_ids:
                        reader.problem(file, f"unknown entity {ref!r}", label, path)
            event = record.event if isinstance(record, AidRecord | Statement) else None
            if check_events and event is not None and event not in event_ids:
                reader.problem(file, f"unknown event {event!r}", label, "$.event")
            _check_evidence(reader, file, record, label, source)


def _check_entity(reader: _Reader, entity: Entity, entity_ids: set[str], names: dict[str, str]) -> None:
    for message, path in _entity_problems(entity, entity_ids, names):
        reader.problem("entities.json", message, repr(entity.id), path)


def _entity_problems(entity: Entity, entity_ids: set[str], names: dict[str, str] | None) -> Iterator[tuple[str, str]]:
    """What is wrong with one entity, as ``(message, json_path)`` pairs.

    ``names`` collects the names seen so far, to report names used twice;
    ``None`` skips that check.
    """
    if entity.kind is EntityKind.COUNTRY:
        if entity.iso3 is None or not _ISO3.fullmatch(entity.iso3):
            yield "a country needs an ISO 3166-1 alpha-3 code", "$.iso3"
    elif entity.iso3 is not None:
        yield "only countries have an ISO 3166-1 code", "$.iso3"
    if entity.affiliation is not None and entity.affiliation not in entity_ids:
        yield f"unknown entity {entity.affiliation!r}", "$.affiliation"
    if names is None:
        return
    for key in sorted(entity_keys(entity)):
        other = names.setdefault(key, entity.id)
        if other != entity.id:
            yield f"the name {key!r} is also used by {other!r}", "$.aliases"


def _check_evidence(reader: _Reader, file: str, record: Record, label: str, source: Source | None) -> None:
    if not record.evidence:
        reader.problem(file, "every record needs at least one piece of evidence", label, "$.evidence")
    for i, evidence in enumerate(record.evidence):
        if source is not None and not 1 <= evidence.paragraph <= source.paragraphs:
            reader.problem(
                file,
                f"paragraph {evidence.paragraph} is outside 1..{source.paragraphs}",
                label,
                f"$.evidence[{i}].paragraph",
            )
        if not evidence.quote.strip():
            reader.problem(file, "the quote is empty", label, f"$.evidence[{i}].quote")


def _reject_float(text: str) -> Any:
    msg = f'the number {text} has a fraction or an exponent; write quantities as strings, like "8.1"'
    raise ValueError(msg)


def _reject_constant(text: str) -> Any:
    msg = f"{text} is not a number JSON allows"
    raise ValueError(msg)


def _kind(value: Any) -> str:
    from ._converter import _json_type  # noqa: PLC0415

    return _json_type(value)


def _record_label(raw: Any, fallback: str | None) -> str | None:
    if isinstance(raw, dict):
        rid = raw.get("id")
        if type(rid) is str:
            return repr(rid[:80])
    return fallback


# -- writing -------------------------------------------------------------------


def to_json(dataset: Dataset) -> dict[str, bytes]:
    """Return the canonical bytes of every file of ``dataset``'s folder."""
    from ._converter import make_converter  # noqa: PLC0415

    converter = make_converter()
    out = {SOURCE_FILE: _dumps(converter.unstructure(dataset.source))}
    collections: dict[str, Any] = {
        "entities.json": dataset.entities.values(),
        "events.json": dataset.events,
        "aid.json": dataset.aid,
        "statements.json": dataset.statements,
        "figures.json": dataset.figures,
    }
    for file, records in collections.items():
        out[file] = _dumps([converter.unstructure(r) for r in records])
    return out


def _dumps(data: Any) -> bytes:
    import json  # noqa: PLC0415

    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def dump(dataset: Dataset, folder: str | os.PathLike[str], *, overwrite: bool = False) -> list[Path]:
    """Write ``dataset`` to ``folder`` in the packaged format, canonically.

    ``dump(load(), folder)`` reproduces the packaged files byte for byte, and
    :func:`load_path` reads the folder back. The folder is created if need
    be. No file is overwritten unless ``overwrite`` is true: an existing file
    raises :class:`FileExistsError` before anything is written. Each file is
    written to a temporary file first and then renamed, so an interrupted
    dump never leaves a half-written file. Returns the paths written.
    """
    from pathlib import Path  # noqa: PLC0415

    return write_files(Path(folder), to_json(dataset), overwrite=overwrite)


def write_files(folder: Path, contents: dict[str, bytes], *, overwrite: bool) -> list[Path]:
    """Write files atomically into ``folder``; refuse to overwrite unless asked."""
    if folder.exists() and not folder.is_dir():
        msg = f"{folder} exists and is not a folder"
        raise NotADirectoryError(msg)
    targets = [folder / name for name in contents]
    if not overwrite:
        existing = [str(t) for t in targets if t.exists()]
        if existing:
            msg = f"will not overwrite {', '.join(existing)} (pass overwrite=True / --force)"
            raise FileExistsError(msg)
    folder.mkdir(parents=True, exist_ok=True)
    for target, data in zip(targets, contents.values(), strict=True):
        _write_atomic(target, data)
    return targets


def _write_atomic(target: Path, data: bytes) -> None:
    import tempfile  # noqa: PLC0415 - only when writing

    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)  # noqa: PTH105
    except BaseException:
        if os.path.exists(temporary):  # noqa: PTH110
            os.unlink(temporary)  # noqa: PTH108
        raise
