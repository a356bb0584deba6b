"""The SQLite export: every record reads back equal, the keys hold, search and views answer as Python does."""

from __future__ import annotations

import contextlib
import enum
import io
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import typing
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import covid_synergy as cs
from covid_synergy import _model, _sqlite, strategies
from covid_synergy._cli import main
from covid_synergy._export import render
from covid_synergy._layout import COLLECTION_OF, COLLECTIONS, Collection
from covid_synergy._model import _refers, references
from covid_synergy._recordset import AidSet, kind_of
from covid_synergy._rows import columns_for
from covid_synergy._sqlite import DATABASE_FILE, METADATA_FILE, tables

DOCS_PAGE = Path(__file__).parent.parent / "docs" / "sql.md"

#: Every table the database has, by hand: collections, lists, parts, their
#: full-text indexes, and the views.
TABLES = [
    "aid",
    "aid_fts",
    "aid_items",
    "aid_recipients",
    "entities",
    "entities_fts",
    "entity_aliases",
    "entity_areas",
    "event_participants",
    "events",
    "events_fts",
    "evidence",
    "evidence_fts",
    "figures",
    "figures_fts",
    "quantities",
    "records",
    "sentences",
    "sentences_fts",
    "statement_audience",
    "statements",
    "statements_fts",
    "units",
]
VIEWS = ["aid_by_recipient", "aid_by_region", "citations", "record_areas", "timeline"]
#: Every foreign key, by hand: ``(table, column, referenced table, referenced column)``.
FOREIGN_KEYS = {
    ("entities", "affiliation", "entities", "id"),
    ("entities", "region", "entities", "id"),
    ("events", "location", "entities", "id"),
    ("aid", "donor", "entities", "id"),
    ("aid", "event", "events", "id"),
    ("statements", "speaker", "entities", "id"),
    ("statements", "event", "events", "id"),
    ("figures", "subject", "entities", "id"),
    ("entity_aliases", "entity_id", "entities", "id"),
    ("event_participants", "event_id", "events", "id"),
    ("event_participants", "entity_id", "entities", "id"),
    ("aid_recipients", "aid_id", "aid", "id"),
    ("aid_recipients", "entity_id", "entities", "id"),
    ("aid_items", "aid_id", "aid", "id"),
    ("statement_audience", "statement_id", "statements", "id"),
    ("statement_audience", "entity_id", "entities", "id"),
    ("quantities", "record_id", "records", "id"),
    ("quantities", "unit", "units", "unit"),
    ("evidence", "record_id", "records", "id"),
    ("entity_areas", "entity_id", "entities", "id"),
    ("entity_areas", "area_id", "entities", "id"),
}
#: The SQL names of fields that are not named as the field, by hand.
SQL_NAMES = {"start": "char_start", "end": "char_end"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a fresh sqlite export of the packaged data."""
    folder = tmp_path_factory.mktemp("sqlite")
    cs.export(cs.load(), folder, format="sqlite")
    return folder


@pytest.fixture(scope="module")
def db(exported: Path) -> Iterator[sqlite3.Connection]:
    """The exported database, opened read-only, rows by column name."""
    connection = sqlite3.connect(f"file:{exported / DATABASE_FILE}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


@pytest.fixture
def copy(exported: Path) -> Iterator[sqlite3.Connection]:
    """A writable in-memory copy of the exported database, with foreign keys enforced."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize((exported / DATABASE_FILE).read_bytes())
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def column(connection: sqlite3.Connection, sql: str, *parameters: object) -> list[Any]:
    """The first column of every row a query returns."""
    return [row[0] for row in connection.execute(sql, parameters)]


def all_records(ds: cs.Dataset) -> list[cs.Record]:
    """Every record of the four collections."""
    return [*ds.events, *ds.aid, *ds.statements, *ds.figures]


def database_of(dataset: cs.Dataset) -> sqlite3.Connection:
    """The exported database of a dataset, opened in memory, rows by column name."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize(render(dataset, "sqlite")[DATABASE_FILE])
    connection.row_factory = sqlite3.Row
    return connection


# -- reading the database back, independently of how it was written -------------------------------


def read_back(connection: sqlite3.Connection, collection: Collection) -> list[Any]:
    """Rebuild every record of a collection from its table, its list tables and its parts."""
    cls = collection.record
    hints = typing.get_type_hints(cls)
    refs = {r.field: r for r in references(cls)}
    word = collection.noun.split()[0]
    records = []
    for row in connection.execute(f'SELECT * FROM "{collection.name}" ORDER BY rowid'):
        key = row["id"]
        values: dict[str, Any] = {}
        for field in attrs.fields(cls):
            name, hint = field.name, hints[field.name]
            if name in refs and refs[name].many:
                listed = connection.execute(
                    f'SELECT * FROM "{word}_{name}" WHERE "{word}_id" = ? ORDER BY position', (key,)
                )
                values[name] = tuple(r[2] for r in listed)
            elif hint == tuple[str, ...]:
                listed = connection.execute(
                    f'SELECT value FROM "{word}_{name}" WHERE "{word}_id" = ? ORDER BY position', (key,)
                )
                values[name] = tuple(r[0] for r in listed)
            elif hint in (cs.DateSpan, cs.DateSpan | None):
                values[name] = read_date(row)
            elif hint in (cs.Quantity, tuple[cs.Quantity, ...]):
                found = connection.execute("SELECT * FROM quantities WHERE record_id = ? ORDER BY position", (key,))
                quantities = tuple(
                    cs.Quantity(value=Decimal(q["value"]), unit=q["unit"], bound=cs.Bound(q["bound"])) for q in found
                )
                (values[name],) = quantities if hint is cs.Quantity else (quantities,)
            elif hint == tuple[cs.Evidence, ...]:
                found = connection.execute("SELECT * FROM evidence WHERE record_id = ? ORDER BY position", (key,))
                values[name] = tuple(
                    cs.Evidence(paragraph=e["paragraph"], start=e["char_start"], end=e["char_end"], quote=e["quote"])
                    for e in found
                )
            elif isinstance(hint, type) and issubclass(hint, enum.Enum):
                values[name] = hint(row[name])
            else:
                values[name] = row[SQL_NAMES.get(name, name)]
        records.append(cls(**values))
    return records


def read_date(row: sqlite3.Row) -> cs.DateSpan | None:
    """The date span of a row, or None."""
    if row["date_start"] is None:
        return None
    return cs.DateSpan(
        start=date.fromisoformat(row["date_start"]),
        end=date.fromisoformat(row["date_end"]),
        precision=cs.Precision(row["date_precision"]),
        text=row["date_text"],
    )


def python_records(ds: cs.Dataset, collection: Collection) -> list[Any]:
    """The records of a collection, from the Python API, in their order."""
    if collection.name == "entities":
        return list(ds.entities.values())
    return list(getattr(ds, collection.name))


class TestRoundTrip:
    """Every record read back from the database equals the loaded record."""

    @pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.name)
    def test_every_record_reads_back_equal(
        self, ds: cs.Dataset, db: sqlite3.Connection, collection: Collection
    ) -> None:
        """Values, the order of lists and exact decimals survive: rebuilt records equal the loaded ones, in order."""
        assert python_records(ds, collection) == read_back(db, collection)

    def test_each_sentence_has_its_text(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """sentences.text is the article's text between the sentence's offsets, in the order of the text."""
        text = ds.source.text
        assert text is not None
        expected = [(s.id, s.role.value, text[s.start : s.end]) for s in ds.sentences]
        assert expected == [tuple(r) for r in db.execute("SELECT id, role, text FROM sentences ORDER BY rowid")]

    def test_without_the_text_a_sentence_has_none(self, ds: cs.Dataset) -> None:
        """Given no article text, sentences keep their offsets and roles and their text is NULL."""
        records = {c.name: python_records(ds, c) for c in COLLECTIONS}
        connection = sqlite3.connect(":memory:")
        try:
            connection.deserialize(_sqlite.database(records))
            rows = connection.execute("SELECT id, char_start, char_end, text FROM sentences ORDER BY rowid").fetchall()
        finally:
            connection.close()
        assert [(s.id, s.start, s.end, None) for s in ds.sentences] == rows

    def test_evidence_offsets_point_into_the_text(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """SQLite's substr() of the article's text at char_start and char_end gives every quote (offsets agree)."""
        text = ds.source.text
        rows = db.execute(
            "SELECT quote, substr(:text, char_start + 1, char_end - char_start) FROM evidence", {"text": text}
        ).fetchall()
        assert len(rows) == sum(len(r.evidence) for r in all_records(ds))
        assert [q for q, _ in rows] == [piece for _, piece in rows]

    def test_decimals_are_exact_text_with_a_number_beside_them(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """quantities.value is the decimal's text; value_number is the nearest float, a REAL."""
        expected = [
            (r.id, format(q.value, "f"), float(q.value), "text", "real")
            for r in all_records(ds)
            for q in ([r.quantity] if isinstance(r, cs.Figure) else getattr(r, "quantities", ()))
        ]
        rows = db.execute(
            "SELECT record_id, value, value_number, typeof(value), typeof(value_number) FROM quantities"
            " JOIN records ON records.id = record_id ORDER BY records.rowid, position"
        )
        assert expected == [tuple(r) for r in rows]

    def test_every_record_is_in_records_with_its_collection(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """The records table lists the id and collection of every record, in collection order."""
        expected = [(COLLECTION_OF[type(r)].name, r.id) for r in all_records(ds)]
        assert expected == [tuple(r) for r in db.execute("SELECT collection, id FROM records ORDER BY rowid")]

    @pytest.mark.parametrize(
        "table",
        [t for t in TABLES if "_" in t and not t.endswith("_fts") and t != "entity_areas"] + ["quantities", "evidence"],
    )
    def test_positions_count_from_one(self, db: sqlite3.Connection, table: str) -> None:
        """In every list and part table, each record's rows are numbered 1, 2, 3... with no gap."""
        owner = column(db, f'SELECT name FROM pragma_table_info("{table}") WHERE cid = 0')[0]
        rows = db.execute(f'SELECT "{owner}", group_concat(position) FROM "{table}" GROUP BY 1').fetchall()
        assert rows
        for key, positions in rows:
            assert sorted(int(p) for p in positions.split(",")) == list(range(1, positions.count(",") + 2)), key

    def test_units_are_the_units(self, db: sqlite3.Connection) -> None:
        """The units table holds every unit with its description."""
        assert cs.UNITS == dict(db.execute("SELECT unit, description FROM units").fetchall())

    def test_the_same_dataset_gives_the_same_bytes(self, ds: cs.Dataset, exported: Path) -> None:
        """Rendering is deterministic: a second export is byte for byte the first."""
        files = render(ds, "sqlite")
        assert [DATABASE_FILE, METADATA_FILE] == list(files)
        assert (exported / DATABASE_FILE).read_bytes() == files[DATABASE_FILE]
        assert (exported / METADATA_FILE).read_bytes() == files[METADATA_FILE]


# -- the schema and its constraints ------------------------------------------------------------------


class TestSchema:
    """The tables, the keys, and what the schema refuses."""

    def test_the_tables_and_views(self, db: sqlite3.Connection) -> None:
        """The database has exactly the expected tables (beside FTS's own) and views."""
        shadow = re.compile(r".*_fts_(data|idx|docsize|config)$")
        names = column(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        assert TABLES == [n for n in names if not shadow.match(n)]
        assert VIEWS == column(db, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")

    def test_the_foreign_keys(self, db: sqlite3.Connection) -> None:
        """Every single-valued reference, every link table and every part has its declared foreign key."""
        found = {
            (table, link["from"], link["table"], link["to"])
            for table in TABLES
            for link in db.execute(f'PRAGMA foreign_key_list("{table}")')
        }
        assert FOREIGN_KEYS == found

    def test_every_single_reference_of_the_model_has_a_key(self, db: sqlite3.Connection) -> None:
        """Each single-valued reference field declared in the model is a column with a foreign key."""
        for collection in COLLECTIONS:
            keys = {link["from"]: link["table"] for link in db.execute(f'PRAGMA foreign_key_list("{collection.name}")')}
            singles = {r.field: r.target for r in references(collection.record) if not r.many}
            assert {f: {"entity": "entities", "event": "events"}[t] for f, t in singles.items()} == keys

    def test_the_keys_hold(self, db: sqlite3.Connection) -> None:
        """PRAGMA foreign_key_check and integrity_check find nothing; every FTS index matches its table."""
        assert [] == db.execute("PRAGMA foreign_key_check").fetchall()
        assert ["ok"] == column(db, "PRAGMA integrity_check")

    def test_the_full_text_indexes_match_their_tables(self, copy: sqlite3.Connection) -> None:
        """FTS5's integrity-check passes for every index against its external content table."""
        for table in (t for t in TABLES if t.endswith("_fts")):
            copy.execute(f'INSERT INTO "{table}" ("{table}", rank) VALUES (\'integrity-check\', 1)')

    @pytest.mark.parametrize(
        ("statement", "message"),
        [
            ("INSERT INTO aid_recipients VALUES ('2020-03-23-medical-team-to-cambodia', 9, 'atlantis')", "FOREIGN KEY"),
            ("UPDATE aid SET donor = 'atlantis' WHERE id = '2020-03-23-medical-team-to-cambodia'", "FOREIGN KEY"),
            (
                "INSERT INTO evidence (record_id, position, paragraph, quote) VALUES ('nothing', 1, 1, 'x')",
                "FOREIGN KEY",
            ),
            ("DELETE FROM entities WHERE id = 'cambodia'", "FOREIGN KEY"),
            ("UPDATE aid SET status = 'stolen'", "CHECK"),
            ("UPDATE events SET date_end = '2019-01-01'", "CHECK"),
            ("UPDATE quantities SET unit = 'parsec'", "FOREIGN KEY"),
            ("INSERT INTO entity_areas VALUES ('china', 'atlantis', 'region')", "FOREIGN KEY"),
            ("UPDATE entity_areas SET how = 'membership' WHERE entity_id = 'ethiopia'", "CHECK"),
            ("INSERT INTO entity_areas VALUES ('ethiopia', 'africa', 'self')", "UNIQUE"),
            ("UPDATE entities SET region = 'atlantis' WHERE id = 'ethiopia'", "FOREIGN KEY"),
            ("UPDATE sentences SET role = 'rumour'", "CHECK"),
            (
                "INSERT INTO event_participants VALUES ('2020-03-23-medical-team-arrives-phnom-penh', 1, 'china')",
                "UNIQUE",
            ),
        ],
    )
    def test_the_schema_refuses_a_broken_row(self, copy: sqlite3.Connection, statement: str, message: str) -> None:
        """A dangling reference, a value outside its vocabulary or a reversed date is refused, and nothing changes."""
        before = copy.serialize()
        with pytest.raises(sqlite3.IntegrityError, match=message):
            copy.execute(statement)
        copy.rollback()
        assert before == copy.serialize()

    def test_an_export_of_a_dangling_reference_is_refused(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """A dataset built by hand with a donor and a recipient that are not entities writes nothing, naming both."""
        broken = attrs.evolve(ds.aid[0], donor="atlantis", recipients=("atlantis", "china"))
        dataset = cs.Dataset.build(
            events=ds.events,
            aid=AidSet([broken, *ds.aid[1:]], entities=ds.entities),
            statements=ds.statements,
            figures=ds.figures,
            entities=ds.entities,
            source=ds.source,
        )
        expected = (
            f"2 references to nothing: aid {broken.id}: donor 'atlantis' is not an id in entities; "
            f"aid_recipients {broken.id}, 1: entity_id 'atlantis' is not an id in entities"
        )
        with pytest.raises(ValueError, match="references to nothing") as raised:
            cs.export(dataset, tmp_path, format="sqlite")
        assert expected == str(raised.value)
        assert [] == list(tmp_path.iterdir())


# -- derived from the declarations ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Place:
    """An entity with the fields a later model may give it."""

    id: str
    name: str
    population: int | None = None
    region: str | None = _refers("entity", many=False)
    neighbours: tuple[str, ...] = _refers("entity", many=True)


@attrs.frozen(kw_only=True)
class Odd:
    """A record with a field no SQL column is made for."""

    id: str
    weight: float


class TestDerived:
    """Tables, columns and keys come from the record classes and their reference declarations."""

    def places(self, monkeypatch: pytest.MonkeyPatch) -> dict[str, _sqlite.Table]:
        """The tables of the dataset's collections with Place in the place of Entity."""
        monkeypatch.setitem(_model._REFERENCES, Place, _model._references_of(Place))
        monkeypatch.setattr(_sqlite, "columns_for", lambda cls: [] if cls is Place else columns_for(cls))
        entities = COLLECTIONS[0]._replace(record=Place)
        return {t.name: t for t in tables((entities, *COLLECTIONS[1:]))}

    def test_a_new_reference_gets_its_column_and_key(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A new single-valued reference becomes a column with a foreign key, an index and a description."""
        entities = self.places(monkeypatch)["entities"]
        expected = [
            _sqlite.Column("id", "TEXT", "The entity's id", required=True),
            _sqlite.Column("name", "TEXT", "The entity's name", required=True),
            _sqlite.Column("population", "INTEGER", "The entity's population"),
            _sqlite.Column("region", "TEXT", "Id of the entity's region (an entity)", references="entities"),
        ]
        assert expected == list(entities.columns)
        assert 'CREATE INDEX "entities_region" ON "entities" ("region")' in entities.sql()

    def test_a_list_of_references_of_its_own_kind_gets_a_link_table(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A list of entities of an entity is a link table whose second column is named after the field."""
        link = self.places(monkeypatch)["entity_neighbours"]
        assert ("entity_id", "position", "neighbours_id") == tuple(c.name for c in link.columns)
        assert ["entities", None, "entities"] == [c.references for c in link.columns]
        place = Place(id="x", name="X", neighbours=("a", "b"))
        assert [("x", 1, "a"), ("x", 2, "b")] == list(link.rows(_sqlite.Content({"entities": [place]})))

    def test_a_field_of_another_type_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A field type with no SQL column says which field and type."""
        monkeypatch.setitem(_model._REFERENCES, Odd, ())
        odd = Collection(name="odd", record=Odd, noun="odd", title="Odd")
        with pytest.raises(TypeError, match=r"no SQL column for Odd\.weight \(<class 'float'>\)"):
            tables((COLLECTIONS[0], odd))


# -- search, views and dates, against the Python API ------------------------------------------------------


def quoting(ds: cs.Dataset, pattern: str) -> set[str]:
    """Ids of the records with an evidence quote that matches a regular expression, ignoring case."""
    return {r.id for r in all_records(ds) if any(re.search(pattern, e.quote, re.IGNORECASE) for e in r.evidence)}


class TestSearch:
    """Full-text search finds what the Python API finds."""

    def test_a_known_quote_is_found_by_a_word_in_it(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """The evidence index finds the Cambodia arrival by 'touched', and every quote with a form of 'touch'."""
        found = column(
            db,
            "SELECT record_id FROM evidence JOIN evidence_fts ON evidence_fts.rowid = evidence.rowid"
            " WHERE evidence_fts MATCH 'touched'",
        )
        assert "2020-03-23-medical-team-arrives-phnom-penh" in found
        assert quoting(ds, r"\btouch(es|ed|ing)?\b") == set(found)

    def test_words_are_found_in_any_form(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """'ventilator' finds the quotes with 'ventilators' (Porter stemming), and no others."""
        found = column(
            db,
            "SELECT record_id FROM evidence WHERE rowid IN"
            " (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH 'ventilator')",
        )
        assert quoting(ds, r"\bventilators?\b") == set(found)

    @pytest.mark.parametrize("collection", ["events", "aid", "statements", "figures"])
    def test_each_collection_is_searched_in_its_text(
        self, ds: cs.Dataset, db: sqlite3.Connection, collection: str
    ) -> None:
        """Each collection's index holds its summaries (statements: texts): 'masks' finds what Python finds."""
        found = column(
            db,
            f'SELECT id FROM "{collection}" WHERE rowid IN'
            f' (SELECT rowid FROM "{collection}_fts" WHERE "{collection}_fts" MATCH \'masks\')',
        )
        texts = {r.id: r.text if isinstance(r, cs.Statement) else r.summary for r in getattr(ds, collection)}
        assert {i for i, t in texts.items() if re.search(r"\bmasks?\b", t, re.IGNORECASE)} == set(found)

    def test_sentences_are_searched_in_their_text(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """The sentence index finds every sentence of the article with a form of 'ventilator', and no other."""
        text = ds.source.text
        assert text is not None
        found = column(
            db,
            "SELECT id FROM sentences WHERE rowid IN"
            " (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'ventilator')",
        )
        expected = {s.id for s in ds.sentences if re.search(r"\bventilators?\b", text[s.start : s.end], re.IGNORECASE)}
        assert expected
        assert expected == set(found)

    def test_entities_are_searched_by_name_and_role(self, db: sqlite3.Connection) -> None:
        """The entity index finds people by a word of their role."""
        found = column(
            db,
            "SELECT id FROM entities WHERE rowid IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH 'France')",
        )
        assert {"france", "emmanuel-macron"} <= set(found)

    def test_snippets_mark_the_words_found(self, db: sqlite3.Connection) -> None:
        """snippet() reads the external content table and marks the word."""
        snippets = column(
            db,
            "SELECT snippet(evidence_fts, 0, '[', ']', '…', 8) FROM evidence_fts WHERE evidence_fts MATCH 'touched'",
        )
        assert any("[touched]" in s for s in snippets)

    def test_the_index_follows_changes_to_its_table(self, copy: sqlite3.Connection) -> None:
        """Triggers keep an index in step: an insert, an update and a delete are searched as they should be."""
        matches = "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?"
        copy.execute(
            "INSERT INTO events (id, date_start, date_end, date_precision, kind, summary)"
            " VALUES ('2020-07-01-x', '2020-07-01', '2020-07-01', 'day', 'call', 'A zeppelin landed')"
        )
        assert [1] == column(copy, matches, "zeppelin")
        copy.execute("UPDATE events SET summary = 'A balloon landed' WHERE id = '2020-07-01-x'")
        assert [0, 1] == [*column(copy, matches, "zeppelin"), *column(copy, matches, "balloon")]
        copy.execute("DELETE FROM events WHERE id = '2020-07-01-x'")
        assert [0] == column(copy, matches, "balloon")
        copy.execute("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)")


class TestViews:
    """The views answer what the Python API answers."""

    def test_the_timeline_is_dataset_timeline(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """The timeline view lists every dated record in the order of Dataset.timeline(), with its kind and text."""
        expected = [
            (
                COLLECTION_OF[type(r)].name,
                r.id,
                r.date.start.isoformat(),
                r.date.end.isoformat(),
                kind_of(r),
                r.text if isinstance(r, cs.Statement) else r.summary,
            )
            for r in ds.timeline()
            if r.date is not None
        ]
        rows = db.execute("SELECT collection, id, date_start, date_end, kind, summary FROM timeline")
        assert expected == [tuple(r) for r in rows]

    def test_aid_by_recipient_is_grouping_by_recipient(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """aid_by_recipient gives, per recipient, what group_by(recipients) gives: counts and the days covered."""
        assert expected_aid_by_recipient(ds) == [tuple(r) for r in db.execute("SELECT * FROM aid_by_recipient")]

    def test_dates_compare_as_text(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """BETWEEN on ISO dates gives the records between() gives ('within' mode)."""
        found = column(
            db,
            "SELECT id FROM aid WHERE date_start >= '2020-03-16' AND date_end <= '2020-03-31' ORDER BY rowid",
        )
        assert [a.id for a in ds.aid.between("2020-03-16", "2020-03-31", mode="within")] == found


def expected_aid_by_recipient(ds: cs.Dataset) -> list[tuple[object, ...]]:
    """The rows aid_by_recipient should have, from the Python API: most aid first, then by id."""
    rows = []
    for recipient, aid in ds.aid.group_by(lambda a: a.recipients, many=True).items():
        entity = ds.entities[recipient]
        dated = aid.dated()
        first = min((a.date.start for a in dated if a.date), default=None)
        last = max((a.date.end for a in dated if a.date), default=None)
        days = [None if d is None else d.isoformat() for d in (first, last)]
        rows.append((entity.id, entity.name, entity.kind.value, len(aid), *days))
    return sorted(rows, key=lambda r: (-typing.cast("int", r[3]), r[0]))


def expected_aid_by_region(ds: cs.Dataset) -> list[tuple[object, ...]]:
    """The rows aid_by_region should have, from AidSet.to() given each region: most aid first, then by id."""
    rows = []
    for region in ds.entities.of_kind("region"):
        aid = ds.aid.to(region.id)
        if aid:
            dated = [a.date for a in aid if a.date is not None]
            days = [min(d.start for d in dated).isoformat(), max(d.end for d in dated).isoformat()] if dated else []
            rows.append((region.id, region.name, region.m49, len(aid), *(days or (None, None))))
    return sorted(rows, key=lambda r: (-typing.cast("int", r[3]), r[0]))


class TestRegionAndCitationViews:
    """The aid_by_region and citations views answer what the Python API answers."""

    def test_aid_by_region_is_aid_to_each_region(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """aid_by_region gives, per region, len(ds.aid.to(region)) and the days covered; Africa is there."""
        expected = expected_aid_by_region(ds)
        assert "africa" in [r[0] for r in expected]
        assert expected == [tuple(r) for r in db.execute("SELECT * FROM aid_by_region")]

    def test_citations_are_the_sentences_of_each_record(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """The citations view lists, record by record, what Dataset.sentences_of gives, in the order of the text."""
        expected = [
            (COLLECTION_OF[type(r)].name, r.id, s.id, s.role.value) for r in all_records(ds) for s in ds.sentences_of(r)
        ]
        assert expected == [tuple(r) for r in db.execute("SELECT * FROM citations")]

    def test_a_quote_touching_a_sentence_does_not_cite_it(self, ds: cs.Dataset) -> None:
        """A quote from where one sentence ends to where another starts cites only the one between, as in Python."""
        text = ds.source.text
        assert text is not None
        first, middle, last = next(
            trio
            for trio in zip(ds.sentences, ds.sentences[1:], ds.sentences[2:], strict=False)
            if len({s.paragraph for s in trio}) == 1
        )
        quote = cs.Evidence(
            paragraph=first.paragraph, start=first.end, end=last.start, quote=text[first.end : last.start]
        )
        record = attrs.evolve(ds.figures[0], evidence=(quote,))
        dataset = cs.Dataset.build(
            events=ds.events,
            aid=ds.aid,
            statements=ds.statements,
            figures=cs.RecordSet([record, *ds.figures[1:]], entities=ds.entities),
            sentences=ds.sentences,
            entities=ds.entities,
            source=ds.source,
        )
        assert [middle] == list(dataset.sentences_of(record))
        connection = database_of(dataset)
        try:
            found = column(connection, "SELECT sentence_id FROM citations WHERE record_id = ?", record.id)
        finally:
            connection.close()
        assert [middle.id] == found

    def test_citations_give_the_records_citing_a_sentence(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """Filtered on a sentence, citations gives the records Dataset.citing gives."""
        for sentence in ds.sentences:
            found = column(db, "SELECT record_id FROM citations WHERE sentence_id = ?", sentence.id)
            assert sorted(r.id for r in ds.citing(sentence)) == sorted(found), sentence.id


# -- regions and affiliation: the same answers as Python ------------------------------------------------------


def how_it_counts(entities: cs.Entities, entity: cs.Entity, area: str) -> str:
    """How an entity counts for an area, read off the model's fields: itself, its affiliation, or a region above."""
    if area == entity.id:
        return "self"
    if area == entity.affiliation:
        return "affiliation"
    above = set(entities.regions_of(entity.id))
    if entity.affiliation is not None:
        above |= set(entities.regions_of(entity.affiliation))
    assert area in above, (entity.id, area)
    return "region"


def expected_areas(entities: cs.Entities) -> set[tuple[str, str, str]]:
    """The rows entity_areas should have: every (entity, area, how) that Entities.counts_for gives."""
    return {(e.id, a, how_it_counts(entities, e, a)) for e in entities.values() for a in entities.counts_for(e.id)}


#: In SQL, records in the order the Python API gives them: dated first, by start, end and id; then the undated by id.
CHRONOLOGICAL = "ORDER BY t.date_start IS NULL, t.date_start, t.date_end, t.id"


class Query(typing.NamedTuple):
    """A query of the Python API on entities, and the record_areas rows that answer it."""

    #: The collection it asks.
    collection: str
    #: The field of record_areas it reads (None: every field, as involving()).
    field: str | None
    #: The Python call: (dataset, entity id, strict) -> the records.
    call: typing.Callable[[cs.Dataset, str, bool], Any]


def involving(collection: str) -> Query:
    """The query RecordSet.involving on one collection: through every field that names entities."""

    def call(ds: cs.Dataset, entity_id: str, strict: bool) -> Any:  # noqa: FBT001 - as Query.call is called
        return getattr(ds, collection).involving(entity_id, strict=strict)

    return Query(collection, None, call)


QUERIES = {
    **{f"{name}.involving": involving(name) for name in ("events", "aid", "statements", "figures")},
    "aid.from_": Query("aid", "donor", lambda ds, x, strict: ds.aid.from_(x, strict=strict)),
    "aid.to": Query("aid", "recipients", lambda ds, x, strict: ds.aid.to(x, strict=strict)),
    "statements.by": Query("statements", "speaker", lambda ds, x, strict: ds.statements.by(x, strict=strict)),
    "statements.to": Query("statements", "audience", lambda ds, x, strict: ds.statements.to(x, strict=strict)),
}


def record_areas_answers(
    connection: sqlite3.Connection, ds: cs.Dataset, query: Query, *, strict: bool
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """For every entity: the ids Python gives, and the ids record_areas gives, both in the Python API's order."""
    sql = (
        f'SELECT t.id FROM "{query.collection}" AS t WHERE t.id IN (SELECT record_id FROM record_areas'
        " WHERE collection = :collection AND area_id = :area AND (:field IS NULL OR field = :field)"
        f" AND (named OR NOT :strict)) {CHRONOLOGICAL}"
    )
    expected, actual = {}, {}
    for entity_id in ds.entities:
        expected[entity_id] = [r.id for r in query.call(ds, entity_id, strict)]
        parameters = {"collection": query.collection, "area": entity_id, "field": query.field, "strict": strict}
        actual[entity_id] = [row[0] for row in connection.execute(sql, parameters)]
    return expected, actual


class TestAreas:
    """entity_areas and record_areas give, for every entity and region, what the Python API gives."""

    def test_entity_areas_is_counts_for(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """entity_areas holds exactly Entities.counts_for of every entity, each area with how it counts."""
        rows = {tuple(r) for r in db.execute("SELECT entity_id, area_id, how FROM entity_areas")}
        assert expected_areas(ds.entities) == rows
        assert {"self", "affiliation", "region"} == {r[2] for r in rows}

    def test_entity_areas_lists_the_nearest_first(self, db: sqlite3.Connection) -> None:
        """An entity's rows come in order: itself, its affiliation, then the regions, nearest first."""
        found = db.execute("SELECT area_id, how FROM entity_areas WHERE entity_id = ? ORDER BY rowid", ("hong-kong",))
        expected = [("hong-kong", "self"), ("china", "affiliation"), ("eastern-asia", "region"), ("asia", "region")]
        assert expected == [tuple(r) for r in found]

    def test_aid_from_china_to_africa(self, ds: cs.Dataset, db: sqlite3.Connection) -> None:
        """Joined through entity_areas, aid from China to Africa is ds.aid.from_("China").to("Africa"), in order."""
        found = column(
            db,
            "SELECT t.id FROM aid AS t"
            " WHERE t.donor IN (SELECT entity_id FROM entity_areas WHERE area_id = 'china')"
            " AND t.id IN (SELECT r.aid_id FROM aid_recipients AS r"
            " JOIN entity_areas AS ea ON ea.entity_id = r.entity_id WHERE ea.area_id = 'africa') " + CHRONOLOGICAL,
        )
        expected = [a.id for a in ds.aid.from_("China").to("Africa")]
        assert len(expected) > 2
        assert expected == found

    @pytest.mark.parametrize("direction", ["from_", "to"])
    def test_every_entity_gives_and_receives_as_in_python(
        self, ds: cs.Dataset, db: sqlite3.Connection, direction: str
    ) -> None:
        """For every entity and region, donors or recipients joined through entity_areas give from_() or to()."""
        if direction == "from_":
            sql = (
                "SELECT t.id FROM aid AS t JOIN entity_areas AS ea ON ea.entity_id = t.donor"
                f" WHERE ea.area_id = ? {CHRONOLOGICAL}"
            )
        else:
            sql = (
                "SELECT t.id FROM aid AS t WHERE t.id IN (SELECT r.aid_id FROM aid_recipients AS r"
                f" JOIN entity_areas AS ea ON ea.entity_id = r.entity_id WHERE ea.area_id = ?) {CHRONOLOGICAL}"
            )
        expected = {e: [a.id for a in getattr(ds.aid, direction)(e)] for e in ds.entities}
        assert expected == {e: column(db, sql, e) for e in ds.entities}
        assert sum(map(bool, expected.values())) > 10

    @pytest.mark.parametrize("strict", [False, True], ids=["counted", "strict"])
    @pytest.mark.parametrize("name", QUERIES)
    def test_record_areas_answers_every_query_as_python(
        self, ds: cs.Dataset, db: sqlite3.Connection, name: str, *, strict: bool
    ) -> None:
        """For every entity and region, record_areas gives what involving, from_, to and by give (strict: named=1)."""
        expected, actual = record_areas_answers(db, ds, QUERIES[name], strict=strict)
        assert expected == actual
        assert any(expected.values())

    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(dataset=strategies.datasets(max_records=4, max_entities=8))
    def test_any_dataset_reads_back_and_counts_as_python_does(self, dataset: cs.Dataset) -> None:
        """Any generated dataset (text or none) reads back equal; its entity_areas is counts_for, and its
        record_areas answers every query as Python does.
        """
        connection = database_of(dataset)
        try:
            for collection in COLLECTIONS:
                assert python_records(dataset, collection) == read_back(connection, collection), collection.name
            rows = {tuple(r) for r in connection.execute("SELECT entity_id, area_id, how FROM entity_areas")}
            assert expected_areas(dataset.entities) == rows
            for query in QUERIES.values():
                for strict in (False, True):
                    expected, actual = record_areas_answers(connection, dataset, query, strict=strict)
                    assert expected == actual
        finally:
            connection.close()


# -- the Datasette metadata --------------------------------------------------------------------------------


class TestMetadata:
    """metadata.json describes the database in Datasette's format."""

    def test_it_names_the_source_and_the_licence(self, ds: cs.Dataset, exported: Path) -> None:
        """Title, licence and source come from the dataset's Source."""
        meta = json.loads((exported / METADATA_FILE).read_text(encoding="utf-8"))
        assert f"covid-synergy: {ds.source.title}" == meta["title"]
        assert ("CC-BY-4.0", "https://spdx.org/licenses/CC-BY-4.0.html") == (meta["license"], meta["license_url"])
        assert ds.source.url == meta["source_url"]
        assert ds.source.data_version in meta["description"]

    def test_every_table_view_and_column_is_described(self, db: sqlite3.Connection, exported: Path) -> None:
        """Each table, view and column Datasette shows has a description."""
        described = json.loads((exported / METADATA_FILE).read_text(encoding="utf-8"))["databases"]["covid-synergy"]
        assert sorted(TABLES + VIEWS) == sorted(described["tables"])
        for name, entry in described["tables"].items():
            columns = column(db, f'SELECT name FROM pragma_table_info("{name}")')
            assert columns == list(entry["columns"]), name
            assert all(entry["columns"].values()), name
            assert entry["description"], name
            assert entry.get("label_column", columns[0]) in columns, name

    def test_collection_columns_are_described_as_in_the_csv(self, exported: Path) -> None:
        """A collection's columns have the descriptions of the CSV columns, kept in one place."""
        described = json.loads((exported / METADATA_FILE).read_text(encoding="utf-8"))["databases"]["covid-synergy"]
        for collection in COLLECTIONS:
            csv = {c.description for c in columns_for(collection.record)}
            assert set(described["tables"][collection.name]["columns"].values()) <= csv, collection.name


# -- the command line and the documentation -----------------------------------------------------------------


def test_the_command_line_exports_sqlite(tmp_path: Path) -> None:
    """``covid-synergy export --format sqlite OUT`` writes the database and its metadata, and not twice unasked."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as err:
        assert 0 == main(["export", "--format", "sqlite", str(tmp_path)])
        assert 1 == main(["export", "--format", "sqlite", str(tmp_path)])
        assert 0 == main(["export", "--format", "sqlite", "--force", str(tmp_path)])
    assert 2 * [str(tmp_path / DATABASE_FILE), str(tmp_path / METADATA_FILE)] == out.getvalue().splitlines()
    assert "--force" in err.getvalue()


def sqlite3_shell(connection: sqlite3.Connection, sql: str) -> str:
    """What ``sqlite3 -header`` prints for a query: a header line, then cells joined by '|', NULL as nothing."""
    cursor = connection.execute(sql)
    lines = ["|".join(d[0] for d in cursor.description)]
    lines += ("|".join(shell_cell(v) for v in row) for row in cursor)
    return "\n".join(lines) + "\n"


def shell_cell(value: object) -> str:
    """One cell as the sqlite3 shell prints it (a REAL with 15 significant digits and a decimal point)."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.15g}"
        return text if "." in text else f"{text}.0"
    return str(value)


def test_the_sql_page_shows_what_its_queries_print(exported: Path) -> None:
    """Each SQL example of docs/sql.md prints, against a fresh export, exactly the output shown under it."""
    page = DOCS_PAGE.read_text(encoding="utf-8")
    examples = re.findall(r"```sql\n(.*?)```\n+```text\n(.*?)```", page, re.DOTALL)
    assert len(examples) >= 5
    assert page.count("```sql\n") == len(examples)
    connection = sqlite3.connect(f"file:{exported / DATABASE_FILE}?mode=ro", uri=True)
    try:
        for sql, shown in examples:
            assert shown == sqlite3_shell(connection, sql), sql
    finally:
        connection.close()


# -- a real Datasette -----------------------------------------------------------------------------------------

#: How long the server may take to start, and each request to be answered (seconds).
START_WITHIN = 15.0
ANSWER_WITHIN = 5.0
#: Requests go straight to 127.0.0.1, never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def datasette(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Datasette serving the export with its metadata on 127.0.0.1; its base URL. Stopped afterwards."""
    log = tmp_path_factory.mktemp("datasette") / "log.txt"
    base = f"http://127.0.0.1:{free_port()}"
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(exported / DATABASE_FILE),
        "--metadata",
        str(exported / METADATA_FILE),
        "--host",
        "127.0.0.1",
        "--port",
        base.rpartition(":")[2],
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603 - our interpreter
    try:
        deadline = time.monotonic() + START_WITHIN
        while True:
            if process.poll() is not None:
                pytest.fail(f"datasette stopped with status {process.returncode}:\n{log.read_text()}")
            try:
                with OPENER.open(f"{base}/-/versions.json", timeout=1):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail(f"datasette did not answer within {START_WITHIN} s:\n{log.read_text()}")
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=ANSWER_WITHIN)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=ANSWER_WITHIN)


def ask(base: str, path: str, **query: str) -> Any:
    """Datasette's JSON answer at ``path`` of the database, as an array of rows where it is rows."""
    address = f"{base}/covid-synergy/{path}.json?" + urllib.parse.urlencode({"_shape": "array", **query})
    with OPENER.open(address, timeout=ANSWER_WITHIN) as answer:
        return json.load(answer)


@pytest.mark.slow
class TestDatasette:
    """A real Datasette serves the database and its metadata, and answers as the Python API does."""

    def test_it_serves_a_table(self, ds: cs.Dataset, datasette: str) -> None:
        """The events table, all of it, as the Python records."""
        rows = ask(datasette, "events", _size="max")
        assert sorted((e.id, e.summary, e.kind.value) for e in ds.events) == [
            (r["id"], r["summary"], r["kind"]) for r in rows
        ]

    def test_it_filters_rows(self, ds: cs.Dataset, datasette: str) -> None:
        """Column filters give what between() and of_kind() give, and a link table what AidSet.to() gives."""
        rows = ask(datasette, "events", kind="arrival", date_start__gte="2020-03-16", date_end__lte="2020-03-31")
        march = ds.events.between("2020-03-16", "2020-03-31", mode="within").of_kind("arrival")
        assert sorted(e.id for e in march) == [r["id"] for r in rows]
        links = ask(datasette, "aid_recipients", entity_id="italy", _size="max")
        assert sorted(a.id for a in ds.aid.to("Italy")) == sorted(r["aid_id"] for r in links)

    def test_it_labels_the_rows_a_key_names(self, ds: cs.Dataset, datasette: str) -> None:
        """With ?_labels=on, a donor is shown by the entity's name and an event by its summary."""
        rows = {r["id"]: r for r in ask(datasette, "aid", _labels="on", _size="max")}
        summaries = {e.id: e.summary for e in ds.events}
        expected = {
            a.id: (ds.entities[a.donor].name if a.donor else None, summaries[a.event] if a.event else None)
            for a in ds.aid
        }
        assert expected == {
            key: tuple(r[f]["label"] if r[f] else None for f in ("donor", "event")) for key, r in rows.items()
        }

    def test_it_searches(self, ds: cs.Dataset, datasette: str) -> None:
        """?_search= on evidence finds the records quoting the word, as Python does."""
        rows = ask(datasette, "evidence", _search="ventilators", _size="max")
        assert quoting(ds, r"\bventilators?\b") == {r["record_id"] for r in rows}

    def test_its_canned_query_searches_with_snippets(self, ds: cs.Dataset, datasette: str) -> None:
        """The search_evidence query finds the same records, with the word marked in each snippet."""
        rows = ask(datasette, "search_evidence", words="ventilators")
        assert quoting(ds, r"\bventilators?\b") == {r["record_id"] for r in rows}
        assert all("[ventilators]" in r["snippet"] for r in rows)

    def test_it_serves_a_view(self, ds: cs.Dataset, datasette: str) -> None:
        """The aid_by_recipient view, as Python's grouping by recipient."""
        rows = ask(datasette, "aid_by_recipient", _size="max")
        assert expected_aid_by_recipient(ds) == [tuple(r.values()) for r in rows]

    def test_it_finds_aid_to_a_region(self, ds: cs.Dataset, datasette: str) -> None:
        """record_areas filtered on a region gives AidSet.to(region); aid_by_region is Python's count per region."""
        rows = ask(datasette, "record_areas", collection="aid", field="recipients", area_id="africa", _size="max")
        assert sorted(a.id for a in ds.aid.to("Africa")) == sorted(r["record_id"] for r in rows)
        assert expected_aid_by_region(ds) == [tuple(r.values()) for r in ask(datasette, "aid_by_region", _size="max")]

    def test_it_searches_the_sentences(self, ds: cs.Dataset, datasette: str) -> None:
        """?_search= on sentences finds the sentences of the article with the word, with their text."""
        text = ds.source.text
        assert text is not None
        rows = ask(datasette, "sentences", _search="ventilators", _size="max")
        expected = {s.id: text[s.start : s.end] for s in ds.sentences if "ventilators" in text[s.start : s.end]}
        assert expected
        assert expected == {r["id"]: r["text"] for r in rows}

    def test_it_reads_the_metadata(self, exported: Path, datasette: str) -> None:
        """Datasette serves the exported metadata as its own: the title, the licence, every description."""
        with OPENER.open(f"{datasette}/-/metadata.json", timeout=ANSWER_WITHIN) as answer:
            served = json.load(answer)
        written = json.loads((exported / METADATA_FILE).read_text(encoding="utf-8"))
        assert [written[k] for k in ("title", "license", "source")] == [
            served[k] for k in ("title", "license", "source")
        ]
        assert written["databases"]["covid-synergy"]["tables"] == served["databases"]["covid-synergy"]["tables"]
