"""Subjectivity: the probability that a news sentence expresses the writer's opinion rather than reporting.

Learned from the German split of CLEF CheckThat! 2025 task 1 (news sentences labelled SUBJ/OBJ).
"""

from __future__ import annotations

from collections.abc import Sequence

from .sentence_model import MODELS, model_path
from .sentence_vectors import VectorSource
from .shipped import scored

TASK = "subjectivity"
PROFILES = ("accurate", "fast")


def subjectivity_scores(
    texts: Sequence[str], profile: str = "accurate", vectors: VectorSource | None = None
) -> list[float]:
    """``P(subjective)`` per text, from the shipped model of ``profile`` (loaded once); ``vectors`` as in
    ``checkworthy.claim_scores``."""
    return scored(MODELS.get(model_path(TASK, profile)), texts, vectors)


def subjectivity_threshold(profile: str = "accurate") -> float:
    """The score from which a sentence counts as subjective (chosen for macro-F1 on the training data)."""
    return MODELS.get(model_path(TASK, profile)).threshold
