"""Evaluate the raw-text structure labeller on rendered Fundus pages (``newsaudit eval structure-text``).

The pages are rendered to plain text (article region and whole page, ``structure.render``) and every line
has a gold label from the page's gold record. The labeller (model + rules, as ``label_text`` runs it) is
scored per line with leave-publisher-out cross-validation: each page is labelled by a model trained
without any page of its publisher. A line's predicted label is the label of the largest block in it;
furniture subtypes and the section line count as "furniture" (the gold has no subtypes). The shipped
model's scores on the same pages are printed separately: it was trained on them, so they are not held out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from ..errors import DataError
from ..evaluate.fundus import load_fundus
from ..structure.line_model import LineModel, shipped_model
from ..structure.render import GOLD_LABELS, VARIANTS
from ..structure.text import _blocks_for_line, label_lines
from ..structure.train import (
    CV_FOLDS,
    RenderedDoc,
    clean_texts,
    cross_validated_models,
    document_matrices,
    fundus_dir,
    render_corpus,
)
from ..types import BlockLabel

# What a predicted block label counts as against the gold line labels.
_AS_GOLD = {
    BlockLabel.SECTION: "furniture",
    BlockLabel.QUOTE_BOX: "paragraph",
    BlockLabel.RELATED_LINK: "furniture",
    BlockLabel.SHARE_WIDGET: "furniture",
    BlockLabel.FOOTER: "furniture",
    BlockLabel.NAVIGATION: "furniture",
    BlockLabel.ADVERTISEMENT: "furniture",
}


def predict_doc_lines(text: str, model: LineModel) -> tuple[list[str], list[str]]:
    """Per line: the gold-comparable label and the full block label of the largest block in it."""
    spans, decisions = label_lines(text, model)
    coarse: list[str] = []
    fine: list[str] = []
    for span, decision in zip(spans, decisions, strict=True):
        blocks = _blocks_for_line(span, text[span.start : span.end], decision)
        # A line split in two (kicker + headline, caption + credit) counts as the line's decision; a
        # caption line that holds only a credit counts as credit.
        labels = [b.label for b in blocks]
        label = BlockLabel(decision.label) if BlockLabel(decision.label) in labels else labels[-1]
        fine.append(label.value)
        coarse.append(_AS_GOLD.get(label, label.value))
    return coarse, fine


def prf(gold: Sequence[str], pred: Sequence[str], label: str) -> tuple[float, float, float]:
    """Precision, recall, F1 of one label (0 where undefined)."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
    n_pred = sum(1 for p in pred if p == label)
    n_gold = sum(1 for g in gold if g == label)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _scores(gold: Sequence[str], pred: Sequence[str], prefix: str = "") -> dict[str, float]:
    scores = {f"{prefix}accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)}
    for label in GOLD_LABELS:
        p, r, f = prf(gold, pred, label)
        scores[f"{prefix}p.{label}"] = p
        scores[f"{prefix}r.{label}"] = r
        scores[f"{prefix}f1.{label}"] = f
    return scores


def score_documents(
    docs: Sequence[RenderedDoc], model_for: Callable[[int], LineModel], per_doc: list[dict[str, object]] | None = None
) -> dict[str, float]:
    """Line-level scores over all documents and per variant (keys ``accuracy``, ``f1.headline``,
    ``article.f1.paragraph``, ...). ``per_doc`` collects one record per document when given."""
    gold_all: list[str] = []
    pred_all: list[str] = []
    by_variant: dict[str, tuple[list[str], list[str]]] = {v: ([], []) for v in VARIANTS}
    fine_counts: Counter[str] = Counter()
    for i, doc in enumerate(docs):
        coarse, fine = predict_doc_lines(doc.text, model_for(i))
        gold = list(doc.gold)
        gold_all += gold
        pred_all += coarse
        by_variant[doc.variant][0].extend(gold)
        by_variant[doc.variant][1].extend(coarse)
        fine_counts.update(fine)
        if per_doc is not None:
            per_doc.append(
                {
                    "page": doc.page,
                    "variant": doc.variant,
                    "lines": len(gold),
                    "accuracy": sum(g == p for g, p in zip(gold, coarse, strict=True)) / max(len(gold), 1),
                    "headline": _headline_status(gold, coarse),
                    "f1.paragraph": prf(gold, coarse, "paragraph")[2],
                    "f1.furniture": prf(gold, coarse, "furniture")[2],
                }
            )
    scores = _scores(gold_all, pred_all)
    # Supplementary, not a substitute for the per-label table: the teaser is the article's first paragraph
    # and the two are often told apart only by typography, so also score them as one "article prose" label.
    merged_gold = ["paragraph" if g == "teaser" else g for g in gold_all]
    merged_pred = ["paragraph" if p == "teaser" else p for p in pred_all]
    scores["f1.prose_merged"] = prf(merged_gold, merged_pred, "paragraph")[2]
    for variant, (gold, pred) in by_variant.items():
        if gold:
            scores.update(_scores(gold, pred, prefix=f"{variant}."))
    scores["lines"] = float(len(gold_all))
    for label, count in fine_counts.items():
        scores[f"predicted.{label}"] = float(count)
    return scores


def _headline_status(gold: Sequence[str], pred: Sequence[str]) -> str:
    g = [i for i, label in enumerate(gold) if label == "headline"]
    p = [i for i, label in enumerate(pred) if label == "headline"]
    if not g:
        return "no-gold" if not p else "extra"
    return "ok" if p and p[0] in g else ("missed" if not p else "wrong")


def _print_table(scores: dict[str, float], out: TextIO, prefix: str = "") -> None:
    print(f"  {'label':12s} {'P':>6s} {'R':>6s} {'F1':>6s}", file=out)
    for label in GOLD_LABELS:
        p, r, f = (scores[f"{prefix}{k}.{label}"] for k in ("p", "r", "f1"))
        print(f"  {label:12s} {p:6.3f} {r:6.3f} {f:6.3f}", file=out)


def quick_cv_scores(root: Path, *, n_folds: int = 3, variants: Sequence[str] = ("article",)) -> dict[str, float]:
    """Leave-publisher-out scores with fewer folds and renderings than the full evaluation (for CI floors)."""
    fundus = fundus_dir(root)
    if not fundus.is_dir():
        raise DataError(f"Fundus data not found at {fundus}")
    docs = render_corpus(load_fundus(fundus), variants)
    training = docs + clean_texts(docs)
    fold_models = cross_validated_models(training, document_matrices(training), n_folds)
    return score_documents(docs, lambda i: fold_models[i])


def run_structure_text_eval(root: Path, *, out: TextIO) -> dict[str, float]:
    """Render the Fundus pages under ``root``, score leave-publisher-out, print and return the scores.

    Also prints the shipped model's scores on the same pages (not held out). Needs scikit-learn to train
    the fold models.
    """
    fundus = fundus_dir(root)
    if not fundus.is_dir():
        raise DataError(f"Fundus data not found at {fundus}")
    pages = load_fundus(fundus)
    docs = render_corpus(pages)
    training = docs + clean_texts(docs)  # training-only texts without furniture (see structure.train)
    fold_models = cross_validated_models(training, document_matrices(training))
    per_doc: list[dict[str, object]] = []
    scores = score_documents(docs, lambda i: fold_models[i], per_doc)

    print(
        f"structure-text: {len(pages)} Fundus pages, {len({p.publisher for p in pages})} publishers, "
        f"{len(VARIANTS)} renderings each ({', '.join(VARIANTS)}), {int(scores['lines'])} lines",
        file=out,
    )
    print("per page (leave-publisher-out):", file=out)
    for record in per_doc:
        print(
            f"  {record['page']:40s} {record['variant']:8s} lines={record['lines']:4d} "
            f"acc={record['accuracy']:.3f} headline={record['headline']:8s} "
            f"paragraphF1={record['f1.paragraph']:.3f} furnitureF1={record['f1.furniture']:.3f}",
            file=out,
        )
    print(f"\nLEAVE-PUBLISHER-OUT ({CV_FOLDS} grouped folds), all renderings:", file=out)
    print(f"  block-label accuracy {scores['accuracy']:.3f}", file=out)
    _print_table(scores, out)
    print(f"  (supplementary: teaser and paragraph scored as one label: F1 {scores['f1.prose_merged']:.3f})", file=out)
    for variant in VARIANTS:
        print(f"\nLEAVE-PUBLISHER-OUT, {variant} rendering: accuracy {scores[f'{variant}.accuracy']:.3f}", file=out)
        _print_table(scores, out, prefix=f"{variant}.")
    predicted = {k.removeprefix("predicted."): int(v) for k, v in scores.items() if k.startswith("predicted.")}
    print(f"\npredicted block labels (furniture subtypes from rules): {dict(sorted(predicted.items()))}", file=out)

    shipped = score_documents(docs, lambda i: shipped_model())
    print("\nSHIPPED MODEL (trained on these same pages: NOT held out, an upper bound):", file=out)
    print(f"  block-label accuracy {shipped['accuracy']:.3f}", file=out)
    _print_table(shipped, out)
    for key in ("accuracy", "f1.headline", "f1.paragraph", "f1.furniture"):
        scores[f"shipped.{key}"] = shipped[key]
    return scores
