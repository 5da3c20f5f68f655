"""A shipped sentence classifier (``models/<task>_<profile>.json.gz``) and its numpy-only scoring.

Fast profile: one logistic regression over three views of the text (``text_features``): TF-IDF of word
n-grams and of character n-grams (sublinear tf, smooth idf, each view L2-normalised, exactly as scikit-learn's
``TfidfVectorizer`` computes them at training time) and standardised hand features.
Accurate profile: the fast model's logit stacked with a dense head (a one-hidden-layer MLP) over e5-small
states mean-pooled per layer (``sentence_vectors``): ``logit = a * fast + b * dense + c``, with a, b, c fitted
on out-of-fold logits of the training data. Both give ``P(positive class)``; ``threshold`` is the decision
point chosen by cross-validation on the training data for macro-F1.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelError
from ..model_cache import LoadedModels
from . import text_features as tf

FloatArray = npt.NDArray[np.float32]
FORMAT = "newsaudit-sentence-classifier/1"


@dataclass(frozen=True)
class SparseView:
    """One TF-IDF view: per known term its idf and its weight in the linear model."""

    terms: Mapping[str, tuple[float, float]]

    def score(self, counts: Mapping[str, int]) -> float:
        """The view's contribution to the logit: weights . L2-normalised sublinear tf-idf."""
        dot = 0.0
        norm = 0.0
        for term, count in counts.items():
            known = self.terms.get(term)
            if known is None:
                continue
            idf, weight = known
            value = (1.0 + math.log(count)) * idf
            dot += value * weight
            norm += value * value
        return dot / math.sqrt(norm) if norm else 0.0


@dataclass(frozen=True)
class DenseHead:
    """An MLP (ReLU, one hidden layer; none when ``hidden_w`` is empty) over standardised pooled e5 states."""

    layers: tuple[int, ...]
    prefix: str
    mean: FloatArray
    scale: FloatArray
    hidden_w: FloatArray
    hidden_b: FloatArray
    out_w: FloatArray
    out_b: float

    def logits(self, texts: Sequence[str]) -> FloatArray:
        """The head's logit per text (encodes the texts; vectors are cached per text)."""
        from .sentence_vectors import sentence_vectors

        return self.logits_of(sentence_vectors(texts, self.layers, self.prefix))

    def logits_of(self, vectors: npt.NDArray[np.floating[Any]]) -> FloatArray:
        """The head's logit per row of precomputed sentence vectors."""
        x = ((vectors - self.mean) / self.scale).astype(np.float32)
        if self.hidden_w.size:
            x = np.maximum(x @ self.hidden_w + self.hidden_b, np.float32(0))
        return np.asarray(x @ self.out_w + np.float32(self.out_b), dtype=np.float32)


@dataclass(frozen=True)
class SentenceModel:
    """A trained sentence classifier: the linear fast part, optionally stacked with a dense head."""

    task: str
    profile: str
    word: SparseView
    char: SparseView
    hand_mean: tuple[float, ...]
    hand_scale: tuple[float, ...]
    hand_weights: tuple[float, ...]
    bias: float
    threshold: float
    dense: DenseHead | None
    stack: tuple[float, float, float] | None  # weights of the fast and the dense logit, intercept

    def fast_logits(self, texts: Sequence[str]) -> list[float]:
        """The linear model's logit per text (cleaned of dataset placeholders first)."""
        out: list[float] = []
        for text in texts:
            cleaned = tf.clean(text)
            hand = tf.hand_features(cleaned)
            logit = self.bias
            logit += self.word.score(tf.word_ngrams(tf.words(cleaned)))
            logit += self.char.score(tf.char_ngrams(cleaned))
            for value, mean, scale, weight in zip(
                hand, self.hand_mean, self.hand_scale, self.hand_weights, strict=True
            ):
                logit += (value - mean) / scale * weight
            out.append(logit)
        return out

    def probabilities(self, texts: Sequence[str], vectors: npt.NDArray[np.floating[Any]] | None = None) -> list[float]:
        """``P(positive class)`` per text; ``vectors``: the dense head's inputs when already computed (evaluation)."""
        if not texts:
            return []
        logits = np.asarray(self.fast_logits(texts), dtype=np.float64)
        if self.dense is not None and self.stack is not None:
            a, b, c = self.stack
            dense = self.dense.logits(texts) if vectors is None else self.dense.logits_of(vectors)
            logits = a * logits + b * dense.astype(np.float64) + c
        return [float(p) for p in 1.0 / (1.0 + np.exp(-logits))]


def _view(raw: Mapping[str, Any]) -> SparseView:
    terms, idf, coef = raw["terms"], raw["idf"], raw["coef"]
    if not len(terms) == len(idf) == len(coef):
        raise ModelError("sentence model: a sparse view's terms, idf and coef differ in length")
    return SparseView({t: (float(i), float(c)) for t, i, c in zip(terms, idf, coef, strict=True)})


def _array(values: Any) -> FloatArray:
    return np.asarray(values, dtype=np.float32)


def _dense(raw: Mapping[str, Any] | None) -> DenseHead | None:
    if raw is None:
        return None
    hidden_w = _array(raw["hidden_w"]) if raw["hidden_w"] else np.zeros((0, 0), dtype=np.float32)
    return DenseHead(
        layers=tuple(int(layer) for layer in raw["layers"]),
        prefix=str(raw["prefix"]),
        mean=_array(raw["mean"]),
        scale=_array(raw["scale"]),
        hidden_w=hidden_w,
        hidden_b=_array(raw["hidden_b"]),
        out_w=_array(raw["out_w"]),
        out_b=float(raw["out_b"]),
    )


def model_from_dict(raw: Mapping[str, Any]) -> SentenceModel:
    """The model of a decoded artefact; ``ModelError`` when its format is not this module's."""
    if raw.get("format") != FORMAT:
        raise ModelError(f"sentence model: expected format {FORMAT}, got {raw.get('format')!r}")
    names = raw["hand"]["names"]
    if list(names) != tf.hand_feature_names():
        raise ModelError("sentence model: its hand features differ from this version's (retrain it)")
    stack = raw.get("stack")
    return SentenceModel(
        task=str(raw["task"]),
        profile=str(raw["profile"]),
        word=_view(raw["sparse"]["word"]),
        char=_view(raw["sparse"]["char"]),
        hand_mean=tuple(float(v) for v in raw["hand"]["mean"]),
        hand_scale=tuple(float(v) for v in raw["hand"]["scale"]),
        hand_weights=tuple(float(v) for v in raw["hand"]["coef"]),
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
        dense=_dense(raw.get("dense")),
        stack=(float(stack[0]), float(stack[1]), float(stack[2])) if stack else None,
    )


def read_model(path: Path) -> SentenceModel:
    """Read and check a ``.json.gz`` artefact."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            raw = json.load(handle)
    except FileNotFoundError as exc:
        raise ModelError(f"sentence model not found: {path} (train it with `newsaudit train`)") from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"sentence model unreadable: {path}: {exc}") from exc
    try:
        return model_from_dict(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"sentence model malformed: {path}: {exc}") from exc


MODELS: LoadedModels[SentenceModel] = LoadedModels(read_model)


def model_path(task: str, profile: str) -> Path:
    """Where the shipped model of ``task`` and ``profile`` lives."""
    return Path(__file__).resolve().parent.parent / "models" / f"{task}_{profile}.json.gz"
