"""Readers of the two public training sets of the sentence classifiers, into texts and 0/1 labels.

- factclaiming-de (GermEval 2021, Facebook comments): CSV with ``comment_text`` and ``Sub3_FactClaiming`` (0/1).
- subjectivity-de (CLEF CheckThat! 2025 task 1, German news sentences): TSV with ``sentence`` and ``label``
  (``SUBJ`` = 1, ``OBJ`` = 0).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..evaluate.data import dataset

FACTCLAIMING_TRAIN = ("factclaiming-de", "GermEval21_TrainData.csv")
SUBJECTIVITY_TRAIN = ("subjectivity-de", "train_de.tsv")
SUBJECTIVITY_DEV = ("subjectivity-de", "dev_de.tsv")


@dataclass(frozen=True)
class LabelledTexts:
    """Texts with their 0/1 labels (1 = the class the model scores) and where they came from."""

    texts: tuple[str, ...]
    labels: tuple[int, ...]
    source: str

    @property
    def positives(self) -> int:
        return sum(self.labels)


def _rows(path: Path, delimiter: str, columns: tuple[str, str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise DataError(f"dataset not found: {path}")
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            # The CheckThat! TSV has bare quotation marks inside sentences: no quoting there.
            reader = (
                csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if delimiter == "\t"
                else csv.DictReader(handle, delimiter=delimiter)
            )
            rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc
    if not rows or any(column not in rows[0] for column in columns):
        raise DataError(f"{path}: expected the columns {', '.join(columns)}")
    return rows


def read_factclaiming(path: Path | None = None) -> LabelledTexts:
    """GermEval 2021 comments with the fact-claiming label (default: the public training file)."""
    path = path or dataset(*FACTCLAIMING_TRAIN)
    rows = _rows(path, ",", ("comment_text", "Sub3_FactClaiming"))
    labels: list[int] = []
    for number, row in enumerate(rows, start=2):
        value = (row["Sub3_FactClaiming"] or "").strip()
        if value not in ("0", "1"):
            raise DataError(f"{path}: line {number}: Sub3_FactClaiming must be 0 or 1, got {value!r}")
        labels.append(int(value))
    return LabelledTexts(tuple(row["comment_text"] or "" for row in rows), tuple(labels), str(path))


def read_subjectivity(path: Path | None = None) -> LabelledTexts:
    """CheckThat! subjectivity sentences with SUBJ = 1 (default: the public train file)."""
    path = path or dataset(*SUBJECTIVITY_TRAIN)
    rows = _rows(path, "\t", ("sentence", "label"))
    labels: list[int] = []
    for number, row in enumerate(rows, start=2):
        value = (row["label"] or "").strip().upper()
        if value not in ("SUBJ", "OBJ"):
            raise DataError(f"{path}: line {number}: label must be SUBJ or OBJ, got {value!r}")
        labels.append(int(value == "SUBJ"))
    return LabelledTexts(tuple(row["sentence"] or "" for row in rows), tuple(labels), str(path))
