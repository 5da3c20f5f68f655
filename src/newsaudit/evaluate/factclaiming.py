"""Evaluate check-worthiness (``newsaudit eval factclaiming [--profile] [--test FILE]``): macro-F1 of "fact-claiming".

Without ``--test``: 5-fold cross-validation (stratified, seed 13) on the public GermEval 2021 training file; each
fold re-runs the whole training procedure (``claims.train.train_model``, threshold and stacking chosen by inner
cross-validation on the training part only) and scores the held-out part. We print per-fold macro-F1, per-class
P/R/F1 over all held-out predictions, and last ``macro-F1 <mean over folds>``. With ``--test FILE`` (same columns:
``comment_text``, ``Sub3_FactClaiming``) we score the SHIPPED model on that file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..claims.checkworthy import TASK
from ..claims.datasets import read_factclaiming
from ..claims.scoring import cross_validate, score_shipped

FOLDS = 5


def run_factclaiming_eval(*, out: TextIO, profile: str = "accurate", test: Path | None = None) -> float:
    """Print the evaluation and return the macro-F1 of its last line."""
    if test is not None:
        return score_shipped(TASK, profile, read_factclaiming(test), out=out)
    return cross_validate(TASK, profile, read_factclaiming(), folds=FOLDS, out=out)
