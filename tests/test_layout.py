"""The collections of a dataset folder, declared once."""

from __future__ import annotations

import attrs

import covid_synergy as cs
from covid_synergy._compat import files
from covid_synergy._layout import ARTICLE_FILE, COLLECTION_OF, COLLECTIONS, RECORD_COLLECTIONS, SOURCE_FILE


def test_every_collection_is_a_dataset_attribute_and_a_file() -> None:
    """Each collection names a Dataset field, a JSON file of the packaged data, and a record class."""
    fields = {f.name for f in attrs.fields(cs.Dataset)}
    data = files("covid_synergy").joinpath("data")
    for collection in COLLECTIONS:
        assert collection.name in fields
        assert data.joinpath(collection.file).is_file()
        assert COLLECTION_OF[collection.record] is collection
    assert data.joinpath(SOURCE_FILE).is_file()
    assert data.joinpath(ARTICLE_FILE).is_file()


def test_the_record_collections_are_the_four_that_report() -> None:
    """Events, aid, statements and figures: the collections a timeline holds, all required."""
    assert ["events", "aid", "statements", "figures"] == [c.name for c in RECORD_COLLECTIONS]
    assert [c.name for c in COLLECTIONS if not c.required] == ["sentences"]
