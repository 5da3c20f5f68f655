"""Evaluate subjectivity (``newsaudit eval subjectivity [--profile] [--test FILE]``): macro-F1 of SUBJ vs OBJ.

Without ``--test``: train on CheckThat! 2025 German train (threshold and stacking chosen by cross-validation on
train only), score German dev; we print per-class P/R/F1 and last ``macro-F1 <value>``. With ``--test FILE``
(same columns: ``sentence``, ``label``) we score the SHIPPED model on that file. The shipped accurate model was
trained on train + dev (``claims.train.SHIP_WITH_DEV``): ``--test dev_de.tsv`` is no held-out figure for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..claims.datasets import SUBJECTIVITY_DEV, read_subjectivity
from ..claims.scoring import score_shipped, train_and_score
from ..claims.subjectivity import TASK
from .data import dataset


def run_subjectivity_eval(*, out: TextIO, profile: str = "accurate", test: Path | None = None) -> float:
    """Print the evaluation and return the macro-F1 of its last line."""
    if test is not None:
        return score_shipped(TASK, profile, read_subjectivity(test), out=out)
    return train_and_score(TASK, profile, read_subjectivity(), read_subjectivity(dataset(*SUBJECTIVITY_DEV)), out=out)
