"""The W3C Web Annotations: one per evidence, selectors that resolve, JSON-LD that round-trips offline."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from pyld import jsonld

import covid_synergy as cs
from covid_synergy import strategies
from covid_synergy._annotations import ANNOTATIONS_FILE, CONTEXT, collection, quote_selector, text_iri
from covid_synergy._compat import files
from covid_synergy._export import export, render
from test_cli import run

PACKAGED = files("covid_synergy").joinpath("data")
#: The W3C's context document, kept beside the tests so that nothing is fetched.
W3C_CONTEXT = json.loads(Path(__file__).with_name("w3c").joinpath("anno.jsonld").read_text(encoding="utf-8"))
OA = "http://www.w3.org/ns/oa#"


def offline(url: str, _options: object = None) -> dict[str, Any]:
    """A JSON-LD document loader that knows the W3C context and refuses everything else."""
    if url != CONTEXT:
        pytest.fail(f"the JSON-LD processor tried to fetch {url}")
    return {"contextUrl": None, "documentUrl": url, "document": W3C_CONTEXT}


@pytest.fixture(scope="module", name="annotations")
def packaged_annotations(ds: cs.Dataset) -> dict[str, Any]:
    """The packaged dataset's collection, read back from the exported file."""
    return dict(json.loads(render(ds, "annotations")[ANNOTATIONS_FILE]))


def items(annotations: dict[str, Any]) -> list[dict[str, Any]]:
    """The annotations of a collection's one page."""
    return list(annotations["first"]["items"])


def selectors(annotation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An annotation's selectors, by type."""
    return {s["type"]: s for s in annotation["target"]["selector"]}


def body(annotation: dict[str, Any], purpose: str, fmt: str | None = None) -> str:
    """The value of the one body with this purpose (and format)."""
    (found,) = [b["value"] for b in annotation["body"] if b["purpose"] == purpose and b.get("format") == fmt]
    return str(found)


def where(text: str, needle: str) -> list[int]:
    """Every offset at which ``needle`` occurs in ``text``, overlapping occurrences included."""
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def records(ds: cs.Dataset) -> list[cs.Record]:
    """Every record, in the order of the collections."""
    return [*ds.events, *ds.aid, *ds.statements, *ds.figures]


def rebuilt(ds: cs.Dataset, *, events: list[cs.Event] | None = None, source: cs.Source | None = None) -> cs.Dataset:
    """The packaged dataset with other events or another source."""
    return cs.Dataset.build(
        events=ds.events if events is None else cs.RecordSet(events, entities=ds.entities),
        aid=ds.aid,
        statements=ds.statements,
        figures=ds.figures,
        sentences=ds.sentences,
        entities=ds.entities,
        source=ds.source if source is None else source,
    )


class TestCollection:
    """One Annotation per piece of evidence, in one AnnotationCollection."""

    def test_one_annotation_per_evidence_in_record_order(self, ds: cs.Dataset, annotations: dict[str, Any]) -> None:
        """The items are the evidence of every record, in order, and the total counts them."""
        expected = [(r.id, e.start, e.end) for r in records(ds) for e in r.evidence]
        assert expected == [
            (
                body(a, "identifying"),
                selectors(a)["TextPositionSelector"]["start"],
                selectors(a)["TextPositionSelector"]["end"],
            )
            for a in items(annotations)
        ]
        assert len(expected) == annotations["total"]
        assert ("AnnotationCollection", "AnnotationPage", 0) == (
            annotations["type"],
            annotations["first"]["type"],
            annotations["first"]["startIndex"],
        )
        assert {"Annotation"} == {a["type"] for a in items(annotations)}

    def test_the_context_is_the_w3c_one_named(self, annotations: dict[str, Any]) -> None:
        """The context is named by the W3C's URL, not copied into the file."""
        assert "http://www.w3.org/ns/anno.jsonld" == annotations["@context"]

    def test_ids_are_distinct_stable_uuid_urns(self, ds: cs.Dataset, annotations: dict[str, Any]) -> None:
        """Every id is a urn:uuid, all differ, and a second export gives the same bytes."""
        ids = [annotations["id"], annotations["first"]["id"], *(a["id"] for a in items(annotations))]
        assert len(ids) == len(set(ids))
        assert all(str(uuid.UUID(i.removeprefix("urn:uuid:"))) == i.removeprefix("urn:uuid:") for i in ids)
        assert {i.startswith("urn:uuid:") for i in ids} == {True}
        assert render(ds, "annotations") == render(ds, "annotations")

    def test_the_ids_name_the_record_and_the_evidence(self, ds: cs.Dataset, annotations: dict[str, Any]) -> None:
        """An annotation's id is the version-5 UUID of "<record id>/evidence/<n>" in the text's namespace."""
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, text_iri(ds.source.text_sha256))
        first = ds.get("2020-03-12-red-cross-team-arrives-rome")
        assert isinstance(first, cs.Event)
        wanted = {f"urn:uuid:{uuid.uuid5(namespace, f'{first.id}/evidence/{n}')}" for n in (1, 2)}
        assert wanted == {a["id"] for a in items(annotations) if body(a, "identifying") == first.id}

    def test_the_licence_is_the_datas(self, annotations: dict[str, Any]) -> None:
        """Each annotation's rights are the data's licence, CC-BY-4.0."""
        assert {"https://spdx.org/licenses/CC-BY-4.0.html"} == {a["rights"] for a in items(annotations)}


class TestTarget:
    """The selectors resolve in Source.text, and the source names that text."""

    def test_every_position_selector_holds_its_quote(self, ds: cs.Dataset, annotations: dict[str, Any]) -> None:
        """text[start:end] is the quote selector's exact text, and the evidence's quote."""
        text = ds.source.text
        assert text is not None
        quotes = [e.quote for r in records(ds) for e in r.evidence]
        found = []
        for annotation in items(annotations):
            chosen = selectors(annotation)
            position, quote = chosen["TextPositionSelector"], chosen["TextQuoteSelector"]
            assert quote["exact"] == text[position["start"] : position["end"]]
            found.append(quote["exact"])
        assert quotes == found

    def test_prefix_and_suffix_are_the_text_around_it_and_pin_it_down(
        self, ds: cs.Dataset, annotations: dict[str, Any]
    ) -> None:
        """The prefix ends where the quote starts, the suffix starts where it ends, and the three occur once."""
        text = ds.source.text
        assert text is not None
        for annotation in items(annotations):
            chosen = selectors(annotation)
            start, end = chosen["TextPositionSelector"]["start"], chosen["TextPositionSelector"]["end"]
            quote = chosen["TextQuoteSelector"]
            assert quote["prefix"] == text[start - len(quote["prefix"]) : start]
            assert quote["suffix"] == text[end : end + len(quote["suffix"])]
            assert len(quote["prefix"]) == min(32, start) or len(quote["prefix"]) > 32
            whole = quote["prefix"] + quote["exact"] + quote["suffix"]
            assert [start - len(quote["prefix"])] == where(text, whole)

    def test_a_repeated_quote_gets_more_context(self) -> None:
        """Where 32 characters either side occur twice, the prefix and suffix grow until they do not."""
        text = "x" * 100 + "A" + "x" * 100 + "A" + "x" * 40 + "C"
        chosen = quote_selector(text, 100, 101)
        assert ("A", "x" * 64, "x" * 64) == (chosen["exact"], chosen["prefix"], chosen["suffix"])
        second = quote_selector(text, 201, 202)
        assert ("x" * 64, "x" * 40 + "C") == (second["prefix"], second["suffix"])

    def test_at_the_ends_of_the_text_the_context_is_cut_short(self) -> None:
        """A quote at the start has an empty prefix; at the end, an empty suffix."""
        assert ("", " b c") == (quote_selector("a b c", 0, 1)["prefix"], quote_selector("a b c", 0, 1)["suffix"])
        assert ("a b ", "") == (quote_selector("a b c", 4, 5)["prefix"], quote_selector("a b c", 4, 5)["suffix"])

    def test_the_source_is_the_text_by_its_hash_and_links_the_article(
        self, ds: cs.Dataset, annotations: dict[str, Any]
    ) -> None:
        """The source's ni: URI holds the SHA-256 of Source.text; via and scope are the article's URL."""
        text = ds.source.text
        assert text is not None
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode().rstrip("=")
        expected = {
            "id": f"ni:///sha-256;{digest}",
            "type": "Text",
            "format": "text/plain",
            "via": "https://en.qstheory.cn/2020-09/18/c_537573.htm",
        }
        targets = [a["target"] for a in items(annotations)]
        assert [expected] == list({json.dumps(t["source"]): t["source"] for t in targets}.values())
        assert {("SpecificResource", "https://en.qstheory.cn/2020-09/18/c_537573.htm")} == {
            (t["type"], t["scope"]) for t in targets
        }


class TestBody:
    """The bodies identify the record: its id, what it is, its kind, its words and its JSON."""

    def test_the_json_body_is_the_packaged_record(self, annotations: dict[str, Any]) -> None:
        """The JSON body of each annotation is the record exactly as the packaged file has it."""
        packaged: dict[str, Any] = {}
        for name in ("events", "aid", "statements", "figures"):
            packaged |= {r["id"]: r for r in json.loads(PACKAGED.joinpath(f"{name}.json").read_text(encoding="utf-8"))}
        for annotation in items(annotations):
            assert packaged[body(annotation, "identifying")] == json.loads(
                body(annotation, "describing", "application/json")
            )

    def test_the_words_kind_and_collection(self, ds: cs.Dataset, annotations: dict[str, Any]) -> None:
        """A call is classified an event, tagged call and described by its summary; a statement by its text."""
        by_record = {body(a, "identifying"): a for a in items(annotations)}
        call = by_record["2020-03-23-xi-macron-call"]
        event = ds.get("2020-03-23-xi-macron-call")
        assert isinstance(event, cs.Event)
        assert ("event", "call", event.summary) == (
            body(call, "classifying"),
            body(call, "tagging"),
            body(call, "describing", "text/plain"),
        )
        statement = ds.statements[0]
        said = by_record[statement.id]
        assert ("statement", statement.mode.value, statement.text) == (
            body(said, "classifying"),
            body(said, "tagging"),
            body(said, "describing", "text/plain"),
        )
        assert {"event", "aid record", "statement", "figure"} == {body(a, "classifying") for a in items(annotations)}
        assert {"describing"} == {a["motivation"] for a in items(annotations)}


class TestJsonLd:
    """A JSON-LD processor reads the collection with the W3C context, supplied offline."""

    def test_it_round_trips_through_expansion_and_compaction(self, annotations: dict[str, Any]) -> None:
        """Expanding and compacting again with the W3C context gives back the same document: no term is lost."""
        expanded = jsonld.expand(annotations, {"documentLoader": offline})
        assert annotations == jsonld.compact(expanded, CONTEXT, {"documentLoader": offline})

    def test_its_graph_holds_every_annotation_and_selector(self, annotations: dict[str, Any]) -> None:
        """As RDF, there is one oa:Annotation per item, each with a quote and a position selector."""
        quads = jsonld.to_rdf(annotations, {"documentLoader": offline, "format": "application/n-quads"})
        typed = [line.split(" ", 1)[0] for line in quads.splitlines() if line.endswith(f"<{OA}Annotation> .")]
        assert sorted(a["id"] for a in items(annotations)) == sorted(t.strip("<>") for t in typed)
        for kind in ("TextQuoteSelector", "TextPositionSelector"):
            assert annotations["total"] == sum(1 for line in quads.splitlines() if line.endswith(f"<{OA}{kind}> ."))
        assert annotations["total"] == quads.count(
            f"<{OA}hasSource> <{text_iri('d567e5447a4e6d99d38aa5d4b577c6f1541f605e2e6b12e50f68d3b3759170ee')}>"
        )


class TestOtherData:
    """Any dataset with a text gives resolving selectors; one without is refused, saying why."""

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(strategies.datasets(with_text=True, max_records=6))
    def test_every_selector_resolves_in_a_generated_dataset(self, dataset: cs.Dataset) -> None:
        """For generated articles and records, each position selector holds its quote and the quote its context."""
        text = dataset.source.text
        assert text is not None
        made = collection(dataset)
        expected = [e.quote for r in records(dataset) for e in r.evidence]
        found = []
        for annotation in made["first"]["items"]:
            chosen = selectors(annotation)
            start, end = chosen["TextPositionSelector"]["start"], chosen["TextPositionSelector"]["end"]
            quote = chosen["TextQuoteSelector"]
            assert text[start - len(quote["prefix"]) : end + len(quote["suffix"])] == (
                quote["prefix"] + quote["exact"] + quote["suffix"]
            )
            assert [start - len(quote["prefix"])] == where(text, quote["prefix"] + quote["exact"] + quote["suffix"])
            found.append(text[start:end])
        assert expected == found
        assert len(expected) == made["total"]

    def test_data_without_a_text_is_refused(self, ds: cs.Dataset) -> None:
        """A dataset whose text is unknown (data version 1 has none) raises a DataError naming article.txt."""
        with pytest.raises(cs.DataError, match=r"article\.txt: \$: the annotations need the article's text"):
            collection(rebuilt(ds, source=attrs.evolve(ds.source, text_sha256="0" * 64)))

    def test_a_quote_without_offsets_is_refused(self, ds: cs.Dataset) -> None:
        """A record whose evidence has no offsets is named, with the JSON path of that evidence."""
        record = ds.events[0]
        bare = attrs.evolve(record, evidence=(cs.Evidence(paragraph=1, quote="Nav"),))
        with pytest.raises(cs.DataError) as raised:
            collection(rebuilt(ds, events=[bare, *ds.events[1:]]))
        assert [("events.json", repr(record.id), "$.evidence[0]")] == [
            (p.file, p.record, p.path) for p in raised.value.problems
        ]


class TestExport:
    """export() and the command line write annotations.jsonld."""

    def test_the_command_line_writes_the_file(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """`export --format annotations OUT` writes OUT/annotations.jsonld, the bytes export() renders."""
        result = run("export", "--format", "annotations", tmp_path)
        assert (0, f"{tmp_path / ANNOTATIONS_FILE}\n") == (result.returncode, result.stdout)
        assert render(ds, "annotations")[ANNOTATIONS_FILE] == (tmp_path / ANNOTATIONS_FILE).read_bytes()

    def test_export_writes_one_file(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """export(format="annotations") writes annotations.jsonld and nothing else."""
        assert [tmp_path / "annotations.jsonld"] == export(ds, tmp_path, format="annotations")
