"""The annotated article: the whole text, every record in place, escaped, self-contained; then in a real browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import covid_synergy as cs
from covid_synergy import strategies
from covid_synergy._export import export, render
from covid_synergy._html import HTML_FILE, page
from covid_synergy._model import paragraph_spans
from covid_synergy._recordset import kind_of
from test_cli import run

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ORDER = ("events", "aid", "statements", "figures")
VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}


# -- reading the page without a browser ----------------------------------------


@attrs.define(eq=False)
class Node:
    """An element of the parsed page."""

    tag: str
    attributes: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = attrs.Factory(list)

    @property
    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attributes.get("class", "").split())

    def text(self) -> str:
        """All the text inside the element."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        """The element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find(self, tag: str | None = None, cls: str | None = None, **attributes: str) -> list[Node]:
        """The elements inside (and including) this one with this tag, class and attributes."""
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attributes.get(k.replace("_", "-")) == v for k, v in attributes.items())
        ]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_endtag(self, tag: str) -> None:
        assert tag == self.open.tag, f"</{tag}> closes <{self.open.tag}>"
        assert self.open.parent is not None
        self.open = self.open.parent

    def handle_data(self, data: str) -> None:
        self.open.children.append(data)


def parse(document: bytes) -> Node:
    """The page as a tree of elements; every element must be closed where it should be."""
    builder = _Builder()
    builder.feed(document.decode("utf-8"))
    builder.close()
    assert builder.open is builder.root, f"<{builder.open.tag}> is never closed"
    return builder.root


def page_data(root: Node) -> dict[str, Any]:
    """The JSON the script reads."""
    (script,) = root.find("script", id="cs:data")
    return dict(json.loads(script.text()))


def records(ds: cs.Dataset) -> list[cs.Record]:
    """Every record, in the order of the collections."""
    return [*ds.events, *ds.aid, *ds.statements, *ds.figures]


def first_quote(record: cs.Record) -> cs.Evidence:
    """The record's evidence that comes first in the text."""
    return min(record.evidence, key=lambda e: (e.start or 0, e.end or 0))


def collection_of(record: cs.Record) -> str:
    """The name of the record's collection."""
    return {cs.Event: "events", cs.AidRecord: "aid", cs.Statement: "statements", cs.Figure: "figures"}[type(record)]


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans joined where they touch or overlap, in order."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def rebuilt(
    ds: cs.Dataset,
    *,
    drop: set[str] = frozenset(),  # type: ignore[assignment]
    events: list[cs.Event] | None = None,
    figures: list[cs.Figure] | None = None,
    sentences: tuple[cs.Sentence, ...] | None = None,
    source: cs.Source | None = None,
) -> cs.Dataset:
    """The packaged dataset without the records in ``drop``, or with other events, figures, sentences or source."""
    return cs.Dataset.build(
        events=cs.RecordSet(
            [e for e in (ds.events if events is None else events) if e.id not in drop], entities=ds.entities
        ),
        aid=cs.AidSet([r for r in ds.aid if r.id not in drop], entities=ds.entities),
        statements=cs.StatementSet([r for r in ds.statements if r.id not in drop], entities=ds.entities),
        figures=cs.RecordSet(
            [r for r in (ds.figures if figures is None else figures) if r.id not in drop], entities=ds.entities
        ),
        sentences=ds.sentences if sentences is None else sentences,
        entities=ds.entities,
        source=ds.source if source is None else source,
    )


@pytest.fixture(scope="module")
def html_bytes(ds: cs.Dataset) -> bytes:
    """The packaged dataset's page."""
    return render(ds, "html")[HTML_FILE]


@pytest.fixture(scope="module")
def root(html_bytes: bytes) -> Node:
    """The packaged dataset's page, parsed."""
    return parse(html_bytes)


class TestSelfContained:
    """One file that loads nothing: inline style and script, links that are only links."""

    def test_nothing_is_loaded_from_elsewhere(self, ds: cs.Dataset, root: Node) -> None:
        """No element has a src, the only <link> is the empty data: icon, and the style imports nothing."""
        assert [] == [n.tag for n in root.iter() if "src" in n.attributes]
        assert [{"rel": "icon", "href": "data:,"}] == [n.attributes for n in root.find("link")]
        assert [] == [n.tag for n in root.iter() if n.tag in {"img", "iframe", "object", "embed", "video", "audio"}]
        (style,) = root.find("style")
        assert [] == [word for word in ("url(", "@import") if word in style.text()]
        licence = "https://spdx.org/licenses/CC-BY-4.0.html"
        outside = {n.attributes["href"] for n in root.find("a") if not n.attributes["href"].startswith("#")}
        assert {ds.source.url, licence} == outside

    def test_it_has_two_scripts_one_of_them_data(self, root: Node) -> None:
        """Exactly two <script> elements: the JSON data and the inline program."""
        assert [{"type": "application/json", "id": "cs:data"}, {}] == [n.attributes for n in root.find("script")]

    def test_the_header_states_source_version_and_licence(self, ds: cs.Dataset, root: Node) -> None:
        """The header names the article, its authors and URL, the data version and the licence."""
        (header,) = root.find("header")
        words = " ".join(header.text().split())
        assert "Forging Powerful Synergy for the Global Fight Against Covid-19" in words
        assert "Hao Weiwei, Zheng Han'gen, Shang Jing, Chen Shan (Xinhua News Agency)" in words
        assert "English Edition of Qiushi Journal, 2020-09-18: https://en.qstheory.cn/2020-09/18/c_537573.htm" in words
        assert "Data version 2.0.0 · licence CC-BY-4.0" in words
        assert f"{len(records(ds))} records citing" in words


class TestText:
    """Every line of the packaged text is on the page, exactly."""

    def test_every_paragraph_is_shown_verbatim_in_order(self, ds: cs.Dataset, root: Node) -> None:
        """The text of each paragraph element is the paragraph of Source.text, all 95 of them."""
        text = ds.source.text
        assert text is not None
        expected = [text[a:b] for a, b in paragraph_spans(text)]
        sections = root.find("section", cls="para")
        assert [f"p:{n}" for n in range(1, 96)] == [s.attributes["id"] for s in sections]
        assert expected == [s.find("p", cls="text")[0].text() for s in sections]

    def test_every_sentence_and_quoted_stretch_holds_its_offsets_text(self, ds: cs.Dataset, root: Node) -> None:
        """Each sentence span is text[start:end] of its sentence; each quoted stretch, of its data offsets."""
        text = ds.source.text
        assert text is not None
        spans = {n.attributes["id"]: n.text() for n in root.find("span", cls="s")}
        assert {f"s:{s.id}": text[s.start : s.end] for s in ds.sentences} == spans
        stretches = root.find("span", cls="q")
        offsets = [(int(q.attributes["data-start"]), int(q.attributes["data-end"])) for q in stretches]
        assert merged([(e.start or 0, e.end or 0) for r in records(ds) for e in r.evidence]) == merged(offsets)
        for q in stretches:
            assert text[int(q.attributes["data-start"]) : int(q.attributes["data-end"])] == q.text()

    def test_the_captured_pages_furniture_is_labelled(self, root: Node) -> None:
        """The first line and the three image file names are furniture, labelled; no other paragraph is."""
        furniture = {
            s.attributes["id"]: s.find("span", cls="tag")[0].text() for s in root.find("section", cls="furniture")
        }
        assert {
            "p:1": "first line of the captured page",
            "p:20": "image file name",
            "p:37": "image file name",
            "p:70": "image file name",
        } == furniture
        assert {"p:20", "p:37", "p:70"} == {s.attributes["id"] for s in root.find("section", cls="file")}


class TestRecords:
    """Every record is on the page as HTML, under its first quote's paragraph, with an anchor at that quote."""

    def test_each_record_has_one_anchor_at_its_first_quote(self, ds: cs.Dataset, root: Node) -> None:
        """The element with a record's id is followed by the quoted stretch where its first quote starts."""
        nodes = list(root.iter())
        for record in records(ds):
            (anchor,) = [n for n in nodes if n.attributes.get("id") == record.id]
            assert ({"anchor"}, "") == (anchor.classes, anchor.text())
            after = nodes[nodes.index(anchor) :]
            following = next(n for n in after if "q" in n.classes)
            assert first_quote(record).start == int(following.attributes["data-start"])

    def test_each_record_is_listed_once_under_its_first_quotes_paragraph(self, ds: cs.Dataset, root: Node) -> None:
        """Each record's card is in the <details> of the paragraph of its first quote, and nowhere else."""
        placed = {
            card.attributes["data-id"]: section.attributes["id"]
            for section in root.find("section", cls="para")
            for card in section.find("article", cls="rec")
        }
        assert {r.id: f"p:{first_quote(r).paragraph}" for r in records(ds)} == placed
        assert len(records(ds)) == len(root.find("article", cls="rec"))

    def test_a_card_shows_kind_date_actors_quantities_and_quotes(self, ds: cs.Dataset, root: Node) -> None:
        """The card of the Rome arrival gives what it is, when, who, how many and both exact quotes."""
        record = ds.get("2020-03-12-red-cross-team-arrives-rome")
        assert isinstance(record, cs.Event)
        (card,) = root.find("article", data_id=record.id)
        assert "event · arrival" == card.find("span", cls="kind")[0].text()
        assert "2020-03-12 (day)" == card.find("p", cls="date")[0].text()
        facts = dict(zip((n.text() for n in card.find("dt")), (n.text() for n in card.find("dd")), strict=True))
        assert {
            "participants": "Red Cross Society of China, China, Italy",
            "location": "Rome",
            "quantities": "9 person; 31 tonne",
        } == facts
        assert [e.quote for e in record.evidence] == [n.text() for n in card.find("blockquote")]
        assert record.summary == card.find("p", cls="sum")[0].text()

    def test_bounds_precision_phrases_and_events_are_shown(self, ds: cs.Dataset, root: Node) -> None:
        """A bound reads "at least", an imprecise date names its precision and phrase, an event reference links it."""
        cards = {c.attributes["data-id"]: c for c in root.find("article", cls="rec")}
        bounded = next(r for r in ds.figures if r.quantity.bound is cs.Bound.AT_LEAST)
        assert str(bounded.quantity) in cards[bounded.id].text()
        assert str(bounded.quantity).startswith("at least ")
        approximate = next(
            r for r in records(ds) if r.date is not None and r.date.precision is cs.Precision.APPROXIMATE
        )
        assert approximate.date is not None
        assert "(approximate)" in cards[approximate.id].find("p", cls="date")[0].text()
        if approximate.date.text is not None:
            assert f"“{approximate.date.text}”" in cards[approximate.id].find("p", cls="date")[0].text()
        linked = next(r for r in ds.aid if r.event is not None)
        assert f"#{linked.event}" in {a.attributes["href"] for a in cards[linked.id].find("a")}
        assert "undated" in cards[next(r.id for r in records(ds) if r.date is None)].find("p", cls="date")[0].text()

    def test_the_marks_are_the_kinds_citing_each_sentence(self, ds: cs.Dataset, root: Node) -> None:
        """A cited sentence is marked by its first kind and its second (or the first again); others are not."""
        by_id = {n.attributes["id"]: n for n in root.find("span", cls="s")}
        for sentence in ds.sentences:
            span = by_id[f"s:{sentence.id}"]
            kinds = sorted({collection_of(r) for r in ds.citing(sentence)}, key=ORDER.index)
            if kinds:
                second = kinds[1] if len(kinds) > 1 else kinds[0]
                assert {"s", "mk", f"m1-{kinds[0]}", f"m2-{second}"} == span.classes, sentence.id
                assert ("0", sentence.id) == (span.attributes["tabindex"], span.attributes["data-s"])
            else:
                assert {"s"} == span.classes, sentence.id
                assert "data-s" not in span.attributes

    def test_an_uncited_fact_has_a_colour_of_its_own(self, ds: cs.Dataset) -> None:
        """With the records citing a fact sentence taken away, that sentence is marked uncited; none is now."""
        sentence = next(s for s in ds.sentences if s.role is cs.SentenceRole.FACT)
        dataset = rebuilt(ds, drop={r.id for r in ds.citing(sentence)})
        root = parse(page(dataset))
        assert {"s", "uncited"} == root.find("span", id=f"s:{sentence.id}")[0].classes
        assert [] == [n for n in parse(page(ds)).find("span", cls="s") if "uncited" in n.classes]


class TestScriptData:
    """What the script reads gives the same answers as the Python queries."""

    def test_entities_count_as_the_queries_count_them(self, ds: cs.Dataset, root: Node) -> None:
        """For every entity, the records listing it are those involving() finds, regions and affiliations included."""
        data = page_data(root)["records"]
        for entity_id in ds.entities:
            expected = {r.id for c in (ds.events, ds.aid, ds.statements, ds.figures) for r in c.involving(entity_id)}
            assert expected == {rid for rid, r in data.items() if entity_id in r["e"]}, entity_id

    def test_months_are_those_on_finds(self, ds: cs.Dataset, root: Node) -> None:
        """For every month, the records listing it are those timeline().on(month) finds; undated ones list none."""
        data = page_data(root)["records"]
        months = {m for r in data.values() for m in r["m"]}
        assert {"2020-01", "2020-06"} <= months
        for month in sorted(months):
            assert {r.id for r in ds.timeline().on(month)} == {rid for rid, r in data.items() if month in r["m"]}
        assert {r.id for r in records(ds) if r.date is None} == {rid for rid, r in data.items() if not r["m"]}

    def test_kinds_quotes_and_sentences(self, ds: cs.Dataset, root: Node) -> None:
        """Each record's collection, kind and quote spans; each sentence's records, as citing() orders them."""
        data = page_data(root)
        assert list(ORDER) == data["order"]
        assert {
            r.id: {"c": collection_of(r), "k": kind_of(r), "q": [[e.start, e.end] for e in r.evidence]}
            for r in records(ds)
        } == {rid: {k: v for k, v in r.items() if k in "ckq"} for rid, r in data["records"].items()}
        cited = {s.id: [r.id for r in ds.citing(s)] for s in ds.sentences}
        assert {k: v for k, v in cited.items() if v} == data["sentences"]

    def test_the_filters_offer_what_the_data_holds(self, root: Node) -> None:
        """The entity filter lists every entity a record counts for; the kind and month filters each kind and month."""
        data = page_data(root)["records"]

        def values(select_id: str) -> list[str]:
            (select,) = root.find("select", id=select_id)
            return [o.attributes["value"] for o in select.find("option")]

        assert sorted({e for r in data.values() for e in r["e"]}) == sorted(values("cs:entity")[1:])
        assert "" == values("cs:entity")[0]
        kinds = [f"{c}:{k}" for c in ORDER for k in sorted({r["k"] for r in data.values() if r["c"] == c})]
        assert ["", *ORDER] == [v for v in values("cs:kind") if ":" not in v]
        assert kinds == [v for v in values("cs:kind") if ":" in v]
        assert ["", *sorted({m for r in data.values() for m in r["m"]}), "undated"] == values("cs:month")


HOSTILE = '</script><script>alert("x")</script> & <b>bold</b> "quoted" \'single\' </style>'


class TestEscaping:
    """Every piece of text is escaped: what a record says is what the page shows."""

    def test_hostile_text_stays_text(self, ds: cs.Dataset) -> None:
        """Markup in a summary and in a figure's metric (which the script's data holds) stays those characters."""
        record, figure = ds.events[0], ds.figures[0]
        dataset = rebuilt(
            ds,
            events=[attrs.evolve(record, summary=HOSTILE), *ds.events[1:]],
            figures=[attrs.evolve(figure, metric=HOSTILE), *ds.figures[1:]],
        )
        root = parse(page(dataset))
        (card,) = root.find("article", data_id=record.id)
        assert HOSTILE == card.find("p", cls="sum")[0].text()
        assert 2 == len(root.find("script"))
        assert HOSTILE == page_data(root)["records"][figure.id]["k"]
        assert f"figures:{HOSTILE}" in [o.attributes["value"] for o in root.find("option")]

    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(strategies.datasets(with_text=True, max_records=5))
    def test_any_dataset_with_a_text_renders_exactly(self, dataset: cs.Dataset) -> None:
        """For generated data, the page parses, shows every paragraph and summary verbatim and lists every record."""
        text = dataset.source.text
        assert text is not None
        root = parse(page(dataset))
        assert [text[a:b] for a, b in paragraph_spans(text)] == [p.text() for p in root.find("p", cls="text")]
        cards = {c.attributes["data-id"]: c for c in root.find("article", cls="rec")}
        for record in records(dataset):
            words = record.text if isinstance(record, cs.Statement) else record.summary
            assert words == cards[record.id].find("p", cls="sum")[0].text()
            assert [e.quote for e in record.evidence] == [b.text() for b in cards[record.id].find("blockquote")]
        assert {r.id for r in records(dataset)} == set(page_data(root)["records"])
        assert dataset.source.title == root.find("h1")[0].text()


class TestRefusals:
    """A dataset that lacks what the page shows is refused, saying what is missing."""

    def test_data_without_a_text_is_refused(self, ds: cs.Dataset) -> None:
        """No text (data version 1): a DataError naming article.txt."""
        with pytest.raises(cs.DataError, match=r"article\.txt: \$: the annotated article needs the article's text"):
            page(rebuilt(ds, source=attrs.evolve(ds.source, text_sha256="0" * 64)))

    def test_data_without_a_sentence_map_is_refused(self, ds: cs.Dataset) -> None:
        """A text but no sentences: a DataError naming sentences.json."""
        with pytest.raises(cs.DataError, match=r"sentences\.json: \$: the annotated article needs the sentence map"):
            page(rebuilt(ds, sentences=()))

    def test_a_quote_without_offsets_is_refused(self, ds: cs.Dataset) -> None:
        """A record whose evidence has no offsets is named, with the JSON path of that evidence."""
        record = ds.events[0]
        bare = attrs.evolve(record, evidence=(cs.Evidence(paragraph=1, quote="Nav"),))
        with pytest.raises(cs.DataError) as raised:
            page(rebuilt(ds, events=[bare, *ds.events[1:]]))
        assert [("events.json", repr(record.id), "$.evidence[0]")] == [
            (p.file, p.record, p.path) for p in raised.value.problems
        ]


class TestExport:
    """export() and the command line write index.html."""

    def test_the_command_line_writes_the_page(self, html_bytes: bytes, tmp_path: Path) -> None:
        """`export --format html OUT` writes OUT/index.html, the bytes export() renders."""
        result = run("export", "--format", "html", tmp_path)
        assert (0, f"{tmp_path / HTML_FILE}\n") == (result.returncode, result.stdout)
        assert html_bytes == (tmp_path / HTML_FILE).read_bytes()

    def test_export_writes_one_file(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """export(format="html") writes index.html and nothing else."""
        assert [tmp_path / "index.html"] == export(ds, tmp_path, format="html")


# -- in a real browser ------------------------------------------------------------

#: Debian's Chromium; Playwright drives it and never downloads a browser of its own.
CHROMIUM = os.environ.get("COVID_SYNERGY_CHROMIUM", "/usr/bin/chromium")
#: The flags without which Chromium reaches for the network on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The longest any one wait may take, in milliseconds.
WAIT_MS = 10_000


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and keeps quiet about it."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the name the base class uses
        """Say nothing."""


@pytest.fixture(scope="module")
def exported(html_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the exported page."""
    folder = tmp_path_factory.mktemp("html")
    (folder / HTML_FILE).write_bytes(html_bytes)
    return folder


@pytest.fixture(scope="module")
def served(exported: Path) -> Iterator[str]:
    """The page's URL on a server on 127.0.0.1, started here and stopped afterwards."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(exported)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{HTML_FILE}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, with a fresh profile; skipped, saying why, where there is none."""
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra's playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield launched
        finally:
            launched.close()


@attrs.define
class Tab:
    """A page in its own browser context, with every request it made and every script error."""

    page: Page
    allowed: str
    requests: list[str] = attrs.Factory(list)
    errors: list[str] = attrs.Factory(list)

    def open(self, fragment: str = "") -> None:
        """Load the page, with ``#fragment`` if given."""
        self.page.goto(self.allowed + (f"#{fragment}" if fragment else ""), wait_until="load")

    @property
    def foreign(self) -> list[str]:
        """The requests for anything but the page itself."""
        return [url for url in self.requests if url.split("#")[0] != self.allowed]


@contextlib.contextmanager
def opened(browser: Browser, served: str, *, width: int = 1280, javascript: bool = True) -> Iterator[Tab]:
    """The served page in a fresh context: any request but the page's own is refused and fails the test."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    context.set_default_timeout(WAIT_MS)
    view = Tab(context.new_page(), served)

    def route(route: Any) -> None:
        url = route.request.url
        view.requests.append(url)
        if url.split("#")[0] == served:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    view.page.on("pageerror", lambda error: view.errors.append(str(error)))
    try:
        yield view
        assert [] == view.foreign, "the page made requests"
        assert [] == view.errors, "the page's script failed"
    finally:
        context.close()


@pytest.fixture
def tab(browser: Browser, served: str) -> Iterator[Tab]:
    """The served page at 1280 by 900 px, in a fresh context that refuses every other request."""
    with opened(browser, served) as view:
        yield view


#: Every record id's highlighted stretches, the anchor's place and the panel, as the page gives them.
VISIT_EACH = """
async (ids) => {
  const seen = {};
  for (const id of ids) {
    await new Promise((done) => { addEventListener("hashchange", done, {once: true}); location.hash = id; });
    const box = document.getElementById(id).getBoundingClientRect();
    seen[id] = {
      lit: [...document.querySelectorAll(".q.hl")].map((q) => [+q.dataset.start, +q.dataset.end, q.textContent]),
      visible: box.top >= 0 && box.bottom <= innerHeight,
      panel: [...document.querySelectorAll("#cs\\\\:panel-body article")].map((c) => c.dataset.id),
    };
  }
  return seen;
}
"""

#: Every cited sentence's records as the panel lists them after a click.
SELECT_EACH = """
() => Object.fromEntries([...document.querySelectorAll(".s[data-s]")].map((el) => {
  el.click();
  return [el.dataset.s, [...document.querySelectorAll("#cs\\\\:panel-body article")].map((c) => c.dataset.id)];
}))
"""

#: For each value of a filter, the sentences left marked.
FILTER_EACH = """
([id, values]) => {
  const select = document.getElementById(id), found = {};
  for (const value of values) {
    select.value = value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
    found[value] = [...document.querySelectorAll(".s.mk:not(.off)")].map((el) => el.dataset.s);
  }
  select.value = "";
  select.dispatchEvent(new Event("change", {bubbles: true}));
  return found;
}
"""

MARKED = "() => [...document.querySelectorAll('.s.mk:not(.off)')].map((el) => el.dataset.s)"


def tab_to_sentence(view: Page) -> str:
    """Press Tab until a marked sentence has the focus (40 presses at most); its id."""
    for _ in range(40):
        view.keyboard.press("Tab")
        focused = str(view.evaluate("() => document.activeElement.dataset.s || ''"))
        if focused:
            return focused
    return pytest.fail("40 presses of Tab reached no marked sentence")


def sentences_of_all(ds: cs.Dataset, chosen: list[cs.Record]) -> set[str]:
    """The sentences the records cite."""
    return {s.id for r in chosen for s in ds.sentences_of(r)}


@pytest.mark.slow
@pytest.mark.browser
class TestInBrowser:
    """Headless Chromium loads the exported page: anchors, selection, filters, keyboard, widths, no network."""

    def test_every_anchor_highlights_exactly_its_quotes(self, ds: cs.Dataset, tab: Tab) -> None:
        """index.html#<id> scrolls the first quote into view, highlights all its quotes and nothing else."""
        text = ds.source.text
        assert text is not None
        tab.open()
        seen = tab.page.evaluate(VISIT_EACH, [r.id for r in records(ds)])
        for record in records(ds):
            got = seen[record.id]
            spans = [(e.start or 0, e.end or 0) for e in record.evidence]
            assert merged(spans) == merged([(a, b) for a, b, _ in got["lit"]]), record.id
            assert all(text[a:b] == shown for a, b, shown in got["lit"]), record.id
            assert (True, [record.id]) == (got["visible"], got["panel"]), record.id

    def test_an_anchor_in_the_address_works_on_loading(self, ds: cs.Dataset, tab: Tab) -> None:
        """Opening the page at a record's anchor highlights its quotes and shows its quote on screen."""
        record = ds.get("2020-03-12-red-cross-team-arrives-rome")
        assert isinstance(record, cs.Event)
        tab.open(record.id)
        lit = tab.page.evaluate("() => [...document.querySelectorAll('.q.hl')].map((q) => q.textContent).join('|')")
        assert "|".join(e.quote for e in record.evidence) == lit
        box = tab.page.locator(f'[id="{record.id}"]').bounding_box()
        assert box is not None
        assert 0 <= box["y"] <= 900

    def test_selecting_a_sentence_lists_the_records_citing_it(self, ds: cs.Dataset, tab: Tab) -> None:
        """A click on each marked sentence lists in the panel exactly the records Dataset.citing gives, in order."""
        tab.open()
        tab.page.locator('[id="s:p14-s2"]').click()
        panel = tab.page.locator('[id="cs:panel"]')
        assert panel.is_visible()
        assert "Sentence p14-s2: 3 records" == tab.page.locator('[id="cs:panel-title"]').inner_text()
        listed = tab.page.evaluate(SELECT_EACH)
        expected = {s.id: [r.id for r in ds.citing(s)] for s in ds.sentences}
        assert {k: v for k, v in expected.items() if v} == listed

    def test_the_keyboard_reaches_selects_and_closes(self, ds: cs.Dataset, tab: Tab) -> None:
        """Tab reaches the first marked sentence, Enter lists its records, Escape closes and returns the focus."""
        tab.open()
        cited = [s.id for s in ds.sentences if len(ds.citing(s))]
        first = ds.sentences[[s.id for s in ds.sentences].index(cited[0])]
        assert first.id == tab_to_sentence(tab.page)
        tab.page.keyboard.press("Enter")
        assert tab.page.locator('[id="cs:panel"]').is_visible()
        assert [r.id for r in ds.citing(first)] == tab.page.evaluate(
            "() => [...document.querySelectorAll('#cs\\\\:panel-body article')].map((c) => c.dataset.id)"
        )
        tab.page.keyboard.press("Escape")
        assert tab.page.locator('[id="cs:panel"]').is_hidden()
        assert first.id == tab.page.evaluate("() => document.activeElement.dataset.s")
        assert cited[1] == tab_to_sentence(tab.page)
        tab.page.keyboard.press(" ")
        assert f"Sentence {cited[1]}:" in tab.page.locator('[id="cs:panel-title"]').inner_text()

    def test_the_entity_filter_narrows_the_marks_as_involving_does(self, ds: cs.Dataset, tab: Tab) -> None:
        """For every entity, the marked sentences are those cited by the records involving() finds."""
        tab.open()
        options = tab.page.evaluate(
            "() => [...document.querySelectorAll('[id=\"cs:entity\"] option')].map((o) => o.value)"
        )
        found = tab.page.evaluate(FILTER_EACH, ["cs:entity", options[1:]])
        for entity_id in options[1:]:
            chosen = [r for c in (ds.events, ds.aid, ds.statements, ds.figures) for r in c.involving(entity_id)]
            assert sentences_of_all(ds, chosen) == set(found[entity_id]), entity_id
        assert len(found["africa"]) > len(found["ethiopia"]) > 0

    def test_the_kind_and_month_filters_narrow_the_marks(self, ds: cs.Dataset, tab: Tab) -> None:
        """Each kind marks what of_kind() finds, each month what on() finds; filters combine; Clear restores all."""
        tab.open()
        everything = set(tab.page.evaluate(MARKED))
        assert {s.id for s in ds.sentences if len(ds.citing(s))} == everything
        collections: dict[str, cs.RecordSet[Any]] = {
            "events": ds.events,
            "aid": ds.aid,
            "statements": ds.statements,
            "figures": ds.figures,
        }
        kinds = tab.page.evaluate("() => [...document.querySelectorAll('[id=\"cs:kind\"] option')].map((o) => o.value)")
        found = tab.page.evaluate(FILTER_EACH, ["cs:kind", kinds[1:]])
        for value in kinds[1:]:
            name, _, kind = value.partition(":")
            chosen = [r for r in collections[name] if not kind or kind_of(r) == kind]
            assert sentences_of_all(ds, chosen) == set(found[value]), value
        months = tab.page.evaluate(
            "() => [...document.querySelectorAll('[id=\"cs:month\"] option')].map((o) => o.value)"
        )
        found = tab.page.evaluate(FILTER_EACH, ["cs:month", months[1:]])
        for month in months[1:-1]:
            assert sentences_of_all(ds, list(ds.timeline().on(month))) == set(found[month]), month
        assert sentences_of_all(ds, [r for r in records(ds) if r.date is None]) == set(found["undated"])
        tab.page.select_option('[id="cs:entity"]', "france")
        tab.page.select_option('[id="cs:kind"]', "events:call")
        tab.page.select_option('[id="cs:month"]', "2020-03")
        calls = ds.events.involving("france").of_kind("call").on("2020-03")
        assert sentences_of_all(ds, list(calls)) == set(tab.page.evaluate(MARKED))
        status = tab.page.locator('[id="cs:status"]').inner_text()
        assert status.startswith(f"{len(calls)} of {len(records(ds))} records match")
        tab.page.locator('[id="cs:clear"]').click()
        assert everything == set(tab.page.evaluate(MARKED))

    def test_it_opens_from_a_file_url_and_asks_for_nothing(self, browser: Browser, exported: Path) -> None:
        """Opened from file://, used (a sentence, a filter, an anchor), the page requests nothing but itself."""
        context = browser.new_context()
        context.set_default_timeout(WAIT_MS)
        try:
            view = context.new_page()
            requested: list[str] = []
            view.on("request", lambda r: requested.append(r.url))
            address = (exported / HTML_FILE).as_uri()
            view.goto(address)
            view.locator('[id="s:p14-s2"]').click()
            view.select_option('[id="cs:entity"]', "italy")
            view.goto(f"{address}#2020-03-12-red-cross-team-arrives-rome")
            assert 2 == view.locator(".q.hl").count()
            assert {address} == {u.split("#")[0] for u in requested}
        finally:
            context.close()

    def test_without_javascript_every_record_is_readable(self, ds: cs.Dataset, browser: Browser, served: str) -> None:
        """With scripts off, every record is on the page, the filters are hidden and an anchor reaches its quote."""
        with opened(browser, served, javascript=False) as view:
            view.open("2020-03-12-red-cross-team-arrives-rome")
            assert len(records(ds)) == view.page.locator("article.rec").count()
            assert view.page.locator('[id="cs:filters"]').is_hidden()
            box = view.page.locator('[id="2020-03-12-red-cross-team-arrives-rome"]').bounding_box()
            assert box is not None
            assert 0 <= box["y"] <= 900
            view.page.locator('[id="p:34"] summary').click()
            assert view.page.locator('article[data-id="2020-03-12-red-cross-team-arrives-rome"]').is_visible()

    @pytest.mark.parametrize("width", [390, 1280])
    def test_it_fits_the_screen(self, width: int, browser: Browser, served: str, tmp_path: Path) -> None:
        """At phone and desktop widths nothing runs off the side, the panel fits, and a screenshot is written."""
        with opened(browser, served, width=width) as tab:
            view = tab.page
            tab.open("2020-03-23-medical-team-arrives-phnom-penh")
            view.locator('[id="s:p14-s2"]').click()
            sizes = view.evaluate(
                "() => [document.documentElement.scrollWidth, innerWidth,"
                " document.getElementById('cs:panel').getBoundingClientRect().right,"
                " document.getElementById('cs:entity').getBoundingClientRect().right]"
            )
            assert sizes[0] == sizes[1] == width
            assert sizes[2] <= width
            assert sizes[3] <= width
            shot = tmp_path / f"annotated-{width}px.png"
            view.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 0
            print(f"screenshot at {width} px: {shot}")  # noqa: T201 - where to look
