"""Scoring texts with a shipped sentence classifier, its encoder vectors taken from a given source."""

from __future__ import annotations

from collections.abc import Sequence

from .sentence_model import SentenceModel
from .sentence_vectors import VectorSource


def scored(model: SentenceModel, texts: Sequence[str], vectors: VectorSource | None) -> list[float]:
    """``P(positive)`` per text. The dense head (accurate models) reads its vectors from ``vectors`` when given
    (in ``analyze()``: the article's shared encoder pass), else encodes the texts itself."""
    if model.dense is None or vectors is None or not texts:
        return model.probabilities(texts)
    return model.probabilities(texts, vectors(texts, model.dense.layers, model.dense.prefix))
