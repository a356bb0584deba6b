"""The files of a dataset folder: the collections, their record classes, the source and the text.

Every module that lists the collections (the loader and its checks, the
dataset, the schemas, the exports, the command line) reads this table.

>>> [c.name for c in COLLECTIONS]
['entities', 'events', 'aid', 'statements', 'figures', 'sentences']
>>> COLLECTION_OF[Event].file
'events.json'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from ._model import AidRecord, Entity, Event, Figure, Sentence, Statement

__all__ = ["ARTICLE_FILE", "COLLECTIONS", "COLLECTION_OF", "RECORD_COLLECTIONS", "SOURCE_FILE", "Collection"]

#: The file that describes the source and the data version.
SOURCE_FILE: Final = "source.json"
#: The article's text, which the offsets count in; optional (data version 1 has none).
ARTICLE_FILE: Final = "article.txt"


class Collection(NamedTuple):
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
    #: Whether every folder has the file (the sentence map is new in data version 2).
    required: bool = True

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
    Collection(
        name="sentences",
        record=Sentence,
        noun="sentence",
        title="Sentences of the article, with their roles",
        required=False,
    ),
)

#: The collections of records that report what happened (events, aid,
#: statements, figures): the ones a query or a timeline holds.
RECORD_COLLECTIONS: Final[tuple[Collection, ...]] = COLLECTIONS[1:5]

#: The collection of each record class.
COLLECTION_OF: Final[Mapping[type[Any], Collection]] = {c.record: c for c in COLLECTIONS}
