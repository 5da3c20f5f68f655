"""Framing and epistemic signals at span level, and an explainable sensationalism score (issue 6).

Rule-based over the language layer: lexicons in ``resources/de/framing_*.tsv`` and ``time_*.tsv`` with their
source stated; every ``Signal`` has a span into ``Article.text``, the cue that fired and a one-sentence reason.
"""

from .analysis import Framing, frame_article
from .score import ArticleScore, KindContribution, SentenceScore
from .types import Signal, SignalKind

__all__ = ["ArticleScore", "Framing", "KindContribution", "SentenceScore", "Signal", "SignalKind", "frame_article"]
