"""The records as W3C Web Annotations: one ``Annotation`` per piece of evidence, in one ``AnnotationCollection``.

Each annotation's target is the quoted stretch of the article's text,
selected twice: by a ``TextQuoteSelector`` (the quote, with enough text on
either side to occur once in the whole text) and by a
``TextPositionSelector`` (its offsets, counted in characters: Unicode code
points, Python ``str`` indices). The offsets count in the packaged text,
so the target's source is that text, named by its SHA-256 as an RFC 6920
``ni:`` URI; its ``via`` and the target's ``scope`` are the article's URL,
where the text was published and taken from. The bodies identify the record
(``identifying``: its id; ``classifying``: what it is; ``tagging``: its
kind), say what it records (``describing``, in words) and carry it whole
(``describing``, its JSON).

Every id is a ``urn:uuid:`` of a version-5 UUID in a namespace named by
the text's ``ni:`` URI, so the same data always gives the same ids. The
JSON-LD context is the W3C's, named and never fetched.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any, Final

from ._checks import placed
from ._dataset import Dataset
from ._layout import COLLECTION_OF
from ._model import Evidence, Record, Statement
from ._recordset import kind_of

__all__ = ["ANNOTATIONS_FILE", "CONTEXT", "collection", "quote_selector", "text_iri"]

#: The file name of the collection.
ANNOTATIONS_FILE: Final = "annotations.jsonld"
#: The JSON-LD context of the Web Annotation Data Model.
CONTEXT: Final = "http://www.w3.org/ns/anno.jsonld"
#: How many characters a quote selector's prefix and suffix start with; they
#: grow by as many again until the three together occur once in the text.
CONTEXT_CHARS: Final = 32


def text_iri(sha256: str) -> str:
    """The RFC 6920 ``ni:`` URI of a text with this SHA-256 (hex): the hash, base64url without padding.

    >>> text_iri("d567e5447a4e6d99d38aa5d4b577c6f1541f605e2e6b12e50f68d3b3759170ee")
    'ni:///sha-256;1WflRHpObZnTiqXUtXfG8VQfYF4uaxLlD2jTs3WRcO4'
    """
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def _occurs_once(text: str, needle: str) -> bool:
    first = text.find(needle)
    return first >= 0 and text.find(needle, first + 1) < 0


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    """A ``TextQuoteSelector`` of ``text[start:end]``: the prefix and suffix are the text around it,
    :data:`CONTEXT_CHARS` characters each, or more until the three together occur once in ``text``.

    >>> quote_selector("a cat, a hat, a cat.", 9, 12)
    {'type': 'TextQuoteSelector', 'exact': 'hat', 'prefix': 'a cat, a ', 'suffix': ', a cat.'}
    >>> quote_selector("ab" * 40, 40, 42)["prefix"] == "ab" * 20
    True
    """
    exact = text[start:end]
    reach = CONTEXT_CHARS
    while True:
        prefix = text[max(0, start - reach) : start]
        suffix = text[end : end + reach]
        if _occurs_once(text, prefix + exact + suffix):
            return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        reach += CONTEXT_CHARS


def _bodies(record: Record, unstructured: Any) -> list[dict[str, str]]:
    words = record.text if isinstance(record, Statement) else record.summary
    return [
        {"type": "TextualBody", "purpose": "identifying", "value": record.id},
        {"type": "TextualBody", "purpose": "classifying", "value": COLLECTION_OF[type(record)].noun},
        {"type": "TextualBody", "purpose": "tagging", "value": kind_of(record)},
        {"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": words},
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "application/json",
            "value": json.dumps(unstructured, ensure_ascii=False, separators=(",", ":")),
        },
    ]


def collection(dataset: Dataset) -> dict[str, Any]:
    """Return the ``AnnotationCollection`` of ``dataset``, as JSON: one annotation per piece of evidence.

    A dataset without the article's text, or with a quote that has no
    offsets, raises :class:`~covid_synergy.DataError` saying what is missing.
    """
    from ._codec import unstructure  # noqa: PLC0415 - cattrs loads on first use

    source = dataset.source
    text, records = placed(
        dataset, needs="the annotations need", why="an annotation's position selector needs the quote's offsets"
    )
    iri = text_iri(source.text_sha256)
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, iri)
    rights = f"https://spdx.org/licenses/{source.license}.html"
    text_resource = {"id": iri, "type": "Text", "format": "text/plain", "via": source.url}

    def annotation(record: Record, number: int, evidence: Evidence, bodies: list[dict[str, str]]) -> dict[str, Any]:
        assert evidence.start is not None  # noqa: S101 - placed() said so
        assert evidence.end is not None  # noqa: S101
        return {
            "id": f"urn:uuid:{uuid.uuid5(namespace, f'{record.id}/evidence/{number}')}",
            "type": "Annotation",
            "motivation": "describing",
            "body": bodies,
            "target": {
                "type": "SpecificResource",
                "source": text_resource,
                "scope": source.url,
                "selector": [
                    quote_selector(text, evidence.start, evidence.end),
                    {"type": "TextPositionSelector", "start": evidence.start, "end": evidence.end},
                ],
            },
            "rights": rights,
        }

    items = []
    for record in records:
        bodies = _bodies(record, unstructure(record))
        items += [annotation(record, n, e, bodies) for n, e in enumerate(record.evidence, 1)]
    version = source.data_version
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(namespace, f'collection/{version}')}",
        "type": "AnnotationCollection",
        "label": f"{source.title}: the evidence of every record (covid-synergy data version {version})",
        "total": len(items),
        "first": {
            "id": f"urn:uuid:{uuid.uuid5(namespace, f'collection/{version}/page/1')}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
