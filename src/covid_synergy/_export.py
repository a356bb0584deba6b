"""Writing a dataset to files: :func:`export` in every format, and :func:`dump`.

Formats (``FORMATS``):

``json``
    The packaged format, canonical: what :func:`~covid_synergy.load_path`
    reads, with the article's text (``article.txt``) when the dataset has
    it; ``dump(load(), folder)`` reproduces the packaged files byte for
    byte.
``jsonl``
    One record per line, in the packaged schema, one file per collection,
    with ``source.json``.
``csv``
    One file per collection, with the columns of
    :meth:`~covid_synergy.RecordSet.to_rows`.
``datapackage``
    The CSV files and a Frictionless ``datapackage.json`` with table
    schemas, foreign keys to ``entities``, the licence and the source.
``sqlite``
    A SQLite database, ``covid-synergy.db``, with keys, link tables,
    full-text search and views, and its Datasette ``metadata.json``.
``html``
    The annotated article, ``index.html``: one self-contained page of the
    whole text with every record marked where it stands.
``annotations``
    ``annotations.jsonld``: one W3C Web Annotation per piece of evidence,
    in an ``AnnotationCollection``.

Every file is rendered in memory first, then written by
:func:`~covid_synergy._files.write_files`: a new folder appears complete or
not at all, and nothing is overwritten unless asked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, Literal, get_args

from ._csv import csv_text
from ._datapackage import datapackage
from ._dataset import Dataset
from ._files import write_files
from ._layout import ARTICLE_FILE, COLLECTIONS, SOURCE_FILE, Collection
from ._model import Entity, Record, Sentence
from ._rows import Column, columns_of, to_rows

__all__ = ["FORMATS", "ExportFormat", "dump", "export", "render", "to_json"]

#: What :func:`export` can write.
ExportFormat = Literal["json", "csv", "jsonl", "datapackage", "sqlite", "html", "annotations"]
#: The export formats, in the order the command line lists them.
FORMATS: Final[tuple[str, ...]] = get_args(ExportFormat)


def _records(dataset: Dataset, collection: Collection) -> Sequence[Record] | Sequence[Entity] | Sequence[Sentence]:
    if collection.record is Entity:
        return list(dataset.entities.values())
    records: Sequence[Record] | Sequence[Sentence] = tuple(getattr(dataset, collection.name))
    return records


def _json_bytes(data: object, *, indent: int | None = 2) -> bytes:
    return (json.dumps(data, indent=indent, ensure_ascii=False) + "\n").encode("utf-8")


def to_json(dataset: Dataset) -> dict[str, bytes]:
    """Return the canonical bytes of every file of ``dataset``'s folder, by file name."""
    from ._codec import unstructure  # noqa: PLC0415 - cattrs loads on first use

    out = {SOURCE_FILE: _json_bytes(unstructure(dataset.source))}
    for collection in COLLECTIONS:
        out[collection.file] = _json_bytes([unstructure(r) for r in _records(dataset, collection)])
    text = dataset.source.text
    if text is not None:
        out[ARTICLE_FILE] = text.encode("utf-8")
    return out


def _jsonl(dataset: Dataset) -> dict[str, bytes]:
    from ._codec import unstructure  # noqa: PLC0415 - cattrs loads on first use

    files = {SOURCE_FILE: _json_bytes(unstructure(dataset.source))}
    for collection in COLLECTIONS:
        lines = (_json_bytes(unstructure(r), indent=None) for r in _records(dataset, collection))
        files[f"{collection.name}.jsonl"] = b"".join(lines)
    return files


def _csv_files(dataset: Dataset) -> tuple[dict[str, bytes], dict[str, list[Column]]]:
    files: dict[str, bytes] = {}
    schemas: dict[str, list[Column]] = {}
    for collection in COLLECTIONS:
        records = _records(dataset, collection)
        columns = columns_of(records, collection.record)
        rows = to_rows(records, dataset.entities, text=dataset.source.text)
        files[f"{collection.name}.csv"] = csv_text(rows, [c.name for c in columns]).encode("utf-8")
        schemas[collection.name] = columns
    return files, schemas


def _csv(dataset: Dataset) -> dict[str, bytes]:
    return _csv_files(dataset)[0]


def _datapackage(dataset: Dataset) -> dict[str, bytes]:
    files, schemas = _csv_files(dataset)
    files["datapackage.json"] = _json_bytes(datapackage(dataset.source, files, schemas))
    return files


def _sqlite(dataset: Dataset) -> dict[str, bytes]:
    from ._sqlite import DATABASE_FILE, METADATA_FILE, database, metadata  # noqa: PLC0415 - sqlite3 loads on use

    records = {c.name: _records(dataset, c) for c in COLLECTIONS}
    database_bytes = database(records, text=dataset.source.text)
    return {DATABASE_FILE: database_bytes, METADATA_FILE: _json_bytes(metadata(dataset.source))}


def _html(dataset: Dataset) -> dict[str, bytes]:
    from ._html import HTML_FILE, page  # noqa: PLC0415 - loads on use

    return {HTML_FILE: page(dataset)}


def _annotations(dataset: Dataset) -> dict[str, bytes]:
    from ._annotations import ANNOTATIONS_FILE, collection  # noqa: PLC0415 - loads on use

    return {ANNOTATIONS_FILE: _json_bytes(collection(dataset))}


_RENDERERS: Final[dict[str, Callable[[Dataset], dict[str, bytes]]]] = {
    "json": to_json,
    "csv": _csv,
    "jsonl": _jsonl,
    "datapackage": _datapackage,
    "sqlite": _sqlite,
    "html": _html,
    "annotations": _annotations,
}


def render(dataset: Dataset, format: ExportFormat) -> dict[str, bytes]:  # noqa: A002 - the public name of the option
    """Return the files of ``dataset`` in ``format``, by name, in the order to write them.

    Everything is rendered before anything is written, so a failure here
    leaves no file behind.
    """
    renderer = _RENDERERS.get(format)
    if renderer is None:
        msg = f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    return renderer(dataset)


def export(
    dataset: Dataset,
    folder: str | os.PathLike[str],
    *,
    format: ExportFormat,  # noqa: A002 - the public name of the option
    overwrite: bool = False,
) -> list[Path]:
    """Write ``dataset`` to ``folder`` in ``format``; return the paths written.

    ``format`` is one of ``"json"`` (the packaged format,
    what :func:`~covid_synergy.load_path` reads; :func:`dump` is its short
    form), ``"jsonl"``, ``"csv"``, ``"datapackage"`` (the CSV files and a
    Frictionless ``datapackage.json``), ``"sqlite"`` (``covid-synergy.db``,
    a SQLite database with keys and full-text search, and the Datasette
    ``metadata.json`` that describes it: see :doc:`/sql`), ``"html"``
    (``index.html``, the annotated article) or ``"annotations"``
    (``annotations.jsonld``, W3C Web Annotations of the evidence): see
    :doc:`/annotated`. These two need the article's text (and the page its sentence map): a dataset
    of data version 1 raises :class:`~covid_synergy.DataError`.

    The folder is created if need be, complete or not at all: it is written
    under a hidden name beside its target and renamed into place. A path
    that is not a folder raises :class:`NotADirectoryError`, and an empty
    path :class:`ValueError` (pass ``"."`` for the current folder). No file
    is overwritten unless ``overwrite`` is true: an existing file raises
    :class:`FileExistsError` and nothing is written, a check that holds at
    the moment each file is put in place. In an existing folder, each file
    goes to a temporary file first and is then renamed, under an exclusive
    lock on the folder (on POSIX systems), so an interrupted export leaves
    no half-written file and two exports into one folder never interleave;
    a file that is replaced keeps its mode, and a new one gets the mode the
    umask gives.

    >>> import tempfile, covid_synergy as cs
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in cs.export(cs.load(), folder, format="csv")]
    ['entities.csv', 'events.csv', 'aid.csv', 'statements.csv', 'figures.csv', 'sentences.csv']
    """
    return write_files(folder, render(dataset, format), overwrite=overwrite)


def dump(dataset: Dataset, folder: str | os.PathLike[str], *, overwrite: bool = False) -> list[Path]:
    """Write ``dataset`` to ``folder`` in the packaged format, canonically:
    ``export(dataset, folder, format="json")``.

    ``dump(load(), folder)`` reproduces the packaged files byte for byte, and
    :func:`~covid_synergy.load_path` reads the folder back. Returns the
    paths written.

    >>> import tempfile, covid_synergy as cs
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = cs.dump(cs.load(), folder)
    ...     cs.load_path(folder) == cs.load()
    True
    """
    return export(dataset, folder, format="json", overwrite=overwrite)
