"""The framing layer of one article: its signals, per-sentence scores and the article score."""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Article, Language
from .detect import find_signals
from .score import ArticleScore, SentenceScore, article_score, sentence_points, word_count
from .types import Signal


@dataclass(frozen=True)
class Framing:
    """All framing and epistemic signals in text order, the score of each sentence with a signal, and the
    article's sensationalism score (points per 100 words with the contributing signals)."""

    signals: tuple[Signal, ...]
    sentences: tuple[SentenceScore, ...]
    score: ArticleScore


def frame_article(article: Article, language: Language) -> Framing:
    """Find the framing signals of an article and score them."""
    per_sentence = find_signals(article, language)
    signals: list[Signal] = []
    sentences: list[SentenceScore] = []
    for index, (sentence, found) in enumerate(zip(language.sentences, per_sentence, strict=True)):
        first = len(signals)
        signals.extend(found)
        if found:
            indices = tuple(range(first, len(signals)))
            sentences.append(SentenceScore(index, sentence.span, sentence_points(found), indices))
    return Framing(tuple(signals), tuple(sentences), article_score(signals, word_count(language.tokens)))
