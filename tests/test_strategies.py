"""The Hypothesis strategies: what they generate is valid data, and loads back."""

from __future__ import annotations

from datetime import date

from hypothesis import given

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._model import paragraph_spans


@given(cst.date_spans(min_value=date(2020, 3, 10), max_value=date(2020, 3, 20)))
def test_spans_stay_in_their_bounds(span: cs.DateSpan) -> None:
    """A span never leaves the range asked for, even when a whole month would."""
    assert date(2020, 3, 10) <= span.start <= span.end <= date(2020, 3, 20)


@given(cst.articles())
def test_articles_are_tiled_by_their_sentences(article: cst.Article) -> None:
    """Every paragraph of a generated article is its sentences, with only spaces between them."""
    spans = paragraph_spans(article.text)
    assert len(spans) == article.paragraphs
    for sentence in article.sentences:
        low, high = spans[sentence.paragraph - 1]
        assert low <= sentence.start < sentence.end <= high
        assert article.text[sentence.start : sentence.end].strip() == article.text[sentence.start : sentence.end]
