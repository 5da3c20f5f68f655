"""Check-worthiness: the probability that a sentence or claim states a checkable fact.

Learned from GermEval 2021's "fact-claiming" label of German Facebook comments (the only public German data for
it): a comment is fact-claiming when it asserts something that could be verified. The data are user comments, not
news sentences. On news text the score ranks sentences with figures, dates, names and cited sources highest and
short headlines, hedged or evaluative sentences lowest; but many plain factual news sentences ("Er erhielt eine
Sperre für zwei Partien.") fall below the threshold, which was set on comments. Use it to rank an article's
sentences, not as a yes/no on news.
"""

from __future__ import annotations

from collections.abc import Sequence

from .sentence_model import MODELS, model_path
from .sentence_vectors import VectorSource
from .shipped import scored

TASK = "factclaiming"
PROFILES = ("accurate", "fast")


def claim_scores(texts: Sequence[str], profile: str = "accurate", vectors: VectorSource | None = None) -> list[float]:
    """``P(contains a factual claim)`` per text, from the shipped model of ``profile`` (loaded once).

    ``vectors``: where the accurate model's encoder vectors come from (the article's shared pass); else it encodes.
    """
    return scored(MODELS.get(model_path(TASK, profile)), texts, vectors)


def claim_threshold(profile: str = "accurate") -> float:
    """The score from which a text counts as claiming a fact (chosen for macro-F1 on the training data)."""
    return MODELS.get(model_path(TASK, profile)).threshold
