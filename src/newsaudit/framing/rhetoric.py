"""Rhetorical punctuation in the author's own body text: exclamation marks and questions outside quotations.

News prose states; it rarely exclaims or asks. An exclamation or a question the author puts to the reader
("Und wer zahlt dafür?") steers the reader instead of informing; inside a quotation it is the speaker's, so
it does not count. Headlines, kickers and teasers are read by ``headline.py`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Span, Token
from .types import Signal, SignalKind

_QUOTE_MARKS = frozenset('„“”"»«')


def _inside_quotation(text: str, block: Span, position: int) -> bool:
    """An odd number of quotation marks between the block start and ``position``: an open quotation."""
    return sum(1 for c in text[block.start : position] if c in _QUOTE_MARKS) % 2 == 1


def rhetorical_signals(text: str, tokens: Sequence[Token], block: Span) -> list[Signal]:
    """Exclamation marks and closing question marks of one body sentence, outside quotations."""
    signals = []
    for i, token in enumerate(tokens):
        word = text[token.span.start : token.span.end]
        if "!" not in word and "?" not in word:
            continue
        if i + 1 < len(tokens) and text[tokens[i + 1].span.start : tokens[i + 1].span.end] in ("!", "?"):
            continue  # "?!" and "!!!" count once, at the last mark
        if _inside_quotation(text, block, token.span.start):
            continue
        if "!" in word:
            cue = "exclamation"
            reason = "Exclamation in the author's own text: it pushes an emotion where news prose states."
        else:
            cue = "question"
            reason = "Question in the author's own text: it insinuates without asserting anything checkable."
        signals.append(Signal(SignalKind.RHETORICAL, token.span, cue, reason))
    return signals
