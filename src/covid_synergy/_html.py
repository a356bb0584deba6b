"""The annotated article: the whole text as one self-contained HTML page, every record marked where it stands.

:func:`page` renders ``index.html``:

* every paragraph of :attr:`Source.text <covid_synergy.Source.text>`, in
  order (first line of the captured page and image file names included,
  labelled as such and de-emphasized), each sentence a ``<span>`` with the
  id ``s:<sentence id>``, marked by the kinds of the records citing it
  (:meth:`Dataset.citing <covid_synergy.Dataset.citing>`): the background
  the first kind, in the order of the collections, and its lower band the
  second; a fact or claim sentence that no record cites gets a colour of
  its own;
* every quoted stretch of text a ``<span class="q">`` holding its
  ``data-start`` and ``data-end`` offsets, and at the start of each record's
  first quote (in the order of the text) an empty element whose id is the
  record's id, so ``index.html#<record-id>`` lands there with or without
  JavaScript;
* every record, under the paragraph of its first quote, as HTML: kind,
  date with its precision, actors, quantities with their bounds, the exact
  quotes;
* the data the script needs, as JSON: for each record its collection,
  kind, months, the entities it counts for
  (:meth:`Entities.counts_for <covid_synergy.Entities.counts_for>`, the rule
  of every entity query) and its quote spans; for each sentence the records
  citing it.

The inline script adds the interactions: selecting a sentence lists its
records, a record's anchor highlights all its quotes, and the filters (an
entity, a kind, a month) narrow the marks. Ids that are not records' have a
colon (``p:14``, ``s:p14-s2``, ``cs:panel``), which no record id can have.
Every piece of text is escaped; the page loads nothing.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

from ._checks import placed
from ._dataset import Dataset
from ._dates import MONTH_NAMES, DateSpan, Precision
from ._entities import Entities
from ._layout import COLLECTION_OF, RECORD_COLLECTIONS
from ._model import (
    Entity,
    EntityKind,
    Figure,
    Record,
    Sentence,
    SentenceRole,
    Source,
    Statement,
    entity_refs,
    paragraph_spans,
)
from ._model import references as references_of
from ._recordset import kind_of

__all__ = ["HTML_FILE", "page"]

#: The file name of the page.
HTML_FILE: Final = "index.html"

#: The collections whose records mark sentences, in the order of their colours.
_ORDER: Final = tuple(c.name for c in RECORD_COLLECTIONS)
#: A paragraph that is an image's file name and nothing else.
_IMAGE_FILE: Final = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|svg)", re.IGNORECASE)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _collection(record: Record) -> str:
    return COLLECTION_OF[type(record)].name


def _noun(record: Record) -> str:
    return COLLECTION_OF[type(record)].noun


def _spans(record: Record) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in record.evidence if e.start is not None and e.end is not None]


# -- what the script reads --------------------------------------------------------


def _months(span: DateSpan | None) -> list[str]:
    """Every month ``span`` meets, as ``YYYY-MM``: the months ``RecordSet.on("YYYY-MM")`` finds it in."""
    if span is None:
        return []
    found = []
    year, month = span.start.year, span.start.month
    while (year, month) <= (span.end.year, span.end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)  # noqa: PLR2004 - December
    return found


def _counts_for(record: Record, entities: Entities) -> list[str]:
    """The entities a query finds ``record`` under: what each entity it names counts for."""
    found: set[str] = set()
    for ref in entity_refs(record):
        found |= entities.counts_for(ref)
    return sorted(found)


def _data(dataset: Dataset, records: Sequence[Record], citing: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "order": list(_ORDER),
        "records": {
            r.id: {
                "c": _collection(r),
                "k": kind_of(r),
                "m": _months(r.date),
                "e": _counts_for(r, dataset.entities),
                "q": [list(s) for s in _spans(r)],
            }
            for r in records
        },
        "sentences": citing,
    }


def _script_json(data: object) -> str:
    r"""JSON that cannot end its ``<script>`` element: every ``<`` written as ``\u003c``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


# -- records ------------------------------------------------------------------------


def _date(span: DateSpan | None) -> str:
    if span is None:
        return '<p class="date">undated</p>'
    if span.precision is Precision.MONTH:
        when = f"{span.start.year:04d}-{span.start.month:02d}"
    elif span.start == span.end:
        when = span.start.isoformat()
    else:
        when = f"{span.start.isoformat()} to {span.end.isoformat()}"
    precision = span.precision.value.replace("_", " ")
    phrase = "" if span.text is None else f" · “{_e(span.text)}”"
    return (
        f'<p class="date"><time datetime="{_e(span)}">{_e(when)}</time> '
        f'<span class="prec">({precision})</span>{phrase}</p>'
    )


def _name(entities: Entities, entity_id: str) -> str:
    entity = entities.get(entity_id)
    name = entity_id if entity is None else entity.name
    return f'<span class="ent" title="{_e(entity_id)}">{_e(name)}</span>'


def _facts(record: Record, entities: Entities) -> Iterator[tuple[str, str]]:
    """``(label, HTML)`` of each field worth showing: actors, events, quantities and the rest."""
    for ref in references_of(type(record)):
        value = getattr(record, ref.field)
        ids: Sequence[str] = value if ref.many else (() if value is None else (value,))
        if not ids:
            continue
        if ref.target == "event":
            shown = ", ".join(f'<a href="#{_e(i)}">{_e(i)}</a>' for i in ids)
        else:
            shown = ", ".join(_name(entities, i) for i in ids)
        yield ref.field, shown
    quantities = (record.quantity,) if isinstance(record, Figure) else getattr(record, "quantities", ())
    if quantities:
        yield "quantities", "; ".join(_e(q) for q in quantities)
    items = getattr(record, "items", ())
    if items:
        yield "items", ", ".join(_e(i) for i in items)
    status = getattr(record, "status", None)
    if status is not None:
        yield "status", _e(status.value.replace("_", " "))


def _card(record: Record, entities: Entities) -> str:
    """One record as HTML: what it is, when, who, how much, and its exact quotes."""
    words = kind_of(record).replace("_", " ")
    text = record.text if isinstance(record, Statement) else record.summary
    facts = "".join(f"<dt>{_e(label)}</dt><dd>{shown}</dd>" for label, shown in _facts(record, entities))
    quotes = "".join(
        f'<blockquote><p>{_e(e.quote)}</p></blockquote><p class="where"><a href="#p:{e.paragraph}">'
        f"paragraph {e.paragraph}</a>, characters {e.start} to {e.end}</p>"
        for e in record.evidence
    )
    return (
        f'<article class="rec k-{_collection(record)}" data-id="{_e(record.id)}">'
        f'<h3><span class="kind">{_e(_noun(record))} · {_e(words)}</span> '
        f'<a class="id" href="#{_e(record.id)}">{_e(record.id)}</a></h3>'
        f'{_date(record.date)}<p class="sum">{_e(text)}</p>'
        f"{f'<dl>{facts}</dl>' if facts else ''}{quotes}</article>"
    )


# -- the text -----------------------------------------------------------------------


def _marks(records: Iterable[Record]) -> list[str]:
    """The classes marking a sentence cited by ``records``: ``mk``, the first kind's and the second's."""
    kinds = sorted({_collection(r) for r in records}, key=_ORDER.index)
    if not kinds:
        return []
    return ["mk", f"m1-{kinds[0]}", f"m2-{kinds[1] if len(kinds) > 1 else kinds[0]}"]


def _title(records: Sequence[Record]) -> str:
    counts: dict[str, int] = {}
    for record in records:
        counts[_noun(record)] = counts.get(_noun(record), 0) + 1
    return ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for noun, n in counts.items())


class _Text:
    """Writes the paragraphs: sentences, quoted stretches and anchors, at their offsets."""

    def __init__(self, dataset: Dataset, records: Sequence[Record], text: str) -> None:
        self.text = text
        self.dataset = dataset
        self.citing = {s.id: list(dataset.citing(s)) for s in dataset.sentences}
        #: The quote spans of every record, and the records anchored at each offset.
        self.spans = sorted({s for r in records for s in _spans(r)})
        self.anchors: dict[int, list[str]] = {}
        #: The records shown under each paragraph: those whose first quote is in it.
        self.first: dict[int, list[Record]] = {}
        for record in records:
            first = min(record.evidence, key=lambda e: (e.start, e.end))
            assert first.start is not None  # noqa: S101 - page() checked every offset
            self.anchors.setdefault(first.start, []).append(record.id)
            self.first.setdefault(first.paragraph, []).append(record)

    def sentence_open(self, sentence: Sentence) -> str:
        cited = self.citing[sentence.id]
        classes = ["s", *_marks(cited)]
        if not cited and sentence.role is not SentenceRole.NONE:
            classes.append("uncited")
        attributes = f'class="{" ".join(classes)}" id="s:{_e(sentence.id)}"'
        if cited:
            attributes += f' data-s="{_e(sentence.id)}" tabindex="0" role="button" title="{_e(_title(cited))}"'
        return f"<span {attributes}>"

    def pieces(self, start: int, end: int, sentences: Sequence[Sentence]) -> str:
        """The paragraph from ``start`` to ``end``: its sentences, split where a quote starts or ends."""
        local = [(a, b) for a, b in self.spans if a < end and start < b]
        cuts = {start, end}
        for sentence in sentences:
            cuts |= {sentence.start, sentence.end}
        for a, b in local:
            cuts |= {a, b}
        cuts_sorted = sorted(c for c in cuts if start <= c <= end)
        out: list[str] = []
        inside: Sentence | None = None
        by_start = {s.start: s for s in sentences}
        for a, b in itertools.pairwise(cuts_sorted):
            if a in by_start:
                inside = by_start[a]
                out.append(self.sentence_open(inside))
            out.extend(f'<span class="anchor" id="{_e(i)}"></span>' for i in self.anchors.get(a, ()))
            piece = _e(self.text[a:b])
            if any(x < b and a < y for x, y in local):
                out.append(f'<span class="q" data-start="{a}" data-end="{b}">{piece}</span>')
            else:
                out.append(piece)
            if inside is not None and (b >= inside.end or b == end):
                out.append("</span>")
                inside = None
        return "".join(out)

    def paragraphs(self) -> Iterator[str]:
        by_paragraph: dict[int, list[Sentence]] = {}
        for sentence in self.dataset.sentences:
            by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
        entities = self.dataset.entities
        for number, (start, end) in enumerate(paragraph_spans(self.text), 1):
            sentences = by_paragraph.get(number, [])
            plain = all(s.role is SentenceRole.NONE for s in sentences)
            kind, tag = "", ""
            if plain and number == 1:
                kind, tag = " furniture", '<span class="tag">first line of the captured page</span>'
            elif plain and _IMAGE_FILE.fullmatch(self.text[start:end]):
                kind, tag = " furniture file", '<span class="tag">image file name</span>'
            elif plain:
                kind = " plain"
            records = self.first.get(number, [])
            listed = ""
            if records:
                noun = "record" if len(records) == 1 else "records"
                cards = "".join(_card(r, entities) for r in records)
                listed = (
                    f'<details class="records"><summary>{len(records)} {noun} first quoted here</summary>'
                    f"{cards}</details>"
                )
            yield (
                f'<section class="para{kind}" id="p:{number}"><a class="pn" href="#p:{number}" '
                f'title="paragraph {number}">{number}</a><p class="text">{self.pieces(start, end, sentences)}</p>'
                f"{tag}{listed}</section>"
            )


# -- the page -----------------------------------------------------------------------


def _options(dataset: Dataset, records: Sequence[Record], data: dict[str, Any]) -> tuple[str, str, str]:
    """The ``<option>`` lists of the entity, kind and month filters."""
    entities = dataset.entities
    counted: dict[str, int] = {}
    for entry in data["records"].values():
        for entity_id in entry["e"]:
            counted[entity_id] = counted.get(entity_id, 0) + 1
    groups: dict[EntityKind, list[Entity]] = {}
    for entity_id in counted:
        entity = entities[entity_id]
        groups.setdefault(entity.kind, []).append(entity)
    entity_options = "".join(
        f'<optgroup label="{_e(kind.value)}">'
        + "".join(
            f'<option value="{_e(e.id)}">{_e(e.name)} ({counted[e.id]})</option>'
            for e in sorted(groups[kind], key=lambda e: (e.name.casefold(), e.id))
        )
        + "</optgroup>"
        for kind in EntityKind
        if kind in groups
    )
    kind_options = []
    for collection in RECORD_COLLECTIONS:
        members = [r for r in records if isinstance(r, collection.record)]
        if not members:
            continue
        kinds: dict[str, int] = {}
        for record in members:
            kinds[kind_of(record)] = kinds.get(kind_of(record), 0) + 1
        kind_options.append(
            f'<optgroup label="{_e(collection.name)}"><option value="{collection.name}">'
            f"every {_e(collection.noun)} ({len(members)})</option>"
            + "".join(
                f'<option value="{collection.name}:{_e(k)}">{_e(k.replace("_", " "))} ({n})</option>'
                for k, n in sorted(kinds.items())
            )
            + "</optgroup>"
        )
    months: dict[str, int] = {}
    for entry in data["records"].values():
        for month in entry["m"]:
            months[month] = months.get(month, 0) + 1
    month_options = "".join(
        f'<option value="{m}">{MONTH_NAMES[int(m[5:]) - 1]} {m[:4]} ({n})</option>' for m, n in sorted(months.items())
    )
    undated = sum(1 for entry in data["records"].values() if not entry["m"])
    if undated:
        month_options += f'<option value="undated">undated ({undated})</option>'
    return entity_options, "".join(kind_options), month_options


def _header(source: Source, counts: str) -> str:
    authors = ", ".join(source.authors)
    licence = f"https://spdx.org/licenses/{source.license}.html"
    published = source.published.isoformat()
    return (
        f"<h1>{_e(source.title)}</h1>"
        f'<p class="meta">{_e(authors)} ({_e(source.publisher)}). {_e(source.edition)}, {_e(published)}: '
        f'<a href="{_e(source.url)}">{_e(source.url)}</a></p>'
        f'<p class="meta">Data version {_e(source.data_version)} · licence '
        f'<a href="{_e(licence)}">{_e(source.license)}</a> · {counts}</p>'
    )


_LEGEND: Final = (
    '<ul class="legend" aria-label="What the marks mean">'
    '<li><span class="sw m1-events"></span>event</li>'
    '<li><span class="sw m1-aid"></span>aid record</li>'
    '<li><span class="sw m1-statements"></span>statement</li>'
    '<li><span class="sw m1-figures"></span>figure</li>'
    '<li><span class="sw uncited"></span>fact or claim no record cites</li>'
    '<li><span class="sw hl"></span>the quotes of the chosen record</li>'
    "</ul>"
    '<p class="hint">A sentence cited by more than one kind of record shows the second in its lower band. '
    "Select a marked sentence (click, or Tab and Enter) to see its records; each record's link "
    "(<code>#record-id</code>) highlights all of its quotes.</p>"
)

_CSS: Final = """
:root{--events:#cfe0ff;--aid:#c6efd0;--statements:#ffe0b0;--figures:#ead8ff;--uncited:#ffb8b8;--hl:#ffe53d;
--ink:#1d1d1f;--muted:#6b6b70;--line:#d8d8de;--paper:#fff;color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:17px/1.6 Georgia,"Times New Roman",serif;color:var(--ink);background:var(--paper)}
header.top{padding:1rem;border-bottom:1px solid var(--line);background:#fafafa}
header.top h1{font-size:1.45rem;line-height:1.25;margin:0 0 .4rem}
.meta,.hint{font:14px/1.45 system-ui,sans-serif;color:var(--muted);margin:.2rem 0;overflow-wrap:anywhere}
a{color:#0b57d0}
.filters{font:14px/1.4 system-ui,sans-serif;display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:end;
padding:.5rem 1rem;background:#fafafa;border-bottom:1px solid var(--line)}
.filters label{display:flex;flex-direction:column;gap:.15rem;min-width:0;flex:1 1 9rem;max-width:18rem}
.filters select,.filters button{font:inherit;padding:.35rem;max-width:100%;min-height:2.3rem}
.filters[hidden]{display:none}
.filters output{flex:1 0 100%;color:var(--muted)}
.anchor{scroll-margin-top:1.5rem}
.legend{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.3rem .9rem;
font:13px/1.4 system-ui,sans-serif}
.sw{display:inline-block;width:1.1em;height:1em;vertical-align:-.15em;margin-right:.3em;border:1px solid #0002}
.layout{display:block}
main{max-width:46rem;margin:0 auto;padding:.5rem 1rem 50vh}
.para{position:relative;margin:0 0 1.1rem;padding-left:2.3rem}
.pn{position:absolute;left:0;top:.2rem;font:12px/1.4 system-ui,sans-serif;color:var(--muted);text-decoration:none}
.text{margin:0}
.plain .text{color:#444}
.furniture .text{font:13px/1.4 ui-monospace,monospace;color:var(--muted)}
.tag{font:12px/1.4 system-ui,sans-serif;color:var(--muted);border:1px solid var(--line);border-radius:3px;
padding:0 .3em}
.s{border-radius:2px}
.mk{cursor:pointer;background:linear-gradient(to bottom,var(--c1) 0 68%,var(--c2) 68%)}
.m1-events{--c1:var(--events)}.m1-aid{--c1:var(--aid)}.m1-statements{--c1:var(--statements)}.m1-figures{--c1:var(--figures)}
.m2-events{--c2:var(--events)}.m2-aid{--c2:var(--aid)}.m2-statements{--c2:var(--statements)}.m2-figures{--c2:var(--figures)}
.sw.m1-events,.sw.m1-aid,.sw.m1-statements,.sw.m1-figures{background:var(--c1)}
.mk.off{background:none;cursor:auto}
.uncited{background:var(--uncited);text-decoration:underline wavy #b00020}
.sw.uncited{text-decoration:none}
.q.hl,.sw.hl{background:var(--hl);box-shadow:0 0 0 2px #b38f00}
.sel{outline:2px solid var(--ink);outline-offset:1px}
.s:focus-visible,a:focus-visible,summary:focus-visible,button:focus-visible,select:focus-visible,
#cs\\:panel:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
details.records{margin:.4rem 0 0;font-size:15px}
details.records summary{font:13px/1.6 system-ui,sans-serif;color:var(--muted);cursor:pointer}
.rec{border:1px solid var(--line);border-left:5px solid var(--c1);border-radius:4px;padding:.5rem .7rem;
margin:.5rem 0;background:#fff;overflow-wrap:anywhere}
.rec.k-events{--c1:#5b8def}.rec.k-aid{--c1:#2f9e55}.rec.k-statements{--c1:#e08a00}.rec.k-figures{--c1:#8f57d8}
.rec h3{font:600 13px/1.4 system-ui,sans-serif;margin:0 0 .2rem;display:flex;flex-wrap:wrap;gap:.2rem .6rem}
.rec .kind{text-transform:uppercase;letter-spacing:.03em}
.rec .id{font-weight:400;color:var(--muted)}
.rec .date,.rec .where,.rec dl{font:13px/1.45 system-ui,sans-serif;margin:.2rem 0}
.rec .sum{margin:.3rem 0}
.rec dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .6rem}
.rec dt{color:var(--muted)}.rec dd{margin:0}
.rec blockquote{margin:.4rem 0 0;padding:.1rem .6rem;border-left:3px solid var(--line);font-style:italic}
.rec blockquote p{margin:0}
.rec.out{opacity:.55}
#cs\\:panel{position:fixed;left:0;right:0;bottom:0;max-height:48vh;overflow:auto;background:#fff;
border-top:2px solid var(--ink);padding:.5rem .8rem 1rem;box-shadow:0 -4px 16px #0002;z-index:2}
#cs\\:panel[hidden]{display:none}
.panel-head{display:flex;justify-content:space-between;align-items:center;gap:.5rem;position:sticky;top:-.5rem;
background:#fff;padding:.2rem 0}
.panel-head h2{font:600 15px/1.3 system-ui,sans-serif;margin:0;overflow-wrap:anywhere}
.panel-head button{font:20px/1 system-ui,sans-serif;min-width:2.5rem;min-height:2.5rem;background:none;
border:1px solid var(--line);border-radius:4px;cursor:pointer}
@media (min-width:1100px){
.layout{display:grid;grid-template-columns:minmax(0,1fr) 26rem;align-items:start}
main{margin:0 0 0 auto;padding-bottom:4rem;width:100%}
#cs\\:panel{position:sticky;top:0;max-height:100vh;border-top:0;border-left:2px solid var(--ink);box-shadow:none}
.anchor{scroll-margin-top:30vh}
}
@media print{#cs\\:panel,.filters{display:none}}
"""

_SCRIPT: Final = """
(function () {
  "use strict";
  var byId = function (id) { return document.getElementById(id); };
  var data = JSON.parse(byId("cs:data").textContent);
  var R = data.records, S = data.sentences, ORDER = data.order;
  var cards = {};
  document.querySelectorAll("article.rec[data-id]").forEach(function (c) { cards[c.getAttribute("data-id")] = c; });
  var quotes = Array.prototype.slice.call(document.querySelectorAll(".q"));
  var marked = Array.prototype.slice.call(document.querySelectorAll(".s[data-s]"));
  var panel = byId("cs:panel"), heading = byId("cs:panel-title"), list = byId("cs:panel-body");
  var form = byId("cs:filters"), status = byId("cs:status");
  var fields = {entity: byId("cs:entity"), kind: byId("cs:kind"), month: byId("cs:month")};
  var selected = null, total = Object.keys(R).length;

  function passes(r, f) {
    if (f.entity && r.e.indexOf(f.entity) < 0) return false;
    if (f.kind) {
      var cut = f.kind.indexOf(":");
      if (cut < 0 ? r.c !== f.kind : r.c !== f.kind.slice(0, cut) || r.k !== f.kind.slice(cut + 1)) return false;
    }
    if (f.month === "undated") return r.m.length === 0;
    return !f.month || r.m.indexOf(f.month) >= 0;
  }

  function mark() {
    var f = {entity: fields.entity.value, kind: fields.kind.value, month: fields.month.value};
    var matching = 0, lit = 0;
    Object.keys(R).forEach(function (id) { R[id].on = passes(R[id], f); if (R[id].on) matching++; });
    marked.forEach(function (el) {
      var kinds = [];
      S[el.getAttribute("data-s")].forEach(function (id) {
        if (R[id].on && kinds.indexOf(R[id].c) < 0) kinds.push(R[id].c);
      });
      kinds.sort(function (a, b) { return ORDER.indexOf(a) - ORDER.indexOf(b); });
      ORDER.forEach(function (c) { el.classList.remove("m1-" + c, "m2-" + c); });
      if (kinds.length) {
        el.classList.add("m1-" + kinds[0], "m2-" + (kinds[1] || kinds[0]));
        lit++;
      }
      el.classList.toggle("off", !kinds.length);
      el.tabIndex = kinds.length ? 0 : -1;
    });
    list.querySelectorAll("article.rec").forEach(function (c) {
      c.classList.toggle("out", !R[c.getAttribute("data-id")].on);
    });
    status.textContent = matching + " of " + total + " records match; " + lit + " sentences marked";
  }

  function show(title, ids, focus) {
    heading.textContent = title;
    list.textContent = "";
    ids.forEach(function (id) {
      var card = cards[id].cloneNode(true);
      card.classList.toggle("out", !R[id].on);
      list.appendChild(card);
    });
    panel.hidden = false;
    if (focus) panel.focus({preventScroll: true});
  }

  function select(el) {
    if (selected) selected.classList.remove("sel");
    selected = el;
    el.classList.add("sel");
    var ids = S[el.getAttribute("data-s")];
    var count = ids.length + (ids.length === 1 ? " record" : " records");
    show("Sentence " + el.getAttribute("data-s") + ": " + count, ids, true);
  }

  function close() {
    panel.hidden = true;
    if (selected) { selected.classList.remove("sel"); selected.focus(); selected = null; }
  }

  function highlight(id) {
    var r = R[id];
    quotes.forEach(function (q) {
      var a = +q.getAttribute("data-start"), b = +q.getAttribute("data-end");
      q.classList.toggle("hl", r.q.some(function (s) { return s[0] < b && a < s[1]; }));
    });
    byId(id).scrollIntoView({block: "start"});
    show("Record " + id, [id], false);
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (Object.prototype.hasOwnProperty.call(R, id)) highlight(id);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (link) {
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      if (location.hash.slice(1) === link.getAttribute("href").slice(1) && R[id]) highlight(id);
      return;
    }
    var el = event.target.closest(".s[data-s]");
    if (el && !el.classList.contains("off")) select(el);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { close(); return; }
    var el = event.target.closest && event.target.closest(".s[data-s]");
    if (el && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); select(el); }
  });
  byId("cs:close").addEventListener("click", close);
  form.addEventListener("change", mark);
  byId("cs:clear").addEventListener("click", function () {
    fields.entity.value = fields.kind.value = fields.month.value = "";
    mark();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", fromHash);
  form.hidden = false;
  mark();
  fromHash();
})();
"""


def page(dataset: Dataset) -> bytes:
    """Return ``index.html``: the annotated article, one self-contained page (see the module's docstring).

    A dataset without the article's text, its sentence map or the offsets
    of every quote (data version 1) raises :class:`~covid_synergy.DataError`
    saying what is missing.
    """
    text, records = placed(
        dataset,
        needs="the annotated article needs",
        why="the annotated article places every quote by its offsets",
        sentences=True,
    )
    writer = _Text(dataset, records, text)
    citing = {sid: [r.id for r in cited] for sid, cited in writer.citing.items() if cited}
    data = _data(dataset, records, citing)
    entity_options, kind_options, month_options = _options(dataset, records, data)
    cited_sentences = len(citing)
    counts = f"{len(records)} records citing {cited_sentences} of {len(dataset.sentences)} sentences"
    source = dataset.source
    body = "".join(writer.paragraphs())
    document = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(source.title)}: the annotated article</title>\n"
        '<link rel="icon" href="data:,">\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header class="top">{_header(source, counts)}{_LEGEND}'
        '<noscript><p class="hint">Without JavaScript each paragraph lists the records first quoted in it, '
        "and every record's link leads to its first quote; the filters and the highlighting need JavaScript."
        "</p></noscript></header>\n"
        '<form id="cs:filters" class="filters" hidden aria-label="Filter the marks">'
        f'<label>Entity <select id="cs:entity"><option value="">any</option>{entity_options}</select></label>'
        f'<label>Kind <select id="cs:kind"><option value="">any</option>{kind_options}</select></label>'
        f'<label>Month <select id="cs:month"><option value="">any</option>{month_options}</select></label>'
        '<button type="button" id="cs:clear">Clear filters</button>'
        '<output id="cs:status" aria-live="polite"></output></form>\n'
        f'<div class="layout"><main id="cs:article">{body}</main>\n'
        '<aside id="cs:panel" hidden tabindex="-1" aria-labelledby="cs:panel-title">'
        '<div class="panel-head"><h2 id="cs:panel-title"></h2>'
        '<button type="button" id="cs:close" aria-label="Close the records">&times;</button></div>'
        '<div id="cs:panel-body"></div></aside></div>\n'
        f'<script type="application/json" id="cs:data">{_script_json(data)}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
    return document.encode("utf-8")
