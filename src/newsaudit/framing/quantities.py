"""Quantities: a number (digits or a number word) with what it counts ("30 Soldaten", "50 Prozent", "2,5 Mio. Euro")."""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Span, Token
from .numbers import MULTIPLIERS, digit_number, format_number, written_number
from .types import Signal, SignalKind

# Tags that may stand between a number and the noun it counts ("30 russische Soldaten").
_BETWEEN = frozenset({"ADJA"})
_MAX_BETWEEN = 2


def _number(text: str, token: Token) -> float | None:
    word = text[token.span.start : token.span.end]
    value = digit_number(word)
    if value is not None:
        return value
    if token.pos != "CARD":  # "Acht" in "außer Acht lassen" is a noun
        return None
    written = written_number(word)
    return None if written is None else float(written)


def quantity_signals(text: str, tokens: Sequence[Token], taken: Sequence[Span] = ()) -> list[Signal]:
    """Numbers followed by the noun they count; tokens inside ``taken`` (time expressions) are skipped."""
    signals = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        value = None if any(s.contains(token.span) for s in taken) else _number(text, token)
        if value is None:
            i += 1
            continue
        j = i + 1
        if j < len(tokens) and text[tokens[j].span.start : tokens[j].span.end].lower() in MULTIPLIERS:
            value *= MULTIPLIERS[text[tokens[j].span.start : tokens[j].span.end].lower()]
            j += 1
        k = j
        while k < len(tokens) and k - j < _MAX_BETWEEN and tokens[k].pos in _BETWEEN:
            k += 1
        if k < len(tokens) and tokens[k].pos == "NN" and not any(s.overlaps(tokens[k].span) for s in taken):
            signals.append(
                Signal(
                    SignalKind.QUANTITY,
                    Span(token.span.start, tokens[k].span.end),
                    "number",
                    "A figure with what it counts: checkable against its source.",
                    format_number(value),
                )
            )
            i = k + 1
        else:
            i = j
    return signals
