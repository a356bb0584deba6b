"""Record sets: immutable, chronological sequences of records, and their queries.

Every filter returns a new set of the same type, so filters chain, and
chained filters mean AND; the several arguments of one call mean OR. Names
are checked: an unknown kind, mode, status, unit or entity raises an error
naming the closest valid ones (never an empty set or an exact zero).
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, NamedTuple, Self, TypeVar, overload

from ._dates import period
from ._errors import UnknownNameError, closest
from ._model import (
    AidKind,
    AidRecord,
    AidStatus,
    Entity,
    Event,
    EventKind,
    Figure,
    Record,
    Statement,
    StatementMode,
    entity_refs,
)
from ._quantities import Unit
from ._vocabulary import Vocabulary, normal_name

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from ._entities import Entities
    from ._totals import Total

__all__ = ["AidSet", "RecordSet", "StatementSet", "chronological", "kind_of", "searchable_text", "sort_key"]

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
    return record.kind.value


def searchable_text(record: Record) -> str:
    """The case-folded text :meth:`RecordSet.search` looks in."""
    parts = [record.text if isinstance(record, Statement) else record.summary]
    parts.extend(e.quote for e in record.evidence)
    return "\n".join(parts).casefold()


#: The vocabulary of :meth:`RecordSet.of_kind` for each record class, and
#: where each is asked (for the message when a name belongs to another).
_KINDS: dict[type[Any], type[Vocabulary]] = {Event: EventKind, AidRecord: AidKind, Statement: StatementMode}
_ASKED: dict[type[Vocabulary], str] = {
    EventKind: "ds.events.of_kind",
    AidKind: "ds.aid.of_kind",
    StatementMode: "ds.statements.of_kind",
}
_MODES = ("overlap", "within")


class _Scope(NamedTuple):
    """What a set shares with every set derived from it."""

    #: The dataset's entities, which resolve names; ``None`` for a set of bare records.
    entities: Entities | None
    #: The class of every record of the set, or ``None`` for a mixed set (a timeline).
    record: type[Any] | None
    #: The figure metrics of the collection, for :meth:`RecordSet.of_kind`.
    metrics: frozenset[str]


def _scope_of(records: Sequence[Record], entities: Entities | None, record: type[Any] | None) -> _Scope:
    if record is None:
        classes = {type(r) for r in records}
        record = classes.pop() if len(classes) == 1 else None
    metrics = frozenset(r.metric for r in records if isinstance(r, Figure))
    return _Scope(entities, record, metrics)


class RecordSet(Sequence[R], Generic[R]):
    """An immutable sequence of records in chronological order.

    The order is by start day, then end day, then id; undated records come
    last, by id. Every filter returns a new set of the same type, so filters
    chain (and mean AND); indexes for dates and entities are built once per
    set, on first use.

    >>> import covid_synergy as cs
    >>> march = cs.load().events.between("2020-03-16", "2020-03-31")
    >>> march[0].date.start <= march[-1].date.start
    True
    """

    __slots__ = ("_dated", "_indexes", "_max_end", "_records", "_scope", "_starts", "_texts")

    #: The class of the records of every set of this type (``None``: any).
    _record_class: ClassVar[type[Any] | None] = None

    _records: tuple[R, ...]
    _scope: _Scope
    _dated: int
    _starts: list[date] | None
    _max_end: list[date] | None
    _indexes: dict[tuple[tuple[str, ...] | None, bool], dict[str, list[int]]]
    _texts: list[str] | None

    def __init__(self, records: Iterable[R] = (), *, entities: Entities | None = None) -> None:
        """Make a set of ``records``, sorted; ``entities`` (a dataset's
        :class:`~covid_synergy.Entities`) lets queries resolve names, codes
        and aliases, and count people for their country and countries for
        their regions; without it, entities are named by id alone.
        """
        chosen = tuple(chronological(records))
        self._init(chosen, _scope_of(chosen, entities, self._record_class))

    def _init(self, records: tuple[R, ...], scope: _Scope) -> None:
        setter = object.__setattr__
        setter(self, "_records", records)
        setter(self, "_scope", scope)
        dated = len(records)
        while dated and records[dated - 1].date is None:
            dated -= 1
        setter(self, "_dated", dated)
        setter(self, "_starts", None)
        setter(self, "_max_end", None)
        setter(self, "_indexes", {})
        setter(self, "_texts", None)

    @classmethod
    def _presorted(cls, records: Iterable[R], entities: Entities | None, record: type[Any] | None = None) -> Self:
        """A new set from records already in order (no sort, no check), of ``record`` class."""
        new = object.__new__(cls)
        chosen = tuple(records)
        new._init(chosen, _scope_of(chosen, entities, record or cls._record_class))
        return new

    def _derive(self, records: Iterable[R]) -> Self:
        """A new set of this type and scope, from records in order."""
        new = object.__new__(type(self))
        new._init(tuple(records), self._scope)
        return new

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
        """Return the dated records whose span meets the closed interval from
        ``start`` to ``end``.

        ``start`` and ``end`` are :class:`~datetime.date` objects or strings
        in the form ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: a month or a
        year as ``start`` means its first day, as ``end`` its last, so
        ``between("2020-04", "2020-04")`` is the whole of April. With
        ``mode="overlap"`` (the default) a record is kept when its span
        shares at least one day with the interval; with ``mode="within"``,
        when its span lies wholly inside it. ``start`` after ``end`` is a
        :class:`ValueError`; a string naming no real day raises
        :class:`~covid_synergy.InvalidDateError`. Undated records are never
        kept.

        >>> import covid_synergy as cs
        >>> april = cs.load().events.between("2020-04", "2020-04")
        >>> april == cs.load().events.on("2020-04")
        True
        """
        first, last = period(start)[0], period(end)[1]
        if first > last:
            msg = f"start {first.isoformat()} is after end {last.isoformat()}"
            raise ValueError(msg)
        chosen = _choose(mode, _MODES, "between() mode")
        starts, max_end = self._date_index()
        records = self._records
        if chosen == "overlap":
            lo = bisect.bisect_left(max_end, first)
            hi = bisect.bisect_right(starts, last)
            keep = (r for r in records[lo:hi] if r.date.end >= first)  # type: ignore[union-attr]
        else:
            lo = bisect.bisect_left(starts, first)
            hi = bisect.bisect_right(starts, last)
            keep = (r for r in records[lo:hi] if r.date.end <= last)  # type: ignore[union-attr]
        return self._derive(keep)

    def on(self, day: date | str) -> Self:
        """Return the dated records whose span meets ``day``: one day, or a
        whole month or year (``"2020-04"``), as :meth:`between` reads them.
        """
        first, last = period(day)
        return self.between(first, last)

    def dated(self) -> Self:
        """Return the records that have a date."""
        return self._derive(self._records[: self._dated])

    def undated(self) -> Self:
        """Return the records the article gives no date for."""
        return self._derive(self._records[self._dated :])

    # -- entities -----------------------------------------------------------

    def _index(self, fields: tuple[str, ...] | None, *, strict: bool) -> dict[str, list[int]]:
        """Positions of the records by the entities they count for, through ``fields`` (``None``: all)."""
        key = (fields, strict)
        index = self._indexes.get(key)
        if index is None:
            entities = self._scope.entities
            counts_for = _alone if strict or entities is None else entities.counts_for
            getter = None if fields is None else operator.attrgetter(*fields)
            index = {}
            for position, record in enumerate(self._records):
                refs = entity_refs(record) if getter is None else _flat(getter(record), len(fields or ()))
                found: set[str] = set()
                for ref in refs:
                    found |= counts_for(ref)
                for entity_id in found:
                    index.setdefault(entity_id, []).append(position)
            self._indexes[key] = index
        return index

    def _entity_id(self, entity: Entity | str) -> str:
        if isinstance(entity, Entity):
            entities = self._scope.entities
            return entity.id if entities is None else entities.resolve(entity).id
        if not isinstance(entity, str):
            msg = f"an entity is named by a string or an Entity, not {type(entity).__name__}"
            raise TypeError(msg)
        entities = self._scope.entities
        if entities is None or entity in entities:
            return entity
        return entities.resolve(entity).id

    def _through(
        self, names: tuple[Entity | str, ...], fields: tuple[str, ...] | None, *, strict: bool, call: str
    ) -> Self:
        if not names:
            msg = f"{call}() needs at least one entity"
            raise TypeError(msg)
        ids = [self._entity_id(name) for name in names]
        index = self._index(fields, strict=strict)
        positions: set[int] = set()
        for entity_id in ids:
            positions.update(index.get(entity_id, ()))
        records = self._records
        return self._derive(records[i] for i in sorted(positions))

    def involving(self, *entities: Entity | str, strict: bool = False) -> Self:
        """Return the records in which any of ``entities`` takes part.

        An entity takes part as an event's participant or location, an aid
        record's donor or recipient, a statement's speaker or audience, or a
        figure's subject. A record counts for more than the entities it
        names (see :meth:`Entities.counts_for
        <covid_synergy.Entities.counts_for>`): a person for their country
        (``involving("France")`` includes the calls of the President of
        France), a country's body for the country, and any of them for the
        regions their country lies in (``involving("Africa")`` includes
        Ethiopia's records and those of "18 African countries", never those
        of a group's members). ``strict=True`` counts the named entity
        alone. Chain calls for records involving all of several entities.

        Entities are given as :class:`Entity` objects, ids, names, aliases
        or codes, in any case ("Italy", "ITA", "the ROK"); an unknown name
        raises :class:`~covid_synergy.UnknownEntityError`.

        >>> import covid_synergy as cs
        >>> calls = cs.load().events.involving("France").of_kind("call")
        >>> [e.id for e in calls.involving("Emmanuel Macron", strict=True)][:1]
        ['2020-03-23-xi-macron-call']
        """
        return self._through(entities, None, strict=strict, call="involving")

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
        record's kind, a statement's mode or a figure's metric.

        A kind is given as the enum member, its value or an alias, in any
        case, with ``-`` or a space for ``_`` (``"Phone call"`` is
        :attr:`EventKind.CALL <covid_synergy.EventKind.CALL>`). An unknown
        name raises :class:`~covid_synergy.UnknownNameError` naming the
        closest kinds of this collection, or the collection where it is a
        kind (an aid kind asked of events).

        >>> import covid_synergy as cs
        >>> len(cs.load().events.of_kind("phone call")) == len(cs.load().events.of_kind("call"))
        True
        """
        if not kinds:
            msg = "of_kind() needs at least one kind"
            raise TypeError(msg)
        wanted: set[str] = set()
        for kind in kinds:
            wanted |= self._kind_values(kind)
        return self._derive(r for r in self._records if kind_of(r) in wanted)

    def _kind_values(self, kind: object) -> set[str]:
        """The kind values ``kind`` names for this set's records."""
        record = self._scope.record
        vocabulary = _KINDS.get(record) if record is not None else None
        if vocabulary is not None:
            return {vocabulary.parse(kind, elsewhere=_ASKED).value}
        metrics = {normal_name(m): m for m in self._scope.metrics}
        if record is Figure:
            if isinstance(kind, Vocabulary):
                raise UnknownNameError(kind.value, "figure metric", elsewhere=_where(type(kind)))
            return {_metric(kind, metrics)}
        found: set[str] = set()  # a mixed set: any collection's kinds
        if isinstance(kind, Vocabulary):
            return {kind.value}
        if not isinstance(kind, str):
            msg = f"a kind is named by a string or an enum member, not {type(kind).__name__}"
            raise TypeError(msg)
        for each in _KINDS.values():
            member = each.find(kind)
            if member is not None:
                found.add(member.value)
        if normal_name(kind) in metrics:
            found.add(metrics[normal_name(kind)])
        if not found:
            known = [m.value for v in _KINDS.values() for m in v] + sorted(self._scope.metrics)
            near = closest(normal_name(kind), [normal_name(k) for k in known], cutoff=0.5)
            by_normal = {normal_name(k): k for k in known}
            raise UnknownNameError(kind, "kind", [by_normal[n] for n in near])
        return found

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

    def total(self, unit: str | Unit) -> Total:
        """Return the exact sum of every quantity in ``unit``, with its bound.

        ``unit`` is a :class:`~covid_synergy.Unit`, its value or an alias
        ("tons", "US$"); an unknown unit raises
        :class:`~covid_synergy.UnknownNameError` naming the closest. See
        :class:`~covid_synergy.Total` for how bounds combine (a mix with no
        sound sum raises :class:`~covid_synergy.MixedBoundsError`) and when
        the parts may overlap. Units are never added across; an empty sum is
        an exact zero.

        >>> import covid_synergy as cs
        >>> print(cs.load().aid.from_("China").total("tons"))
        39.1 tonne
        """
        from ._totals import Total  # noqa: PLC0415 - loads with the first total

        wanted = Unit.parse(unit).value
        total = Total(unit=wanted)
        for quantity in self.quantities():
            if quantity.unit == wanted:
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

        return to_rows(self._records, self._scope.entities)

    def to_pandas(self) -> pd.DataFrame:
        """Return :meth:`to_rows` as a pandas DataFrame (needs the ``pandas`` extra)."""
        from ._frames import to_pandas  # noqa: PLC0415

        return to_pandas(self._records, self._scope.entities)

    def to_polars(self) -> pl.DataFrame:
        """Return :meth:`to_rows` as a polars DataFrame (needs the ``polars`` extra)."""
        from ._frames import to_polars  # noqa: PLC0415

        return to_polars(self._records, self._scope.entities)


class AidSet(RecordSet[AidRecord]):
    """A :class:`RecordSet` of aid records, with the direction of help and its status."""

    __slots__ = ()
    _record_class = AidRecord

    def from_(self, *donors: Entity | str, strict: bool = False) -> Self:
        """Return the aid given by any of ``donors``.

        Names resolve and count as in :meth:`~RecordSet.involving`, through
        the donor alone: ``from_("China")`` includes what the Red Cross
        Society of China gave, ``from_("Asia")`` what any Asian country gave;
        ``strict=True`` counts the named donor alone.

        >>> import covid_synergy as cs
        >>> len(cs.load().aid.from_("China", strict=True)) < len(cs.load().aid.from_("China"))
        True
        """
        return self._through(donors, ("donor",), strict=strict, call="from_")

    def to(self, *recipients: Entity | str, strict: bool = False) -> Self:
        """Return the aid received by any of ``recipients`` (counted as by :meth:`from_`).

        >>> import covid_synergy as cs
        >>> len(cs.load().aid.from_("China").to("Africa")) > 2
        True
        """
        return self._through(recipients, ("recipients",), strict=strict, call="to")

    def with_status(self, *statuses: AidStatus | str) -> Self:
        """Return the aid at any of these statuses (``"delivered"``, ``"pledged"``...).

        >>> import covid_synergy as cs
        >>> {a.status.value for a in cs.load().aid.with_status("promised")}
        {'pledged'}
        """
        if not statuses:
            msg = "with_status() needs at least one status"
            raise TypeError(msg)
        wanted = {AidStatus.parse(s) for s in statuses}
        return self.where(lambda a: a.status in wanted)


class StatementSet(RecordSet[Statement]):
    """A :class:`RecordSet` of statements, with who spoke and who was addressed."""

    __slots__ = ()
    _record_class = Statement

    def by(self, *speakers: Entity | str, strict: bool = False) -> Self:
        """Return the statements made by any of ``speakers``, counted as in
        :meth:`~RecordSet.involving` through the speaker alone.

        >>> import covid_synergy as cs
        >>> {s.speaker for s in cs.load().statements.by("Xi Jinping")}
        {'xi-jinping'}
        """
        return self._through(speakers, ("speaker",), strict=strict, call="by")

    def to(self, *audience: Entity | str, strict: bool = False) -> Self:
        """Return the statements addressed to any of ``audience`` (counted as by :meth:`by`)."""
        return self._through(audience, ("audience",), strict=strict, call="to")


def _alone(entity_id: str) -> frozenset[str]:
    return frozenset((entity_id,))


def _flat(values: Any, count: int) -> list[str]:
    """The ids held by the fields an ``attrgetter`` of ``count`` fields returned."""
    parts = values if count > 1 else (values,)
    found: list[str] = []
    for value in parts:
        if isinstance(value, tuple):
            found += value
        elif value is not None:
            found.append(value)
    return found


def _where(vocabulary: type[Vocabulary]) -> str:
    place = _ASKED.get(vocabulary)
    return vocabulary.noun() if place is None else f"{vocabulary.noun()} ({place})"


def _metric(kind: object, metrics: dict[str, str]) -> str:
    if not isinstance(kind, str):
        msg = f"a figure metric is named by a string, not {type(kind).__name__}"
        raise TypeError(msg)
    found = metrics.get(normal_name(kind))
    if found is not None:
        return found
    for vocabulary in _KINDS.values():
        if vocabulary.find(kind) is not None:
            raise UnknownNameError(kind, "figure metric", elsewhere=_where(vocabulary))
    near = closest(normal_name(kind), list(metrics), cutoff=0.5)
    raise UnknownNameError(kind, "figure metric", [metrics[n] for n in near])


def _choose(value: object, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices`` (after case-folding), else an UnknownNameError."""
    if not isinstance(value, str):
        msg = f"a {what} is named by a string, not {type(value).__name__}"
        raise TypeError(msg)
    found = normal_name(value)
    if found in choices:
        return found
    raise UnknownNameError(value, what, closest(found, choices, cutoff=0.5), known=choices)
