"""Cues a display element or body sentence carries: vague quantities ("immer mehr"), the voice a sentence is in
(asserted by the author, attributed to a source, hedged, in Konjunktiv), and self-attribution of an element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Mood, Span, Token

QUANTIFIER_FILE = "consistency_quantifiers.tsv"
REPORTING_FILE = "consistency_reporting.tsv"
CUE_FILE = "attribution_cues.tsv"
# Konjunktiv I is the mood of reported speech ("seien", "habe"): the author keeps a distance. Konjunktiv II is left
# out: in running text it is mostly conditional or comparative ("wäre", "würde", "als ob ... wären"), and where it
# stands in for Konjunktiv I the sentence has a reporting cue the attribution layer reads.
DISTANCE_MOODS = frozenset({Mood.KONJUNKTIV_I})
# Words with which an element names its source itself ("Laut Warnmeldung besteht ...", "Polizei zufolge ...").
_SOURCE_MARKERS = frozenset({"laut", "zufolge", "gemäß"})
# Modal verbs that make an element say what may, should or reportedly is the case, not what is.
_HEDGING_MODALS = frozenset({"sollen", "wollen", "können", "dürfen", "mögen"})
_QUOTE_MARKS = frozenset("\"„“”«»‚‘’›‹'")


class Voice(StrEnum):
    """Whose voice a body sentence is in, as far as the consistency check needs it."""

    ASSERTED = "asserted"
    ATTRIBUTED = "attributed"
    HEDGED = "hedged"
    KONJUNKTIV = "konjunktiv"


@dataclass(frozen=True)
class QuantityCue:
    span: Span
    kind: str  # trend | universal | many
    phrase: str


@dataclass(frozen=True)
class _Quantifier:
    words: tuple[str, ...]
    kind: str
    tags: frozenset[str]


@cache
def _quantifiers() -> tuple[_Quantifier, ...]:
    rows = lexicon_rows(QUANTIFIER_FILE)
    found = []
    for row in rows:
        tags = frozenset(t for t in (row[2].split(",") if len(row) > 2 else []) if t)
        found.append(_Quantifier(tuple(row[0].split()), row[1], tags))
    return tuple(found)


@cache
def reporting_verbs() -> frozenset[str]:
    """Lemmas of verbs that report speech or show evidence: attribution cues plus the consistency list."""
    cues = {row[0] for row in lexicon_rows(CUE_FILE)}
    cues.update(row[0] for row in lexicon_rows(REPORTING_FILE))
    return frozenset(cues)


def quantity_cues(text: str, tokens: Sequence[Token]) -> tuple[QuantityCue, ...]:
    """Vague quantity and trend expressions among the tokens ("immer mehr", "zahlreiche", "alle")."""
    words = [text[t.span.start : t.span.end].lower() for t in tokens]
    found: list[QuantityCue] = []
    i = 0
    while i < len(tokens):
        for q in _quantifiers():
            n = len(q.words)
            if tuple(words[i : i + n]) == q.words and (not q.tags or tokens[i].pos in q.tags):
                span = Span(tokens[i].span.start, tokens[i + n - 1].span.end)
                found.append(QuantityCue(span, q.kind, " ".join(q.words)))
                i += n - 1
                break
        i += 1
    return tuple(found)


def distance_verbs(text: str, tokens: Sequence[Token]) -> tuple[Span, ...]:
    """Finite verbs in Konjunktiv I, which marks distance ("seien", "habe")."""
    return tuple(t.span for t in tokens if t.mood in DISTANCE_MOODS)


def self_attributed(text: str, tokens: Sequence[Token], prefix: Sequence[Token]) -> Span | None:
    """The cue by which an element attributes its own statement, or None.

    ``tokens`` is the statement, ``prefix`` what precedes it in the element before a colon ("Video zeigt: ...",
    "Merkel: ..."). Cues: a reporting verb in the statement or its prefix ("Top-Ökonom warnt ..."), a prefix of
    names only ("Lauterbach: ..."), or a statement in quotation marks.
    """
    verbs = reporting_verbs()
    for token in (*prefix, *tokens):
        if token.pos.startswith("VV") and token.lemma.lower() in verbs:
            return token.span
        if text[token.span.start : token.span.end].lower() in _SOURCE_MARKERS:
            return token.span
    if prefix and all(t.pos in ("NE", "$.", "$(") for t in prefix) and any(t.pos == "NE" for t in prefix):
        return Span(prefix[0].span.start, prefix[-1].span.end)
    # a joined prefix ("Regionspräsident: „Quarantäne ...“") is part of the statement: read the quote after it
    own = tokens[len(prefix) :] if prefix and tokens and tokens[0] is prefix[0] else tokens
    words = [text[t.span.start : t.span.end] for t in own]
    if len(words) >= 3 and words[0] in _QUOTE_MARKS and any(w in _QUOTE_MARKS for w in words[-2:]):
        return Span(own[0].span.start, own[-1].span.end)
    return None


def hedging_modals(tokens: Sequence[Token]) -> tuple[Span, ...]:
    """Modal verbs that hedge a display statement ("Minister soll ...", "könnte"): it does not state plain fact."""
    return tuple(t.span for t in tokens if t.pos == "VMFIN" and t.lemma.lower() in _HEDGING_MODALS)
