# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""A seeded, fast generator of datasets in the packaged format.

Records are written as JSON directly, field by field in the order the
library writes them, so the files are byte for byte what
``covid_synergy.dump`` would write for the same records (the runner checks
this on its smallest dataset). Ids are unique and every reference resolves,
so ``load_path`` accepts the folder with full validation on.

The data keep a constant density as they grow, so that a query can be held
to a constant result size while ``N`` grows a thousandfold:

* dated records fall on ``N / RECORDS_PER_DAY`` consecutive days ending on
  2020-12-31, so a one-day window holds about the same number of records
  at every ``N``;
* there is one entity per ``RECORDS_PER_ENTITY`` records, each referred to
  uniformly, so one entity takes part in about the same number of records
  at every ``N``.
"""

from __future__ import annotations

import itertools
import json
import random
import string
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from covid_synergy import UNITS, AidKind, AidStatus, Bound, EntityKind, EventKind, StatementMode

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["SEED", "Generated", "generate"]

SEED = 20200318
#: Records per day of the dated span (all four collections together).
RECORDS_PER_DAY = 20
#: Records per entity.
RECORDS_PER_ENTITY = 10
#: The share of each collection, as in the packaged data (46 : 49 : 49 : 27).
SHARES = {"events.json": 46, "aid.json": 49, "statements.json": 49, "figures.json": 27}
#: The paragraphs evidence may cite (the packaged source has 95).
PARAGRAPHS = 95
LAST_DAY = date(2020, 12, 31)
VOCABULARY = 2000
#: A word that occurs in the generated text at a known rate, for ``search``.
NEEDLE = "ventilators"


@dataclass(frozen=True)
class Generated:
    """What was written, and the parameters of the queries that fit it."""

    folder: Path
    records: int
    entities: int
    bytes: int
    counts: dict[str, int]
    first_day: date
    last_day: date
    #: The ISO code of a country that takes part in about
    #: ``2 * RECORDS_PER_ENTITY`` records at every size.
    country_code: str
    needle: str


def _words(rng: random.Random) -> list[str]:
    syllables = ["ba", "ko", "ri", "tu", "me", "sa", "li", "no", "va", "de", "gi", "pu", "ha", "ze", "mo"]
    found: set[str] = set()
    while len(found) < VOCABULARY:
        found.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    words = sorted(found)
    rng.shuffle(words)
    extra = ["masks", "ventilators", "medical", "supplies", "team", "vaccine", "Zürich", "São", "Côte"]
    return words[: VOCABULARY - len(extra)] + extra


class _Writer:
    """Builds the records of one dataset (a plain object: fast, no validation)."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.words = _words(self.rng)
        self.n = n
        self.days = max(31, n // RECORDS_PER_DAY)
        self.first_day = LAST_DAY - timedelta(days=self.days - 1)
        self.serial = itertools.count()
        self.units = sorted(UNITS)
        self.event_kinds = [k.value for k in EventKind]
        self.aid_kinds = [k.value for k in AidKind]
        self.statuses = [s.value for s in AidStatus]
        self.modes = [m.value for m in StatementMode]
        self.bounds = [b.value for b in Bound]

    def sentence(self, low: int, high: int) -> str:
        words = self.rng.choices(self.words, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def slug(self) -> str:
        return "-".join(w for w in self.rng.choices(self.words[:1000], k=2))

    # -- entities -------------------------------------------------------------

    def entities(self) -> tuple[list[dict[str, Any]], list[str], str]:
        rng = self.rng
        pool = max(24, self.n // RECORDS_PER_ENTITY)
        countries = max(8, min(pool // 4, 26**3))
        codes = ["".join(c) for c in itertools.product(string.ascii_uppercase, repeat=3)]
        rng.shuffle(codes)
        kinds = [k.value for k in EntityKind if k is not EntityKind.COUNTRY]
        out: list[dict[str, Any]] = []
        m49 = iter(range(1, 1000))  # a region's UN M49 code is a name too, unique: 999 regions at most
        for i in range(pool):
            word = rng.choice(self.words[:1000])
            country = i < countries
            kind = EntityKind.COUNTRY.value if country else kinds[i % len(kinds)]
            code = next(m49, None) if kind == EntityKind.REGION.value else None
            if kind == EntityKind.REGION.value and code is None:
                kind = EntityKind.ORGANIZATION.value
            person = kind == EntityKind.PERSON.value
            out.append(
                {
                    "id": f"{word}-{i}",
                    "name": f"{word.capitalize()} {i}",
                    "kind": kind,
                    "iso3": codes[i] if country else None,
                    "m49": None if code is None else f"{code:03d}",
                    "aliases": [f"the {word.capitalize()} {i} delegation"] if rng.random() < 0.3 else [],
                    "affiliation": f"{out[i % countries]['id']}" if person else None,
                    "region": None,
                    "role": f"Minister of {rng.choice(self.words).capitalize()}" if person else None,
                }
            )
        ids = [e["id"] for e in out]
        out.sort(key=lambda e: e["id"])
        return out, ids, codes[0]

    # -- parts ------------------------------------------------------------------

    def span(self, *, as_of: float = 0.0) -> dict[str, Any]:
        rng = self.rng
        start = self.first_day + timedelta(days=rng.randrange(self.days))
        roll = rng.random()
        end, precision, text = start, "day", None
        if roll < as_of:
            precision, text = "as_of", f"As of {start:%B} {start.day}"
        elif roll < as_of + 0.07:
            end = min(start + timedelta(days=rng.randint(1, 30)), LAST_DAY)
            if end > start:
                precision, text = "range", f"From {start:%B} {start.day} to {end:%B} {end.day}"
        elif roll < as_of + 0.10:
            start = start.replace(day=1)
            following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            end = following - timedelta(days=1)
            precision, text = "month", f"In {start:%B}"
        elif roll < as_of + 0.13:
            end = min(start + timedelta(days=rng.randint(0, 14)), LAST_DAY)
            precision, text = "approximate", f"At the start of {start:%B}"
        return {"start": start.isoformat(), "end": end.isoformat(), "precision": precision, "text": text}

    def quantity(self) -> dict[str, Any]:
        """Return a quantity; money is exact or a lower bound, so that its total has a sound sum."""
        rng = self.rng
        value = str(rng.randrange(1, 10**6))
        if rng.random() < 0.2:
            value += f".{rng.randrange(1, 10)}"
        unit = rng.choice(self.units)
        bound = rng.choice(self.bounds)
        if unit == "USD" and bound not in {"exact", "at_least"}:
            bound = "exact"
        return {"value": value, "unit": unit, "bound": bound}

    def quantities(self, chance: float, most: int) -> list[dict[str, Any]]:
        if self.rng.random() >= chance:
            return []
        return [self.quantity() for _ in range(self.rng.randint(1, most))]

    def evidence(self) -> list[dict[str, Any]]:
        rng = self.rng
        count = 1 if rng.random() < 0.6 else 2
        return [
            {"paragraph": rng.randint(1, PARAGRAPHS), "start": None, "end": None, "quote": self.sentence(15, 30)}
            for _ in range(count)
        ]

    def record_id(self, span: dict[str, Any] | None) -> str:
        serial = next(self.serial)
        if span is None:
            return f"{self.slug()}-{serial}"
        return f"{span['start']}-{self.slug()}-{serial}"

    # -- records ----------------------------------------------------------------

    def events(self, count: int, ids: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        out = []
        for _ in range(count):
            span = self.span()
            out.append(
                {
                    "id": self.record_id(span),
                    "date": span,
                    "kind": rng.choice(self.event_kinds),
                    "summary": self.sentence(10, 20),
                    "participants": rng.sample(ids, rng.randint(1, 3)),
                    "location": rng.choice(ids) if rng.random() < 0.4 else None,
                    "quantities": self.quantities(0.3, 2),
                    "evidence": self.evidence(),
                }
            )
        return out

    def aid(self, count: int, ids: list[str], events: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        out = []
        for _ in range(count):
            span = self.span() if rng.random() < 0.45 else None
            out.append(
                {
                    "id": self.record_id(span),
                    "date": span,
                    "donor": rng.choice(ids) if rng.random() < 0.98 else None,
                    "recipients": rng.sample(ids, rng.randint(1, 2)),
                    "kind": rng.choice(self.aid_kinds),
                    "summary": self.sentence(10, 20),
                    "quantities": self.quantities(0.35, 2),
                    "items": rng.sample(self.words[-9:], rng.randint(0, 2)),
                    "status": rng.choice(self.statuses),
                    "event": rng.choice(events) if events and rng.random() < 0.45 else None,
                    "evidence": self.evidence(),
                }
            )
        return out

    def statements(self, count: int, ids: list[str], events: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        out = []
        for _ in range(count):
            span = self.span() if rng.random() < 0.55 else None
            out.append(
                {
                    "id": self.record_id(span),
                    "date": span,
                    "speaker": rng.choice(ids) if rng.random() < 0.94 else None,
                    "audience": rng.sample(ids, rng.randint(0, 2)),
                    "text": self.sentence(12, 30),
                    "mode": rng.choice(self.modes),
                    "event": rng.choice(events) if events and rng.random() < 0.55 else None,
                    "evidence": self.evidence(),
                }
            )
        return out

    def figures(self, count: int, ids: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        out = []
        for _ in range(count):
            span = self.span(as_of=0.5) if rng.random() < 0.56 else None
            out.append(
                {
                    "id": self.record_id(span),
                    "date": span,
                    "metric": "_".join(rng.choices(self.words[:200], k=2)),
                    "summary": self.sentence(10, 20),
                    "quantity": self.quantity(),
                    "subject": rng.choice(ids) if rng.random() < 0.93 else None,
                    "evidence": self.evidence(),
                }
            )
        return out


def _sort_key(record: dict[str, Any]) -> tuple[int, str, str, str]:
    span = record["date"]
    if span is None:
        return (1, "", "", record["id"])
    return (0, span["start"], span["end"], record["id"])


def _dumps(data: object) -> bytes:
    """Return ``json.dumps(data, indent=2, ensure_ascii=False)`` and a newline, as the library writes.

    The standard encoder indents in pure Python (slow at a million records);
    when msgspec is installed its C formatter indents the compact C-encoded
    text instead, which gives the same bytes.
    """
    try:
        import msgspec  # noqa: PLC0415 - optional, benchmark-only
    except ImportError:
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return msgspec.json.format(compact, indent=2) + b"\n"


def _split(n: int) -> dict[str, int]:
    total = sum(SHARES.values())
    counts = {file: n * share // total for file, share in SHARES.items()}
    counts["events.json"] += n - sum(counts.values())
    return counts


def generate(folder: Path, n: int, seed: int = SEED) -> Generated:
    """Write a dataset of ``n`` records (plus its entities) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(n, seed)
    counts = _split(n)
    entities, ids, code = writer.entities()
    written = {"source.json": files("covid_synergy").joinpath("data", "source.json").read_bytes()}
    written["entities.json"] = _dumps(entities)
    events = writer.events(counts["events.json"], ids)
    event_ids = [e["id"] for e in events]
    collections = {
        "events.json": events,
        "aid.json": writer.aid(counts["aid.json"], ids, event_ids),
        "statements.json": writer.statements(counts["statements.json"], ids, event_ids),
        "figures.json": writer.figures(counts["figures.json"], ids),
    }
    del events
    for file in list(collections):
        records = collections.pop(file)
        records.sort(key=_sort_key)
        written[file] = _dumps(records)
        del records
    size = 0
    for file, data in written.items():
        (folder / file).write_bytes(data)
        size += len(data)
    return Generated(
        folder=folder,
        records=n,
        entities=len(entities),
        bytes=size,
        counts=counts,
        first_day=writer.first_day,
        last_day=LAST_DAY,
        country_code=code,
        needle=NEEDLE,
    )
