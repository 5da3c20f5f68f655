"""Shared scoring of the sentence classifiers (check-worthiness, subjectivity): per-class P/R/F1 and macro-F1."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TextIO

import numpy as np

from .datasets import LabelledTexts
from .sentence_model import MODELS, model_from_dict, model_path

CLASS_NAMES = {"factclaiming": ("no-claim", "claim"), "subjectivity": ("OBJ", "SUBJ")}


def print_scores(task: str, labels: Sequence[int], predicted: Sequence[int], out: TextIO) -> float:
    """Per-class P/R/F1 with support; returns macro-F1 (printed by the caller as the last line)."""
    from .train import per_class

    rows = per_class(labels, predicted)
    out.write(f"{'class':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}\n")
    for name, (precision, recall, f1, support) in zip(CLASS_NAMES[task], rows, strict=True):
        out.write(f"{name:<10} {precision:6.3f} {recall:6.3f} {f1:6.3f} {support:6d}\n")
    return float(np.mean([f1 for _, _, f1, _ in rows]))


def score_shipped(task: str, profile: str, data: LabelledTexts, *, out: TextIO) -> float:
    """Score the shipped model of ``task``/``profile`` on ``data``."""
    model = MODELS.get(model_path(task, profile))
    started = time.perf_counter()
    scores = model.probabilities(list(data.texts))
    seconds = time.perf_counter() - started
    predicted = [int(p >= model.threshold) for p in scores]
    out.write(f"{task} ({profile}, shipped model, threshold {model.threshold:.2f}) on {data.source}\n")
    out.write(
        f"{len(data.texts)} texts, {data.positives} positive; {1000 * seconds / max(1, len(data.texts)):.1f} ms/text\n"
    )
    f1 = print_scores(task, data.labels, predicted, out)
    out.write(f"macro-F1 {f1:.4f}\n")
    return f1


def _vectors(task: str, profile: str, texts: Sequence[str], out: TextIO) -> np.ndarray | None:
    from .train import cached_vectors, config_of

    return None if profile == "fast" else cached_vectors(texts, config_of(task), out=out)


def train_and_score(task: str, profile: str, train: LabelledTexts, test: LabelledTexts, *, out: TextIO) -> float:
    """Train ``profile`` on ``train`` (as ``newsaudit train`` does) and score ``test``."""
    from .train import config_of, train_model

    config = config_of(task)
    train_vectors = _vectors(task, profile, train.texts, out)
    test_vectors = _vectors(task, profile, test.texts, out)
    artefact = train_model(train, config, profile, vectors=train_vectors)
    model = model_from_dict(artefact)
    scores = model.probabilities(list(test.texts), test_vectors)
    predicted = [int(p >= model.threshold) for p in scores]
    out.write(f"{task} ({profile}): trained on {train.source} ({len(train.texts)}), scored on {test.source}\n")
    out.write(f"threshold {model.threshold:.2f} (macro-F1 of out-of-fold training predictions)\n")
    f1 = print_scores(task, test.labels, predicted, out)
    out.write(f"macro-F1 {f1:.4f}\n")
    return f1


def cross_validate(task: str, profile: str, data: LabelledTexts, *, folds: int, out: TextIO) -> float:
    """``folds``-fold stratified cross-validation of the whole training procedure; returns the mean macro-F1."""
    from .train import EVAL_INNER_FOLDS, SEED, _folds, config_of, macro_f1, train_model

    config = config_of(task)
    vectors = _vectors(task, profile, data.texts, out)
    labels = np.asarray(data.labels)
    predicted = np.zeros(len(labels), dtype=int)
    fold_scores: list[float] = []
    out.write(f"{task} ({profile}): {folds}-fold cross-validation (stratified, seed {SEED}) on {data.source}\n")
    for number, (train_rows, test_rows) in enumerate(_folds(list(data.labels), folds), start=1):
        part = LabelledTexts(
            tuple(data.texts[i] for i in train_rows), tuple(int(v) for v in labels[train_rows]), data.source
        )
        artefact = train_model(
            part, config, profile, vectors=None if vectors is None else vectors[train_rows], folds=EVAL_INNER_FOLDS
        )
        model = model_from_dict(artefact)
        test_texts = [data.texts[i] for i in test_rows]
        scores = model.probabilities(test_texts, None if vectors is None else vectors[test_rows])
        predicted[test_rows] = [int(p >= model.threshold) for p in scores]
        fold_scores.append(macro_f1(list(labels[test_rows]), list(predicted[test_rows])))
        out.write(f"fold {number}: threshold {model.threshold:.2f}  macro-F1 {fold_scores[-1]:.4f}\n")
        out.flush()
    out.write(f"all held-out predictions pooled (macro-F1 {macro_f1(list(labels), list(predicted)):.4f}):\n")
    print_scores(task, list(labels), list(predicted), out)
    mean = float(np.mean(fold_scores))
    out.write(f"mean over folds {mean:.4f} (sd {float(np.std(fold_scores)):.4f})\n")
    out.write(f"macro-F1 {mean:.4f}\n")
    return mean
