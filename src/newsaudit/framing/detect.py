"""All framing signals of an article, sentence by sentence, over the language layer's prose sentences."""

from __future__ import annotations

from ..types import Article, BlockLabel, Language, Sentence
from .epistemic import distance_signals, hedge_signals
from .headline import HEADLINE_LABELS, clickbait_signals
from .quantities import quantity_signals
from .rhetoric import rhetorical_signals
from .time_expressions import publication_date, time_signals
from .types import Signal, SignalKind
from .vocabulary import intensifier_signals, sensational_signals, vague_signals

# The author's own running text; a quote box is a quotation, captions are read as they stand.
BODY_LABELS = frozenset({BlockLabel.PARAGRAPH, BlockLabel.INTERTITLE})


def sentence_signals(article: Article, language: Language, sentence: Sentence) -> list[Signal]:
    """The signals of one sentence, in text order (clickbait devices only in headline, kicker and teaser)."""
    text = article.text
    tokens = language.tokens_of(sentence)
    published = publication_date(article.meta.published.value if article.meta.published else None)
    times = time_signals(text, tokens, published)
    vague = vague_signals(text, tokens)
    taken = [s.span for s in times + vague]
    signals = (
        sensational_signals(text, tokens)
        + intensifier_signals(text, tokens)
        + vague
        + hedge_signals(text, tokens)
        + distance_signals(text, tokens)
        + times
        + quantity_signals(text, tokens, taken)
    )
    block = article.blocks[sentence.block]
    if block.label in HEADLINE_LABELS:
        signals += _without_overlap(clickbait_signals(text, tokens), signals)
    elif block.label in BODY_LABELS:
        signals += rhetorical_signals(text, tokens, block.span)
    return sorted(signals, key=lambda s: (s.span.start, s.span.end, s.kind.value))


def _without_overlap(new: list[Signal], old: list[Signal]) -> list[Signal]:
    """A word already counted as sensational ("unglaublich") is not counted again as a headline formula."""
    sensational = [s.span for s in old if s.kind is SignalKind.SENSATIONAL]
    return [s for s in new if not any(s.span.overlaps(span) for span in sensational)]


def find_signals(article: Article, language: Language) -> list[list[Signal]]:
    """The signals of every sentence of ``language``, one list per sentence."""
    return [sentence_signals(article, language, sentence) for sentence in language.sentences]
