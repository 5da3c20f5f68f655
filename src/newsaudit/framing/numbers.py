"""Reading numbers written as digits ("1.000", "2,5") or words ("drei", "zweihundert") in German text."""

from __future__ import annotations

import re

_DIGITS_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
_UNITS = {
    "eins": 1,
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
}
_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16}
_TEENS |= {"siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80}
_TENS |= {"neunzig": 90}
# Words for numbers that only ever multiply the number before them ("2,5 Millionen", "drei Milliarden").
MULTIPLIERS = {
    "million": 1_000_000,
    "millionen": 1_000_000,
    "mio": 1_000_000,
    "mio.": 1_000_000,
    "milliarde": 1_000_000_000,
    "milliarden": 1_000_000_000,
    "mrd": 1_000_000_000,
    "mrd.": 1_000_000_000,
    "billion": 1_000_000_000_000,
    "billionen": 1_000_000_000_000,
}
# Article forms of "ein" are not counts ("ein Soldat"); a written number must be one of the others.
_ARTICLE_FORMS = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})


def _below_hundred(word: str) -> int | None:
    if word in _UNITS and word != "ein":
        return _UNITS[word]
    if word in _TEENS:
        return _TEENS[word]
    if word in _TENS:
        return _TENS[word]
    for unit, value in _UNITS.items():  # "einundzwanzig", "dreiundvierzig"
        prefix = unit + "und"
        if word.startswith(prefix) and word[len(prefix) :] in _TENS:
            return value + _TENS[word[len(prefix) :]]
    return None


def _below_thousand(word: str) -> int | None:
    if "hundert" in word:
        head, _, rest = word.partition("hundert")
        hundreds = 1 if head in ("", "ein") else _UNITS.get(head)
        if hundreds is None:
            return None
        if not rest:
            return hundreds * 100
        tail = _below_hundred(rest)
        return None if tail is None else hundreds * 100 + tail
    return _below_hundred(word)


def written_number(word: str) -> int | None:
    """The value of a German number word up to 999,999 ("zwölf", "dreihundertzwanzig"); None otherwise."""
    word = word.lower()
    if word in _ARTICLE_FORMS:
        return None
    if "tausend" in word:
        head, _, rest = word.partition("tausend")
        thousands = 1 if head in ("", "ein") else _below_thousand(head)
        if thousands is None:
            return None
        tail = _below_thousand(rest) if rest else 0
        return None if tail is None else thousands * 1000 + tail
    return _below_thousand(word)


def digit_number(word: str) -> float | None:
    """The value of a number in German digits ("1.000" -> 1000, "2,5" -> 2.5); None otherwise."""
    if not _DIGITS_RE.match(word):
        return None
    return float(word.replace(".", "").replace(",", "."))


def number_value(word: str) -> float | None:
    value = digit_number(word)
    if value is not None:
        return value
    written = written_number(word)
    return None if written is None else float(written)


def format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
