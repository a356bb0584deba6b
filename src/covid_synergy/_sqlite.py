"""A SQLite database of a dataset: tables with keys, full-text search and views, for SQL and Datasette.

The tables are derived from the declarations, so a new field gets its
column, table and keys without a change here:

* one table per collection (:data:`~covid_synergy._layout.COLLECTIONS`),
  keyed by ``id``, with a column per field of its record class: a date
  becomes ``date_start``, ``date_end`` (ISO text, so ``BETWEEN`` compares
  them), ``date_precision`` and ``date_text``; a single-valued reference
  (:func:`~covid_synergy._model.references`) a column of ids with a foreign
  key (``aid.donor``, ``entities.region``); a vocabulary its values,
  checked; offsets into the article's text (``start``, ``end``) are
  ``char_start`` and ``char_end``, and a sentence has its ``text`` too;
* one table per many-valued field, rows numbered from 1 in the record's
  order: a link table for a list of references (``event_participants``,
  with foreign keys at both ends), a table of text otherwise
  (``aid_items``);
* ``quantities`` and ``evidence``: every quantity and every piece of
  evidence of every record, numbered the same way, keyed to ``records``
  (every record id and its collection). Exact decimals are text
  (``quantities.value``), with an inexact ``value_number`` beside them for
  sorting; ``units`` describes the units;
* ``entity_areas``: what each entity counts for, row for row what
  :meth:`Entities.counts_for <covid_synergy.Entities.counts_for>` gives
  (itself, its affiliation, the regions above either), so that SQL finds
  what the Python queries find;
* an FTS5 index per searched table (``events_fts`` over ``events.summary``,
  ``sentences_fts`` over the sentences, ``evidence_fts`` over the
  quotes...), with the table as its external content, as Datasette expects,
  kept in step by triggers;
* views: ``timeline``, ``record_areas`` (every area each record counts for,
  by field: ``involving``, ``from_``, ``to`` and ``by`` in SQL),
  ``citations`` (the sentences each record cites), ``aid_by_recipient`` and
  ``aid_by_region``.

The database is built in memory, its foreign keys checked, and returned as
bytes, so that it is written like every other exported file.
"""

from __future__ import annotations

import enum
import functools
import sqlite3
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, NamedTuple

import attrs

from ._dates import DateSpan, Precision
from ._entities import Entities
from ._layout import COLLECTIONS, Collection
from ._model import Entity, Evidence, Source, references
from ._quantities import UNITS, Quantity
from ._rows import columns_for

__all__ = [
    "DATABASE_FILE",
    "METADATA_FILE",
    "Column",
    "Content",
    "Table",
    "View",
    "database",
    "metadata",
    "tables",
    "views",
]

#: The file name of the database; Datasette names the database after it.
DATABASE_FILE: Final = "covid-synergy.db"
#: The file name of its Datasette metadata.
METADATA_FILE: Final = "metadata.json"

#: The records of each collection, by collection name, in the order of their rows.
Records = Mapping[str, Sequence[Any]]


class Content(NamedTuple):
    """What the rows of the tables are made of."""

    #: The records of each collection, by collection name, in the order of their rows.
    records: Records
    #: The article's text, which the offsets count in; ``None`` when the data has none.
    text: str | None = None


def _name(identifier: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def _text(value: str) -> str:
    """An SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


class Column(NamedTuple):
    """One column of a table or view."""

    #: The column name.
    name: str
    #: Its declared type: ``TEXT``, ``INTEGER`` or ``REAL``.
    type: str
    #: What it holds (the Datasette column description).
    description: str
    #: Whether it is ``NOT NULL``.
    required: bool = False
    #: The allowed values of a closed vocabulary (checked), if any.
    values: tuple[str, ...] | None = None
    #: The table whose key it holds (a foreign key), if any.
    references: str | None = None

    def sql(self) -> str:
        """The column's definition in ``CREATE TABLE``."""
        parts = [_name(self.name), self.type]
        if self.required:
            parts.append("NOT NULL")
        if self.values is not None:
            parts.append(f"CHECK ({_name(self.name)} IN ({', '.join(map(_text, self.values))}))")
        if self.references is not None:
            parts.append(f"REFERENCES {_name(self.references)} ({_name(_KEYS.get(self.references, 'id'))})")
        return " ".join(parts)


class Table(NamedTuple):
    """One table of the database, and what fills it."""

    #: The table name.
    name: str
    #: What it holds (the Datasette table description).
    description: str
    #: Its columns, in order.
    columns: tuple[Column, ...]
    #: The columns of its primary key.
    key: tuple[str, ...]
    #: Its rows, from the records of every collection, in the order of their ``rowid``.
    rows: Callable[[Content], Iterable[Sequence[object]]]
    #: The columns its full-text index covers (none: no index).
    search: tuple[str, ...] = ()
    #: The column Datasette shows for a row that another table refers to.
    label: str | None = None
    #: Table constraints beyond the keys.
    checks: tuple[str, ...] = ()

    def sql(self) -> list[str]:
        """The statements that create the table and its indexes."""
        lines = [c.sql() for c in self.columns]
        lines.append(f"PRIMARY KEY ({', '.join(map(_name, self.key))})")
        lines += [f"CHECK ({check})" for check in self.checks]
        body = ",\n  ".join(lines)
        statements = [f"CREATE TABLE {_name(self.name)} (\n  {body}\n)"]
        statements += [
            f"CREATE INDEX {_name(f'{self.name}_{c.name}')} ON {_name(self.name)} ({_name(c.name)})"
            for c in self.columns
            if c.references is not None and c.name != self.key[0]
        ]
        return statements

    def search_sql(self) -> list[str]:
        """The statements that create and fill its full-text index, and the triggers that keep it in step."""
        return _fts(self.name, self.search) if self.search else []

    def insert(self) -> str:
        """The statement that inserts one row."""
        names = ", ".join(_name(c.name) for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {_name(self.name)} ({names}) VALUES ({marks})"


class View(NamedTuple):
    """One view of the database."""

    #: The view name.
    name: str
    #: What it answers (the Datasette description).
    description: str
    #: Its columns, in order.
    columns: tuple[Column, ...]
    #: Its ``SELECT``.
    select: str

    def sql(self) -> list[str]:
        """The statement that creates the view."""
        names = ", ".join(_name(c.name) for c in self.columns)
        return [f"CREATE VIEW {_name(self.name)} ({names}) AS\n{self.select}"]


def _fts(table: str, columns: Sequence[str]) -> list[str]:
    """An FTS5 index with ``table`` as its external content, filled, and the triggers that keep it in step."""
    fts = f"{table}_fts"
    names = ", ".join(map(_name, columns))
    new = ", ".join(f"new.{_name(c)}" for c in columns)
    old = ", ".join(f"old.{_name(c)}" for c in columns)
    add = f"INSERT INTO {_name(fts)} (rowid, {names}) VALUES (new.rowid, {new});"
    remove = f"INSERT INTO {_name(fts)} ({_name(fts)}, rowid, {names}) VALUES ('delete', old.rowid, {old});"
    on = f"ON {_name(table)} BEGIN"
    return [
        f"CREATE VIRTUAL TABLE {_name(fts)} USING fts5({names}, content={_name(table)}, tokenize='porter unicode61')",
        f"INSERT INTO {_name(fts)} ({_name(fts)}) VALUES ('rebuild')",
        f"CREATE TRIGGER {_name(fts + '_insert')} AFTER INSERT {on} {add} END",
        f"CREATE TRIGGER {_name(fts + '_delete')} AFTER DELETE {on} {remove} END",
        f"CREATE TRIGGER {_name(fts + '_update')} AFTER UPDATE {on} {remove} {add} END",
    ]


# -- the fields of a record class ------------------------------------------------------


class _Field(NamedTuple):
    """What one attrs field of a record class becomes."""

    name: str
    #: ``scalar``, ``date``, ``reference``, ``references`` (many), ``texts`` (many) or ``part``.
    shape: str
    #: The Python type of the value (of each value, for a tuple).
    type: Any
    required: bool
    #: Whether the field holds a tuple.
    many: bool
    #: For references: the collection referred to.
    target: Collection | None = None


#: The table that holds each kind of part of a record.
_PARTS: Final[dict[type, str]] = {Quantity: "quantities", Evidence: "evidence"}
#: The key column of a table that foreign keys name, where it is not ``id``.
_KEYS: Final = {"units": "unit"}
#: The SQL name of a field, where it is not the field's own: offsets into the
#: article's text say what they count (and ``end`` is an SQL keyword).
_COLUMN_NAMES: Final = {"start": "char_start", "end": "char_end"}
#: The collections whose records are spans of the article's text (``start``,
#: ``end``): their table has the ``text`` they span, when the text is at hand.
_SPANS: Final = ("sentences",)


def _unwrap(hint: Any) -> tuple[Any, bool, bool]:
    """A type hint as ``(type, optional, many)``: ``str | None`` is ``(str, True, False)``."""
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        arguments = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(arguments) < len(typing.get_args(hint))
        (hint,) = arguments
    if typing.get_origin(hint) is tuple:
        return typing.get_args(hint)[0], optional, True
    return hint, optional, False


def _is_vocabulary(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


@functools.cache
def _fields(collection: Collection, collections: tuple[Collection, ...]) -> tuple[_Field, ...]:
    """What each field of a collection's record class becomes, in field order (worked out once)."""
    cls = collection.record
    hints = typing.get_type_hints(cls)
    refs = {r.field: r for r in references(cls)}
    targets = {c.noun: c for c in collections}
    found = []
    for field in attrs.fields(cls):
        kind, optional, many = _unwrap(hints[field.name])
        ref = refs.get(field.name)
        if ref is not None:
            shape = "references" if ref.many else "reference"
            found.append(_Field(field.name, shape, str, not optional, ref.many, targets[ref.target]))
            continue
        if kind in _PARTS:
            shape = "part"
        elif kind is DateSpan and not many:
            shape = "date"
        elif kind is str and many:
            shape = "texts"
        elif (kind in (str, int) or _is_vocabulary(kind)) and not many:
            shape = "scalar"
        else:
            msg = f"no SQL column for {cls.__name__}.{field.name} ({hints[field.name]})"
            raise TypeError(msg)
        found.append(_Field(field.name, shape, kind, not optional, many))
    return tuple(found)


#: The declared SQL type of each Python type that is not text.
_SQL_TYPES: Final[dict[Any, str]] = {int: "INTEGER", float: "REAL"}


def _sql_type(kind: Any) -> str:
    return _SQL_TYPES.get(kind, "TEXT")


def _values(kind: Any) -> tuple[str, ...] | None:
    return tuple(str(m.value) for m in kind) if _is_vocabulary(kind) else None


def _cell(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _word(collection: Collection) -> str:
    """The word for one record in table and column names: ``event``, ``aid``, ``entity``."""
    return collection.noun.split()[0]


# -- descriptions -------------------------------------------------------------------------

#: What the tables and columns hold, by ``table`` or ``table.column``, where the
#: columns of the CSV export (:func:`~covid_synergy._rows.columns_for`) do not say it.
_DESCRIPTIONS: Final = {
    "records": "Every record id and its collection: what the quantities and the evidence belong to",
    "records.id": "The record's id",
    "records.collection": "The collection (table) that holds the record",
    "units": "The units of the quantities, with what each one counts",
    "units.unit": "The unit, as in quantities.unit",
    "units.description": "What the unit counts",
    "quantities": "Every quantity of every record, in the record's order; a figure's one quantity is position 1",
    "quantities.value": "The number exactly as the article writes it, as decimal text: "
    "compare and add exactly in Python with Decimal, never through value_number",
    "quantities.value_number": "The value as a floating-point number, for sorting and rough arithmetic only: "
    "inexact (8.1 is stored as the nearest binary fraction)",
    "quantities.unit": "The unit (see units)",
    "quantities.bound": "How the value bounds the true number",
    "evidence": "Where in the article each record comes from: its quotes, in the record's order",
    "evidence.paragraph": "The paragraph of the article (the n-th non-empty line, from 1)",
    "evidence.quote": "A verbatim substring of that paragraph",
    "evidence.char_start": "Where the quote starts in the article's text (a character offset from 0, as Python "
    "counts: the text's [char_start:char_end] is the quote; sentences are counted the same way); "
    "NULL in data without offsets",
    "evidence.char_end": "Where the quote ends in the article's text (the offset after its last character); "
    "NULL in data without offsets",
    "entity_areas": "What each entity counts for, as Python's Entities.counts_for gives it: one row per entity and "
    "area it counts for: the entity itself, the country or body it is affiliated with (one level), and every region "
    "above either. A query for an area finds a record naming any entity that counts for it: join the entity column "
    "on entity_id and filter on area_id (keep how = 'self' to count the named entity alone, as strict=True does)",
    "entity_areas.entity_id": "Id of the entity a record names",
    "entity_areas.area_id": "Id of an entity or region it counts for",
    "entity_areas.how": "How it counts for it: self (the area is the entity), affiliation (the country or body it "
    "is affiliated with), region (a region it or its affiliation lies in, at any level)",
    "record_id": "Id of the record (see records, and the record's own table)",
    "position": "The place in the record's list, from 1",
    "timeline": "Every dated record of every collection, in chronological order (start day, end day, id), "
    "as Dataset.timeline() gives them",
    "timeline.collection": "The collection (table) that holds the record",
    "timeline.id": "The record's id",
    "timeline.kind": "An event's or aid record's kind, a statement's mode, a figure's metric",
    "timeline.summary": "What the record says: its summary, or a statement's text",
    "aid_by_recipient": "Aid per recipient, plain: how many aid records name each entity as a recipient, and when "
    "(an entity as named, not the country or regions it counts for: see aid_by_region), most first",
    "aid_by_recipient.recipient_id": "Id of the receiving entity",
    "aid_by_recipient.recipient_name": "Its name",
    "aid_by_recipient.recipient_kind": "What sort of entity it is",
    "aid_by_recipient.aid_records": "How many aid records name it as a recipient",
    "aid_by_recipient.first_day": "The first day of those aid records' dates (NULL when none is dated)",
    "aid_by_recipient.last_day": "The last day of those aid records' dates (NULL when none is dated)",
    "aid_by_region": "Aid per region, region-aware: how many aid records go to each region, to a region below it or "
    "to any entity that counts for it (AidSet.to), and when, most first; a region no aid reaches is not listed",
    "aid_by_region.region_id": "Id of the region (an entity of kind region)",
    "aid_by_region.region_name": "Its name",
    "aid_by_region.region_m49": "Its UN M49 code",
    "aid_by_region.aid_records": "How many aid records go to it: what len(ds.aid.to(region)) gives",
    "aid_by_region.first_day": "The first day of those aid records' dates (NULL when none is dated)",
    "aid_by_region.last_day": "The last day of those aid records' dates (NULL when none is dated)",
    "record_areas": "Every area each record counts for, field by field: entity_areas joined to the fields that name "
    "entities. What involving() (any field), AidSet.from_ (donor), AidSet.to (recipients), StatementSet.by "
    "(speaker) and StatementSet.to (audience) find: filter on collection, field and area_id. "
    "One row per record, field and area",
    "record_areas.collection": "The collection (table) that holds the record",
    "record_areas.record_id": "The record's id",
    "record_areas.field": "The record's field that names the entity",
    "record_areas.area_id": "Id of an entity or region that an entity of the field counts for (see entity_areas)",
    "record_areas.named": "1 when the field names the area itself (what strict=True counts), 0 when the area is "
    "reached through an affiliation or a region",
    "citations": "The sentences of the article each record cites: every sentence its evidence overlaps, "
    "as Dataset.sentences_of and Dataset.citing find them, in the order of the records and then of the text",
    "citations.collection": "The collection (table) that holds the record",
    "citations.record_id": "The record's id",
    "citations.sentence_id": "Id of a sentence its evidence overlaps (see sentences)",
    "citations.role": "What that sentence does: fact, claim or none",
}

#: The columns of each table that its full-text index covers.
_SEARCHED: Final = {
    "entities": ("name", "role"),
    "events": ("summary",),
    "aid": ("summary",),
    "statements": ("text",),
    "figures": ("summary",),
    "sentences": ("text",),
    "evidence": ("quote",),
}
#: The column Datasette shows for a row another table refers to (else its own choice: ``name``).
_LABELS: Final = {
    "events": "summary",
    "aid": "summary",
    "statements": "text",
    "figures": "summary",
    "records": "id",
    "units": "description",
}
#: The columns a record of each dated collection shows in the timeline: its kind, and what it says.
_TIMELINE: Final = {
    "events": ("kind", "summary"),
    "aid": ("kind", "summary"),
    "statements": ("mode", "text"),
    "figures": ("metric", "summary"),
}


def _described(key: str, fallback: str = "") -> str:
    return _DESCRIPTIONS.get(key) or _DESCRIPTIONS.get(key.rpartition(".")[2]) or fallback


# -- the tables -----------------------------------------------------------------------------


def _collection_table(collection: Collection, collections: tuple[Collection, ...]) -> Table:
    fields = _fields(collection, collections)
    csv = {c.name: c.description for c in columns_for(collection.record)}
    noun = collection.noun
    columns: list[Column] = []
    checks: list[str] = []
    for field in fields:
        if field.shape == "date":
            parts = [f"{field.name}_{end}" for end in ("start", "end", "precision", "text")]
            columns += [
                Column(parts[0], "TEXT", csv["date_start"], field.required),
                Column(parts[1], "TEXT", csv["date_end"], field.required),
                Column(parts[2], "TEXT", csv["date_precision"], field.required, _values(Precision)),
                Column(parts[3], "TEXT", csv["date_text"]),
            ]
            checks.append(f"{_name(parts[1])} >= {_name(parts[0])}")
        elif field.shape == "reference":
            assert field.target is not None  # noqa: S101 - every reference has one
            what = csv.get(f"{field.name}_id") or f"Id of the {noun}'s {field.name} (an {field.target.noun})"
            columns.append(Column(field.name, "TEXT", what, field.required, references=field.target.name))
        elif field.shape == "scalar":
            what = csv.get(field.name) or f"The {noun}'s {field.name.replace('_', ' ')}"
            name = _COLUMN_NAMES.get(field.name, field.name)
            columns.append(Column(name, _sql_type(field.type), what, field.required, _values(field.type)))
    spans = collection.name in _SPANS
    if spans:
        columns.append(Column("text", "TEXT", csv["text"]))

    def rows(content: Content) -> Iterator[list[object]]:
        text = content.text
        for record in content.records[collection.name]:
            row: list[object] = []
            for field in fields:
                value = getattr(record, field.name)
                if field.shape == "date":
                    span: DateSpan | None = value
                    if span is None:
                        row += [None, None, None, None]
                    else:
                        row += [span.start.isoformat(), span.end.isoformat(), span.precision.value, span.text]
                elif field.shape in ("reference", "scalar"):
                    row.append(_cell(value))
            if spans:
                row.append(None if text is None else text[record.start : record.end])
            yield row

    return Table(
        name=collection.name,
        description=collection.title,
        columns=tuple(columns),
        key=("id",),
        rows=rows,
        search=_SEARCHED.get(collection.name, ()),
        label=_LABELS.get(collection.name),
        checks=tuple(checks),
    )


def _list_names(collection: Collection, field: _Field) -> tuple[str, str, str]:
    """The names of a many-valued field's table, of its column of owners and of its column of values."""
    owner = f"{_word(collection)}_id"
    if field.target is None:
        value = "value"
    else:
        value = f"{_word(field.target)}_id"
        if value == owner:  # a list of records of the same collection: name the column after the field
            value = f"{field.name}_id"
    return f"{_word(collection)}_{field.name}", owner, value


def _list_table(collection: Collection, field: _Field) -> Table:
    """The table of a many-valued field: a link table for references, else a table of text."""
    noun, name = collection.noun, field.name
    table, owner, value = _list_names(collection, field)
    if field.target is not None:
        last = Column(value, "TEXT", f"Id of the {field.target.noun}", required=True, references=field.target.name)
        description = f"The {name} of each {noun}, in order: one row per {field.target.noun}"
    else:
        last = Column(value, "TEXT", f"One of the {noun}'s {name}", required=True)
        description = f"The {name} of each {noun}, in order: one row each"

    def rows(content: Content) -> Iterator[tuple[object, ...]]:
        for record in content.records[collection.name]:
            for position, item in enumerate(getattr(record, name), start=1):
                yield record.id, position, item

    return Table(
        name=table,
        description=description,
        columns=(
            Column(owner, "TEXT", f"Id of the {noun}", required=True, references=collection.name),
            Column("position", "INTEGER", f"The place in the {noun}'s {name}, from 1", required=True),
            last,
        ),
        key=(owner, "position"),
        rows=rows,
    )


def _part_table(kind: type, collections: tuple[Collection, ...]) -> Table:
    """``quantities`` or ``evidence``: the parts of every record, numbered from 1 in the record's order."""
    table = _PARTS[kind]
    hints = typing.get_type_hints(kind)
    columns = [
        Column("record_id", "TEXT", _described(f"{table}.record_id"), required=True, references="records"),
        Column("position", "INTEGER", _described(f"{table}.position"), required=True),
    ]
    attributes = [f.name for f in attrs.fields(kind)]
    for attribute in attributes:
        sort, optional, _many = _unwrap(hints[attribute])
        name = _COLUMN_NAMES.get(attribute, attribute)
        what = _described(f"{table}.{name}", f"The {attribute.replace('_', ' ')} of the {table} row")
        if sort is Decimal:
            columns.append(Column(name, "TEXT", what, not optional))
            sort, name, what = float, f"{name}_number", _described(f"{table}.{name}_number")
        refers = "units" if (kind, attribute) == (Quantity, "unit") else None
        columns.append(Column(name, _sql_type(sort), what, not optional, _values(sort), refers))
    holders = [
        (c.name, f.name, f.many)
        for c in collections
        for f in _fields(c, collections)
        if f.shape == "part" and f.type is kind
    ]

    def rows(content: Content) -> Iterator[list[object]]:
        for collection, field, many in holders:
            for record in content.records[collection]:
                value = getattr(record, field)
                for position, part in enumerate(value if many else (value,), start=1):
                    row: list[object] = [record.id, position]
                    for attribute in attributes:
                        cell = getattr(part, attribute)
                        row += [format(cell, "f"), float(cell)] if isinstance(cell, Decimal) else [_cell(cell)]
                    yield row

    return Table(
        name=table,
        description=_DESCRIPTIONS[table],
        columns=tuple(columns),
        key=("record_id", "position"),
        rows=rows,
        search=_SEARCHED.get(table, ()),
    )


def _records_table(collections: Sequence[Collection]) -> Table:
    names = tuple(c.name for c in collections)

    def rows(content: Content) -> Iterator[tuple[object, ...]]:
        for name in names:
            for record in content.records[name]:
                yield record.id, name

    return Table(
        name="records",
        description=_DESCRIPTIONS["records"],
        columns=(
            Column("id", "TEXT", _described("records.id"), required=True),
            Column("collection", "TEXT", _described("records.collection"), required=True, values=names),
        ),
        key=("id",),
        rows=rows,
        label=_LABELS["records"],
    )


def _units_table() -> Table:
    return Table(
        name="units",
        description=_DESCRIPTIONS["units"],
        columns=(
            Column("unit", "TEXT", _described("units.unit"), required=True),
            Column("description", "TEXT", _described("units.description"), required=True),
        ),
        key=("unit",),
        rows=lambda _content: UNITS.items(),
        label=_LABELS["units"],
    )


#: How an entity counts for an area, in ``entity_areas.how``.
_HOW: Final = ("self", "affiliation", "region")


def _areas(entities: Entities, entity: Entity) -> Iterator[tuple[str, str]]:
    """The areas ``entity`` counts for (:meth:`Entities.counts_for`) and how, nearest first."""
    counted = entities.counts_for(entity.id)
    near = [entity.id]
    if entity.affiliation is not None:
        near += [entity.affiliation, *entities.regions_of(entity.id), *entities.regions_of(entity.affiliation)]
    else:
        near += entities.regions_of(entity.id)
    rank = {area: place for place, area in reversed(list(enumerate(near)))}
    for area in sorted(counted, key=lambda a: (rank.get(a, len(near)), a)):
        yield area, _HOW[0] if area == entity.id else _HOW[1] if area == entity.affiliation else _HOW[2]


def _areas_table(entities: Collection) -> Table:
    """``entity_areas``: one row per entity and area it counts for, from :meth:`Entities.counts_for`."""

    def rows(content: Content) -> Iterator[tuple[str, str, str]]:
        index = Entities(content.records[entities.name])
        for entity in index.values():
            for area, how in _areas(index, entity):
                yield entity.id, area, how

    return Table(
        name="entity_areas",
        description=_DESCRIPTIONS["entity_areas"],
        columns=(
            Column("entity_id", "TEXT", _described("entity_areas.entity_id"), required=True, references=entities.name),
            Column("area_id", "TEXT", _described("entity_areas.area_id"), required=True, references=entities.name),
            Column("how", "TEXT", _described("entity_areas.how"), required=True, values=_HOW),
        ),
        key=("entity_id", "area_id"),
        rows=rows,
    )


def _holders(collections: tuple[Collection, ...]) -> list[Collection]:
    """The collections of records: those whose records have parts (quantities, evidence)."""
    return [c for c in collections if any(f.shape == "part" for f in _fields(c, collections))]


def tables(collections: tuple[Collection, ...] = COLLECTIONS) -> tuple[Table, ...]:
    """Every table of the database of ``collections`` (the dataset's), in the order they are created."""
    fields = {c.name: _fields(c, collections) for c in collections}
    return (
        _units_table(),
        _records_table(_holders(collections)),
        *(_collection_table(c, collections) for c in collections),
        *(_list_table(c, f) for c in collections for f in fields[c.name] if f.shape in ("references", "texts")),
        *(_part_table(kind, collections) for kind in _PARTS),
        *(_areas_table(c) for c in collections if c.record is Entity),
    )


# -- the views --------------------------------------------------------------------------------


def _view_columns(view: str, *columns: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, sort, _described(f"{view}.{name}")) for name, sort in columns)


def views() -> tuple[View, ...]:
    """The views of the database: the questions asked most often."""
    dates = [c for c in columns_for(COLLECTIONS[1].record) if c.name.startswith("date_") and c.name != "date_edtf"]
    parts = [
        f"SELECT {_text(name)}, id, date_start, date_end, date_precision, date_text, "
        f"{_name(kind)}, {_name(says)} FROM {_name(name)} WHERE date_start IS NOT NULL"
        for name, (kind, says) in _TIMELINE.items()
    ]
    timeline = View(
        name="timeline",
        description=_DESCRIPTIONS["timeline"],
        columns=(
            *_view_columns("timeline", ("collection", "TEXT"), ("id", "TEXT")),
            *(Column(c.name, "TEXT", c.description) for c in dates),
            *_view_columns("timeline", ("kind", "TEXT"), ("summary", "TEXT")),
        ),
        select="SELECT * FROM (\n  " + "\n  UNION ALL ".join(parts) + "\n) ORDER BY 3, 4, 2",
    )
    by_recipient = View(
        name="aid_by_recipient",
        description=_DESCRIPTIONS["aid_by_recipient"],
        columns=_view_columns(
            "aid_by_recipient",
            ("recipient_id", "TEXT"),
            ("recipient_name", "TEXT"),
            ("recipient_kind", "TEXT"),
            ("aid_records", "INTEGER"),
            ("first_day", "TEXT"),
            ("last_day", "TEXT"),
        ),
        select=(
            "SELECT e.id, e.name, e.kind, count(DISTINCT a.id), min(a.date_start), max(a.date_end)\n"
            "FROM aid_recipients AS r JOIN aid AS a ON a.id = r.aid_id JOIN entities AS e ON e.id = r.entity_id\n"
            "GROUP BY e.id ORDER BY 4 DESC, 1"
        ),
    )
    by_region = View(
        name="aid_by_region",
        description=_DESCRIPTIONS["aid_by_region"],
        columns=_view_columns(
            "aid_by_region",
            ("region_id", "TEXT"),
            ("region_name", "TEXT"),
            ("region_m49", "TEXT"),
            ("aid_records", "INTEGER"),
            ("first_day", "TEXT"),
            ("last_day", "TEXT"),
        ),
        select=(
            "SELECT e.id, e.name, e.m49, count(DISTINCT a.id), min(a.date_start), max(a.date_end)\n"
            "FROM aid_recipients AS r JOIN aid AS a ON a.id = r.aid_id\n"
            "  JOIN entity_areas AS ea ON ea.entity_id = r.entity_id JOIN entities AS e ON e.id = ea.area_id\n"
            "WHERE e.kind = 'region'\n"
            "GROUP BY e.id ORDER BY 4 DESC, 1"
        ),
    )
    return (timeline, _record_areas(), _citations(), by_recipient, by_region)


def _entity_fields(collections: tuple[Collection, ...]) -> list[tuple[Collection, _Field]]:
    """Every field of a record that holds entity ids, collection by collection, in field order."""
    return [
        (c, f)
        for c in _holders(collections)
        for f in _fields(c, collections)
        if f.target is not None and f.target.record is Entity
    ]


def _record_areas(collections: tuple[Collection, ...] = COLLECTIONS) -> View:
    """``record_areas``: every entity field of every record, joined to ``entity_areas``."""
    parts = []
    for collection, field in _entity_fields(collections):
        if field.many:
            table, owner, value = _list_names(collection, field)
            key, entity, source, where = owner, value, table, ""
        else:
            key, entity, source = "id", field.name, collection.name
            where = f" WHERE {_name(entity)} IS NOT NULL"
        parts.append(
            f"SELECT {_text(collection.name)} AS collection, {_name(key)} AS record_id, {_text(field.name)} AS field, "
            f"{_name(entity)} AS entity_id FROM {_name(source)}{where}"
        )
    fields = ", ".join(dict.fromkeys(f"{f.name} ({_word(c)})" for c, f in _entity_fields(collections)))
    columns = _view_columns(
        "record_areas", ("collection", "TEXT"), ("record_id", "TEXT"), ("field", "TEXT"), ("area_id", "TEXT")
    )
    return View(
        name="record_areas",
        description=_DESCRIPTIONS["record_areas"],
        columns=(
            *columns[:2],
            columns[2]._replace(description=f"{columns[2].description}: {fields}"),
            columns[3],
            *_view_columns("record_areas", ("named", "INTEGER")),
        ),
        select=(
            "SELECT r.collection, r.record_id, r.field, ea.area_id, max(ea.how = 'self')\n"
            "FROM (\n  " + "\n  UNION ALL ".join(parts) + "\n) AS r\n"
            "  JOIN entity_areas AS ea ON ea.entity_id = r.entity_id\n"
            "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
        ),
    )


def _citations() -> View:
    """``citations``: the sentences each record's evidence overlaps, as ``Dataset.sentences_of`` finds them."""
    return View(
        name="citations",
        description=_DESCRIPTIONS["citations"],
        columns=_view_columns(
            "citations",
            ("collection", "TEXT"),
            ("record_id", "TEXT"),
            ("sentence_id", "TEXT"),
            ("role", "TEXT"),
        ),
        select=(
            "SELECT DISTINCT r.collection, e.record_id, s.id, s.role\n"
            "FROM evidence AS e JOIN records AS r ON r.id = e.record_id\n"
            "  JOIN sentences AS s ON s.char_end > e.char_start AND s.char_start < e.char_end\n"
            "ORDER BY r.rowid, s.char_start"
        ),
    )


# -- the database ------------------------------------------------------------------------------


def database(records: Records, *, text: str | None = None) -> bytes:
    """Return the SQLite database of ``records`` (by collection name), as the bytes of its file.

    ``text`` is the article's (:attr:`Source.text <covid_synergy.Source.text>`):
    with it, each sentence has its text. Every foreign key is checked before
    the bytes are returned: a reference to no row raises :class:`ValueError`
    naming each such row.
    """
    content = Content(records, text)
    schema = tables()
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        connection.execute("PRAGMA defer_foreign_keys = ON")  # entities refer to entities: check at the end
        items: list[Table | View] = [*schema, *views()]
        for item in items:
            for statement in item.sql():
                connection.execute(statement)
        for table in schema:
            connection.executemany(table.insert(), table.rows(content))
        for table in schema:
            for statement in table.search_sql():
                connection.execute(statement)
        dangling = _dangling(connection, schema)
        if dangling:
            connection.execute("ROLLBACK")
            msg = f"{len(dangling)} references to nothing: " + "; ".join(dangling)
            raise ValueError(msg)
        connection.execute("COMMIT")
        return connection.serialize()
    finally:
        connection.close()


def _dangling(connection: sqlite3.Connection, schema: Sequence[Table]) -> list[str]:
    """Every row whose foreign key names no row, described."""
    keys = {t.name: t.key for t in schema}
    found = []
    for table, rowid, parent, number in connection.execute("PRAGMA foreign_key_check").fetchall():
        links = connection.execute(f"PRAGMA foreign_key_list({_name(table)})").fetchall()
        column = next(link[3] for link in links if link[0] == number)
        names = ", ".join(map(_name, (*keys[table], column)))
        *key, value = connection.execute(f"SELECT {names} FROM {_name(table)} WHERE rowid = ?", (rowid,)).fetchone()
        found.append(f"{table} {', '.join(map(str, key))}: {column} {value!r} is not an id in {parent}")
    return found


# -- the Datasette metadata ------------------------------------------------------------------------

#: The canned queries, shown by Datasette beside the tables.
_QUERIES: Final = {
    "search_evidence": {
        "title": "Search the evidence",
        "description": "The quotes that contain the words (any form of them: 'ventilator' finds 'ventilators'), "
        "best match first, with the matching words in [brackets]",
        "sql": "SELECT evidence.record_id, records.collection, evidence.paragraph,\n"
        "  snippet(evidence_fts, 0, '[', ']', '…', 16) AS snippet\n"
        "FROM evidence_fts\n"
        "  JOIN evidence ON evidence.rowid = evidence_fts.rowid\n"
        "  JOIN records ON records.id = evidence.record_id\n"
        "WHERE evidence_fts MATCH escape_fts(:words)\n"
        "ORDER BY evidence_fts.rank, evidence.record_id, evidence.position",
    },
}


def metadata(source: Source) -> dict[str, object]:
    """Return the Datasette metadata (``metadata.json``) of the database: the title, licence and
    source, and a description of every table, view and column.
    """
    described: dict[str, object] = {}
    items: list[Table | View] = [*tables(), *views()]
    for item in items:
        entry: dict[str, object] = {
            "description": item.description,
            "columns": {c.name: c.description for c in item.columns},
        }
        if isinstance(item, Table) and item.label is not None:
            entry["label_column"] = item.label
        described[item.name] = entry
        if isinstance(item, Table) and item.search:
            what = {c.name: c.description for c in item.columns if c.name in item.search}
            described[f"{item.name}_fts"] = {
                "description": f"The full-text index of {item.name} ({', '.join(item.search)}); "
                f"in Datasette, search with ?_search= on {item.name}",
                "columns": what,
            }
    return {
        "title": f"covid-synergy: {source.title}",
        "description": (
            f"Every event, aid flow, statement and headline figure of the article, with the paragraph and the "
            f"verbatim quote each comes from, and every sentence of the article with its role "
            f"(data version {source.data_version}). Exact numbers are the text of quantities.value; value_number "
            "is inexact. Dates are ISO text; lists are tables numbered from 1. Regions and affiliations count as "
            "in Python: through entity_areas and record_areas."
        ),
        "license": source.license,
        "license_url": f"https://spdx.org/licenses/{source.license}.html",
        "source": f"{', '.join(source.authors)}, {source.title}, {source.edition}, {source.published.isoformat()}",
        "source_url": source.url,
        "databases": {
            DATABASE_FILE.removesuffix(".db"): {"tables": described, "queries": _QUERIES},
        },
    }
