"""A small reader for the ways the article writes numbers."""

from __future__ import annotations

import re
from decimal import Decimal

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_NUMERAL = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion)\b)?", re.IGNORECASE
)
_WORD = re.compile(r"\b(" + "|".join(WORDS) + r")(\s+and\s+a\s+half)?\b", re.IGNORECASE)


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in ``text``, as exact decimals.

    >>> sorted(numbers_in("US$2 billion and 30,000 sheep, 8.1 tons, a seven-member team"))
    [Decimal('7'), Decimal('8.1'), Decimal('30000'), Decimal('2000000000')]
    >>> sorted(numbers_in("the three and a half hour meeting"))
    [Decimal('3.5')]
    """
    found: set[Decimal] = set()
    for digits, scale in _NUMERAL.findall(text):
        value = Decimal(digits.replace(",", ""))
        if scale:
            value *= SCALES[scale.lower()]
        found.add(value.normalize())
    for word, half in _WORD.findall(text):
        value = Decimal(WORDS[word.lower()])
        if half:
            value += Decimal("0.5")
        found.add(value.normalize())
    return found
