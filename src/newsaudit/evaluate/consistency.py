"""Evaluate the headline-body support score (``newsaudit eval consistency``).

A page's own title and teaser should be supported by its own body; the same title against another page's body
should not. Every display statement (a "X: Y" title gives two) is scored against its own body (true pair) and
against the bodies of two other pages (mismatched pairs): the next page in name order, which is mostly the same
publisher and so a hard negative, and the page half the list away. Printed per profile: ROC AUC of the
statement's best support score (true vs mismatched), and the share of statements flagged ``unsupported`` at the
shipped threshold on true pairs (should be low) and on mismatched pairs (should be high).

Sets: ``fundus`` (../shared/data/html-de/fundus: gold title, teaser and paragraphs of real news pages; the set
the weights and thresholds were set on) and ``disinfo`` (../shared/data/disinfo-de/preprocessed: header lines
and article text of 102 pages from six publishers rated as disinformation; a second check, not tuned on).
Articles are built from the gold text, so structure extraction errors do not enter the figures.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
import numpy.typing as npt

from ..consistency.check import body_sentences, display_statements, rank_supports
from ..consistency.features import BodySentence, Statement
from ..consistency.flags import SUPPORTED_AT
from ..errors import DataError
from ..language import analyze_language
from ..stages.attribution import attribute
from ..types import Article, Block, BlockLabel, Span
from .data import dataset
from .fundus import load_fundus

PROFILES = ("fast", "accurate")
# Other pages whose bodies each page's statements are paired with: the neighbour in name order (mostly the same
# publisher) and one half the list away.
MISMATCH_SHIFTS = ("next", "half")
# The preprocessed FANG-COVID files: in the raw ("not_preprocessed") files the article column is shifted against the
# header and url columns (a header's body is another row's text: this eval gives AUC 0.54 there), so they cannot
# pair a title with its body.
DISINFO_FILES = ("anonymousnews", "compact-online", "contra-magazin", "freiewelt", "kopp-report", "politikstube")
# Shortest disinfo article body (characters) that is a real article, not a stub or a video page.
MIN_BODY_CHARS = 600


@dataclass(frozen=True)
class PageSource:
    """One page as the evaluation reads it: display lines and body paragraphs."""

    name: str
    headlines: tuple[str, ...]
    teasers: tuple[str, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class PageFeatures:
    name: str
    statements: tuple[Statement, ...]
    statement_labels: tuple[BlockLabel, ...]
    body: tuple[BodySentence, ...]
    vectors: npt.NDArray[np.float32] | None  # statements then body sentences (accurate profile)


def build_article(page: PageSource) -> Article:
    """An Article from the page's gold text: headline and teaser blocks, then paragraph blocks."""
    parts: list[tuple[BlockLabel, str]] = [(BlockLabel.HEADLINE, h) for h in page.headlines]
    parts += [(BlockLabel.TEASER, t) for t in page.teasers]
    parts += [(BlockLabel.PARAGRAPH, p) for p in page.paragraphs]
    text = ""
    blocks = []
    for label, part in parts:
        part = part.strip()
        if not part:
            continue
        if text:
            text += "\n\n"
        blocks.append(Block(label, Span(len(text), len(text) + len(part))))
        text += part
    return Article(text, tuple(blocks))


def fundus_pages(root: Path | None = None) -> list[PageSource]:
    pages = load_fundus(root or dataset("html-de", "fundus"))
    return [PageSource(p.name, (p.title,), p.summary, p.paragraphs) for p in pages if p.title and p.paragraphs]


def disinfo_pages(root: Path | None = None, *, per_file: int = 17) -> list[PageSource]:
    """The first ``per_file`` articles with a header and a real body from each preprocessed disinfo-de file."""
    folder = root or dataset("disinfo-de", "preprocessed")
    csv.field_size_limit(1 << 30)
    pages: list[PageSource] = []
    for name in DISINFO_FILES:
        path = folder / f"{name}.zip"
        if not path.exists():
            raise DataError(f"dataset not found: {path}")
        with zipfile.ZipFile(path) as archive:
            member = archive.namelist()[0]
            with archive.open(member) as raw:
                reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
                taken = 0
                for k, row in enumerate(reader):
                    header = [line.strip() for line in (row.get("header") or "").split("\n") if line.strip()]
                    body = [line.strip() for line in (row.get("article") or "").split("\n") if line.strip()]
                    if not header or sum(map(len, body)) < MIN_BODY_CHARS:
                        continue
                    pages.append(PageSource(f"{name}:{k}", tuple(header), (), tuple(body)))
                    taken += 1
                    if taken >= per_file:
                        break
    return pages


def page_features(page: PageSource, profile: str) -> PageFeatures:
    """Statements and body sentences of one page, and their e5 vectors in the accurate profile (one call)."""
    article = build_article(page)
    language = analyze_language(article, profile=profile)
    attribution = attribute(article, language)
    statements: list[Statement] = []
    labels: list[BlockLabel] = []
    for block, block_statements in display_statements(article, language):
        statements += block_statements
        labels += [article.blocks[block].label] * len(block_statements)
    body = body_sentences(article, language, attribution)
    vectors = None
    if profile == "accurate":
        from ..consistency.embed import embed

        vectors = embed([article.slice(s.span) for s in statements] + [article.slice(b.span) for b in body])
    return PageFeatures(page.name, tuple(statements), tuple(labels), tuple(body), vectors)


def best_scores(element_page: PageFeatures, body_page: PageFeatures) -> list[float]:
    """Each statement of ``element_page`` scored against the body of ``body_page``: its best support."""
    cosines = None
    if element_page.vectors is not None and body_page.vectors is not None:
        n = len(element_page.statements)
        cosines = element_page.vectors[:n] @ body_page.vectors[len(body_page.statements) :].T
    scores = []
    for k, statement in enumerate(element_page.statements):
        ranked = rank_supports(statement, body_page.body, None if cosines is None else cosines[k])
        scores.append(ranked[0].score if ranked else 0.0)
    return scores


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """ROC AUC: the chance that a random positive scores above a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    pos = np.asarray(positives, dtype=np.float64)
    neg = np.asarray(negatives, dtype=np.float64)
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


@dataclass(frozen=True)
class PairScores:
    true: list[float]
    mismatched: dict[str, list[float]]


def pair_scores(features: Sequence[PageFeatures]) -> PairScores:
    n = len(features)
    true: list[float] = []
    mismatched: dict[str, list[float]] = {shift: [] for shift in MISMATCH_SHIFTS}
    for i, page in enumerate(features):
        true += best_scores(page, page)
        for shift, j in (("next", (i + 1) % n), ("half", (i + n // 2) % n)):
            if j != i:
                mismatched[shift] += best_scores(page, features[j])
    return PairScores(true, mismatched)


def _rate(scores: Sequence[float], threshold: float) -> float:
    return sum(s < threshold for s in scores) / len(scores) if scores else float("nan")


def report(name: str, profile: str, scores: PairScores, seconds: float, pages: int, out: TextIO) -> None:
    threshold = SUPPORTED_AT[profile]
    wrong = [s for shift in MISMATCH_SHIFTS for s in scores.mismatched[shift]]
    out.write(
        f"{name:8} {profile:8} pages {pages:4}  statements {len(scores.true):4}  "
        f"AUC {roc_auc(scores.true, wrong):.3f} (next {roc_auc(scores.true, scores.mismatched['next']):.3f}, "
        f"half {roc_auc(scores.true, scores.mismatched['half']):.3f})  "
        f"unsupported@{threshold:.2f}: true {_rate(scores.true, threshold):.1%}, "
        f"mismatched {_rate(wrong, threshold):.1%}  "
        f"{1000 * seconds / max(pages, 1):.0f} ms/page\n"
    )


def threshold_table(scores: PairScores, out: TextIO) -> None:
    """Unsupported rates on true and mismatched pairs for a range of thresholds (how SUPPORTED_AT was chosen)."""
    wrong = [s for shift in MISMATCH_SHIFTS for s in scores.mismatched[shift]]
    for t in np.arange(0.2, 0.66, 0.04):
        true_rate, wrong_rate = _rate(scores.true, t), _rate(wrong, t)
        out.write(f"    threshold {t:.2f}: unsupported true {true_rate:.1%}, mismatched {wrong_rate:.1%}\n")


def run_consistency_eval(
    *,
    sets: Sequence[str] = ("fundus", "disinfo"),
    profiles: Sequence[str] = PROFILES,
    limit: int | None = None,
    table: bool = False,
    out: TextIO,
) -> dict[tuple[str, str], PairScores]:
    """Print AUC and unsupported-flag rates per set and profile; return the scores (tests read them)."""
    results: dict[tuple[str, str], PairScores] = {}
    for name in sets:
        if name == "fundus":
            pages = fundus_pages()
        elif name == "disinfo":
            pages = disinfo_pages()
        else:
            raise DataError(f"unknown set {name!r}; choose fundus or disinfo")
        pages = pages[:limit] if limit else pages
        for profile in profiles:
            started = time.perf_counter()
            features = [page_features(p, profile) for p in pages]
            seconds = time.perf_counter() - started
            scores = pair_scores(features)
            report(name, profile, scores, seconds, len(pages), out)
            if table:
                threshold_table(scores, out)
            results[(name, profile)] = scores
    return results
