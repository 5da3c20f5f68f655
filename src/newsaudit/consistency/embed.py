"""Sentence embeddings of the accurate profile for consistency: centred e5 layer-7 states (``centre.py``).

They come through ``claims.sentence_vectors`` (or, in ``analyze()``, the article's shared encoder pass), so the
process holds one encoder and one cache of vectors for every stage that embeds sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..claims.sentence_vectors import PASSAGE_PREFIX, VectorSource, sentence_vectors
from .centre import get_centre

E5_DIMENSIONS = 384


def embed(texts: Sequence[str], source: VectorSource = sentence_vectors) -> npt.NDArray[np.float32]:
    """Unit vectors, one row per text (an empty (0, 384) array for no texts); ``source`` gives the layer means."""
    if not texts:
        return np.zeros((0, E5_DIMENSIONS), dtype=np.float32)
    centre = get_centre()
    return centre.unit_vectors(source(texts, (centre.layer,), PASSAGE_PREFIX))
