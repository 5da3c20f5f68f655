"""Train the raw-text line model from the public Fundus pages (``newsaudit train structure-text``).

Every page is rendered to plain text twice (article region and whole page, ``structure.render``), its
lines get gold labels by alignment with the page's gold record, and a multinomial logistic regression is
fitted over the line features. Scores are leave-publisher-out: grouped folds, no publisher in training
and test at once. Training is deterministic (fixed seed, sorted pages); scikit-learn is needed only here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import numpy.typing as npt

from ..errors import DataError
from ..evaluate.fundus import FundusPage, load_fundus
from .line_features import FEATURE_NAMES, document_features, line_stats
from .line_model import MODEL_PATH, LineModel
from .render import GOLD_LABELS, VARIANTS, gold_labels, render_html

SEED = 13
# Inverse regularisation strength of the logistic regression. Chosen by leave-publisher-out CV over
# {0.03, 0.1, 0.3, 1, 3} (with the features of 2026-11-25, headline/teaser/paragraph F1): 0.765/0.731/0.890,
# 0.774/0.733/0.894, 0.762/0.714/0.894, 0.753/0.704/0.894, 0.748/0.678/0.890; 0.1 is best.
C = 0.1
# Grouped folds for cross-validation: publishers are split into this many folds (39 publishers).
CV_FOLDS = 8
# Model classes: the gold labels, with the two-line "kicker" gold (too rare to learn) folded into
# furniture; kicker lines are found by rules (``text_rules.split_kicker`` and the line above a headline).
MODEL_LABELS = tuple(label for label in GOLD_LABELS if label != "kicker")
COMMAND = "newsaudit train structure-text"


@dataclass(frozen=True)
class RenderedDoc:
    """One rendering of one page with its gold line labels."""

    page: str
    publisher: str
    variant: str
    text: str
    lines: tuple[str, ...]
    gold: tuple[str, ...]


def fundus_dir(root: Path) -> Path:
    """The Fundus folder: ``root`` itself, or ``root/html-de/fundus`` when given the data root."""
    nested = root / "html-de" / "fundus"
    return nested if nested.is_dir() else root


def render_corpus(pages: Sequence[FundusPage], variants: Sequence[str] = VARIANTS) -> list[RenderedDoc]:
    """All renderings of all pages, in a fixed order."""
    docs: list[RenderedDoc] = []
    for page in pages:
        for variant in variants:
            rendered = render_html(page.html, variant)
            labels = gold_labels(rendered, page)
            docs.append(
                RenderedDoc(
                    page=page.name,
                    publisher=page.publisher,
                    variant=variant,
                    text=rendered.text,
                    lines=tuple(rendered.line_texts()),
                    gold=tuple(labels),
                )
            )
    return docs


# Training-only renderings of each article rendering, for texts without page furniture: "clean" keeps the
# article's own lines (what a good extractor gives), "flat" is its prose on one line (corpora such as
# 10kGNAD store an article as one line). Without them the model never sees a text that is all article and
# calls a lone paragraph furniture.
CLEAN_VARIANTS = ("clean", "flat")
_FLAT_LABELS = frozenset({"teaser", "paragraph"})


def clean_texts(docs: Sequence[RenderedDoc]) -> list[RenderedDoc]:
    """The "clean" and "flat" training texts of the article renderings in ``docs``."""
    extra: list[RenderedDoc] = []
    for doc in docs:
        if doc.variant != "article":
            continue
        kept = [
            (line, gold) for line, gold in zip(doc.lines, doc.gold, strict=True) if gold not in ("furniture", "kicker")
        ]
        if not kept:
            continue
        lines, gold = zip(*kept, strict=True)
        extra.append(RenderedDoc(doc.page, doc.publisher, "clean", "\n\n".join(lines), tuple(lines), tuple(gold)))
        prose = " ".join(line for line, label in kept if label in _FLAT_LABELS)
        if prose:
            extra.append(RenderedDoc(doc.page, doc.publisher, "flat", prose, (prose,), ("paragraph",)))
    return extra


def document_matrices(docs: Sequence[RenderedDoc]) -> list[npt.NDArray[np.float64]]:
    """The line feature matrix of every document."""
    return [document_features(doc.lines, [line_stats(line) for line in doc.lines]) for doc in docs]


def fit_model(
    matrices: Sequence[npt.NDArray[np.float64]], docs: Sequence[RenderedDoc], provenance: dict[str, Any]
) -> LineModel:
    """Fit the logistic regression on the given documents' lines."""
    from sklearn.linear_model import LogisticRegression  # training-only dependency
    from threadpoolctl import threadpool_limits  # comes with scikit-learn

    x = np.vstack(matrices)
    y = np.asarray([MODEL_LABELS.index(g if g != "kicker" else "furniture") for doc in docs for g in doc.gold])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=C, max_iter=3000, random_state=SEED)
    # One BLAS thread: the fit is small, threads only contend (25x slower on a busy 2-core machine), and
    # the result does not depend on the machine's thread count (bit-for-bit reproducible artefact).
    with threadpool_limits(limits=1):
        clf.fit((x - mean) / scale, y)
    # Classes absent from the training folds get a very low constant logit, so the label order stays fixed.
    coef = np.zeros((len(MODEL_LABELS), x.shape[1]))
    intercept = np.full(len(MODEL_LABELS), -30.0)
    for row, cls in enumerate(clf.classes_):
        coef[int(cls)] = clf.coef_[row]
        intercept[int(cls)] = clf.intercept_[row]
    return LineModel(MODEL_LABELS, mean, scale, coef, intercept, provenance)


def publisher_folds(docs: Sequence[RenderedDoc], n_folds: int = CV_FOLDS) -> list[list[int]]:
    """Document indices per fold; publishers assigned round-robin in sorted order (deterministic)."""
    publishers = sorted({doc.publisher for doc in docs})
    fold_of = {publisher: i % n_folds for i, publisher in enumerate(publishers)}
    return [[i for i, doc in enumerate(docs) if fold_of[doc.publisher] == k] for k in range(n_folds)]


def cross_validated_models(
    docs: Sequence[RenderedDoc], matrices: Sequence[npt.NDArray[np.float64]], n_folds: int = CV_FOLDS
) -> dict[int, LineModel]:
    """For every document, the model trained without its publisher (key: document index)."""
    models: dict[int, LineModel] = {}
    for test in publisher_folds(docs, n_folds):
        test_set = set(test)
        train = [i for i in range(len(docs)) if i not in test_set]
        model = fit_model([matrices[i] for i in train], [docs[i] for i in train], {"fold": True})
        for i in test:
            models[i] = model
    return models


def train_structure_text(root: Path, out_path: Path = MODEL_PATH, *, out: TextIO) -> dict[str, Any]:
    """Train the shipped model from the Fundus pages under ``root`` and write it to ``out_path``.

    Returns the provenance written into the artefact (data, counts, date, command, CV scores).
    """
    from ..evaluate.structure_text import score_documents  # evaluation helpers share the scoring

    fundus = fundus_dir(root)
    if not fundus.is_dir():
        raise DataError(f"Fundus data not found at {fundus}")
    pages = load_fundus(fundus)
    docs = render_corpus(pages)
    training = docs + clean_texts(docs)
    matrices = document_matrices(training)
    print(f"rendered {len(pages)} pages x {len(VARIANTS)} variants: {sum(len(d.lines) for d in docs)} lines", file=out)
    # The fold models learn from the clean texts of the training publishers too; scores are on renderings.
    fold_models = cross_validated_models(training, matrices)
    cv = score_documents(docs, lambda i: fold_models[i])
    label_counts: dict[str, int] = {}
    for doc in docs:
        for g in doc.gold:
            label_counts[g] = label_counts.get(g, 0) + 1
    provenance: dict[str, Any] = {
        "data": str(fundus),
        "pages": len(pages),
        "publishers": len({p.publisher for p in pages}),
        "variants": list(VARIANTS),
        "training_only_variants": list(CLEAN_VARIANTS),
        "lines": sum(len(d.lines) for d in docs),
        "training_lines": sum(len(d.lines) for d in training),
        "label_counts": dict(sorted(label_counts.items())),
        "date": dt.date.today().isoformat(),
        "command": COMMAND,
        "model": f"multinomial logistic regression, C={C}, seed={SEED}, {len(FEATURE_NAMES)} features",
        "cv": f"leave-publisher-out, {CV_FOLDS} grouped folds",
        "cv_scores": {key: round(value, 4) for key, value in sorted(cv.items())},
    }
    model = fit_model(matrices, training, provenance)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(
        f"wrote {out_path} (leave-publisher-out accuracy {cv['accuracy']:.3f}, headline F1 {cv['f1.headline']:.3f}, "
        f"paragraph F1 {cv['f1.paragraph']:.3f}, furniture F1 {cv['f1.furniture']:.3f})",
        file=out,
    )
    return provenance
