"""Sentence embeddings for the accurate profile when no shared encoder pass is at hand: e5 passage embeddings.

They come through ``claims.sentence_vectors``, so the process holds one encoder and one cache of vectors for every
stage that embeds sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..claims.sentence_vectors import PASSAGE_PREFIX, sentence_vectors

E5_DIMENSIONS = 384


def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """L2-normalised e5 passage embeddings, one row per text (an empty (0, 384) array for no texts)."""
    if not texts:
        return np.zeros((0, E5_DIMENSIONS), dtype=np.float32)
    return sentence_vectors(texts, (), PASSAGE_PREFIX)
