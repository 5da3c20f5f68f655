"""Rules for raw scraped text where rules beat learning, each read from a resource file.

* furniture subtypes (share widget, related link, footer, navigation, advertisement):
  ``resources/de/structure_furniture.tsv``;
* a caption line that ends in a photo credit ("... ab. Bild: picture alliance/dpa"):
  ``structure_credit_markers.tsv``;
* a kicker in front of a headline ("Dachzeile: Schlagzeile");
* the section (rubric) line: ``structure_sections.tsv``;
* line cues used as model features and by the rules: ``structure_cues.tsv``, ``structure_function_words.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicons import lexicon_rows

_WORD_RE = re.compile(r"\w+(?:[-']\w+)*")


@cache
def function_words() -> frozenset[str]:
    """German function words, lower case."""
    return frozenset(row[0].strip().lower() for row in lexicon_rows("structure_function_words.tsv"))


@cache
def cue_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Named line cues (date, time, credit marker, ...), in file order."""
    return tuple((row[0], re.compile(row[1])) for row in lexicon_rows("structure_cues.tsv"))


def cue(name: str) -> re.Pattern[str]:
    """One cue pattern by name."""
    for cue_name, pattern in cue_patterns():
        if cue_name == name:
            return pattern
    raise KeyError(name)


@dataclass(frozen=True)
class FurnitureRule:
    """A furniture rule: the block label it gives, its name (``rule:<name>``), a word limit and a pattern."""

    label: str
    name: str
    max_words: int
    pattern: re.Pattern[str]


@cache
def furniture_rules() -> tuple[FurnitureRule, ...]:
    return tuple(
        FurnitureRule(row[0], row[1], int(row[2]), re.compile(row[3]))
        for row in lexicon_rows("structure_furniture.tsv")
    )


def word_count(line: str) -> int:
    return len(_WORD_RE.findall(line))


def furniture_rule_for(line: str) -> FurnitureRule | None:
    """The first furniture rule that decides ``line`` (stripped), or None."""
    words = word_count(line)
    for rule in furniture_rules():
        if words <= rule.max_words and rule.pattern.search(line):
            return rule
    return None


@cache
def _section_names() -> frozenset[str]:
    return frozenset(row[0].strip().lower() for row in lexicon_rows("structure_sections.tsv"))


# Separators of a rubric path ("Politik > Ausland", "Politik | Ukraine-Krieg").
_SECTION_SPLIT_RE = re.compile(r"\s*(?:>|›|»|\||/|•)\s*")


def is_section_name(line: str) -> bool:
    """The line is a section name or a rubric path that starts with one ("Politik", "Politik > Ausland")."""
    parts = [p for p in _SECTION_SPLIT_RE.split(line.strip().strip(":").lower()) if p]
    return bool(parts) and len(parts) <= 4 and parts[0] in _section_names()


# ---------------------------------------------------------------------------------------------------------
# Caption + credit in one line


@cache
def _credit_markers() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(row[0]) for row in lexicon_rows("structure_credit_markers.tsv"))


# A credit is short: a photographer and agencies ("picture alliance/dpa/Pool Sputnik Kremlin/AP | Alexei
# Nikolsky" has 10 words). Longer tails after "Quelle:" are a sentence, not a credit.
MAX_CREDIT_WORDS = 16


@dataclass(frozen=True)
class CreditSplit:
    """Offsets (into the line) of the caption part and the credit part; the marker lies between them."""

    caption_end: int
    credit_start: int
    credit_end: int


def split_credit(line: str) -> CreditSplit | None:
    """Split "Caption text. Bild: Credit" at the last credit marker; None when the line holds no such pair.

    The caption part may be empty (a line that is only "Foto: dpa"): then ``caption_end`` is 0.
    """
    best: re.Match[str] | None = None
    for pattern in _credit_markers():
        for match in pattern.finditer(line):
            if best is None or match.start() > best.start():
                best = match
    if best is None:
        return None
    credit = line[best.end() :]
    stripped = credit.rstrip().rstrip(")").rstrip()
    if not stripped or word_count(stripped) > MAX_CREDIT_WORDS:
        return None
    caption_end = len(line[: best.start()].rstrip())
    return CreditSplit(caption_end=caption_end, credit_start=best.end(), credit_end=best.end() + len(stripped))


# ---------------------------------------------------------------------------------------------------------
# Kicker: "Dachzeile: Schlagzeile"

# A kicker is a short phrase: up to this many words before the first colon ("Wladimir Putin betrogen",
# "Nach Gaetz-Rückzug"); a longer prefix is a headline that contains a colon.
MAX_KICKER_WORDS = 6
# The headline after the kicker must still be a headline, not a single word.
MIN_HEADLINE_WORDS = 3
_KICKER_RE = re.compile(r"^([^:.!?\"„“]+?)\s*:\s+(?=\S)")


def split_kicker(line: str) -> tuple[int, int] | None:
    """``(kicker_end, headline_start)`` offsets when the line is "Kicker: Headline", else None."""
    match = _KICKER_RE.match(line)
    if not match:
        return None
    kicker = match.group(1)
    if not 1 <= word_count(kicker) <= MAX_KICKER_WORDS or word_count(line[match.end() :]) < MIN_HEADLINE_WORDS:
        return None
    # "Liveblog: ...", "Video: ..." label a format, not a Dachzeile: those are furniture rules' business.
    if furniture_rule_for(kicker) is not None:
        return None
    return match.end(1), match.end()


# ---------------------------------------------------------------------------------------------------------
# Default furniture subtype

# Furniture lines the rules do not name: a few words are navigation ("Themen", "Ukraine-Krieg"), a
# title-like line is a link to another article, a sentence is footer text. Limits set by inspecting the
# Fundus renderings.
MAX_NAVIGATION_WORDS = 4
MAX_LINK_WORDS = 20


def default_furniture(line: str) -> str:
    """The furniture subtype of a line that no furniture rule matched."""
    words = word_count(line)
    if words <= MAX_NAVIGATION_WORDS:
        return "navigation"
    if words <= MAX_LINK_WORDS and not re.search(r"[.]\W*$", line):
        return "related_link"
    return "footer"
