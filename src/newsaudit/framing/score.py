"""The explainable sensationalism score: weighted signal counts per 100 words, with every contributing span.

Weights per signal kind live in ``resources/de/framing_weights.tsv`` (set by hand before any evaluation; the
file says why). The article score is ``sum(weight of each signal) / words * 100`` over the prose sentences;
a sentence's score is the plain sum of its signals' weights (a one-line headline with one cue would otherwise
outweigh a paragraph). Signals of weight 0 (quantities, time expressions, the Konjunktiv) are listed, not scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Span, Token
from .types import Signal, SignalKind

WEIGHTS_FILE = "framing_weights.tsv"
PER_WORDS = 100


@cache
def weights() -> dict[SignalKind, float]:
    """Points per signal of each kind (kinds missing from the file score 0)."""
    table = {kind: 0.0 for kind in SignalKind}
    for row in lexicon_rows(WEIGHTS_FILE):
        table[SignalKind(row[0])] = float(row[1])
    return table


def word_count(tokens: Sequence[Token]) -> int:
    """Words among tokens: everything but punctuation (STTS ``$.``, ``$,``, ``$(``)."""
    return sum(1 for t in tokens if not t.pos.startswith("$"))


@dataclass(frozen=True)
class SentenceScore:
    """One sentence's points with the indices (into ``Framing.signals``) of the signals that make them."""

    sentence: int
    span: Span
    points: float
    signals: tuple[int, ...]


@dataclass(frozen=True)
class KindContribution:
    """How much one kind of signal adds to the article score, and which signals those are."""

    kind: SignalKind
    count: int
    weight: float
    points: float
    signals: tuple[int, ...]


@dataclass(frozen=True)
class ArticleScore:
    """Points per 100 words of the article's prose, broken down by kind with the contributing signals."""

    value: float
    points: float
    words: int
    contributions: tuple[KindContribution, ...]


def article_score(signals: Sequence[Signal], words: int) -> ArticleScore:
    """The article-level score of ``signals`` over ``words`` words of prose."""
    table = weights()
    contributions = []
    for kind in SignalKind:
        indices = tuple(i for i, s in enumerate(signals) if s.kind is kind)
        if not indices or table[kind] == 0:
            continue
        contributions.append(KindContribution(kind, len(indices), table[kind], table[kind] * len(indices), indices))
    contributions.sort(key=lambda c: -c.points)
    points = sum(c.points for c in contributions)
    return ArticleScore(points / words * PER_WORDS if words else 0.0, points, words, tuple(contributions))


def sentence_points(signals: Sequence[Signal]) -> float:
    table = weights()
    return sum(table[s.kind] for s in signals)
