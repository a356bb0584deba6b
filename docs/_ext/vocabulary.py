"""Tables of the data model, rendered from the code and the packaged data.

The field tables, the tables of controlled vocabularies and the JSON examples
on the data-model page are made here at build time, so that they cannot drift
from the code or the data. The directives emit reStructuredText; in a MyST
page, use them inside an ``{eval-rst}`` block:

``.. record-fields:: covid_synergy.Event``
    One row per attrs field: name, type, default, meaning (the ``#:``
    comment above the field in the source).

``.. vocabulary:: covid_synergy.EventKind`` (any :class:`~covid_synergy.Vocabulary`)
    One row per value: the value, its meaning, an example in the article's
    words (with its paragraph) and the other names queries accept, all read
    from the member; for units, whether counts may overlap; and how often
    the packaged data uses the value.

``.. record-json:: 2020-03-23-medical-team-to-cambodia``
    The record with this id, exactly as its packaged JSON file holds it.

``.. bound-sums::``
    The bound of a sum of two parts, for every pair of bounds, computed by
    adding :class:`~covid_synergy.Total` objects.

``.. sentence-coverage::``
    One row per section of the article (the text before the first
    numbered heading, then each numbered heading's section): its
    paragraphs, its sentences by role, how many of its fact and claim
    sentences records cite, and how many records cite it.
"""

from __future__ import annotations

import enum
import importlib
import json
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import attrs
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective

import covid_synergy as cs

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: Data files, in the order records are looked up by id.
DATA_FILES = ("events.json", "aid.json", "statements.json", "figures.json", "entities.json")


def import_object(dotted: str) -> Any:
    """Return the object a dotted path names (``covid_synergy.EventKind``)."""
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def attribute_docs(cls: type) -> dict[str, str]:
    """Return the ``#:`` comments of a class's attributes, by attribute name, as one line each."""
    analyzer = ModuleAnalyzer.for_module(cls.__module__)
    found = analyzer.find_attr_docs()
    return {
        name: " ".join(line.strip() for line in lines if line.strip())
        for (owner, name), lines in found.items()
        if owner == cls.__qualname__
    }


def escape(text: str) -> str:
    """Escape text for use as plain reStructuredText inline content."""
    for char in "\\`*|_":
        text = text.replace(char, "\\" + char)
    return text


def type_rst(annotation: Any) -> str:
    """Render a field's type in words, with links: ``tuple of Quantity``, ``DateSpan or None``."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        present = [a for a in args if a is not type(None)]
        text = " or ".join(type_rst(a) for a in present)
        return text + " or ``None``" if len(present) < len(args) else text
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
        return f"tuple of {type_rst(args[0])}"
    if isinstance(annotation, type):
        if annotation.__module__ == "builtins":
            return f":class:`{annotation.__name__}`"
        if annotation.__module__.startswith("covid_synergy"):
            return f":class:`~covid_synergy.{annotation.__qualname__}`"
        return f":class:`~{annotation.__module__}.{annotation.__qualname__}`"
    return f"``{annotation}``"


def default_rst(default: Any) -> str:
    """Render a field's default; required fields have none."""
    if default is attrs.NOTHING:
        return "*required*"
    if isinstance(default, enum.Enum):
        owner = type(default).__name__
        return f":attr:`{owner}.{default.name} <covid_synergy.{owner}.{default.name}>`"
    return f"``{default!r}``"


def list_table(header: list[str], rows: list[list[str]], widths: str = "auto", css: str | None = None) -> list[str]:
    """Return the lines of a reStructuredText list-table (with a CSS class, if given)."""
    lines = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}"]
    lines += [f"   :class: {css}", ""] if css else [""]
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            head, *more = cell.split("\n")
            lines.append(f"   {'* -' if i == 0 else '  -'} {head}")
            lines.extend(f"       {line}" if line else "" for line in more)
    return lines


class _RSTDirective(SphinxDirective):
    """A directive that renders generated reStructuredText."""

    def render(self, lines: list[str]) -> list[nodes.Node]:
        """Parse the generated lines into nodes, with names relative to ``covid_synergy``.

        The ``#:`` comments name other objects as their module sees them
        (``:data:`UNITS```), so they are resolved in the package's namespace.
        """
        context = self.env.ref_context
        saved = context.get("py:module")
        context["py:module"] = "covid_synergy"
        try:
            return self.parse_text_to_nodes("\n".join(lines))
        finally:
            if saved is None:
                context.pop("py:module", None)
            else:
                context["py:module"] = saved


class RecordFields(_RSTDirective):
    """``.. record-fields:: covid_synergy.Event``: a table of an attrs class's fields."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Render the table."""
        cls = import_object(self.arguments[0])
        module = importlib.import_module(cls.__module__)
        hints = typing.get_type_hints(cls, globalns=vars(module))
        docs = attribute_docs(cls)
        rows = [
            [
                f"``{field.name}``",
                type_rst(hints[field.name]),
                default_rst(field.default),
                docs.get(field.name) or "\u2014",
            ]
            for field in attrs.fields(cls)
            if not field.name.startswith("_")
        ]
        return self.render(list_table(["Field", "Type", "Default", "Meaning"], rows, "15 20 12 53"))


# -- vocabularies --------------------------------------------------------------


def all_records(dataset: cs.Dataset) -> list[Any]:
    """Every record and entity, dated records first in chronological order."""
    undated = [
        *dataset.events.undated(),
        *dataset.aid.undated(),
        *dataset.statements.undated(),
        *dataset.figures.undated(),
    ]
    return [*dataset.timeline(), *undated, *dataset.entities.values(), *dataset.sentences]


def holders(obj: Any) -> Iterator[Any]:
    """Yield ``obj`` and every attrs instance inside it, depth first."""
    yield obj
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(item)):
                yield from holders(item)


def uses(dataset: cs.Dataset, matches: typing.Callable[[Any], bool]) -> list[tuple[Any, Any]]:
    """Return ``(record, holder)`` for every holder (a record, a date, a quantity) that matches."""
    return [(record, holder) for record in all_records(dataset) for holder in holders(record) if matches(holder)]


def count_label(found: list[tuple[Any, Any]]) -> str:
    """The header of the count column: what was counted."""
    kinds = {type(holder) for _record, holder in found}
    if kinds <= {cs.DateSpan}:
        return "Dated records"
    if kinds <= {cs.Quantity}:
        return "Quantities"
    if kinds <= {cs.Entity}:
        return "Entities"
    if kinds <= {cs.Sentence}:
        return "Sentences"
    return "Records"


def paragraph_of(dataset: cs.Dataset, words: str) -> int | None:
    """The paragraph of the article in which ``words`` first occur, if they do."""
    text = dataset.source.text or ""
    where = text.find(words)
    if where < 0:
        return None
    return next((s.paragraph for s in dataset.sentences if s.start <= where < s.end), None)


def article_example(member: cs.Vocabulary, dataset: cs.Dataset) -> str:
    """The member's example, quoted, with the paragraph it is in; or a plain "none in the article"."""
    if member.example is None:
        return "*none in the article*"
    paragraph = paragraph_of(dataset, member.example)
    where = "" if paragraph is None else f" (paragraph {paragraph})"
    return f"\u201c{escape(member.example)}\u201d{where}"


def aliases_rst(member: cs.Vocabulary) -> str:
    """The other names a query accepts for the member, as a paragraph of their own."""
    names = ", ".join(f"``{alias}``" for alias in member.aliases)
    return f"also: {names}" if names else "no other name"


class Vocabulary(_RSTDirective):
    """``.. vocabulary:: covid_synergy.EventKind``: a table of a vocabulary's values.

    Every cell comes from the code (the member's ``meaning``, ``example``
    and ``aliases``; a unit's ``overlaps``) or from the packaged data (how
    often the value is used), so the table cannot drift from either.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Render the table."""
        target = import_object(self.arguments[0])
        if not (isinstance(target, type) and issubclass(target, cs.Vocabulary)):
            msg = f"{self.arguments[0]} is not a vocabulary"
            raise self.error(msg)
        dataset = cs.load()
        units = target is cs.Unit
        rows, label = [], "Records"
        for member in target:
            found = uses(dataset, self.holds(member))
            if found:
                label = count_label(found)
            shown = f':attr:`"{member.value}" <{self.arguments[0]}.{member.name}>`'
            row = [f"{shown}\n\n{aliases_rst(member)}", escape(member.meaning)]
            if units:
                row.append("yes" if member.overlaps else "no")
            row += [article_example(member, dataset), str(len(found))]
            rows.append(row)
        header = ["Value", "Meaning", "Example from the article", label]
        widths = "22 30 38 10"
        if units:
            header.insert(2, "Counts may overlap")
            widths = "20 26 10 34 10"
        # The class lets the docs' layout check find every vocabulary cell.
        return self.render(list_table(header, rows, widths, css="vocabulary"))

    @staticmethod
    def holds(member: cs.Vocabulary) -> typing.Callable[[Any], bool]:
        """Whether a record, date, quantity or sentence uses ``member``."""
        if isinstance(member, cs.Unit):
            return lambda h: isinstance(h, cs.Quantity) and h.unit == member.value
        return lambda h: any(getattr(h, f.name) is member for f in attrs.fields(type(h)))


# -- how bounds combine ----------------------------------------------------------


def sum_bound(first: cs.Bound, second: cs.Bound) -> str:
    """The bound of a sum of two parts, found by adding two totals, or the error."""
    parts = [cs.Total.of(cs.Quantity(value=Decimal(1), unit="case", bound=b)) for b in (first, second)]
    try:
        return f"``{(parts[0] + parts[1]).bound.value}``"
    except cs.MixedBoundsError:
        return ":exc:`~covid_synergy.MixedBoundsError`"


class BoundSums(_RSTDirective):
    """``.. bound-sums::``: what bound the sum of two parts has, for every pair of bounds.

    Every cell is computed by adding two totals, so the table is the
    code's behaviour, not a description of it.
    """

    def run(self) -> list[nodes.Node]:
        """Render the table."""
        bounds = list(cs.Bound)
        header = ["\u2193 plus \u2192", *(f"``{b.value}``" for b in bounds)]
        rows = [[f"``{a.value}``", *(sum_bound(a, b) for b in bounds)] for a in bounds]
        return self.render(list_table(header, rows))


# -- JSON examples -------------------------------------------------------------


def packaged_record(record_id: str) -> tuple[str, dict[str, Any]]:
    """Return the data file and the raw JSON object of the record with this id."""
    folder = files("covid_synergy").joinpath("data")
    for name in DATA_FILES:
        for raw in json.loads(folder.joinpath(name).read_text(encoding="utf-8")):
            if raw.get("id") == record_id:
                return name, raw
    msg = f"no record with id {record_id!r} in the packaged data"
    raise LookupError(msg)


class RecordJSON(_RSTDirective):
    """``.. record-json:: <id>``: the packaged JSON of one record."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Render the record as a JSON code block, with its file as caption."""
        try:
            name, raw = packaged_record(self.arguments[0])
        except LookupError as exc:
            raise self.error(str(exc)) from None
        text = json.dumps(raw, indent=2, ensure_ascii=False)
        lines = [".. code-block:: json", f"   :caption: from ``{name}``", ""]
        lines.extend(f"   {line}" for line in text.splitlines())
        return self.render(lines)


# -- the sentence map -------------------------------------------------------------


def sections(ds: cs.Dataset) -> list[tuple[str, list[cs.Sentence]]]:
    """The article's sections: the sentences before the first numbered heading, then each heading's."""
    text = ds.source.text or ""
    found: list[tuple[str, list[cs.Sentence]]] = [("Opening (title, byline and summary)", [])]
    for sentence in ds.sentences:
        words = text[sentence.start : sentence.end]
        numeral = words.split(".", 1)[0]
        if sentence.role is cs.SentenceRole.NONE and numeral and set(numeral) <= set("IVX") and ". " in words:
            found.append((words, []))
        found[-1][1].append(sentence)
    return found


class SentenceCoverage(_RSTDirective):
    """``.. sentence-coverage::``: the sentence map's coverage, section by section."""

    def run(self) -> list[nodes.Node]:
        """Render the table."""
        ds = cs.load()
        header = ["section", "paragraphs", "sentences", "fact", "claim", "none", "fact and claim cited", "records"]
        rows = []
        for title, chosen in sections(ds):
            roles = [s.role for s in chosen]
            content = [s for s in chosen if s.role is not cs.SentenceRole.NONE]
            cited = sum(1 for s in content if ds.citing(s))
            records = {r.id for s in chosen for r in ds.citing(s)}
            span = f"{chosen[0].paragraph}\u2013{chosen[-1].paragraph}"
            rows.append(
                [
                    title.replace("*", "\\*").replace(".", "\\.", 1),
                    span,
                    str(len(chosen)),
                    *(str(roles.count(role)) for role in cs.SentenceRole),
                    f"{cited} of {len(content)}",
                    str(len(records)),
                ]
            )
        return self.render(list_table(header, rows))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directives."""
    app.add_directive("sentence-coverage", SentenceCoverage)
    app.add_directive("record-fields", RecordFields)
    app.add_directive("vocabulary", Vocabulary)
    app.add_directive("record-json", RecordJSON)
    app.add_directive("bound-sums", BoundSums)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
