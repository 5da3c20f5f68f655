"""Train the reported-speech sentence classifier (``newsaudit train reported``; model: ``reported.py``).

Data: every sentence of quotes-de train (fast language layer); a sentence is positive when a gold ``Reported``
quotation covers at least half of its tokens. Sentences holding other quotations stay in as negatives: their
signals (a dass-clause, quotation marks, a subjunctive) are what keeps the classifier off them. The
regularisation C and the decision threshold are chosen by 5-fold cross-validation grouped by document on train
(out-of-fold sentence F1); dev is only scored. Needs scikit-learn (training only).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any, TextIO

from ..errors import ModelError
from ..evaluate.data import data_root
from ..evaluate.quotes import prf
from .phrases import TokenView
from .reported import MODEL_PATH, ReportedModel, forget_model, sentence_features
from .train import QUOTES_LICENCE

COMMAND = "newsaudit train reported"
POSITIVE_SHARE = 0.5  # share of a sentence's tokens a gold Reported quote must cover for the sentence to count
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.1 + 0.05 * k, 2) for k in range(15))  # 0.10 ... 0.80
FOLDS = 5

Rows = list[tuple[str, list[str], int]]


def sentence_rows(folder: Path) -> Rows:
    """(document id, features, label) for every sentence of a quotes-de split folder."""
    from ..evaluate.quotes_data import article_of, load_quotes
    from ..language import analyze_language

    rows: Rows = []
    for doc in load_quotes(folder):
        article = article_of(doc)
        language = analyze_language(article, profile="fast")
        reported = [span for g in doc.quotations if g.kind == "Reported" for span in g.quote]
        for sentence in language.sentences:
            tokens = language.tokens_of(sentence)
            if not tokens:
                continue
            covered = sum(1 for t in tokens if any(span.overlaps(t.span) for span in reported))
            label = int(covered >= POSITIVE_SHARE * len(tokens))
            rows.append((doc.doc_id, sentence_features(TokenView(article.text, tokens)), label))
    return rows


def _f1(labels: list[int], predicted: list[bool]) -> tuple[float, float, float]:
    """Sentence-level P/R/F1 of the positive class."""
    tp = sum(1 for y, p in zip(labels, predicted, strict=True) if y and p)
    return prf(tp, sum(predicted), sum(labels))


def train_reported(out_path: Path = MODEL_PATH, *, out: TextIO, root: Path | None = None) -> dict[str, Any]:
    """Fit on quotes-de train, write ``out_path`` (JSON with provenance), print CV and dev figures."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GroupKFold, cross_val_predict
    except ImportError as exc:
        raise ModelError("training the reported-speech classifier needs scikit-learn (the dev extra)") from exc

    base = (root or data_root()) / "quotes-de"
    started = time.perf_counter()
    train = sentence_rows(base / "train")
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(features, 1) for _, features, _ in train])
    y = [label for _, _, label in train]
    groups = [doc for doc, _, _ in train]
    out.write(f"quotes-de train: {len(train)} sentences, {sum(y)} reported speech\n")
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)  # (oof F1, C, threshold)
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=5000)
        oof = cross_val_predict(model, x, y, groups=groups, cv=GroupKFold(FOLDS), method="predict_proba")[:, 1]
        f1, threshold = max((_f1(y, [p >= t for p in oof])[2], t) for t in THRESHOLDS)
        out.write(f"  C={c}: out-of-fold sentence F1 {f1:.3f} at threshold {threshold}\n")
        if f1 > best[0]:
            best = (f1, c, threshold)
    cv_f1, c, threshold = best
    fitted = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    names = vectorizer.get_feature_names_out()
    weights = {str(name): float(w) for name, w in zip(names, fitted.coef_[0], strict=True)}
    dev = sentence_rows(base / "dev")
    provisional = ReportedModel(weights, float(fitted.intercept_[0]), threshold, {})
    dev_labels = [label for _, _, label in dev]
    dev_p, dev_r, dev_f1 = _f1(dev_labels, [provisional.probability(f) >= threshold for _, f, _ in dev])
    out.write(f"chosen C={c}, threshold {threshold}; dev sentence P/R/F1 {dev_p:.3f}/{dev_r:.3f}/{dev_f1:.3f}\n")
    provenance = {
        "kind": "logistic regression over sparse sentence features (attribution/reported.py)",
        "data": f"quotes-de/train ({len(set(groups))} documents, {len(train)} sentences, {sum(y)} positive); "
        "scored on quotes-de/dev",
        "licences": QUOTES_LICENCE,
        "params": {"C": c, "threshold": threshold, "positive_share": POSITIVE_SHARE, "folds": FOLDS},
        "cv_sentence_f1": round(cv_f1, 4),
        "dev_sentence_prf": [round(dev_p, 4), round(dev_r, 4), round(dev_f1, 4)],
        "date": dt.date.today().isoformat(),
        "command": COMMAND,
        "train_seconds": round(time.perf_counter() - started),
    }
    model = ReportedModel(weights, float(fitted.intercept_[0]), threshold, provenance)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    forget_model(out_path)
    out.write(f"model: {out_path.stat().st_size / 1e3:.0f} kB\n")
    return provenance
