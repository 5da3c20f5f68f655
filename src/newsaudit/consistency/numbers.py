"""Figures in a statement: numbers in digits or words ("3.500", "2,5 Millionen", "drei"), shares ("40 Prozent",
"die Hälfte"), with their values so that a headline's number can be found again in the body.

Ordinals ("24.", "dritte") and clock times are left out: they date an event and quantify nothing. Years ("2019")
are kept for matching a headline's year but marked as no quantity, so they back no "immer mehr".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Span, Token

NUMBER_FILE = "consistency_numbers.tsv"
# Plausible years in news text: a four-digit integer in this range with no unit is read as a date, not a figure.
YEAR_RANGE = range(1800, 2101)
# Relative tolerance for two figures to count as the same ("3,5 Millionen" ~ "3.500.000"; rounding in headlines).
SAME_VALUE_TOLERANCE = 0.02

_DIGITS = re.compile(r"^[+-]?\d[\d.,]*%?$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_TIME_WORDS = frozenset({"uhr", "jahrhundert", "jahrhunderts"})


@dataclass(frozen=True)
class Figure:
    """A number in the text: its span (with its scale word), value (None for a bare share word, "Prozent").

    ``quantity`` is False for years: they match a headline's year ("seit 2019") but back no quantity claim.
    """

    span: Span
    value: float | None
    quantity: bool = True


@dataclass(frozen=True)
class NumberWords:
    numbers: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]


@cache
def number_words() -> NumberWords:
    rows = lexicon_rows(NUMBER_FILE)
    by_kind: dict[str, dict[str, float]] = {"number": {}, "scale": {}, "fraction": {}}
    for word, value, kind in rows:
        by_kind[kind][word] = float(value)
    return NumberWords(by_kind["number"], by_kind["scale"], by_kind["fraction"])


def parse_number(word: str) -> float | None:
    """The value of a number written in digits, German style ("1.000" -> 1000, "2,5" -> 2.5), or in words."""
    lower = word.lower()
    known = number_words().numbers.get(lower)
    if known is not None:
        return known
    if not _DIGITS.match(word):
        return None
    digits = word.rstrip("%")
    if _THOUSANDS.match(digits):
        digits = digits.replace(".", "")
    elif "," in digits:
        digits = digits.replace(".", "").replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def _is_ordinal_or_time(text: str, tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    word = text[token.span.start : token.span.end]
    if token.pos == "ADJA" or word.endswith("."):
        return True  # "am 24. Februar", "der dritte Tag"
    following = text[tokens[i + 1].span.start : tokens[i + 1].span.end].lower() if i + 1 < len(tokens) else ""
    return following in _TIME_WORDS


def _is_year(text: str, tokens: Sequence[Token], i: int, value: float) -> bool:
    word = text[tokens[i].span.start : tokens[i].span.end]
    following = text[tokens[i + 1].span.start : tokens[i + 1].span.end].lower() if i + 1 < len(tokens) else ""
    is_year = value.is_integer() and int(value) in YEAR_RANGE and len(word) == 4
    return is_year and following not in number_words().fractions and following not in number_words().scales


def figures(text: str, tokens: Sequence[Token]) -> tuple[Figure, ...]:
    """The figures among one statement's tokens, in order."""
    words = number_words()
    found: list[Figure] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = text[token.span.start : token.span.end]
        lower = word.lower()
        value = parse_number(word) if token.pos in ("CARD", "ADJA", "NN", "XY") or word[:1].isdigit() else None
        if value is not None and not _is_ordinal_or_time(text, tokens, i):
            quantity = not _is_year(text, tokens, i, value)
            end = token.span.end
            nxt = text[tokens[i + 1].span.start : tokens[i + 1].span.end].lower() if i + 1 < len(tokens) else ""
            if nxt in words.scales:
                value *= words.scales[nxt]
                end = tokens[i + 1].span.end
                i += 1
            found.append(Figure(Span(token.span.start, end), value, quantity))
        elif (lower in words.fractions and token.pos in ("NN", "XY", "$(", "FM")) or lower == "%":
            found.append(Figure(token.span, None))
        i += 1
    return tuple(found)


def same_value(a: Figure, b: Figure) -> bool:
    """Whether two figures state the same number (within rounding)."""
    if a.value is None or b.value is None:
        return False
    if a.value == b.value:
        return True
    larger = max(abs(a.value), abs(b.value))
    return larger > 0 and abs(a.value - b.value) / larger <= SAME_VALUE_TOLERANCE
