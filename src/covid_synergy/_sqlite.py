"""A SQLite database of a dataset: tables with keys, full-text search and views, for SQL and Datasette.

The tables are derived from the declarations, so a new field gets its
column, table and keys without a change here:

* one table per collection (:data:`~covid_synergy._layout.COLLECTIONS`),
  keyed by ``id``, with a column per field of its record class: a date
  becomes ``date_start``, ``date_end`` (ISO text, so ``BETWEEN`` compares
  them), ``date_precision`` and ``date_text``; a single-valued reference
  (:func:`~covid_synergy._model.references`) a column of ids with a foreign
  key (``aid.donor``); a vocabulary its values, checked;
* one table per many-valued field, rows numbered from 1 in the record's
  order: a link table for a list of references (``event_participants``,
  with foreign keys at both ends), a table of text otherwise
  (``aid_items``);
* ``quantities`` and ``evidence``: every quantity and every piece of
  evidence of every record, numbered the same way, keyed to ``records``
  (every record id and its collection). Exact decimals are text
  (``quantities.value``), with an inexact ``value_number`` beside them for
  sorting; ``units`` describes the units;
* an FTS5 index per searched table (``events_fts`` over ``events.summary``,
  ``evidence_fts`` over the quotes...), with the table as its external
  content, as Datasette expects, kept in step by triggers;
* views: ``timeline`` and ``aid_by_recipient``.

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
from ._layout import COLLECTIONS, Collection
from ._model import Evidence, Source, references
from ._quantities import UNITS, Quantity
from ._rows import columns_for

__all__ = ["DATABASE_FILE", "METADATA_FILE", "Column", "Table", "View", "database", "metadata", "tables", "views"]

#: The file name of the database; Datasette names the database after it.
DATABASE_FILE: Final = "covid-synergy.db"
#: The file name of its Datasette metadata.
METADATA_FILE: Final = "metadata.json"

#: The records of each collection, by collection name, in the order of their rows.
Records = Mapping[str, Sequence[Any]]


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
    rows: Callable[[Records], Iterable[Sequence[object]]]
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
#: The SQL name of a part's field, where it is not the field's own.
_PART_COLUMNS: Final = {"start": "char_start", "end": "char_end"}


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
    "evidence.char_start": "Where the quote starts in the paragraph (a character offset, from 0)",
    "evidence.char_end": "Where the quote ends in the paragraph (the offset after its last character)",
    "record_id": "Id of the record (see records, and the record's own table)",
    "position": "The place in the record's list, from 1",
    "timeline": "Every dated record of every collection, in chronological order (start day, end day, id), "
    "as Dataset.timeline() gives them",
    "timeline.collection": "The collection (table) that holds the record",
    "timeline.id": "The record's id",
    "timeline.kind": "An event's or aid record's kind, a statement's mode, a figure's metric",
    "timeline.summary": "What the record says: its summary, or a statement's text",
    "aid_by_recipient": "Aid per recipient: how many aid records name each entity as a recipient, and when",
    "aid_by_recipient.recipient_id": "Id of the receiving entity",
    "aid_by_recipient.recipient_name": "Its name",
    "aid_by_recipient.recipient_kind": "What sort of entity it is",
    "aid_by_recipient.aid_records": "How many aid records name it as a recipient",
    "aid_by_recipient.first_day": "The first day of those aid records' dates (NULL when none is dated)",
    "aid_by_recipient.last_day": "The last day of those aid records' dates (NULL when none is dated)",
}

#: The columns of each table that its full-text index covers.
_SEARCHED: Final = {
    "entities": ("name", "role"),
    "events": ("summary",),
    "aid": ("summary",),
    "statements": ("text",),
    "figures": ("summary",),
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
            columns.append(Column(field.name, _sql_type(field.type), what, field.required, _values(field.type)))

    def rows(records: Records) -> Iterator[list[object]]:
        for record in records[collection.name]:
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


def _list_table(collection: Collection, field: _Field) -> Table:
    """The table of a many-valued field: a link table for references, else a table of text."""
    noun, name = collection.noun, field.name
    owner = f"{_word(collection)}_id"
    if field.target is not None:
        value = f"{_word(field.target)}_id"
        if value == owner:  # a list of records of the same collection: name the column after the field
            value = f"{name}_id"
        last = Column(value, "TEXT", f"Id of the {field.target.noun}", required=True, references=field.target.name)
        description = f"The {name} of each {noun}, in order: one row per {field.target.noun}"
    else:
        last = Column("value", "TEXT", f"One of the {noun}'s {name}", required=True)
        description = f"The {name} of each {noun}, in order: one row each"

    def rows(records: Records) -> Iterator[tuple[object, ...]]:
        for record in records[collection.name]:
            for position, item in enumerate(getattr(record, name), start=1):
                yield record.id, position, item

    return Table(
        name=f"{_word(collection)}_{name}",
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
        name = _PART_COLUMNS.get(attribute, attribute)
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

    def rows(records: Records) -> Iterator[list[object]]:
        for collection, field, many in holders:
            for record in records[collection]:
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

    def rows(records: Records) -> Iterator[tuple[object, ...]]:
        for name in names:
            for record in records[name]:
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
        rows=lambda _records: UNITS.items(),
        label=_LABELS["units"],
    )


def tables(collections: tuple[Collection, ...] = COLLECTIONS) -> tuple[Table, ...]:
    """Every table of the database of ``collections`` (the dataset's), in the order they are created."""
    fields = {c.name: _fields(c, collections) for c in collections}
    holders = [c for c in collections if any(f.shape == "part" for f in fields[c.name])]
    return (
        _units_table(),
        _records_table(holders),
        *(_collection_table(c, collections) for c in collections),
        *(_list_table(c, f) for c in collections for f in fields[c.name] if f.shape in ("references", "texts")),
        *(_part_table(kind, collections) for kind in _PARTS),
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
    return (timeline, by_recipient)


# -- the database ------------------------------------------------------------------------------


def database(records: Records) -> bytes:
    """Return the SQLite database of ``records`` (by collection name), as the bytes of its file.

    Every foreign key is checked before the bytes are returned: a reference to
    no row raises :class:`ValueError` naming each such row.
    """
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
            connection.executemany(table.insert(), table.rows(records))
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
            f"verbatim quote each comes from (data version {source.data_version}). Exact numbers are the text of "
            "quantities.value; value_number is inexact. Dates are ISO text; lists are tables numbered from 1."
        ),
        "license": source.license,
        "license_url": f"https://spdx.org/licenses/{source.license}.html",
        "source": f"{', '.join(source.authors)}, {source.title}, {source.edition}, {source.published.isoformat()}",
        "source_url": source.url,
        "databases": {
            DATABASE_FILE.removesuffix(".db"): {"tables": described, "queries": _QUERIES},
        },
    }
