"""Flat rows: one dictionary per record, the columns of the CSV exports.

:func:`to_rows` turns records (or entities) into flat dictionaries, one
per record, with the same columns as the exported CSV files, so that
``pandas.DataFrame(to_rows(ds.events))`` works. The layout:

* ``collection`` (``events``, ``aid``, ``statements``, ``figures`` or
  ``entities``) and ``id`` first, so rows of several collections can be
  stacked and still told apart;
* a date becomes ``date_start`` and ``date_end`` (:class:`~datetime.date`),
  ``date_precision``, ``date_text`` (the article's phrase) and
  ``date_edtf`` (the EDTF string, ``2020-03`` or ``../2020-05-31``), all
  ``None`` for an undated record;
* an entity reference becomes two columns, the id and the name
  (``donor_id``, ``donor_name``); a list of them becomes
  ``recipient_ids`` and ``recipient_names``, joined with ``"; "``;
* quantities become typed, numbered columns ``quantity_1_value``
  (:class:`~decimal.Decimal`), ``quantity_1_unit``, ``quantity_1_bound``,
  then ``quantity_2_…``, as many as the most any record of the set has (at
  least one), plus a readable ``quantities`` summary ("at least 170
  country; 31 tonne"); a figure's one quantity is ``quantity_1_…``;
* evidence becomes ``evidence_1_paragraph`` and ``evidence_1_quote``,
  numbered the same way;
* the crosswalk codes are columns: ``cameo_code`` for events,
  ``iati_aid_type`` and ``iati_flow_type`` for aid;
* other lists of text (``items``, ``aliases``) are joined with ``"; "``
  too. Ids never contain ``;``, so id lists always split back exactly; a
  free-text item that itself contains ``"; "`` cannot be told from two
  items, so keep such text in the ``json`` or ``jsonl`` export.

Missing values and empty lists are ``None`` (an empty cell in CSV).

"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

from ._crosswalk import CAMEO_NAMES, IATI_AID_TYPE_NAMES, IATI_FLOW_TYPE_NAMES
from ._dates import DateSpan, Precision
from ._layout import COLLECTION_OF
from ._model import (
    AidKind,
    AidRecord,
    AidStatus,
    Entity,
    EntityKind,
    Event,
    EventKind,
    Evidence,
    Figure,
    Sentence,
    SentenceRole,
    Statement,
    StatementMode,
)
from ._quantities import Bound, Quantity

if TYPE_CHECKING:
    from ._model import Record

__all__ = ["LIST_SEPARATOR", "Column", "Row", "columns_for", "columns_of", "row_columns", "to_rows"]

#: A flat row: column name to a ``str``, ``int``, ``Decimal``, ``date`` or ``None``.
Row = dict[str, object]
#: How lists are joined into one cell.
LIST_SEPARATOR: Final = "; "


class Column(NamedTuple):
    """One column of the flat rows, with its Table Schema type."""

    #: The column name.
    name: str
    #: The Table Schema type: ``string``, ``date``, ``integer`` or ``number``.
    type: str
    #: What the column holds.
    description: str
    #: Whether every row has a value.
    required: bool = False
    #: The allowed values, when the column is a closed vocabulary.
    enum: tuple[str, ...] | None = None


def _values(members: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(getattr(m, "value", m)) for m in members)


_PRECISIONS = _values(Precision)
_BOUNDS = _values(Bound)


def _date_columns(*, required: bool) -> list[Column]:
    when = "" if required else "; empty when the article gives no date"
    return [
        Column("date_start", "date", f"The first day of the record's date span{when}", required),
        Column("date_end", "date", f"The last day of the record's date span (inclusive){when}", required),
        Column("date_precision", "string", "How precisely the article dates the record", required, _PRECISIONS),
        Column("date_text", "string", "The article's phrase for the date, when it is not a plain date"),
        Column("date_edtf", "string", "The date span as an EDTF (ISO 8601-2) string", required),
    ]


def _quantity_columns(count: int) -> list[Column]:
    columns = [Column("quantities", "string", "Every quantity of the record, readable, joined by '; '")]
    for k in range(1, count + 1):
        columns += [
            Column(f"quantity_{k}_value", "number", f"The value of quantity {k}, exactly as written"),
            Column(f"quantity_{k}_unit", "string", f"The unit of quantity {k}"),
            Column(f"quantity_{k}_bound", "string", f"How the value of quantity {k} bounds the truth", enum=_BOUNDS),
        ]
    return columns


def _evidence_columns(count: int) -> list[Column]:
    columns = []
    for k in range(1, count + 1):
        columns += [
            Column(f"evidence_{k}_paragraph", "integer", f"The paragraph of evidence {k} (from 1)", k == 1),
            Column(f"evidence_{k}_start", "integer", f"Where the quote of evidence {k} starts in the article's text"),
            Column(f"evidence_{k}_end", "integer", f"Where the quote of evidence {k} ends (exclusive)"),
            Column(f"evidence_{k}_quote", "string", f"The verbatim quote of evidence {k}", k == 1),
        ]
    return columns


def _refs(name: str, plural: str, what: str) -> list[Column]:
    return [
        Column(f"{name}_ids", "string", f"Ids of the {plural} ({what}), joined by '; '"),
        Column(f"{name}_names", "string", f"Names of the {plural}, joined by '; '"),
    ]


def _ref(name: str, what: str, *, target: str = "entity") -> list[Column]:
    columns = [Column(f"{name}_id", "string", f"Id of the {what}")]
    if target == "entity":
        columns.append(Column(f"{name}_name", "string", f"Name of the {what}"))
    return columns


def _head(cls: type) -> list[Column]:
    collection = COLLECTION_OF[cls].name
    return [
        Column("collection", "string", "The collection the row belongs to", required=True, enum=(collection,)),
        Column("id", "string", "The record's stable id", required=True),
    ]


def columns_for(cls: type, *, quantities: int = 1, evidence: int = 1) -> list[Column]:
    """Return the columns of the rows of one record type (or :class:`Entity`).

    ``quantities`` and ``evidence`` are how many numbered quantity and
    evidence columns to give (at least one each).
    """
    quantities, evidence = max(1, quantities), max(1, evidence)
    if cls is Entity:
        return [
            *_head(Entity),
            Column("name", "string", "The usual English name", required=True),
            Column("kind", "string", "What sort of entity it is", required=True, enum=_values(EntityKind)),
            Column("iso3", "string", "ISO 3166-1 alpha-3 code, for countries only"),
            Column("m49", "string", "UN M49 code, for regions only"),
            Column("aliases", "string", "Every other way the article names it, joined by '; '"),
            *_ref("affiliation", "country or body it counts for"),
            *_ref("region", "UN M49 region it lies in (for a region, the one above it)"),
            Column("role", "string", "For people: their role in 2020"),
        ]
    if cls is Sentence:
        return [
            *_head(Sentence),
            Column("paragraph", "integer", "The paragraph it is in (from 1)", required=True),
            Column("start", "integer", "Where it starts in the article's text (a character offset)", required=True),
            Column("end", "integer", "Where it ends (exclusive)", required=True),
            Column("role", "string", "What it does: fact, claim or none", required=True, enum=_values(SentenceRole)),
            Column("text", "string", "The sentence, when the article's text is at hand"),
        ]
    if cls is Event:
        return [
            *_head(Event),
            *_date_columns(required=False),
            Column("kind", "string", "What sort of event it was", required=True, enum=_values(EventKind)),
            Column("cameo_code", "string", "The CAMEO event code of the kind", required=True, enum=tuple(CAMEO_NAMES)),
            Column("summary", "string", "One sentence saying what happened", required=True),
            *_refs("participant", "participants", "entities"),
            *_ref("location", "place or country where it happened"),
            *_quantity_columns(quantities),
            *_evidence_columns(evidence),
        ]
    if cls is AidRecord:
        return [
            *_head(AidRecord),
            *_date_columns(required=False),
            Column("kind", "string", "What sort of help", required=True, enum=_values(AidKind)),
            Column("iati_aid_type", "string", "The IATI aid-type code of the kind", enum=tuple(IATI_AID_TYPE_NAMES)),
            Column(
                "iati_flow_type",
                "string",
                "The IATI flow-type code of the kind",
                required=True,
                enum=tuple(IATI_FLOW_TYPE_NAMES),
            ),
            Column("status", "string", "How far the aid had got", required=True, enum=_values(AidStatus)),
            *_ref("donor", "giver"),
            *_refs("recipient", "receivers", "entities"),
            Column("summary", "string", "One sentence saying what was given", required=True),
            Column("items", "string", "The goods named, joined by '; '"),
            *_ref("event", "event at which it happened", target="event"),
            *_quantity_columns(quantities),
            *_evidence_columns(evidence),
        ]
    if cls is Statement:
        return [
            *_head(Statement),
            *_date_columns(required=False),
            Column("mode", "string", "How the article reports it", required=True, enum=_values(StatementMode)),
            *_ref("speaker", "speaker or author"),
            *_refs("audience", "people or bodies addressed", "entities"),
            Column("text", "string", "A direct quote's exact words, or the reported speech", required=True),
            *_ref("event", "event at which it was said", target="event"),
            *_evidence_columns(evidence),
        ]
    if cls is Figure:
        return [
            *_head(Figure),
            *_date_columns(required=False),
            Column("metric", "string", "What is counted, a slug", required=True),
            *_ref("subject", "entity the figure is about"),
            Column("summary", "string", "One sentence saying what the figure counts", required=True),
            *_quantity_columns(quantities),
            *_evidence_columns(evidence),
        ]
    msg = f"no rows for {cls.__name__}"
    raise TypeError(msg)


# -- rows --------------------------------------------------------------------


def _join(values: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(values) if values else None


def _name(ref: str | None, entities: Mapping[str, Entity] | None) -> str | None:
    if ref is None or entities is None:
        return None
    found = entities.get(ref)
    return ref if found is None else found.name


def _names(refs: Sequence[str], entities: Mapping[str, Entity] | None) -> str | None:
    if entities is None:
        return None
    return _join([_name(r, entities) or r for r in refs])


def _date_cells(span: DateSpan | None) -> Row:
    if span is None:
        return dict.fromkeys(("date_start", "date_end", "date_precision", "date_text", "date_edtf"))
    return {
        "date_start": span.start,
        "date_end": span.end,
        "date_precision": span.precision.value,
        "date_text": span.text,
        "date_edtf": str(span),
    }


def _quantity_cells(quantities: Sequence[Quantity], count: int) -> Row:
    cells: Row = {"quantities": _join([str(q) for q in quantities])}
    for k in range(1, count + 1):
        q = quantities[k - 1] if k <= len(quantities) else None
        cells[f"quantity_{k}_value"] = None if q is None else q.value
        cells[f"quantity_{k}_unit"] = None if q is None else q.unit
        cells[f"quantity_{k}_bound"] = None if q is None else q.bound.value
    return cells


def _evidence_cells(evidence: Sequence[Evidence], count: int) -> Row:
    cells: Row = {}
    for k in range(1, count + 1):
        e = evidence[k - 1] if k <= len(evidence) else None
        cells[f"evidence_{k}_paragraph"] = None if e is None else e.paragraph
        cells[f"evidence_{k}_start"] = None if e is None else e.start
        cells[f"evidence_{k}_end"] = None if e is None else e.end
        cells[f"evidence_{k}_quote"] = None if e is None else e.quote
    return cells


def _ref_cells(name: str, ref: str | None, entities: Mapping[str, Entity] | None) -> Row:
    return {f"{name}_id": ref, f"{name}_name": _name(ref, entities)}


def _refs_cells(name: str, refs: Sequence[str], entities: Mapping[str, Entity] | None) -> Row:
    return {f"{name}_ids": _join(refs), f"{name}_names": _names(refs, entities)}


def _entity_row(entity: Entity, entities: Mapping[str, Entity] | None) -> Row:
    return {
        "collection": COLLECTION_OF[Entity].name,
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind.value,
        "iso3": entity.iso3,
        "m49": entity.m49,
        "aliases": _join(entity.aliases),
        **_ref_cells("affiliation", entity.affiliation, entities),
        **_ref_cells("region", entity.region, entities),
        "role": entity.role,
    }


def _sentence_row(sentence: Sentence, text: str | None) -> Row:
    return {
        "collection": COLLECTION_OF[Sentence].name,
        "id": sentence.id,
        "paragraph": sentence.paragraph,
        "start": sentence.start,
        "end": sentence.end,
        "role": sentence.role.value,
        "text": None if text is None else text[sentence.start : sentence.end],
    }


def _record_row(record: Record, entities: Mapping[str, Entity] | None, counts: tuple[int, int]) -> Row:
    n_quantities, n_evidence = counts
    head: Row = {"collection": COLLECTION_OF[type(record)].name, "id": record.id, **_date_cells(record.date)}
    evidence = _evidence_cells(record.evidence, n_evidence)
    if isinstance(record, Event):
        return {
            **head,
            "kind": record.kind.value,
            "cameo_code": record.cameo_code,
            "summary": record.summary,
            **_refs_cells("participant", record.participants, entities),
            **_ref_cells("location", record.location, entities),
            **_quantity_cells(record.quantities, n_quantities),
            **evidence,
        }
    if isinstance(record, AidRecord):
        return {
            **head,
            "kind": record.kind.value,
            "iati_aid_type": record.iati_aid_type,
            "iati_flow_type": record.iati_flow_type,
            "status": record.status.value,
            **_ref_cells("donor", record.donor, entities),
            **_refs_cells("recipient", record.recipients, entities),
            "summary": record.summary,
            "items": _join(record.items),
            "event_id": record.event,
            **_quantity_cells(record.quantities, n_quantities),
            **evidence,
        }
    if isinstance(record, Statement):
        return {
            **head,
            "mode": record.mode.value,
            **_ref_cells("speaker", record.speaker, entities),
            **_refs_cells("audience", record.audience, entities),
            "text": record.text,
            "event_id": record.event,
            **evidence,
        }
    return {
        **head,
        "metric": record.metric,
        **_ref_cells("subject", record.subject, entities),
        "summary": record.summary,
        **_quantity_cells((record.quantity,), n_quantities),
        **evidence,
    }


def _counts(items: Sequence[Record | Entity | Sentence]) -> dict[type, tuple[int, int]]:
    """How many quantity and evidence columns each record type needs."""
    counts: dict[type, tuple[int, int]] = {}
    for item in items:
        if isinstance(item, Entity | Sentence):
            continue
        n_quantities = 1 if isinstance(item, Figure | Statement) else len(item.quantities)
        seen = counts.get(type(item), (1, 1))
        counts[type(item)] = (max(seen[0], n_quantities), max(seen[1], len(item.evidence)))
    return counts


def to_rows(
    records: Iterable[Record | Entity | Sentence],
    entities: Mapping[str, Entity] | None = None,
    *,
    text: str | None = None,
) -> list[dict[str, object]]:
    """Return one flat dictionary per record (or entity, or sentence), in order.

    The columns are those of the exported CSV files (see the module
    documentation and :func:`columns_for`); ``entities`` (a dataset's
    :class:`~covid_synergy.Entities`) fills the ``…_name`` columns, which are
    ``None`` without it, and ``text`` (the article's) a sentence's ``text``
    column. Values keep their Python types: dates are
    :class:`~datetime.date`, quantity values :class:`~decimal.Decimal`,
    paragraphs and offsets :class:`int`.
    """
    items: list[Record | Entity | Sentence] = list(records)
    counts = _counts(items)
    rows: list[Row] = []
    for item in items:
        if isinstance(item, Entity):
            rows.append(_entity_row(item, entities))
        elif isinstance(item, Sentence):
            rows.append(_sentence_row(item, text))
        else:
            rows.append(_record_row(item, entities, counts[type(item)]))
    return rows


def row_columns(rows: Iterable[Mapping[str, object]]) -> list[str]:
    """Return every column of ``rows``, in the order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def columns_of(records: Sequence[Record] | Sequence[Entity] | Sequence[Sentence], cls: type) -> list[Column]:
    """Return the columns of the rows of ``records``, all of class ``cls``: as
    many numbered quantity and evidence columns as the most any of them needs.
    """
    counts = _counts(records).get(cls, (1, 1))
    return columns_for(cls, quantities=counts[0], evidence=counts[1])
