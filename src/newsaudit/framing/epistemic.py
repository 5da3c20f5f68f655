"""Epistemic markers: hedges (reusing the attribution stage's lexicon and rules) and the Konjunktiv as distance.

The attribution stage's ``find_hedges`` finds the hedge words of ``attribution_hedges.tsv`` ("offenbar",
"mutmaßlich") and the reportative modal with a perfect infinitive ("soll ... gesagt haben"); this module adds the
entries of ``framing_epistemic.tsv`` ("wohl", "Berichten zufolge") and reads ``Token.mood`` for the Konjunktiv.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..stages.attribution import find_hedges, hedge_cues
from ..types import Mood, Span, Token
from .resources import epistemic_lexicon
from .types import Signal, SignalKind

# "sehr wohl", "durchaus wohl", "wohl aber": the adverb emphasises or concedes there, it does not hedge.
_WOHL_EMPHASIS_BEFORE = frozenset({"sehr", "durchaus", "gleichwohl"})
_WOHL_EMPHASIS_AFTER = frozenset({"aber"})
# Konjunktiv II in a conditional or comparison clause is hypothetical grammar, not the author's distance.
_CONDITIONAL_WORDS = frozenset({"wenn", "falls", "sofern", "ob"})
# "möchte" (Konjunktiv II of mögen) is the ordinary polite "would like", not a distance marker.
_NOT_DISTANCE_LEMMAS = frozenset({"mögen"})
_FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})


def _word(text: str, token: Token) -> str:
    return text[token.span.start : token.span.end].lower()


def _finite_between(tokens: Sequence[Token], modal: Span, auxiliary: Span) -> bool:
    """A finite verb between the modal and the auxiliary starts another clause the modal does not govern."""
    return any(modal.end <= t.span.start and t.span.end <= auxiliary.start and t.pos in _FINITE for t in tokens)


def hedge_signals(text: str, tokens: Sequence[Token]) -> list[Signal]:
    """Hedge words and reportative modals (attribution lexicon) plus the framing epistemic lexicon."""
    signals: list[Signal] = []
    modals = hedge_cues().modals
    spans = list(find_hedges(text, tokens))
    while spans:
        span = spans.pop(0)
        word = text[span.start : span.end].lower()
        if word in modals and spans:
            auxiliary = spans.pop(0)
            if _finite_between(tokens, span, auxiliary):
                continue  # "soll ... fertig sein und wird ... gekostet haben": the perfect belongs to "wird"
            signals.append(
                Signal(
                    SignalKind.HEDGE,
                    Span(span.start, auxiliary.end),
                    f"{word} + perfect infinitive",
                    f"Reportative '{word} ... haben/sein': the claim is passed on as hearsay, not asserted.",
                )
            )
            continue
        signals.append(
            Signal(
                SignalKind.HEDGE,
                span,
                word,
                f"Hedge '{word}': the author does not vouch for what the sentence says.",
            )
        )
    words = [_word(text, t) for t in tokens]
    for m in epistemic_lexicon().find(text, tokens):
        if m.entry.words == ("wohl",) and (
            (m.first and words[m.first - 1] in _WOHL_EMPHASIS_BEFORE)
            or (m.last < len(words) and words[m.last] in _WOHL_EMPHASIS_AFTER)
        ):
            continue
        signals.append(
            Signal(
                SignalKind.HEDGE,
                m.span,
                m.entry.cue,
                f"Epistemic marker ({m.entry.note}): the author leaves open whether it is so or who says it.",
            )
        )
    return signals


def distance_signals(text: str, tokens: Sequence[Token]) -> list[Signal]:
    """Finite verbs in the Konjunktiv: I marks reported speech, II distance (outside conditional clauses)."""
    words = {_word(text, t) for t in tokens}
    conditional = bool(words & _CONDITIONAL_WORDS)
    signals = []
    for token in tokens:
        if token.mood is Mood.KONJUNKTIV_I:
            reason = "Konjunktiv I: the sentence reports what someone said; the author does not assert it."
        elif token.mood is Mood.KONJUNKTIV_II and not conditional and token.lemma not in _NOT_DISTANCE_LEMMAS:
            reason = "Konjunktiv II: the statement is reported or hypothetical, kept at a distance from fact."
        else:
            continue
        signals.append(Signal(SignalKind.DISTANCE, token.span, token.mood.value, reason))
    return signals
