"""Reading datasets: the packaged one (:func:`load`) and a folder of your own (:func:`load_path`).

A load reads every file, parses it by the format's rules, structures each
record through the pre-built structure functions, and checks the rules
across records. Any fault is collected, and a load with faults raises one
:class:`~covid_synergy.DataError` naming them all; nothing is returned
half-checked.
"""

from __future__ import annotations

import codecs
import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

from ._checks import all_well, problems, text_problems
from ._dataset import Dataset
from ._entities import Entities
from ._errors import DataError, Problem
from ._layout import ARTICLE_FILE, COLLECTION_OF, COLLECTIONS, SOURCE_FILE
from ._model import AidRecord, Entity, Event, Figure, Sentence, Source, Statement, provide_text
from ._recordset import AidSet, RecordSet, StatementSet, chronological

if TYPE_CHECKING:
    from ._compat import Traversable

__all__ = ["MAX_FILE_BYTES", "load", "load_path"]

#: The largest data file accepted, in bytes (checked before reading where the
#: file system tells the size).
MAX_FILE_BYTES: Final = 1 << 30

_lock = threading.Lock()
_packaged: Dataset | None = None


class _Failed:
    """What :meth:`_Reader.read` returns for a file it could not read (its problem is recorded)."""


_FAILED: Final = _Failed()


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
    ``aid.json``, ``statements.json`` and ``figures.json``, and may hold the
    sentence map ``sentences.json`` and the article's text ``article.txt``
    (see :doc:`/data-model`). When the text is there, its SHA-256 is checked
    against ``source.json``, and every quote and sentence against their
    offsets in it. Raises :class:`~covid_synergy.DataError` listing every
    problem found, with its file, record and JSON path; nothing is loaded
    unless everything is right.

    >>> import covid_synergy as cs
    >>> cs.load_path("no/such/folder")
    Traceback (most recent call last):
    ...
    covid_synergy._errors.DataError: 1 problem in the data:
      no/such/folder: $: the data folder does not exist
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
    """One load: reads, parses and structures the files of a folder, collecting problems."""

    def __init__(self, folder: Traversable, label: str | None) -> None:
        self.folder = folder
        self.label = label
        self.problems: list[Problem] = []
        #: Files that could not be read at all: references into them are not checked.
        self.unreadable: set[str] = set()
        #: Ids of records that failed to structure: references to them are not
        #: reported again as dangling.
        self.failed_ids: set[str] = set()
        #: Small objects already built in this load, by their JSON (see ``_codec._structure``).
        self.memo: dict[Any, Any] = {}

    def name(self, file: str) -> str:
        return file if self.label is None else os.path.join(self.label, file)  # noqa: PTH118

    def problem(self, file: str, message: str, record: str | None = None, path: str = "$") -> None:
        self.problems.append(Problem(file=self.name(file), record=record, path=path, message=message))

    def absent(self, file: str) -> bool:
        """Whether the folder has no file (nor anything else) of that name."""
        resource = self.folder.joinpath(file)
        return not resource.is_file() and not resource.is_dir()

    def read_text(self, file: str, sha256: str) -> str | None:
        """The text of ``file``, if its bytes have this SHA-256; ``None`` after recording why not."""
        raw = self.read_bytes(file)
        if raw is None:
            return None
        import hashlib  # noqa: PLC0415 - only with a text to check

        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha256:
            self.problem(file, f"its SHA-256 is {digest}, but source.json says {sha256}")
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(file, f"not UTF-8: byte {exc.start} is {raw[exc.start]:#04x}")
            return None

    def read(self, file: str) -> Any:
        """Return the parsed JSON of one file, or ``_FAILED`` after recording its problem."""
        raw = self.read_bytes(file)
        return _FAILED if raw is None else self.parse(file, raw)

    def read_bytes(self, file: str) -> bytes | None:
        """Return the bytes of one file, or ``None`` after recording its problem."""
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
        return raw

    def parse(self, file: str, raw: bytes) -> Any:
        if raw.startswith(codecs.BOM_UTF8):
            self.problem(file, "starts with a byte-order mark; save it as UTF-8 without one")
            return _FAILED
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(file, f"not UTF-8: byte {exc.start} is {raw[exc.start]:#04x}")
            return _FAILED
        if not text or text.isspace():
            self.problem(file, "the file is empty")
            return _FAILED
        from json import JSONDecodeError  # noqa: PLC0415 - not needed to import the package

        from ._codec._rules import parse_json  # noqa: PLC0415

        try:
            return parse_json(text)
        except JSONDecodeError as exc:
            self.problem(file, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        except RecursionError:
            self.problem(file, "invalid JSON: nested too deeply")
        except ValueError as exc:
            self.problem(file, f"invalid JSON: {exc}")
        return _FAILED

    def structure_all(self, file: str, cls: type[Any], data: Any) -> list[Any]:
        """Structure every record of a collection, keeping the good ones."""
        if type(data) is not list:
            self.problem(file, f"expected an array of records at the top level, got {_kind(data)}")
            self.unreadable.add(file)
            return []
        from ._codec._structure import STRUCTURERS  # noqa: PLC0415 - loads with the first load

        structure = STRUCTURERS[cls]
        memo = self.memo
        try:
            return [structure(raw, memo) for raw in data]
        except Exception:  # noqa: BLE001, S110 - some record is wrong: find each one
            pass
        good = []
        for index, raw in enumerate(data):
            try:
                good.append(structure(raw, memo))
            except Exception as exc:  # noqa: BLE001 - explained by the converter
                self.explain(file, cls, raw, f"#{index}", exc)
        return good

    def structure_one(self, file: str, cls: type[Any], data: Any) -> Any:
        """Structure the one object of a file, or return ``None`` after recording why not."""
        from ._codec._structure import STRUCTURERS  # noqa: PLC0415

        try:
            return STRUCTURERS[cls](data, self.memo)
        except Exception as exc:  # noqa: BLE001 - explained by the converter
            self.explain(file, cls, data, None, exc)
            return None

    def explain(self, file: str, cls: type[Any], raw: Any, fallback: str | None, first: Exception) -> None:
        """Ask the converter to name every fault of a record the structure function refused."""
        from ._codec import explain  # noqa: PLC0415 - cattrs loads only to explain

        record = _record_label(raw, fallback)
        if isinstance(raw, dict) and type(raw.get("id")) is str:
            self.failed_ids.add(raw["id"])
        faults = explain(raw, cls) or [("$", str(first) or type(first).__name__)]
        for path, message in faults:
            self.problem(file, message, record, path)


def _load_folder(folder: Traversable, label: str | None) -> Dataset:
    with _gc_paused():
        return _build(_Reader(folder, label), check_text=label is not None)


class _LazyText:
    """The packaged article's text, read and checked when first asked for."""

    def __init__(self, resource: Traversable, sha256: str) -> None:
        self.resource = resource
        self.sha256 = sha256
        self.lock = threading.Lock()
        self.text: str | None = None

    def __call__(self) -> str:
        with self.lock:
            if self.text is None:
                reader = _Reader(self.resource, None)
                text = reader.read_text(ARTICLE_FILE, self.sha256)
                if text is None:
                    raise DataError(reader.problems)
                self.text = text
            return self.text


def _build(reader: _Reader, *, check_text: bool) -> Dataset:
    source_data = reader.read(SOURCE_FILE)
    source: Source | None = None
    if type(source_data) is dict:
        source = reader.structure_one(SOURCE_FILE, Source, source_data)
    elif source_data is not _FAILED:
        reader.problem(SOURCE_FILE, f"expected an object at the top level, got {_kind(source_data)}")
    parsed: dict[str, list[Any]] = {}
    for collection in COLLECTIONS:
        file = collection.file
        if not collection.required and reader.absent(file):
            parsed[file] = []
            continue
        data = reader.read(file)
        if data is _FAILED:
            reader.unreadable.add(file)
            parsed[file] = []
        else:
            parsed[file] = reader.structure_all(file, collection.record, data)
    entities = None if reader.problems else all_well(source, parsed)
    if entities is None:
        found = problems(source, parsed, unreadable=reader.unreadable, failed_ids=reader.failed_ids)
        for file, record, path, message in found:
            reader.problem(file, message, record, path)
    if source is not None and not reader.absent(ARTICLE_FILE):
        if check_text:
            text = reader.read_text(ARTICLE_FILE, source.text_sha256)
            if text is not None:
                for file, record, path, message in text_problems(text, source, parsed, file=ARTICLE_FILE):
                    reader.problem(file, message, record, path)
                if not reader.problems:
                    provide_text(source.text_sha256, lambda: text)
        else:
            provide_text(source.text_sha256, _LazyText(reader.folder, source.text_sha256))
    if reader.problems or source is None:  # a missing source is always a problem
        raise DataError(reader.problems)
    if entities is None:  # the bulk checks said no, and the detailed ones found nothing
        entities = Entities(parsed[COLLECTION_OF[Entity].file])
    return Dataset.build(
        events=RecordSet._presorted(chronological(parsed[COLLECTION_OF[Event].file]), entities, Event),
        aid=AidSet._presorted(chronological(parsed[COLLECTION_OF[AidRecord].file]), entities),
        statements=StatementSet._presorted(chronological(parsed[COLLECTION_OF[Statement].file]), entities),
        figures=RecordSet._presorted(chronological(parsed[COLLECTION_OF[Figure].file]), entities, Figure),
        sentences=tuple(parsed[COLLECTION_OF[Sentence].file]),
        entities=entities,
        source=source,
    )


def _kind(value: Any) -> str:
    from ._codec._rules import json_type  # noqa: PLC0415

    return json_type(value)


def _record_label(raw: Any, fallback: str | None) -> str | None:
    if isinstance(raw, dict):
        rid = raw.get("id")
        if type(rid) is str:
            return repr(rid[:80])
    return fallback
