"""Clickbait devices of headlines, kickers and teasers: punctuation and word-order rules plus a phrase lexicon.

Read only in the blocks a reader sees before clicking (``HEADLINE_LABELS``); the same words in the body are
ordinary ("so" is not clickbait in a paragraph, nor is a question in a quotation).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import BlockLabel, Span, Token
from .resources import clickbait_lexicon
from .types import Signal, SignalKind

HEADLINE_LABELS = frozenset({BlockLabel.HEADLINE, BlockLabel.KICKER, BlockLabel.TEASER})
# Words that, right after a colon, point forward to what the reader has to click for ("Corona-Regeln: Das gilt jetzt").
_CATAPHORIC = frozenset(
    {"das", "dies", "diese", "dieser", "darum", "deshalb", "deswegen", "warum", "was", "wer", "hier"}
)
# Acronyms are written in capitals ("NATO", "ÖVP"); emphasis in capitals needs a common word of this many letters.
MIN_CAPS_LETTERS = 4
_FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})
_SO_COMPLEMENTS = frozenset({"ADJD", "ADV", "PIAT", "PIS", "ADJA"})


def _word(text: str, token: Token) -> str:
    return text[token.span.start : token.span.end]


def clickbait_signals(text: str, tokens: Sequence[Token]) -> list[Signal]:
    """Clickbait devices in one headline, kicker or teaser sentence."""
    words = [_word(text, t) for t in tokens]
    signals = _exclamations(tokens, words)
    if words and words[-1] == "?":
        signals.append(
            Signal(
                SignalKind.CLICKBAIT,
                tokens[-1].span,
                "question",
                "Question headline: it raises a suspicion without stating anything the article has to stand by.",
            )
        )
    signals += _colon_teasers(tokens, words)
    signals += _so_openers(tokens, words)
    signals += _capitals(tokens, words)
    signals += [
        Signal(
            SignalKind.CLICKBAIT,
            m.span,
            m.entry.cue,
            f"Headline formula ({m.entry.note}): it announces a revelation instead of stating the news.",
        )
        for m in clickbait_lexicon().find(text, tokens)
    ]
    return signals


def _exclamations(tokens: Sequence[Token], words: Sequence[str]) -> list[Signal]:
    signals = []
    i = 0
    while i < len(tokens):
        if "!" not in words[i]:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and "!" in words[j]:  # "!!!" is one device
            j += 1
        signals.append(
            Signal(
                SignalKind.CLICKBAIT,
                Span(tokens[i].span.start, tokens[j - 1].span.end),
                "exclamation",
                "Exclamation mark in a headline: it signals alarm or outrage, which news headlines avoid.",
            )
        )
        i = j
    return signals


def _colon_teasers(tokens: Sequence[Token], words: Sequence[str]) -> list[Signal]:
    """ "X: Y!" or "X: Das steckt dahinter": the colon sets up a payoff rather than a dateline or speaker."""
    signals = []
    for i, word in enumerate(words):
        if word != ":" or i == 0 or i + 1 >= len(words):
            continue
        rest = words[i + 1 :]
        ends_loud = "!" in rest[-1]
        if ends_loud or rest[0].lower() in _CATAPHORIC:
            signals.append(
                Signal(
                    SignalKind.CLICKBAIT,
                    tokens[i].span,
                    "teasing colon",
                    "Teasing colon construction: a catchword, then a payoff"
                    + (" ending in an exclamation." if ends_loud else " that points forward to the article."),
                )
            )
    return signals


def _so_openers(tokens: Sequence[Token], words: Sequence[str]) -> list[Signal]:
    """ "So reagiert Putin", "So teuer wird es": "So" opening the headline (or the part after a colon)."""
    signals = []
    for i, word in enumerate(words):
        if word != "So" or (i > 0 and words[i - 1] != ":") or i + 1 >= len(tokens):
            continue
        nxt = tokens[i + 1]
        verb_follows = nxt.pos in _FINITE or (
            nxt.pos in _SO_COMPLEMENTS and i + 2 < len(tokens) and tokens[i + 2].pos in _FINITE
        )
        if verb_follows:
            signals.append(
                Signal(
                    SignalKind.CLICKBAIT,
                    tokens[i].span,
                    "so-opener",
                    "'So ...' headline: it promises the how without telling it, so the reader has to click.",
                )
            )
    return signals


def _capitals(tokens: Sequence[Token], words: Sequence[str]) -> list[Signal]:
    signals = []
    for token, word in zip(tokens, words, strict=True):
        letters = [c for c in word if c.isalpha()]
        if len(letters) < MIN_CAPS_LETTERS or not all(c.isupper() for c in letters) or token.pos == "NE":
            continue
        signals.append(
            Signal(
                SignalKind.CLICKBAIT,
                token.span,
                "all caps",
                "A common word in capitals: typographic shouting to grab attention.",
            )
        )
    return signals
