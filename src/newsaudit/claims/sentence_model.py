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
from dataclasses import dataclass, field
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
    BATCH = 1024  # texts scored in one numpy pass (an article's sentences fit in one; bounds memory on long inputs)
    # Derived from ``terms`` once, for scoring many texts in one numpy pass: a column per term, idf and weight.
    _columns: dict[str, int] = field(init=False, repr=False, compare=False)
    _idf: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _weight: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The last column is a zero-weight "unknown term": every lookup then indexes an array, none branches.
        object.__setattr__(self, "_columns", {term: k for k, term in enumerate(self.terms)})
        object.__setattr__(self, "_idf", np.array([*(v[0] for v in self.terms.values()), 0.0], dtype=np.float64))
        object.__setattr__(self, "_weight", np.array([*(v[1] for v in self.terms.values()), 0.0], dtype=np.float64))

    def score(self, counts: Mapping[str, int]) -> float:
        """The view's contribution to the logit: weights . L2-normalised sublinear tf-idf."""
        return self.scores([counts])[0]

    def scores(self, texts: Sequence[Mapping[str, int]]) -> list[float]:
        """``score`` of each text's term counts, the term lookups and products done once for all texts.

        Bit-identical to summing ``value * weight`` and ``value * value`` term by term in the counts' order (the
        definition): each text's terms are summed by ``np.add.accumulate``, which adds strictly left to right from
        a leading 0.0, and an unknown term adds exactly 0.0.
        """
        out: list[float] = []
        for first in range(0, len(texts), self.BATCH):
            out.extend(self._batch_scores(texts[first : first + self.BATCH]))
        return out

    def _batch_scores(self, texts: Sequence[Mapping[str, int]]) -> list[float]:
        if not texts:
            return []
        unknown = len(self._idf) - 1
        lookup = self._columns.get
        # Per text: a leading unknown term (the 0.0 the sum starts from), then its terms in the counts' order.
        column_list: list[int] = []
        count_list: list[int] = []
        for text_counts in texts:
            column_list.append(unknown)
            column_list.extend([lookup(term, unknown) for term in text_counts])
            count_list.append(1)
            count_list.extend(text_counts.values())
        columns = np.array(column_list, dtype=np.int64)
        counts = np.array(count_list, dtype=np.int64)
        return self._summed(columns, counts, [len(text_counts) for text_counts in texts])

    def _summed(
        self, columns: npt.NDArray[np.int64], counts: npt.NDArray[np.int64], lengths: Sequence[int]
    ) -> list[float]:
        """Per text (a leading unknown term, then ``lengths[k]`` terms): its score from its terms' columns/counts."""
        if not lengths:
            return []
        # Sublinear tf 1 + log(count) from math.log (numpy's log may differ in the last bit), one per distinct count.
        sublinear = np.array([1.0 + math.log(n) if n else 0.0 for n in range(int(counts.max()) + 1)])
        value = sublinear[counts] * self._idf[columns]
        dot_terms = value * self._weight[columns]
        norm_terms = value * value
        out: list[float] = []
        start = 0
        for length in lengths:
            end = start + 1 + length
            dot = float(np.add.accumulate(dot_terms[start:end])[-1])
            norm = float(np.add.accumulate(norm_terms[start:end])[-1])
            out.append(dot / math.sqrt(norm) if norm else 0.0)
            start = end
        return out


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
        # Per-text features are cached in ``text_features``: the check-worthiness and subjectivity models share them.
        cleaned = [tf.clean(text) for text in texts]
        words = self.word.scores([tf.word_ngram_counts(text) for text in cleaned])
        chars = self.char.scores([tf.char_ngrams(text) for text in cleaned])
        out: list[float] = []
        for text, word, char in zip(cleaned, words, chars, strict=True):
            logit = self.bias
            logit += word
            logit += char
            for value, mean, scale, weight in zip(
                tf.hand_feature_vector(text), self.hand_mean, self.hand_scale, self.hand_weights, strict=True
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
