"""Word-level framing signals in any prose sentence: sensational vocabulary, intensifiers, vague quantities."""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Token
from .resources import intensifier_lexicon, sensational_lexicon, vague_lexicon
from .types import Signal, SignalKind

# Tokens that make a following "viele" part of a figure or a comparison, not a vague generalisation.
_NOT_VAGUE_BEFORE = frozenset({"wie", "so", "zu"})


def sensational_signals(text: str, tokens: Sequence[Token]) -> list[Signal]:
    """Dramatising and emotive words and phrases ("Skandal-Foto", "Horror-Crash", "Wahnsinn")."""
    return [
        Signal(
            SignalKind.SENSATIONAL,
            m.span,
            m.entry.cue,
            f"Emotive or dramatising word ({m.entry.note}): it tells the reader how to feel, not what happened.",
        )
        for m in sensational_lexicon().find(text, tokens)
    ]


def intensifier_signals(text: str, tokens: Sequence[Token]) -> list[Signal]:
    """Degree words that strengthen a statement without adding information ("völlig", "massiv")."""
    return [
        Signal(
            SignalKind.INTENSIFIER,
            m.span,
            m.entry.cue,
            f"Intensifier ({m.entry.note}): it raises the strength of the claim without adding a checkable fact.",
        )
        for m in intensifier_lexicon().find(text, tokens)
    ]


def vague_signals(text: str, tokens: Sequence[Token]) -> list[Signal]:
    """Trends and shares without a figure ("immer mehr") and orders of magnitude ("mehrere Dutzend")."""
    signals = []
    for m in vague_lexicon().find(text, tokens):
        previous = text[tokens[m.first - 1].span.start : tokens[m.first - 1].span.end].lower() if m.first else ""
        if previous in _NOT_VAGUE_BEFORE:  # "wie viele", "so viele", "zu viele": a question or a comparison
            continue
        if m.entry.label == SignalKind.UNQUANTIFIED.value:
            kind = SignalKind.UNQUANTIFIED
            reason = f"Unquantified ({m.entry.note}): a number or trend is claimed without a figure to check it by."
        else:
            kind = SignalKind.VAGUE_QUANTITY
            reason = f"Vague quantity ({m.entry.note}): an order of magnitude instead of a count."
        signals.append(Signal(kind, m.span, m.entry.cue, reason))
    return signals
