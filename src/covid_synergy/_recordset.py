"""Record sets: immutable, chronological sequences of records, and their queries."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar, overload

from ._dates import to_date
from ._model import AidRecord, Entity, Figure, Record, Statement, entity_refs

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from ._entities import Entities
    from ._totals import Total

__all__ = ["AidSet", "RecordSet", "chronological", "kind_of", "searchable_text", "sort_key"]

R = TypeVar("R", bound=Record)
K = TypeVar("K", bound=Hashable)

_UNDATED = date.max


def sort_key(record: Record) -> tuple[int, date, date, str]:
    """The order of records: dated ones by (start, end, id), then undated ones by id."""
    span = record.date
    if span is None:
        return (1, _UNDATED, _UNDATED, record.id)
    return (0, span.start, span.end, record.id)


_BY_SPAN = operator.attrgetter("date.start", "date.end", "id")
_BY_ID = operator.attrgetter("id")


def chronological(records: Iterable[R]) -> list[R]:
    """``sorted(records, key=sort_key)``, with the keys taken in C."""
    dated: list[R] = []
    undated: list[R] = []
    for record in records:
        (undated if record.date is None else dated).append(record)
    dated.sort(key=_BY_SPAN)
    if undated:
        undated.sort(key=_BY_ID)
        dated += undated
    return dated


def kind_of(record: Record) -> str:
    """The value :meth:`RecordSet.of_kind` compares: an event's or aid
    record's kind, a statement's mode, a figure's metric.
    """
    if isinstance(record, Statement):
        return record.mode.value
    if isinstance(record, Figure):
        return record.metric
    return str(record.kind.value)


def searchable_text(record: Record) -> str:
    """The case-folded text :meth:`RecordSet.search` looks in."""
    parts = [record.text if isinstance(record, Statement) else record.summary]
    parts.extend(e.quote for e in record.evidence)
    return "\n".join(parts).casefold()


class RecordSet(Sequence[R], Generic[R]):
    """An immutable sequence of records in chronological order.

    The order is by start day, then end day, then id; undated records come
    last, by id. Every filter returns a new set of the same type, so filters
    chain; indexes for dates and entities are built once per set, on first
    use.

    >>> import covid_synergy as cs
    >>> march = cs.load().events.between("2020-03-16", "2020-03-31")
    >>> march[0].date.start <= march[-1].date.start
    True
    """

    __slots__ = ("_by_entity", "_dated", "_entities", "_max_end", "_records", "_starts", "_texts")

    _records: tuple[R, ...]
    _entities: Entities | None
    _dated: int
    _starts: list[date] | None
    _max_end: list[date] | None
    _by_entity: dict[str, list[int]] | None
    _texts: list[str] | None

    def __init__(self, records: Iterable[R] = (), *, entities: Entities | None = None) -> None:
        """Make a set of ``records``, sorted; ``entities`` lets
        :meth:`involving` resolve names and codes, not only ids.
        """
        self._init(tuple(chronological(records)), entities)

    def _init(self, records: tuple[R, ...], entities: Entities | None) -> None:
        setter = object.__setattr__
        setter(self, "_records", records)
        setter(self, "_entities", entities)
        dated = len(records)
        while dated and records[dated - 1].date is None:
            dated -= 1
        setter(self, "_dated", dated)
        setter(self, "_starts", None)
        setter(self, "_max_end", None)
        setter(self, "_by_entity", None)
        setter(self, "_texts", None)

    @classmethod
    def _presorted(cls, records: Iterable[R], entities: Entities | None) -> Self:
        """A new set from records already in order (no sort, no check)."""
        new = object.__new__(cls)
        new._init(tuple(records), entities)
        return new

    def _derive(self, records: Iterable[R]) -> Self:
        """A new set of this type, sharing this one's entities, from records in order."""
        return self._presorted(records, self._entities)

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise AttributeError(msg)

    # -- the sequence -------------------------------------------------------

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Self: ...
    def __getitem__(self, index: int | slice) -> R | Self:
        """Return one record, or a set of a slice of them."""
        if isinstance(index, slice):
            chosen = self._records[index]
            if index.step is not None and index.step < 0:
                chosen = chosen[::-1]
            return self._derive(chosen)
        return self._records[index]

    def __eq__(self, other: object) -> bool:
        """Two sets are equal when they hold equal records (in the same order)."""
        if not isinstance(other, RecordSet):
            return NotImplemented
        return self._records == other._records

    def __hash__(self) -> int:
        return hash(self._records)

    def __repr__(self) -> str:
        if not self._records:
            return f"<{type(self).__name__}: empty>"
        first = self._records[0].date
        last = self._records[self._dated - 1].date if self._dated else None
        span = f", {first.start.isoformat()} to {last.end.isoformat()}" if first and last else ""
        return f"<{type(self).__name__}: {len(self)} records{span}>"

    def __or__(self, other: RecordSet[R]) -> Self:
        """The records in either set (union), in order."""
        return self._combine(other, lambda a, b: a | b)

    def __and__(self, other: RecordSet[R]) -> Self:
        """The records in both sets (intersection), in order."""
        return self._combine(other, lambda a, b: a & b)

    def __sub__(self, other: RecordSet[R]) -> Self:
        """The records of this set that are not in the other, in order."""
        return self._combine(other, lambda a, b: a - b)

    def _combine(self, other: RecordSet[R], op: Callable[[set[R], set[R]], set[R]]) -> Self:
        if not isinstance(other, RecordSet):
            return NotImplemented
        return self._derive(chronological(op(set(self._records), set(other._records))))

    @property
    def records(self) -> tuple[R, ...]:
        """The records, as a tuple."""
        return self._records

    # -- dates --------------------------------------------------------------

    def _date_index(self) -> tuple[list[date], list[date]]:
        starts, max_end = self._starts, self._max_end
        if starts is None or max_end is None:
            starts, max_end = [], []
            running = date.min
            for record in self._records[: self._dated]:
                span = record.date
                assert span is not None  # noqa: S101 - dated records come first
                starts.append(span.start)
                running = max(running, span.end)
                max_end.append(running)
            object.__setattr__(self, "_max_end", max_end)
            object.__setattr__(self, "_starts", starts)
        return starts, max_end

    def between(
        self,
        start: date | str,
        end: date | str,
        *,
        mode: Literal["overlap", "within"] = "overlap",
    ) -> Self:
        """Return the dated records whose span meets the closed interval
        ``[start, end]``.

        With ``mode="overlap"`` (the default) a record is kept when its span
        shares at least one day with the interval; with ``mode="within"``,
        when its span lies wholly inside it. Dates are :class:`~datetime.date`
        objects or ISO strings; ``start`` after ``end`` is a
        :class:`ValueError`. Undated records are never kept.
        """
        first, last = to_date(start, "start"), to_date(end, "end")
        if first > last:
            msg = f"start {first.isoformat()} is after end {last.isoformat()}"
            raise ValueError(msg)
        starts, max_end = self._date_index()
        records = self._records
        if mode == "overlap":
            lo = bisect.bisect_left(max_end, first)
            hi = bisect.bisect_right(starts, last)
            keep = (r for r in records[lo:hi] if r.date.end >= first)  # type: ignore[union-attr]
        elif mode == "within":
            lo = bisect.bisect_left(starts, first)
            hi = bisect.bisect_right(starts, last)
            keep = (r for r in records[lo:hi] if r.date.end <= last)  # type: ignore[union-attr]
        else:
            msg = f"mode must be 'overlap' or 'within', not {mode!r}"
            raise ValueError(msg)
        return self._derive(keep)

    def on(self, day: date | str) -> Self:
        """Return the dated records whose span contains ``day``."""
        the_day = to_date(day, "day")
        return self.between(the_day, the_day)

    def dated(self) -> Self:
        """Return the records that have a date."""
        return self._derive(self._records[: self._dated])

    def undated(self) -> Self:
        """Return the records the article gives no date for."""
        return self._derive(self._records[self._dated :])

    # -- entities -----------------------------------------------------------

    def _entity_index(self) -> dict[str, list[int]]:
        index = self._by_entity
        if index is None:
            index = {}
            for position, record in enumerate(self._records):
                for ref in dict.fromkeys(entity_refs(record)):
                    index.setdefault(ref, []).append(position)
            object.__setattr__(self, "_by_entity", index)
        return index

    def _entity_id(self, entity: Entity | str) -> str:
        if isinstance(entity, Entity):
            return entity.id
        if not isinstance(entity, str):
            msg = f"an entity is named by a string or an Entity, not {type(entity).__name__}"
            raise TypeError(msg)
        if self._entities is None or entity in self._entities:
            return entity
        return self._entities.resolve(entity).id

    def involving(self, *entities: Entity | str) -> Self:
        """Return the records in which any of ``entities`` takes part.

        An entity takes part as an event's participant or location, an aid
        record's donor or recipient, a statement's speaker or audience, or a
        figure's subject; an entity also takes part through the people
        affiliated with it, so ``involving("France")`` includes the calls of
        the President of France. Entities are given as :class:`Entity` objects, ids,
        names, aliases or ISO codes, in any case ("Italy", "ITA", "the ROK");
        an unknown name raises :class:`~covid_synergy.UnknownEntityError`.
        """
        ids = [self._entity_id(e) for e in entities]
        if self._entities is not None:
            ids += [m for entity_id in ids for m in self._entities.members(entity_id)]
        index = self._entity_index()
        positions: set[int] = set()
        for entity_id in ids:
            positions.update(index.get(entity_id, ()))
        records = self._records
        return self._derive(records[i] for i in sorted(positions))

    # -- text, predicates, kinds ----------------------------------------------

    def search(self, text: str) -> Self:
        """Return the records whose summary, statement text or evidence quote
        contains ``text``, ignoring case.
        """
        needle = text.casefold()
        texts = self._texts
        if texts is None:
            texts = [searchable_text(r) for r in self._records]
            object.__setattr__(self, "_texts", texts)
        return self._derive(r for r, t in zip(self._records, texts, strict=True) if needle in t)

    def where(self, predicate: Callable[[R], object]) -> Self:
        """Return the records for which ``predicate(record)`` is true."""
        return self._derive(r for r in self._records if predicate(r))

    def of_kind(self, *kinds: object) -> Self:
        """Return the records of any of these kinds: an event's or aid
        record's kind, a statement's mode or a figure's metric, given as the
        enum member or its string value.
        """
        wanted = {getattr(k, "value", k) for k in kinds}
        return self._derive(r for r in self._records if kind_of(r) in wanted)

    @overload
    def group_by(self, key: Callable[[R], K], *, many: Literal[False] = False) -> dict[K, Self]: ...
    @overload
    def group_by(self, key: Callable[[R], Iterable[K]], *, many: Literal[True]) -> dict[K, Self]: ...
    def group_by(self, key: Callable[[R], Any], *, many: bool = False) -> dict[Any, Self]:
        """Split the set by ``key(record)``, keeping order within each group.

        With ``many=True``, ``key`` returns an iterable of keys and a record
        joins every group it names (aid per recipient:
        ``ds.aid.group_by(lambda a: a.recipients, many=True)``). Groups appear
        in the order of their first record.
        """
        groups: dict[Any, list[R]] = {}
        for record in self._records:
            keys: Iterable[Any] = dict.fromkeys(key(record)) if many else (key(record),)
            for k in keys:
                groups.setdefault(k, []).append(record)
        return {k: self._derive(v) for k, v in groups.items()}

    # -- totals -------------------------------------------------------------

    def quantities(self) -> Iterator[Any]:
        """Every quantity of every record, in order."""
        for record in self._records:
            if isinstance(record, Figure):
                yield record.quantity
            elif not isinstance(record, Statement):
                yield from record.quantities

    def total(self, unit: str) -> Total:
        """Return the exact sum of every quantity in ``unit``, with its bound.

        See :class:`~covid_synergy.Total` for how bounds combine; a mix with
        no sound sum raises :class:`~covid_synergy.MixedBoundsError`. Units
        are never added across; an empty sum is an exact zero.
        """
        from ._totals import Total  # noqa: PLC0415 - loads with the first total

        total = Total(unit=unit)
        for quantity in self.quantities():
            if quantity.unit == unit:
                total = total + Total.of(quantity)
        return total

    def totals(self) -> dict[str, Total]:
        """Return the total of every unit present, by unit (sorted)."""
        from ._totals import Total  # noqa: PLC0415 - loads with the first total

        found: dict[str, Total] = {}
        for quantity in self.quantities():
            part = Total.of(quantity)
            previous = found.get(quantity.unit)
            found[quantity.unit] = part if previous is None else previous + part
        return dict(sorted(found.items()))

    # -- export ---------------------------------------------------------------

    def to_rows(self) -> list[dict[str, object]]:
        """Return one flat dict per record: the columns of the CSV export (entity
        ids and names, split dates and quantities), for
        ``pandas.DataFrame(rs.to_rows())`` or a spreadsheet.
        """
        from ._rows import to_rows  # noqa: PLC0415 - rows load on use

        return to_rows(self._records, self._entities)

    def to_pandas(self) -> pd.DataFrame:
        """Return :meth:`to_rows` as a pandas DataFrame (needs the ``pandas`` extra)."""
        from ._frames import to_pandas  # noqa: PLC0415

        return to_pandas(self._records, self._entities)

    def to_polars(self) -> pl.DataFrame:
        """Return :meth:`to_rows` as a polars DataFrame (needs the ``polars`` extra)."""
        from ._frames import to_polars  # noqa: PLC0415

        return to_polars(self._records, self._entities)


class AidSet(RecordSet[AidRecord]):
    """A :class:`RecordSet` of aid records, with the direction of help."""

    __slots__ = ()

    def from_(self, *donors: Entity | str) -> Self:
        """Return the aid given by any of ``donors`` (names resolve as in
        :meth:`~RecordSet.involving`).
        """
        ids = {self._entity_id(d) for d in donors}
        return self.where(lambda a: a.donor in ids)

    def to(self, *recipients: Entity | str) -> Self:
        """Return the aid received by any of ``recipients``."""
        ids = {self._entity_id(r) for r in recipients}
        return self.where(lambda a: not ids.isdisjoint(a.recipients))
