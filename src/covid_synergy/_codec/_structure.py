# Written by tools/generate_structure.py from the record classes: do not edit.
# tests/test_structure.py fails when this file is not what the tool writes.
"""The structure function of every record class, written ahead of time.

``STRUCTURERS[cls](json_object, memo)`` returns the record, built through
the class's own ``__init__``, or raises (``InvalidError``, ``KeyError``,
``ValueError``...) without saying why: the caller asks the converter to
explain. ``memo`` is one load's cache of small objects already built, by
their JSON content.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .._errors import InvalidError
from ._rules import MAX_NUMBER_CHARS, clean, decimal_match, parse_date
from .._dates import DateSpan, Precision
from .._model import AidKind, AidRecord, AidStatus, Entity, EntityKind, Event, EventKind, Evidence, Figure, Sentence, SentenceRole, Source, Statement, StatementMode
from .._quantities import Bound, Quantity

_MISSING: Any = object()
_entity_kind_by_value: Any = {m.value: m for m in EntityKind}
_precision_by_value: Any = {m.value: m for m in Precision}
_event_kind_by_value: Any = {m.value: m for m in EventKind}
_bound_by_value: Any = {m.value: m for m in Bound}
_aid_kind_by_value: Any = {m.value: m for m in AidKind}
_aid_status_by_value: Any = {m.value: m for m in AidStatus}
_statement_mode_by_value: Any = {m.value: m for m in StatementMode}
_sentence_role_by_value: Any = {m.value: m for m in SentenceRole}


def structure_source(o: Any, memo: dict[Any, Any]) -> Any:
    v_title: Any
    v_authors: Any
    v_publisher: Any
    v_edition: Any
    v_url: Any
    v_published: Any
    v_original_edition: Any
    v_data_version: Any
    v_text_sha256: Any
    v_paragraphs: Any
    v_license: Any
    if type(o) is not dict:
        raise InvalidError
    n = 11
    x = o['title']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_title = x
    x = o['authors']
    if type(x) is not list:
        raise InvalidError
    for y in x:
        if type(y) is not str or not (y.isascii() or clean(y)):
            raise InvalidError
    v_authors = tuple(x)
    x = o['publisher']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_publisher = x
    x = o['edition']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_edition = x
    x = o['url']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_url = x
    x = o['published']
    v_published = parse_date(x)
    x = o['original_edition']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_original_edition = x
    x = o['data_version']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_data_version = x
    x = o['text_sha256']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_text_sha256 = x
    x = o['paragraphs']
    if type(x) is not int:
        raise InvalidError
    v_paragraphs = x
    x = o['license']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_license = x
    if len(o) != n:
        raise InvalidError
    r = Source(title=v_title, authors=v_authors, publisher=v_publisher, edition=v_edition, url=v_url, published=v_published, original_edition=v_original_edition, data_version=v_data_version, text_sha256=v_text_sha256, paragraphs=v_paragraphs, license=v_license)
    return r


def structure_entity(o: Any, memo: dict[Any, Any]) -> Any:
    v_id: Any
    v_name: Any
    v_kind: Any
    v_iso3: Any
    v_m49: Any
    v_aliases: Any
    v_affiliation: Any
    v_region: Any
    v_role: Any
    if type(o) is not dict:
        raise InvalidError
    n = 3
    x = o['id']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_id = x
    x = o['name']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_name = x
    x = o['kind']
    v_kind = _entity_kind_by_value.get(x) if type(x) is str else None
    if v_kind is None:
        raise InvalidError
    x = o.get('iso3', _MISSING)
    if x is _MISSING:
        v_iso3 = None
    else:
        n += 1
        if x is None:
            v_iso3 = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_iso3 = x
    x = o.get('m49', _MISSING)
    if x is _MISSING:
        v_m49 = None
    else:
        n += 1
        if x is None:
            v_m49 = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_m49 = x
    x = o.get('aliases', _MISSING)
    if x is _MISSING:
        v_aliases = ()
    else:
        n += 1
        if type(x) is not list:
            raise InvalidError
        for y in x:
            if type(y) is not str or not (y.isascii() or clean(y)):
                raise InvalidError
        v_aliases = tuple(x)
    x = o.get('affiliation', _MISSING)
    if x is _MISSING:
        v_affiliation = None
    else:
        n += 1
        if x is None:
            v_affiliation = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_affiliation = x
    x = o.get('region', _MISSING)
    if x is _MISSING:
        v_region = None
    else:
        n += 1
        if x is None:
            v_region = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_region = x
    x = o.get('role', _MISSING)
    if x is _MISSING:
        v_role = None
    else:
        n += 1
        if x is None:
            v_role = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_role = x
    if len(o) != n:
        raise InvalidError
    r = Entity(id=v_id, name=v_name, kind=v_kind, iso3=v_iso3, m49=v_m49, aliases=v_aliases, affiliation=v_affiliation, region=v_region, role=v_role)
    return r


def structure_date_span(o: Any, memo: dict[Any, Any]) -> Any:
    v_start: Any
    v_end: Any
    v_precision: Any
    v_text: Any
    if type(o) is not dict:
        raise InvalidError
    key: Any
    try:
        key = (DateSpan, tuple(o.items()))
        found = memo.get(key)
    except TypeError:  # a list or an object among the values
        key = found = None
    if found is not None:
        return found
    n = 3
    x = o['start']
    v_start = parse_date(x)
    x = o['end']
    v_end = parse_date(x)
    x = o['precision']
    v_precision = _precision_by_value.get(x) if type(x) is str else None
    if v_precision is None:
        raise InvalidError
    x = o.get('text', _MISSING)
    if x is _MISSING:
        v_text = None
    else:
        n += 1
        if x is None:
            v_text = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_text = x
    if len(o) != n:
        raise InvalidError
    r = DateSpan(start=v_start, end=v_end, precision=v_precision, text=v_text)
    if key is not None:
        memo[key] = r
    return r


def structure_quantity(o: Any, memo: dict[Any, Any]) -> Any:
    v_value: Any
    v_unit: Any
    v_bound: Any
    if type(o) is not dict:
        raise InvalidError
    n = 2
    x = o['value']
    if type(x) is not str or len(x) > MAX_NUMBER_CHARS or decimal_match(x) is None:
        raise InvalidError
    v_value = Decimal(x)
    x = o['unit']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_unit = x
    x = o.get('bound', _MISSING)
    if x is _MISSING:
        v_bound = Bound.EXACT
    else:
        n += 1
        v_bound = _bound_by_value.get(x) if type(x) is str else None
        if v_bound is None:
            raise InvalidError
    if len(o) != n:
        raise InvalidError
    r = Quantity(value=v_value, unit=v_unit, bound=v_bound)
    return r


def structure_evidence(o: Any, memo: dict[Any, Any]) -> Any:
    v_paragraph: Any
    v_start: Any
    v_end: Any
    v_quote: Any
    if type(o) is not dict:
        raise InvalidError
    n = 2
    x = o['paragraph']
    if type(x) is not int:
        raise InvalidError
    v_paragraph = x
    x = o.get('start', _MISSING)
    if x is _MISSING:
        v_start = None
    else:
        n += 1
        if x is None:
            v_start = None
        else:
            if type(x) is not int:
                raise InvalidError
            v_start = x
    x = o.get('end', _MISSING)
    if x is _MISSING:
        v_end = None
    else:
        n += 1
        if x is None:
            v_end = None
        else:
            if type(x) is not int:
                raise InvalidError
            v_end = x
    x = o['quote']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_quote = x
    if len(o) != n:
        raise InvalidError
    r = Evidence(paragraph=v_paragraph, start=v_start, end=v_end, quote=v_quote)
    return r


def structure_event(o: Any, memo: dict[Any, Any]) -> Any:
    v_id: Any
    v_date: Any
    v_kind: Any
    v_summary: Any
    v_participants: Any
    v_location: Any
    v_quantities: Any
    v_evidence: Any
    if type(o) is not dict:
        raise InvalidError
    n = 4
    x = o['id']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_id = x
    x = o.get('date', _MISSING)
    if x is _MISSING:
        v_date = None
    else:
        n += 1
        if x is None:
            v_date = None
        else:
            v_date = structure_date_span(x, memo)
    x = o['kind']
    v_kind = _event_kind_by_value.get(x) if type(x) is str else None
    if v_kind is None:
        raise InvalidError
    x = o['summary']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_summary = x
    x = o.get('participants', _MISSING)
    if x is _MISSING:
        v_participants = ()
    else:
        n += 1
        if type(x) is not list:
            raise InvalidError
        for y in x:
            if type(y) is not str or not (y.isascii() or clean(y)):
                raise InvalidError
        v_participants = tuple(x)
    x = o.get('location', _MISSING)
    if x is _MISSING:
        v_location = None
    else:
        n += 1
        if x is None:
            v_location = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_location = x
    x = o.get('quantities', _MISSING)
    if x is _MISSING:
        v_quantities = ()
    else:
        n += 1
        if type(x) is not list:
            raise InvalidError
        if len(x) == 1:
            v_quantities = (structure_quantity(x[0], memo),)
        elif len(x) == 2:
            v_quantities = (structure_quantity(x[0], memo), structure_quantity(x[1], memo))
        else:
            v_quantities = tuple([structure_quantity(y, memo) for y in x])
    x = o['evidence']
    if type(x) is not list:
        raise InvalidError
    if len(x) == 1:
        v_evidence = (structure_evidence(x[0], memo),)
    elif len(x) == 2:
        v_evidence = (structure_evidence(x[0], memo), structure_evidence(x[1], memo))
    else:
        v_evidence = tuple([structure_evidence(y, memo) for y in x])
    if len(o) != n:
        raise InvalidError
    r = Event(id=v_id, date=v_date, kind=v_kind, summary=v_summary, participants=v_participants, location=v_location, quantities=v_quantities, evidence=v_evidence)
    return r


def structure_aid_record(o: Any, memo: dict[Any, Any]) -> Any:
    v_id: Any
    v_date: Any
    v_donor: Any
    v_recipients: Any
    v_kind: Any
    v_summary: Any
    v_quantities: Any
    v_items: Any
    v_status: Any
    v_event: Any
    v_evidence: Any
    if type(o) is not dict:
        raise InvalidError
    n = 6
    x = o['id']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_id = x
    x = o.get('date', _MISSING)
    if x is _MISSING:
        v_date = None
    else:
        n += 1
        if x is None:
            v_date = None
        else:
            v_date = structure_date_span(x, memo)
    x = o.get('donor', _MISSING)
    if x is _MISSING:
        v_donor = None
    else:
        n += 1
        if x is None:
            v_donor = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_donor = x
    x = o['recipients']
    if type(x) is not list:
        raise InvalidError
    for y in x:
        if type(y) is not str or not (y.isascii() or clean(y)):
            raise InvalidError
    v_recipients = tuple(x)
    x = o['kind']
    v_kind = _aid_kind_by_value.get(x) if type(x) is str else None
    if v_kind is None:
        raise InvalidError
    x = o['summary']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_summary = x
    x = o.get('quantities', _MISSING)
    if x is _MISSING:
        v_quantities = ()
    else:
        n += 1
        if type(x) is not list:
            raise InvalidError
        if len(x) == 1:
            v_quantities = (structure_quantity(x[0], memo),)
        elif len(x) == 2:
            v_quantities = (structure_quantity(x[0], memo), structure_quantity(x[1], memo))
        else:
            v_quantities = tuple([structure_quantity(y, memo) for y in x])
    x = o.get('items', _MISSING)
    if x is _MISSING:
        v_items = ()
    else:
        n += 1
        if type(x) is not list:
            raise InvalidError
        for y in x:
            if type(y) is not str or not (y.isascii() or clean(y)):
                raise InvalidError
        v_items = tuple(x)
    x = o['status']
    v_status = _aid_status_by_value.get(x) if type(x) is str else None
    if v_status is None:
        raise InvalidError
    x = o.get('event', _MISSING)
    if x is _MISSING:
        v_event = None
    else:
        n += 1
        if x is None:
            v_event = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_event = x
    x = o['evidence']
    if type(x) is not list:
        raise InvalidError
    if len(x) == 1:
        v_evidence = (structure_evidence(x[0], memo),)
    elif len(x) == 2:
        v_evidence = (structure_evidence(x[0], memo), structure_evidence(x[1], memo))
    else:
        v_evidence = tuple([structure_evidence(y, memo) for y in x])
    if len(o) != n:
        raise InvalidError
    r = AidRecord(id=v_id, date=v_date, donor=v_donor, recipients=v_recipients, kind=v_kind, summary=v_summary, quantities=v_quantities, items=v_items, status=v_status, event=v_event, evidence=v_evidence)
    return r


def structure_statement(o: Any, memo: dict[Any, Any]) -> Any:
    v_id: Any
    v_date: Any
    v_speaker: Any
    v_audience: Any
    v_text: Any
    v_mode: Any
    v_event: Any
    v_evidence: Any
    if type(o) is not dict:
        raise InvalidError
    n = 4
    x = o['id']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_id = x
    x = o.get('date', _MISSING)
    if x is _MISSING:
        v_date = None
    else:
        n += 1
        if x is None:
            v_date = None
        else:
            v_date = structure_date_span(x, memo)
    x = o.get('speaker', _MISSING)
    if x is _MISSING:
        v_speaker = None
    else:
        n += 1
        if x is None:
            v_speaker = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_speaker = x
    x = o.get('audience', _MISSING)
    if x is _MISSING:
        v_audience = ()
    else:
        n += 1
        if type(x) is not list:
            raise InvalidError
        for y in x:
            if type(y) is not str or not (y.isascii() or clean(y)):
                raise InvalidError
        v_audience = tuple(x)
    x = o['text']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_text = x
    x = o['mode']
    v_mode = _statement_mode_by_value.get(x) if type(x) is str else None
    if v_mode is None:
        raise InvalidError
    x = o.get('event', _MISSING)
    if x is _MISSING:
        v_event = None
    else:
        n += 1
        if x is None:
            v_event = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_event = x
    x = o['evidence']
    if type(x) is not list:
        raise InvalidError
    if len(x) == 1:
        v_evidence = (structure_evidence(x[0], memo),)
    elif len(x) == 2:
        v_evidence = (structure_evidence(x[0], memo), structure_evidence(x[1], memo))
    else:
        v_evidence = tuple([structure_evidence(y, memo) for y in x])
    if len(o) != n:
        raise InvalidError
    r = Statement(id=v_id, date=v_date, speaker=v_speaker, audience=v_audience, text=v_text, mode=v_mode, event=v_event, evidence=v_evidence)
    return r


def structure_figure(o: Any, memo: dict[Any, Any]) -> Any:
    v_id: Any
    v_date: Any
    v_metric: Any
    v_summary: Any
    v_quantity: Any
    v_subject: Any
    v_evidence: Any
    if type(o) is not dict:
        raise InvalidError
    n = 5
    x = o['id']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_id = x
    x = o.get('date', _MISSING)
    if x is _MISSING:
        v_date = None
    else:
        n += 1
        if x is None:
            v_date = None
        else:
            v_date = structure_date_span(x, memo)
    x = o['metric']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_metric = x
    x = o['summary']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_summary = x
    x = o['quantity']
    v_quantity = structure_quantity(x, memo)
    x = o.get('subject', _MISSING)
    if x is _MISSING:
        v_subject = None
    else:
        n += 1
        if x is None:
            v_subject = None
        else:
            if type(x) is not str or not (x.isascii() or clean(x)):
                raise InvalidError
            v_subject = x
    x = o['evidence']
    if type(x) is not list:
        raise InvalidError
    if len(x) == 1:
        v_evidence = (structure_evidence(x[0], memo),)
    elif len(x) == 2:
        v_evidence = (structure_evidence(x[0], memo), structure_evidence(x[1], memo))
    else:
        v_evidence = tuple([structure_evidence(y, memo) for y in x])
    if len(o) != n:
        raise InvalidError
    r = Figure(id=v_id, date=v_date, metric=v_metric, summary=v_summary, quantity=v_quantity, subject=v_subject, evidence=v_evidence)
    return r


def structure_sentence(o: Any, memo: dict[Any, Any]) -> Any:
    v_id: Any
    v_paragraph: Any
    v_start: Any
    v_end: Any
    v_role: Any
    if type(o) is not dict:
        raise InvalidError
    n = 5
    x = o['id']
    if type(x) is not str or not (x.isascii() or clean(x)):
        raise InvalidError
    v_id = x
    x = o['paragraph']
    if type(x) is not int:
        raise InvalidError
    v_paragraph = x
    x = o['start']
    if type(x) is not int:
        raise InvalidError
    v_start = x
    x = o['end']
    if type(x) is not int:
        raise InvalidError
    v_end = x
    x = o['role']
    v_role = _sentence_role_by_value.get(x) if type(x) is str else None
    if v_role is None:
        raise InvalidError
    if len(o) != n:
        raise InvalidError
    r = Sentence(id=v_id, paragraph=v_paragraph, start=v_start, end=v_end, role=v_role)
    return r


#: The function of each class.
STRUCTURERS: dict[type[Any], Callable[[Any, dict[Any, Any]], Any]] = {
    AidRecord: structure_aid_record,
    DateSpan: structure_date_span,
    Entity: structure_entity,
    Event: structure_event,
    Evidence: structure_evidence,
    Figure: structure_figure,
    Quantity: structure_quantity,
    Sentence: structure_sentence,
    Source: structure_source,
    Statement: structure_statement,
}
