"""Main-text extraction on trafilatura's German evaluation pages (``newsaudit eval main-text``).

The protocol is the one of trafilatura's own benchmark (``tests/comparison*.py`` in its repository): per page,
``evaldata.json`` lists snippets that must appear in the main text (``with``) and snippets that must not
(``without``). A ``with`` snippet found in the output is a true positive, missing a false negative; a
``without`` snippet found is a false positive, absent a true negative. Counts are summed over all pages;
precision, recall, F1 (2TP / (2TP + FP + FN)) and accuracy are computed from the sums. Output and snippets
are whitespace-normalised (``normalise_space``) before the substring test.

Both extractors get the same decoded page text in the same run (bytes decoded by newsaudit's ingest, as
``newsaudit analyze`` reads a file): newsaudit's ``extract_article`` and ``trafilatura.extract`` with its
defaults. newsaudit's main text is its prose blocks (headline, teaser, intertitles, paragraphs, quote boxes);
a variant adds kicker, captions and credits. A page where newsaudit raises a ``NewsauditError`` (no article,
undecodable bytes) is empty output: all its ``with`` snippets are misses, all its ``without`` snippets hits.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import trafilatura

from ..errors import DataError, NewsauditError
from ..ingest.text import DEFAULT_MAX_BYTES, decode_bytes
from ..structure.html import extract_article
from ..types import Article, BlockLabel, Provenance
from .scoring import median, normalise_space

PROSE_LABELS = frozenset(
    {BlockLabel.HEADLINE, BlockLabel.TEASER, BlockLabel.INTERTITLE, BlockLabel.PARAGRAPH, BlockLabel.QUOTE_BOX}
)
WITH_EXTRAS_LABELS = PROSE_LABELS | {BlockLabel.KICKER, BlockLabel.CAPTION, BlockLabel.CREDIT}


@dataclass(frozen=True)
class EvalPage:
    """One page of the evaluation set with the snippets its main text must and must not contain."""

    url: str
    path: Path
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class SnippetCounts:
    """Confusion counts of the snippet test, summable over pages."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)

    @property
    def errors(self) -> int:
        return self.fn + self.fp


@dataclass(frozen=True)
class SnippetScores:
    """Precision, recall, F1 and accuracy as trafilatura's benchmark computes them (0 where undefined)."""

    precision: float
    recall: float
    f1: float
    accuracy: float


def score_snippets(output: str | None, with_snippets: Sequence[str], without_snippets: Sequence[str]) -> SnippetCounts:
    """Count the snippets found in ``output`` (None or empty: nothing found), whitespace-normalised."""
    text = normalise_space(output or "")
    found_with = sum(1 for s in with_snippets if normalise_space(s) in text) if text else 0
    found_without = sum(1 for s in without_snippets if normalise_space(s) in text) if text else 0
    return SnippetCounts(
        tp=found_with,
        fn=len(with_snippets) - found_with,
        fp=found_without,
        tn=len(without_snippets) - found_without,
    )


def snippet_scores(counts: SnippetCounts) -> SnippetScores:
    """Scores from summed counts: F1 = 2TP / (2TP + FP + FN), accuracy = (TP + TN) / all."""
    tp, fn, fp, tn = counts.tp, counts.fn, counts.fp, counts.tn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    total = tp + fn + fp + tn
    accuracy = (tp + tn) / total if total else 0.0
    return SnippetScores(precision, recall, f1, accuracy)


def load_eval_pages(root: Path) -> list[EvalPage]:
    """The pages listed in ``root/evaldata.json`` (HTML under ``root/pages``), in file-name order."""
    index = root / "evaldata.json"
    if not index.is_file():
        raise DataError(f"dataset not found: {index} (expected trafilatura's evaldata.json)")
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {index}: {exc}") from exc
    pages: list[EvalPage] = []
    for url, entry in entries.items():
        path = root / "pages" / entry["file"]
        if not path.is_file():
            raise DataError(f"{index} names {entry['file']}, which is not under {root / 'pages'}")
        pages.append(EvalPage(url, path, tuple(entry.get("with", ())), tuple(entry.get("without", ()))))
    if not pages:
        raise DataError(f"{index} lists no pages")
    return sorted(pages, key=lambda p: p.name)


@dataclass(frozen=True)
class PageRun:
    """Both extractors' output on one page; ``error`` is newsaudit's error message when it gave nothing."""

    page: EvalPage
    prose: str
    with_extras: str
    error: str | None
    newsaudit_seconds: float
    trafilatura: str
    trafilatura_seconds: float
    trafilatura_no_comments: str


def _blocks_text(article: Article, labels: Iterable[BlockLabel]) -> str:
    wanted = frozenset(labels)
    return "\n".join(article.slice(b.span) for b in article.blocks if b.label in wanted)


def run_page(page: EvalPage) -> PageRun:
    """Decode the page once and run newsaudit and trafilatura on the same text, timing each."""
    try:
        html, _, _ = decode_bytes(page.path.read_bytes(), max_bytes=DEFAULT_MAX_BYTES, name=page.name)
    except NewsauditError as exc:
        return PageRun(page, "", "", f"{type(exc).__name__}: {exc}", 0.0, "", 0.0, "")
    start = time.perf_counter()
    error: str | None = None
    try:
        article: Article | None = extract_article(html, Provenance(source=page.url, kind="html", final_url=page.url))
    except NewsauditError as exc:
        article, error = None, f"{type(exc).__name__}: {exc}"
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    peer = trafilatura.extract(html) or ""
    peer_seconds = time.perf_counter() - start
    # trafilatura's defaults keep reader comments; its own benchmark and newsaudit leave them out.
    peer_no_comments = trafilatura.extract(html, include_comments=False) or ""
    prose = _blocks_text(article, PROSE_LABELS) if article else ""
    extras = _blocks_text(article, WITH_EXTRAS_LABELS) if article else ""
    return PageRun(page, prose, extras, error, ours_seconds, peer, peer_seconds, peer_no_comments)


def _counts(page: EvalPage, output: str) -> SnippetCounts:
    return score_snippets(output, page.with_snippets, page.without_snippets)


def _row(name: str, counts: SnippetCounts, median_ms: float | None, empty: int) -> str:
    s = snippet_scores(counts)
    ms = "" if median_ms is None else f"{median_ms:8.1f}"
    return (
        f"{name:40} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.accuracy:9.3f} "
        f"{counts.tp:5d} {counts.fn:5d} {counts.fp:5d} {counts.tn:5d} {empty:6d} {ms:>8}\n"
    )


def _total(counts: Iterable[SnippetCounts]) -> SnippetCounts:
    total = SnippetCounts()
    for c in counts:
        total = total + c
    return total


def run_main_text_eval(root: Path, *, out: TextIO, every: int = 1) -> dict[str, float]:
    """Score newsaudit and trafilatura on the pages under ``root`` (every ``every``-th page); print and return.

    Prints a line per page where either extractor gets a snippet wrong (misses a ``with``, or shows a
    ``without``), the pages where newsaudit found no article, and the aggregate table.
    """
    if every < 1:
        raise ValueError("every must be at least 1")
    pages = load_eval_pages(root)[::every]
    runs = [run_page(p) for p in pages]
    prose = [_counts(r.page, r.prose) for r in runs]
    extras = [_counts(r.page, r.with_extras) for r in runs]
    peer = [_counts(r.page, r.trafilatura) for r in runs]
    peer_no_comments = [_counts(r.page, r.trafilatura_no_comments) for r in runs]
    n_with = sum(len(p.with_snippets) for p in pages)
    n_without = sum(len(p.without_snippets) for p in pages)
    subset = "" if every == 1 else f", every {every}th page"
    out.write(f"main-text on {len(pages)} pages{subset} ({root}): {n_with} 'with' and {n_without} 'without' snippets\n")
    out.write("na = newsaudit prose, tr = trafilatura.extract; FN = 'with' snippets missed, FP = 'without' shown\n")
    out.write(f"{'page':48} {'na FN':>5} {'na FP':>5} {'tr FN':>5} {'tr FP':>5}  note\n")
    for run, ours, theirs in zip(runs, prose, peer, strict=True):
        if ours.errors or theirs.errors:
            note = "no article" if run.error else ("na worse" if ours.errors > theirs.errors else "")
            out.write(f"{run.page.name[:48]:48} {ours.fn:5d} {ours.fp:5d} {theirs.fn:5d} {theirs.fp:5d}  {note}\n")
    failed = [r for r in runs if r.error]
    out.write(f"\nnewsaudit gave no article on {len(failed)} pages (counted as empty output):\n")
    for run in failed:
        out.write(f"  {run.page.name}: {run.error}\n")
    ours_ms = 1000 * median([r.newsaudit_seconds for r in runs])
    peer_ms = 1000 * median([r.trafilatura_seconds for r in runs])
    peer_empty = sum(1 for r in runs if not r.trafilatura.strip())
    out.write(
        f"\n{'extractor':40} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>9} "
        f"{'TP':>5} {'FN':>5} {'FP':>5} {'TN':>5} {'empty':>6} {'ms/page':>8}\n"
    )
    totals = {
        "newsaudit": _total(prose),
        "newsaudit_extras": _total(extras),
        "trafilatura": _total(peer),
        "trafilatura_no_comments": _total(peer_no_comments),
    }
    out.write(_row("newsaudit (prose blocks)", totals["newsaudit"], ours_ms, len(failed)))
    out.write(_row("newsaudit (+kicker, captions, credits)", totals["newsaudit_extras"], ours_ms, len(failed)))
    out.write(_row("trafilatura.extract (defaults)", totals["trafilatura"], peer_ms, peer_empty))
    no_comments_empty = sum(1 for r in runs if not r.trafilatura_no_comments.strip())
    out.write(_row("trafilatura (include_comments=False)", totals["trafilatura_no_comments"], None, no_comments_empty))
    out.write(_row("(empty output, reference)", _total(_counts(p, "") for p in pages), None, len(pages)))
    out.write("ms/page: median wall time of one extraction on this machine; empty: pages with no output\n")
    result: dict[str, float] = {"pages": float(len(pages)), "newsaudit.no_article": float(len(failed))}
    for prefix, counts in totals.items():
        s = snippet_scores(counts)
        result.update(
            {
                f"{prefix}.precision": s.precision,
                f"{prefix}.recall": s.recall,
                f"{prefix}.f1": s.f1,
                f"{prefix}.accuracy": s.accuracy,
            }
        )
    result["newsaudit.median_ms"] = ours_ms
    result["trafilatura.median_ms"] = peer_ms
    return result
