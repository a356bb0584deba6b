"""The collections of a dataset folder: their names, files and record classes, declared once.

Every module that lists the collections (the loader and its checks, the
dataset, the schemas, the exports, the command line) reads this table.

>>> [c.name for c in COLLECTIONS]
['entities', 'events', 'aid', 'statements', 'figures']
>>> COLLECTION_OF[Event].file
'events.json'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from ._model import AidRecord, Entity, Event, Figure, Statement

__all__ = ["COLLECTIONS", "COLLECTION_OF", "RECORD_COLLECTIONS", "SOURCE_FILE", "Collection"]

#: The file that describes the source and the data version.
SOURCE_FILE: Final = "source.json"


@attrs.frozen(kw_only=True)
class Collection:
    """One collection of a dataset folder."""

    #: Its name: the :class:`~covid_synergy.Dataset` attribute, the stem of its files
    #: (``events.json``, ``events.csv``) and the ``collection`` column of flat rows.
    name: str
    #: The class of its records.
    record: type[Any]
    #: The singular noun for one record ("event", "aid record").
    noun: str
    #: A one-line title, for exports.
    title: str

    @property
    def file(self) -> str:
        """The JSON file of the packaged format."""
        return f"{self.name}.json"


#: Every collection, in the order of loading, of files and of exports.
COLLECTIONS: Final[tuple[Collection, ...]] = (
    Collection(
        name="entities",
        record=Entity,
        noun="entity",
        title="Entities: countries, organizations, people, groups, places, documents",
    ),
    Collection(
        name="events", record=Event, noun="event", title="Events: calls, meetings, visits, arrivals, publications"
    ),
    Collection(name="aid", record=AidRecord, noun="aid record", title="Aid given, sent, pledged or announced"),
    Collection(name="statements", record=Statement, noun="statement", title="Statements quoted or reported"),
    Collection(name="figures", record=Figure, noun="figure", title="Headline figures"),
)

#: The collections of records (every collection but the entities), in order.
RECORD_COLLECTIONS: Final[tuple[Collection, ...]] = COLLECTIONS[1:]

#: The collection of each record class.
COLLECTION_OF: Final[Mapping[type[Any], Collection]] = {c.record: c for c in COLLECTIONS}
