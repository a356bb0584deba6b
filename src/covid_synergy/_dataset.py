"""The dataset: four record sets, the entities and the source."""

from __future__ import annotations

import operator
from collections.abc import Mapping

import attrs

from ._entities import Entities
from ._model import Entity, Event, Figure, Record, Source, Statement
from ._recordset import AidSet, RecordSet, chronological

__all__ = ["Dataset"]

_ID_OF = operator.attrgetter("id")


@attrs.frozen(kw_only=True)
class Dataset:
    """Everything the article reports, as typed records.

    Build one with :func:`~covid_synergy.load` (the packaged data) or
    :func:`~covid_synergy.load_path` (a folder of your own).

    >>> import covid_synergy as cs
    >>> ds = cs.load()
    >>> ds.get("2020-03-12-red-cross-team-arrives-rome").date.start.isoformat()
    '2020-03-12'
    """

    #: Calls, meetings, arrivals, publications… in chronological order.
    events: RecordSet[Event]
    #: Aid given, sent, pledged or announced, in either direction.
    aid: AidSet
    #: What people said or wrote, quoted or reported.
    statements: RecordSet[Statement]
    #: Headline statistics.
    figures: RecordSet[Figure]
    #: Every entity the records refer to.
    entities: Entities
    #: The article and the version of the data.
    source: Source
    _by_id: Mapping[str, Record | Entity] = attrs.field(eq=False, repr=False, alias="by_id")

    @classmethod
    def build(
        cls,
        *,
        events: RecordSet[Event],
        aid: AidSet,
        statements: RecordSet[Statement],
        figures: RecordSet[Figure],
        entities: Entities,
        source: Source,
    ) -> Dataset:
        """Assemble a dataset from parts already checked (ids unique across them)."""
        by_id: dict[str, Record | Entity] = dict(entities)
        for collection in (events, aid, statements, figures):
            by_id.update(zip(map(_ID_OF, collection), collection, strict=True))
        return cls(
            events=events,
            aid=aid,
            statements=statements,
            figures=figures,
            entities=entities,
            source=source,
            by_id=by_id,
        )

    def get(self, record_id: str) -> Record | Entity:
        """Return the record or entity with this id; :class:`KeyError` if none."""
        try:
            return self._by_id[record_id]
        except KeyError:
            msg = f"no record or entity with id {record_id!r}"
            raise KeyError(msg) from None

    def timeline(self) -> RecordSet[Record]:
        """Return every dated record of every kind in one chronological set."""
        records: list[Record] = [
            *self.events.dated(),
            *self.aid.dated(),
            *self.statements.dated(),
            *self.figures.dated(),
        ]
        return RecordSet[Record]._presorted(chronological(records), self.entities)

    def __len__(self) -> int:
        """The number of records in the four collections."""
        return len(self.events) + len(self.aid) + len(self.statements) + len(self.figures)
