"""Reading the CSV export back into records, with the csv module alone."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import covid_synergy as cs
from covid_synergy._codec._converter import make_converter
from covid_synergy._layout import COLLECTIONS

CSV_FILES = [f"{c.name}.csv" for c in COLLECTIONS]
TYPES: dict[str, type[Any]] = {f"{c.name}.csv": c.record for c in COLLECTIONS}


def collections(ds: cs.Dataset) -> dict[str, list[Any]]:
    """The records of each CSV file, in file order."""
    return {
        f"{c.name}.csv": list(ds.entities.values() if c.record is cs.Entity else getattr(ds, c.name))
        for c in COLLECTIONS
    }


def record_from_row(cls: type[Any], row: Mapping[str, str]) -> Any:
    """Rebuild a record from a CSV row whose cells are all text."""

    def cell(name: str) -> str | None:
        return row[name] or None

    def split(name: str) -> list[str]:
        return row[name].split("; ") if row[name] else []

    def numbered(prefix: str, fields: tuple[str, ...]) -> Iterator[dict[str, str]]:
        k = 1
        while f"{prefix}_{k}_{fields[0]}" in row:
            if row[f"{prefix}_{k}_{fields[0]}"]:
                yield {f: row[f"{prefix}_{k}_{f}"] for f in fields}
            k += 1

    if cls is cs.Entity:
        data: dict[str, Any] = {
            "id": row["id"],
            "name": row["name"],
            "kind": row["kind"],
            "iso3": cell("iso3"),
            "m49": cell("m49"),
            "aliases": split("aliases"),
            "affiliation": cell("affiliation_id"),
            "region": cell("region_id"),
            "role": cell("role"),
        }
        return make_converter().structure(data, cls)
    if cls is cs.Sentence:
        sentence = {k: int(row[k]) for k in ("paragraph", "start", "end")}
        return make_converter().structure({"id": row["id"], **sentence, "role": row["role"]}, cls)
    data = {"id": row["id"], "date": None}
    if row["date_start"]:
        data["date"] = {
            "start": row["date_start"],
            "end": row["date_end"],
            "precision": row["date_precision"],
            "text": cell("date_text"),
        }
    quantities = list(numbered("quantity", ("value", "unit", "bound")))
    evidence = [
        {
            "paragraph": int(e["paragraph"]),
            "start": int(e["start"]) if e["start"] else None,
            "end": int(e["end"]) if e["end"] else None,
            "quote": e["quote"],
        }
        for e in numbered("evidence", ("paragraph", "start", "end", "quote"))
    ]
    if cls is cs.Event:
        data |= {
            "kind": row["kind"],
            "summary": row["summary"],
            "participants": split("participant_ids"),
            "location": cell("location_id"),
            "quantities": quantities,
        }
    elif cls is cs.AidRecord:
        data |= {
            "donor": cell("donor_id"),
            "recipients": split("recipient_ids"),
            "kind": row["kind"],
            "summary": row["summary"],
            "quantities": quantities,
            "items": split("items"),
            "status": row["status"],
            "event": cell("event_id"),
        }
    elif cls is cs.Statement:
        data |= {
            "speaker": cell("speaker_id"),
            "audience": split("audience_ids"),
            "text": row["text"],
            "mode": row["mode"],
            "event": cell("event_id"),
        }
    else:
        data |= {
            "metric": row["metric"],
            "summary": row["summary"],
            "quantity": quantities[0],
            "subject": cell("subject_id"),
        }
    data["evidence"] = evidence
    return make_converter().structure(data, cls)


def read_csv_records(folder: Path, name: str) -> list[Any]:
    """The records of one exported CSV file, read with the csv module."""
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return [record_from_row(TYPES[name], row) for row in csv.DictReader(handle)]


def plain_lists(ds: cs.Dataset) -> bool:
    """Whether no free-text list item contains the '; ' that joins list cells."""
    items = [i for a in ds.aid for i in a.items]
    aliases = [a for e in ds.entities.values() for a in e.aliases]
    return not any("; " in text for text in [*items, *aliases])
