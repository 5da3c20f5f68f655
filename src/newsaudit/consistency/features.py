"""What the check reads from each display statement and each body sentence: content words, figures, cues.

Display elements are split into statements at colons, vertical bars and dashes inside a sentence, so that
"Geheimes Gutachten aufgetaucht: Staumauer voller Risse!" gives two statements, each checked on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Span, Token
from .actors import subject_before
from .cues import QuantityCue, Voice, distance_verbs, hedging_modals, quantity_cues, self_attributed
from .numbers import Figure, figures
from .words import ContentWord, content_words

# Punctuation that separates the statements of one headline line ("X: Y", "X | Y", "X – Y").
_STATEMENT_BREAKS = frozenset({":", "|", "–", "—", "-"})
# A part of a line with fewer content words is joined to the next part (see split_statements).
MIN_STATEMENT_WORDS = 2
_VERB_TAGS_ASSERTING = frozenset({"VVFIN", "VAFIN", "VMFIN", "VVPP", "VVIMP"})


@dataclass(frozen=True)
class Statement:
    """One statement of a display element, with what the check needs."""

    span: Span
    words: tuple[ContentWord, ...]
    figures: tuple[Figure, ...]
    quantities: tuple[QuantityCue, ...]
    # why the element does not state it as plain fact; empty when it does
    own_attribution: Span | None
    hedges: tuple[Span, ...]
    distance: tuple[Span, ...]
    is_question: bool
    has_verb: bool
    # the subject in front of the finite verb ("Russen" in "Russen schießen auf ...") and that verb, when both found
    actor: ContentWord | None = None
    action: ContentWord | None = None

    @property
    def asserts(self) -> bool:
        """An unhedged statement of fact in the indicative: what "stronger than the body" compares."""
        return (
            self.has_verb
            and self.own_attribution is None
            and not self.hedges
            and not self.distance
            and not self.is_question
        )


@dataclass(frozen=True)
class BodySentence:
    """A body (paragraph) sentence: its index in ``Language.sentences``, content words, figures and voice."""

    index: int
    span: Span
    words: tuple[ContentWord, ...]
    figures: tuple[Figure, ...]
    voice: Voice
    voice_cues: tuple[Span, ...]


def split_statements(text: str, tokens: Sequence[Token]) -> list[tuple[Sequence[Token], Sequence[Token]]]:
    """The statements of one element sentence, each with its prefix: what precedes it before a break.

    Parts between breaks with fewer than MIN_STATEMENT_WORDS content words ("Berlin –", "Lawrow:", "Jetzt ist
    klar:") are datelines, speaker tags or teaser devices, not statements the body could support: such a part is
    joined to the next part and becomes that statement's prefix (a trailing one is joined to the statement before).
    """
    parts: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if text[token.span.start : token.span.end] in _STATEMENT_BREAKS:
            if current:
                parts.append(current)
            current = []
        else:
            current.append(token)
    if current:
        parts.append(current)
    statements: list[tuple[Sequence[Token], Sequence[Token]]] = []
    pending: list[Token] = []
    for part in parts:
        if len(content_words(text, pending + part)) < MIN_STATEMENT_WORDS:
            pending += part
            continue
        prefix = pending if pending else (statements[-1][0] if statements else ())
        statements.append((pending + part, prefix))
        pending = []
    if pending:
        if statements:
            last, prefix = statements[-1]
            statements[-1] = ([*last, *pending], prefix)
        else:
            statements.append((pending, ()))
    return statements


def _trim(tokens: Sequence[Token]) -> Span:
    """The statement's span without a trailing full stop/exclamation mark and leading punctuation."""
    words = [t for t in tokens if not t.pos.startswith("$")] or list(tokens)
    return Span(words[0].span.start, words[-1].span.end)


def statement_of(
    text: str, tokens: Sequence[Token], prefix: Sequence[Token], hedges: tuple[Span, ...]
) -> Statement | None:
    """The statement made by ``tokens`` (``prefix``: the part of the line before it), or None if it has no content."""
    words = content_words(text, tokens)
    found_figures = figures(text, tokens)
    if not words and not found_figures:
        return None
    last = text[tokens[-1].span.start : tokens[-1].span.end]
    actor, action = subject_before(text, tokens)
    return Statement(
        span=_trim(tokens),
        words=words,
        figures=found_figures,
        quantities=quantity_cues(text, tokens),
        own_attribution=self_attributed(text, tokens, prefix),
        hedges=hedges,
        distance=distance_verbs(text, tokens) + hedging_modals(tokens),
        is_question=last == "?",
        has_verb=any(t.pos in _VERB_TAGS_ASSERTING for t in tokens),
        actor=actor,
        action=action,
    )


def body_sentence_of(
    text: str, index: int, span: Span, tokens: Sequence[Token], voice: Voice, voice_cues: tuple[Span, ...]
) -> BodySentence:
    return BodySentence(index, span, content_words(text, tokens), figures(text, tokens), voice, voice_cues)
