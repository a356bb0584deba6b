"""Reading datasets: the packaged one (:func:`load`) and a folder of your own (:func:`load_path`).

A load reads every file, parses it by the format's rules, structures each
record through the pre-built structure functions, and checks the rules
across records. Any fault is collected, and a load with faults raises one
:class:`~covid_synergy.DataError` naming them all; nothing is returned
half-checked.
"""

from __future__ import annotations

import builtins
import codecs
import errno
import gc
import itertools
import os
import re
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final, get_args, get_origin

import attrs

from ._checks import all_well, problems, text_problems
from ._dataset import Dataset
from ._entities import Entities
from ._errors import DataError, Problem
from ._layout import ARTICLE_FILE, COLLECTION_OF, COLLECTIONS, SOURCE_FILE, Collection
from ._model import REFERS, AidRecord, Entity, Event, Figure, Sentence, Source, Statement, provide_text
from ._recordset import AidSet, RecordSet, StatementSet, chronological

if TYPE_CHECKING:
    from ._compat import Traversable

    #: A data folder: a path on disk, or (for a package that is not on disk) a Traversable.
    Folder = str | Traversable

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
                found = _load_folder(_packaged_folder(), label=None)
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
    unless everything is right. An empty path is refused rather than taken
    for the current folder (pass ``"."`` for that).

    >>> import covid_synergy as cs
    >>> cs.load_path("no/such/folder")
    Traceback (most recent call last):
    ...
    covid_synergy._errors.DataError: 1 problem in the data:
      no/such/folder: $: the data folder does not exist
    """
    from ._codec._rules import show_path  # noqa: PLC0415

    path = os.fspath(folder)
    if not isinstance(path, str):  # bytes, which os.fspath passes through
        msg = f"a data folder is a str or an os.PathLike of str, not {type(folder).__name__}"
        raise TypeError(msg)
    if not path:
        message = 'the data folder is an empty path; pass "." for the current folder'
        raise DataError([Problem(file=show_path(""), message=message)])
    label = show_path(path)
    try:
        mode = os.stat(path).st_mode  # noqa: PTH116 - pathlib is not needed to load
    except ValueError:  # os.stat's word for a NUL character
        raise DataError([Problem(file=label, message="the path holds a NUL character, which no path can")]) from None
    except OSError as exc:
        what = "does not exist" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else f"cannot be read: {_reason(exc)}"
        raise DataError([Problem(file=label, message=f"the data folder {what}")]) from None
    if not stat.S_ISDIR(mode):
        raise DataError([Problem(file=label, message="the data folder is not a folder")])
    return _load_folder(path, label=label)


def _packaged_folder() -> Folder:
    """The packaged data folder: its path when the package is installed as files, as
    it is by pip; otherwise (in a zip, say) what :func:`importlib.resources.files` gives.

    Locating it on disk needs neither :mod:`importlib.resources` nor :mod:`pathlib`,
    which import :mod:`zipfile` and :mod:`tempfile` among others; both are left for
    the packages that need them.
    """
    origin = globals().get("__file__")  # a frozen module may have none
    if origin:
        here = os.path.join(os.path.dirname(origin), "data")  # noqa: PTH118, PTH120
        if os.path.isdir(here):  # noqa: PTH112
            return here
    from ._compat import files  # noqa: PLC0415 - only for a package that is not on disk

    return files("covid_synergy").joinpath("data")


_gc_lock = threading.Lock()
#: How many loads are running, and whether the collector was on before the first.
_gc_state = {"loads": 0, "was_enabled": False}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading makes no cycles, and its
    passes would otherwise dominate large loads. Paused until the dataset is
    built: collecting as soon as it resumes, inside the load, would only
    walk the new records. Loads in several threads at once pause it once,
    and the last to finish puts it back as it was.
    """
    with _gc_lock:
        if not _gc_state["loads"]:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["loads"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["loads"] -= 1
            if not _gc_state["loads"] and _gc_state["was_enabled"]:
                gc.enable()


#: How a data file is opened: read only, binary, without waiting for a writer
#: (a FIFO), and never as a controlling terminal.
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CHUNK: Final = 1 << 20

_REASONS: Final = {
    errno.ENOENT: "file not found",
    errno.ELOOP: "a loop of symbolic links",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a file",
}


def _reason(exc: OSError) -> str:
    """What an error from the operating system says, in words that fit a problem."""
    known = _REASONS.get(exc.errno or 0)
    if known is not None:
        return known
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def _too_big(size: int) -> str:
    return f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"


def _not_a_file(mode: int) -> str | None:
    """What a data file is if it is not a regular file, or ``None``."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return "is not a regular file (a pipe, a device or a socket)"


def _read_file(path: str) -> bytes | str:
    """The bytes of a data file on disk, or what is wrong with it.

    Only a regular file is opened (a device is never opened, whatever
    opening it might do), and what was opened is checked again: a file
    swapped for something else meanwhile is refused too. It must be within
    the size limit; a file that grows past its reported size is read only
    to the limit.
    """
    try:
        refused = _not_a_file(os.stat(path).st_mode)  # noqa: PTH116
        if refused is not None:
            return refused
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return _reason(exc)
    try:
        info = os.fstat(fd)
        refused = _not_a_file(info.st_mode)
        if refused is not None:
            return refused
        if info.st_size > MAX_FILE_BYTES:
            return _too_big(info.st_size)
        with os.fdopen(os.dup(fd), "rb") as handle:
            chunks = [handle.read(info.st_size + 1)]
            read = len(chunks[0])
            while read > info.st_size and read <= MAX_FILE_BYTES and chunks[-1]:  # it said less than it holds
                chunks.append(handle.read(_CHUNK))
                read += len(chunks[-1])
    except OSError as exc:
        return _reason(exc)
    finally:
        os.close(fd)
    if read > MAX_FILE_BYTES:
        return f"file is more than {MAX_FILE_BYTES} bytes, the limit"
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _read_resource(resource: Traversable) -> bytes | str:
    """The bytes of a data file that is not on disk (a packaged file in a zip), or what is wrong with it."""
    try:
        if not resource.is_file():
            return "file not found"
        raw = resource.read_bytes()
    except OSError as exc:
        return _reason(exc)
    return _too_big(len(raw)) if len(raw) > MAX_FILE_BYTES else raw


#: Quoted values and digit runs too long for a message, in the messages of the checks.
_LONG_PARTS: Final = re.compile(r"""(?<![\w'"])('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")|[0-9]{41,}""")
#: The longest problem message; a longer one is cut with "…".
_MAX_MESSAGE: Final = 500


def _readable(text: str) -> str:
    """``text`` on one line (what cannot be printed escaped), every quoted value
    and number in it cut to a readable length, and cut itself if still long.
    """
    from ._codec._rules import MAX_SHOWN, cut, printable  # noqa: PLC0415

    text = printable(text)
    if len(text) <= MAX_SHOWN:
        return text

    def shorten(found: re.Match[str]) -> str:
        part = found.group()
        if part[0] in "'\"":
            return part if len(part) <= MAX_SHOWN + 2 else part[0] + cut(part[1:-1]) + part[0]
        return cut(part, 40)

    return cut(_LONG_PARTS.sub(shorten, text), _MAX_MESSAGE)


#: Encodings a file may be in by mistake, told by their byte-order marks (UTF-32 first: its
#: little-endian mark starts with UTF-16's).
_OTHER_ENCODINGS: Final = (
    ("UTF-32", (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)),
    ("UTF-16", (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)),
)


class _Reader:
    """One load: reads, parses and structures the files of a folder, collecting problems."""

    def __init__(self, folder: Folder, label: str | None) -> None:
        self.folder = folder
        self.label = label
        self.problems: list[Problem] = []
        #: Files that could not be read at all, or hold a record of unknown id
        #: that failed: references into them are not checked (their own
        #: problem is reported).
        self.unreadable: set[str] = set()
        #: Ids of records that failed to structure: references to them are not
        #: reported again as dangling.
        self.failed_ids: set[str] = set()
        #: Small objects already built in this load, by their JSON (see ``_codec._structure``).
        self.memo: dict[Any, Any] = {}

    def name(self, file: str) -> str:
        return file if self.label is None else os.path.join(self.label, file)  # noqa: PTH118

    def problem(self, file: str, message: str, record: str | None = None, path: str = "$") -> None:
        label = None if record is None else _readable(record)
        found = Problem(file=self.name(file), record=label, path=_readable(path), message=_readable(message))
        self.problems.append(found)

    def absent(self, file: str) -> bool:
        """Whether the folder holds nothing at all of that name (not even a dangling link)."""
        if not isinstance(self.folder, str):
            resource = self.folder.joinpath(file)
            return not resource.is_file() and not resource.is_dir()
        try:
            os.lstat(os.path.join(self.folder, file))  # noqa: PTH118
        except FileNotFoundError:
            return True
        except OSError:  # there may be something: reading it says what is wrong
            return False
        return False

    def bytes_of(self, file: str) -> bytes | None:
        """The bytes of one file, or ``None`` after recording its problem."""
        folder = self.folder
        if isinstance(folder, str):
            raw = _read_file(os.path.join(folder, file))  # noqa: PTH118
        else:
            raw = _read_resource(folder.joinpath(file))
        if isinstance(raw, str):
            self.problem(file, raw)
            return None
        return raw

    def read_text(self, file: str, sha256: str) -> str | None:
        """The text of ``file``, if its bytes have this SHA-256; ``None`` after recording why not."""
        raw = self.bytes_of(file)
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

    def read(self, file: str) -> tuple[Any, str] | _Failed:
        """Return the parsed JSON of one file and its text, or ``_FAILED`` after recording its problem."""
        raw = self.bytes_of(file)
        if raw is None:
            return _FAILED
        text = self.decode(file, raw)
        del raw  # not kept while the text is parsed
        return _FAILED if text is None else self.parse(file, text)

    def decode(self, file: str, raw: bytes) -> str | None:
        if raw.startswith(codecs.BOM_UTF8):
            self.problem(file, "starts with a byte-order mark; save it as UTF-8 without one")
            return None
        for encoding, marks in _OTHER_ENCODINGS:
            if raw.startswith(marks):
                self.problem(file, f"is {encoding} (it starts with its byte-order mark); save it as UTF-8")
                return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(file, f"not UTF-8: byte {exc.start} is {raw[exc.start]:#04x}")
            return None
        if not text or text.isspace():
            self.problem(file, "the file is empty")
            return None
        return text

    def parse(self, file: str, text: str) -> tuple[Any, str] | _Failed:
        from json import JSONDecodeError  # noqa: PLC0415 - not needed to import the package

        from ._codec._rules import parse_json, too_long_integer  # noqa: PLC0415

        try:
            return parse_json(text), text
        except JSONDecodeError as exc:
            self.problem(file, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        except RecursionError:
            self.problem(file, "invalid JSON: nested too deeply")
        except ValueError:  # what json raises besides: an integer too long to convert
            self.problem(file, too_long_integer(text))
        return _FAILED

    def structure_all(self, file: str, cls: type[Any], data: list[Any]) -> tuple[list[Any], bool]:
        """Structure every record of a collection, keeping the good ones; and whether all were."""
        from ._codec._structure import STRUCTURERS  # noqa: PLC0415 - loads with the first load

        structure = STRUCTURERS[cls]
        memo = self.memo
        try:
            return [structure(raw, memo) for raw in data], True
        except Exception:  # noqa: BLE001, S110 - some record is wrong: find each one
            pass
        good = []
        for index, raw in enumerate(data):
            try:
                good.append(structure(raw, memo))
            except Exception as exc:  # noqa: BLE001 - explained by the converter
                self.explain(file, cls, raw, f"#{index}", exc)
        return good, False

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
        else:  # a record of unknown id: references into its file cannot be told dangling
            self.unreadable.add(file)
        faults = explain(raw, cls) or [("$", str(first) or type(first).__name__)]
        for path, message in faults:
            self.problem(file, message, record, path)

    def check_keys(self, file: str, cls: type[Any], text: str, data: Any, *, structured: bool) -> None:
        """Report every key an object of the file names twice (JSON keeps only the last value).

        When every record ``structured``, counting is enough to show that no
        key repeats (see :func:`_no_repeated_keys`); otherwise, or when the
        count cannot tell, the text is parsed again to find each one.
        """
        if structured and _no_repeated_keys(text, data, cls):
            return
        from ._codec._rules import repeated_keys, show  # noqa: PLC0415

        try:
            found = repeated_keys(text)
        except RecursionError:  # only where the file has a problem already: deeper than any record
            return
        for repeated in found:
            record = None if repeated.record is None else _record_label(data[repeated.record], f"#{repeated.record}")
            message = (
                f"the key {show(repeated.key)} appears {repeated.times} times in this object; "
                "a key may appear once (JSON would keep only the last value)"
            )
            self.problem(file, message, record, repeated.path)

    def source(self) -> Source | None:
        """Read and structure ``source.json``; ``None`` when it has a problem (recorded)."""
        got = self.read(SOURCE_FILE)
        if isinstance(got, _Failed):
            return None
        data, text = got
        source: Source | None = None
        if type(data) is dict:
            source = self.structure_one(SOURCE_FILE, Source, data)
        else:
            self.problem(SOURCE_FILE, f"expected an object at the top level, got {_kind(data)}")
        self.check_keys(SOURCE_FILE, Source, text, data, structured=source is not None)
        return source

    def collection(self, collection: Collection) -> list[Any]:
        """Read and structure one collection's file; the records that structured."""
        file = collection.file
        if not collection.required and self.absent(file):
            return []
        got = self.read(file)
        if isinstance(got, _Failed):
            self.unreadable.add(file)
            return []
        data, text = got
        if type(data) is not list:
            self.problem(file, f"expected an array of records at the top level, got {_kind(data)}")
            self.unreadable.add(file)
            self.check_keys(file, collection.record, text, data, structured=False)
            return []
        records, structured = self.structure_all(file, collection.record, data)
        self.check_keys(file, collection.record, text, data, structured=structured)
        return records


def _load_folder(folder: Folder, label: str | None) -> Dataset:
    with _gc_paused():
        return _build(_Reader(folder, label), check_text=label is not None)


class _LazyText:
    """The packaged article's text, read and checked when first asked for."""

    def __init__(self, resource: Folder, sha256: str) -> None:
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
    source = reader.source()
    parsed = {collection.file: reader.collection(collection) for collection in COLLECTIONS}
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
            from ._codec._rules import show  # noqa: PLC0415

            return show(rid)
    return fallback


# -- repeated keys, found by counting ---------------------------------------------------


@attrs.frozen
class _Shape:
    """The JSON shape of a record class, for counting keys without visiting every object."""

    #: How many fields it has.
    fields: int
    #: Whether some field may be left out (so objects differ in size).
    optional: bool
    #: The fields that hold objects: ``(name, required, many, class)``
    #: (``required``: always there, never null; ``many``: an array of them).
    objects: tuple[tuple[str, bool, bool, type[Any]], ...]
    #: The fields that hold text, as ``(name, many)``: strings of no set
    #: form, so maybe with colons (ids are left out: a colon in one is
    #: refused anyway, as are dates, numbers and names from a vocabulary,
    #: which the structure step has checked).
    texts: tuple[tuple[str, bool], ...]


_SHAPES: dict[type[Any], _Shape] = {}


def _shape(cls: type[Any]) -> _Shape:
    """The JSON shape of a record class, worked out once, from its fields' annotations."""
    shape = _SHAPES.get(cls)
    if shape is not None:
        return shape
    objects: list[tuple[str, bool, bool, type[Any]]] = []
    texts: list[tuple[str, bool]] = []
    fields = attrs.fields(cls)
    for field in fields:
        kind, many, nullable = _annotation(cls, field.type)
        if attrs.has(kind):
            objects.append((field.name, field.default is attrs.NOTHING and not nullable, many, kind))
        elif kind is str and field.name != "id" and REFERS not in field.metadata:
            texts.append((field.name, many))
    optional = any(field.default is not attrs.NOTHING for field in fields)
    shape = _SHAPES[cls] = _Shape(len(fields), optional, tuple(objects), tuple(texts))
    return shape


#: The annotations of the record classes' fields: ``X``, ``X | None``, ``tuple[X, ...]``.
_ANNOTATION: Final = re.compile(r"(tuple\[)?(\w+)(?(1), \.\.\.\])( \| None)?")


def _annotation(cls: type[Any], annotation: object) -> tuple[Any, bool, bool]:
    """What a field's annotation names: ``(type, many, nullable)``.

    Under ``from __future__ import annotations`` it is a string, read with a
    pattern rather than ``typing.get_type_hints``, which would cost the first
    load milliseconds; once something has resolved the class's annotations
    (``attrs.resolve_types``, as cattrs does), it is the type itself. An
    annotation of another form names nothing here, which only makes the
    count of keys fall back to parsing again (a test holds every record
    class to the forms read).
    """
    if not isinstance(annotation, str):
        nullable = type(None) in get_args(annotation)
        if nullable:
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        many = get_origin(annotation) is tuple
        return (get_args(annotation)[0] if many else annotation), many, nullable
    found = _ANNOTATION.fullmatch(annotation)
    if found is None:
        return None, False, False
    array, name, null = found.groups()
    kind = vars(sys.modules[cls.__module__]).get(name, getattr(builtins, name, None))
    return kind, array is not None, null is not None


def _values(objects: list[dict[str, Any]], name: str, *, required: bool) -> Iterator[Any]:
    """The values of field ``name`` in ``objects``, leaving out those absent, null or empty."""
    if required:
        return map(itemgetter(name), objects)
    return filter(None, map(dict.get, objects, itertools.repeat(name)))


def _keys(objects: list[dict[str, Any]], cls: type[Any]) -> int:
    """How many keys the JSON objects of ``cls``, and the objects inside them, hold.

    One call per object at most, and none per object inside an array when
    its class has only required fields: each holds them all.
    """
    shape = _shape(cls)
    total = sum(map(len, objects)) if shape.optional else shape.fields * len(objects)
    for name, required, many, inner in shape.objects:
        values = _values(objects, name, required=required)
        inside = _shape(inner)
        if inside.objects:  # objects inside these too: visit them in turn
            total += _keys(list(itertools.chain.from_iterable(values) if many else values), inner)
        elif many and not inside.optional:
            total += inside.fields * sum(map(len, values))
        else:
            total += sum(map(len, itertools.chain.from_iterable(values) if many else values))
    return total


def _texts(objects: list[dict[str, Any]], cls: type[Any]) -> Iterator[Iterator[str]]:
    """The texts of the JSON objects of ``cls`` and of the objects inside them (see
    :class:`_Shape`), one field at a time: its own fields first, then those inside.
    """
    shape = _shape(cls)
    for name, many in shape.texts:
        values = _values(objects, name, required=False)
        yield itertools.chain.from_iterable(values) if many else values
    for name, required, many, inner in shape.objects:
        values = _values(objects, name, required=required)
        yield from _texts(list(itertools.chain.from_iterable(values) if many else values), inner)


def _no_repeated_keys(text: str, data: Any, cls: type[Any]) -> bool:
    r"""Whether counting shows that no object in ``text`` names a key twice.

    ``data`` is what ``text`` parsed to, every object of it a ``cls`` record
    (or an object inside one) that structured, so with only the keys of its
    fields. Outside strings, JSON writes one colon per key; a repeated key
    leaves its object with fewer keys than the text writes. So the colons
    of the text, less those inside strings, are the keys the text writes,
    and they are the keys of ``data`` exactly when no key repeats. A string
    may write a colon as ``\u003a``: each such escape is added back, as
    the colon it is not in the text. Counting the colons of the texts stops
    as soon as they account for all the text's colons but the keys'. The
    count never says "no repeated key" when a key repeats; when it cannot
    rule one out, the caller parses again to look.
    """
    objects = data if type(data) is list else [data]
    keys = _keys(objects, cls)
    written = text.count(":")
    if written == keys:  # no colon inside any string: the usual case, and the cheapest
        return True
    # At most this many colons are written as escapes: \u003a, \u003A (and \u0030 to \u003f,
    # counted too: a count too high only sends the file to be parsed again).
    escaped = text.count("\\u003") if "\\" in text else 0
    # The colons the texts must hold if no key repeats. The texts are counted field by
    # field, and the count stops once they hold that many: it never exceeds it.
    inside = written + escaped - keys
    found = 0
    for strings in _texts(objects, cls):
        found += "".join(strings).count(":")
        if found == inside:
            return True
    return False
