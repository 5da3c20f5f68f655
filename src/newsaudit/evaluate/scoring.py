"""Generic scoring helpers shared by the evaluations: normalisation, bag-of-words and set P/R/F1, means."""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one comparison."""

    precision: float
    recall: float
    f1: float


def normalise_space(text: str) -> str:
    """Unescape entities, apply NFC and collapse whitespace; case is kept."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", html_lib.unescape(text))).strip()


def normalise(text: str) -> str:
    """``normalise_space`` plus lower case: the key for set matches of short strings."""
    return normalise_space(text).lower()


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscore) of a text."""
    return _WORD_RE.findall(normalise(text))


def prf_from_counts(true_positives: float, n_predicted: float, n_gold: float) -> PRF:
    """P/R/F1 from counts; both empty counts as perfect agreement, one empty as 0."""
    if n_predicted == 0 and n_gold == 0:
        return PRF(1.0, 1.0, 1.0)
    precision = true_positives / n_predicted if n_predicted else 0.0
    recall = true_positives / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def bag_of_words_prf(predicted: str, gold: str) -> PRF:
    """Multiset word overlap between a predicted and a gold text."""
    pred_counts = Counter(words(predicted))
    gold_counts = Counter(words(gold))
    overlap = sum((pred_counts & gold_counts).values())
    return prf_from_counts(overlap, sum(pred_counts.values()), sum(gold_counts.values()))


def set_prf(predicted: Iterable[str], gold: Iterable[str]) -> PRF:
    """Exact match of normalised strings as sets (duplicates count once)."""
    pred_set = {normalise(s) for s in predicted if normalise(s)}
    gold_set = {normalise(s) for s in gold if normalise(s)}
    return prf_from_counts(len(pred_set & gold_set), len(pred_set), len(gold_set))


def exact_match(predicted: str | None, gold: str) -> bool:
    """Whitespace-normalised, case-sensitive equality."""
    return predicted is not None and normalise_space(predicted) == normalise_space(gold)


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; 0.0 for no values."""
    return sum(values) / len(values) if values else 0.0


def median(values: Sequence[float]) -> float:
    """Median; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
