"""Loads the framing lexicons (``resources/de/framing_*.tsv``) once per process."""

from __future__ import annotations

from functools import cache

from ..lexicons import lexicon_rows
from .lexicon import Entry, PhraseLexicon, parse_pos

SENSATIONAL_FILE = "framing_sensational.tsv"
INTENSIFIER_FILE = "framing_intensifiers.tsv"
VAGUE_FILE = "framing_vague.tsv"
EPISTEMIC_FILE = "framing_epistemic.tsv"
CLICKBAIT_FILE = "framing_clickbait.tsv"


def _words(pattern: str) -> tuple[str, ...]:
    return tuple(pattern.strip().lower().split())


@cache
def sensational_lexicon() -> PhraseLexicon:
    rows = lexicon_rows(SENSATIONAL_FILE)
    return PhraseLexicon([Entry(_words(r[0]), r[1], parse_pos(r[2]), "sensational", r[3]) for r in rows])


@cache
def intensifier_lexicon() -> PhraseLexicon:
    rows = lexicon_rows(INTENSIFIER_FILE)
    return PhraseLexicon([Entry(_words(r[0]), r[1], parse_pos(r[2]), "intensifier", r[3]) for r in rows])


@cache
def vague_lexicon() -> PhraseLexicon:
    """Entries labelled with their kind: ``unquantified`` or ``vague_quantity``."""
    rows = lexicon_rows(VAGUE_FILE)
    return PhraseLexicon([Entry(_words(r[0]), "word", parse_pos(r[2]), r[1], r[3]) for r in rows])


@cache
def epistemic_lexicon() -> PhraseLexicon:
    rows = lexicon_rows(EPISTEMIC_FILE)
    return PhraseLexicon([Entry(_words(r[0]), "word", parse_pos(r[1]), "hedge", r[2]) for r in rows])


@cache
def clickbait_lexicon() -> PhraseLexicon:
    rows = lexicon_rows(CLICKBAIT_FILE)
    return PhraseLexicon([Entry(_words(r[0]), "word", parse_pos(r[1]), "clickbait", r[2]) for r in rows])
