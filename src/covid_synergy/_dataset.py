"""The dataset: four record sets, the entities, the sentence map and the source."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Mapping

import attrs

from ._entities import Entities
from ._model import Entity, Event, Figure, Record, Sentence, Source
from ._recordset import AidSet, RecordSet, StatementSet, chronological

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
    #: What people said or wrote, quoted or reported, and the article's own claims.
    statements: StatementSet
    #: Headline statistics.
    figures: RecordSet[Figure]
    #: Every sentence of the article, in order, with its role; empty for data
    #: written before the sentence map existed.
    sentences: tuple[Sentence, ...] = ()
    #: Every entity the records refer to.
    entities: Entities
    #: The article and the version of the data.
    source: Source
    _by_id: Mapping[str, Record | Entity] = attrs.field(eq=False, repr=False, alias="by_id")
    #: Lazily built: the records citing each sentence, by sentence id.
    _citing: dict[str, tuple[Record, ...]] = attrs.field(eq=False, repr=False, alias="citing", factory=dict)

    @classmethod
    def build(
        cls,
        *,
        events: RecordSet[Event],
        aid: AidSet,
        statements: StatementSet,
        figures: RecordSet[Figure],
        sentences: tuple[Sentence, ...] = (),
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
            sentences=sentences,
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

    # -- the sentence map ---------------------------------------------------------

    def citing(self, sentence: Sentence | str) -> RecordSet[Record]:
        """Return the records whose evidence overlaps ``sentence`` (a :class:`Sentence` or its id).

        >>> import covid_synergy as cs
        >>> ds = cs.load()
        >>> for record in ds.citing("p14-s2"):
        ...     print(record.id)
        2020-03-23-medical-supplies-to-cambodia
        2020-03-23-medical-team-arrives-phnom-penh
        2020-03-23-medical-team-to-cambodia
        """
        chosen = self._sentence(sentence)
        if not self._citing:
            self._index_citations()
        return RecordSet[Record]._presorted(chronological(self._citing.get(chosen.id, ())), self.entities)

    def sentences_of(self, record: Record | str) -> tuple[Sentence, ...]:
        """Return the sentences ``record`` (a record or its id) cites, in the order of the text.

        >>> import covid_synergy as cs
        >>> [s.id for s in cs.load().sentences_of("2020-03-12-red-cross-team-arrives-rome")]
        ['p34-s1', 'p34-s2']
        """
        chosen = self.get(record) if isinstance(record, str) else record
        if isinstance(chosen, Entity):
            msg = f"{chosen.id!r} is an entity; entities cite no sentence"
            raise TypeError(msg)
        found: dict[str, Sentence] = {}
        for evidence in chosen.evidence:
            if evidence.start is not None and evidence.end is not None:
                for each in self._overlapping(evidence.start, evidence.end):
                    found[each.id] = each
        return tuple(sorted(found.values(), key=operator.attrgetter("start")))

    def _sentence(self, sentence: Sentence | str) -> Sentence:
        if isinstance(sentence, Sentence):
            return sentence
        for each in self.sentences:
            if each.id == sentence:
                return each
        from ._errors import UnknownNameError, closest  # noqa: PLC0415 - only to explain a miss

        ids = [s.id for s in self.sentences]
        raise UnknownNameError(sentence, "sentence", closest(sentence, ids))

    def _overlapping(self, start: int, end: int) -> list[Sentence]:
        sentences = self.sentences
        first = bisect.bisect_right([s.end for s in sentences], start)
        chosen = []
        for each in sentences[first:]:
            if each.start >= end:
                break
            chosen.append(each)
        return chosen

    def _index_citations(self) -> None:
        found: dict[str, dict[str, Record]] = {}
        for collection in (self.events, self.aid, self.statements, self.figures):
            for record in collection:
                for sentence in self.sentences_of(record):
                    found.setdefault(sentence.id, {})[record.id] = record
        self._citing.update({k: tuple(v.values()) for k, v in found.items()})
