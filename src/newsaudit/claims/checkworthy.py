"""Check-worthiness: the probability that a sentence or claim states a checkable fact.

Learned from GermEval 2021's "fact-claiming" label of German Facebook comments (the only public German data for
it): a comment is fact-claiming when it asserts something that could be verified. The data are user comments, not
news sentences; see the provenance in the model files for the scores and the report of the project's lead for
how the scores behave on news text.
"""

from __future__ import annotations

from collections.abc import Sequence

from .sentence_model import MODELS, model_path

TASK = "factclaiming"
PROFILES = ("accurate", "fast")


def claim_scores(texts: Sequence[str], profile: str = "accurate") -> list[float]:
    """``P(contains a factual claim)`` per text, from the shipped model of ``profile`` (loaded once)."""
    return MODELS.get(model_path(TASK, profile)).probabilities(texts)


def claim_threshold(profile: str = "accurate") -> float:
    """The score from which a text counts as claiming a fact (chosen for macro-F1 on the training data)."""
    return MODELS.get(model_path(TASK, profile)).threshold
