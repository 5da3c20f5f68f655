"""Structure from HTML against the Fundus gold, trafilatura as the peer (``newsaudit eval structure-html``).

Both extractors run on the same pages in the same run:

- body: bag-of-words F1 against the gold body (teaser + intertitles + paragraphs), per page and mean;
  newsaudit's body is its teaser, intertitle, paragraph and quote-box blocks, trafilatura's is
  ``trafilatura.extract(html)`` with its defaults;
- title: exact match (whitespace-normalised, case-sensitive); trafilatura's title comes from
  ``bare_extraction(html, with_metadata=True)``;
- teaser: bag-of-words F1, mean over the pages whose gold has a teaser (trafilatura: its metadata description);
- intertitles, captions, credits: set match of normalised strings, micro-averaged over all pages
  (trafilatura: its <head> elements for intertitles; it gives no captions or credits, printed as n/a).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import trafilatura

from ..errors import NewsauditError
from ..structure.html import extract_article
from ..types import Article, BlockLabel, Provenance
from .fundus import FundusPage, load_fundus
from .scoring import bag_of_words_prf, exact_match, mean, median, normalise, prf_from_counts

BODY_LABELS = (BlockLabel.TEASER, BlockLabel.INTERTITLE, BlockLabel.PARAGRAPH, BlockLabel.QUOTE_BOX)


@dataclass(frozen=True)
class Extraction:
    """What one extractor gives for one page, in the terms the gold uses (None: the extractor gives nothing)."""

    body: str
    title: str | None
    teaser: str | None
    intertitles: tuple[str, ...] | None
    captions: tuple[str, ...] | None
    credits: tuple[str, ...] | None
    seconds: float


@dataclass(frozen=True)
class PageScores:
    body_f1: float
    title_exact: bool
    teaser_f1: float | None


def newsaudit_extraction(page: FundusPage) -> Extraction:
    start = time.perf_counter()
    try:
        article: Article | None = extract_article(
            page.html, Provenance(source=page.url or str(page.html_path), kind="html")
        )
    except NewsauditError:
        article = None
    seconds = time.perf_counter() - start
    if article is None:
        return Extraction("", None, None, (), (), (), seconds)

    def texts(*labels: BlockLabel) -> tuple[str, ...]:
        return tuple(article.slice(b.span) for b in article.blocks_of(*labels))

    return Extraction(
        body="\n".join(texts(*BODY_LABELS)),
        title=article.meta.title.value if article.meta.title else None,
        teaser="\n".join(texts(BlockLabel.TEASER)),
        intertitles=texts(BlockLabel.INTERTITLE),
        captions=texts(BlockLabel.CAPTION),
        credits=texts(BlockLabel.CREDIT),
        seconds=seconds,
    )


def trafilatura_extraction(page: FundusPage) -> Extraction:
    start = time.perf_counter()
    body = trafilatura.extract(page.html) or ""
    seconds = time.perf_counter() - start
    document = trafilatura.bare_extraction(page.html, with_metadata=True)
    heads: tuple[str, ...] = ()
    title = teaser = None
    if document is not None and not isinstance(document, dict):
        title = document.title
        teaser = document.description
        if document.body is not None:
            heads = tuple(" ".join("".join(h.itertext()).split()) for h in document.body.iter("head"))
    return Extraction(body, title, teaser, heads, None, None, seconds)


def score_page(page: FundusPage, extraction: Extraction) -> PageScores:
    teaser_f1 = None
    if page.summary:
        teaser_f1 = bag_of_words_prf(extraction.teaser or "", "\n".join(page.summary)).f1
    return PageScores(
        body_f1=bag_of_words_prf(extraction.body, page.body_text).f1,
        title_exact=exact_match(extraction.title, page.title),
        teaser_f1=teaser_f1,
    )


def _set_counts(predicted: Sequence[str], gold: Sequence[str]) -> tuple[int, int, int]:
    pred = {normalise(s) for s in predicted if normalise(s)}
    true = {normalise(s) for s in gold if normalise(s)}
    return len(pred & true), len(pred), len(true)


def micro_set_f1(pairs: Sequence[tuple[Sequence[str] | None, Sequence[str]]]) -> float | None:
    """Micro-averaged F1 of set matches over pages; None when the extractor gives nothing of the kind."""
    if any(pred is None for pred, _ in pairs):
        return None
    tp = n_pred = n_gold = 0
    for pred, gold in pairs:
        a, b, c = _set_counts(pred or (), gold)
        tp, n_pred, n_gold = tp + a, n_pred + b, n_gold + c
    return prf_from_counts(tp, n_pred, n_gold).f1


def _aggregate(
    pages: Sequence[FundusPage], extractions: Sequence[Extraction], scores: Sequence[PageScores]
) -> dict[str, float | None]:
    teasers = [s.teaser_f1 for s in scores if s.teaser_f1 is not None]
    gold_credits = [tuple(i.credit for i in p.images if i.credit) for p in pages]
    gold_captions = [tuple(i.caption for i in p.images if i.caption) for p in pages]
    return {
        "body_f1": mean([s.body_f1 for s in scores]),
        "title_exact": mean([1.0 if s.title_exact else 0.0 for s in scores]),
        "teaser_f1": mean(teasers),
        "intertitle_f1": micro_set_f1(
            [(e.intertitles, p.intertitles) for e, p in zip(extractions, pages, strict=True)]
        ),
        "caption_f1": micro_set_f1([(e.captions, g) for e, g in zip(extractions, gold_captions, strict=True)]),
        "credit_f1": micro_set_f1([(e.credits, g) for e, g in zip(extractions, gold_credits, strict=True)]),
        "median_ms": 1000 * median([e.seconds for e in extractions]),
    }


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def run_structure_html_eval(root: Path, *, out: TextIO) -> dict[str, float]:
    """Score newsaudit and trafilatura on the Fundus pages under ``root``; print per page and aggregate."""
    pages = load_fundus(root)
    ours = [newsaudit_extraction(p) for p in pages]
    peer = [trafilatura_extraction(p) for p in pages]
    our_scores = [score_page(p, e) for p, e in zip(pages, ours, strict=True)]
    peer_scores = [score_page(p, e) for p, e in zip(pages, peer, strict=True)]
    out.write(f"structure-html on {len(pages)} Fundus pages ({root})\n")
    out.write("na = newsaudit, tr = trafilatura\n")
    header = ("body F1 na", "body F1 tr", "title na", "title tr", "teaser na", "teaser tr")
    out.write(f"{'page':40} " + " ".join(f"{h:>10}" for h in header) + "\n")
    for page, a, b in zip(pages, our_scores, peer_scores, strict=True):
        out.write(
            f"{page.name:40} {a.body_f1:10.3f} {b.body_f1:10.3f} {'yes' if a.title_exact else 'no':>10} "
            f"{'yes' if b.title_exact else 'no':>10} {_fmt(a.teaser_f1):>10} {_fmt(b.teaser_f1):>10}\n"
        )
    ours_agg = _aggregate(pages, ours, our_scores)
    peer_agg = _aggregate(pages, peer, peer_scores)
    out.write(f"\n{'aggregate':28} {'newsaudit':>10} {'trafilatura':>12}\n")
    names = {
        "body_f1": "body F1 (mean)",
        "title_exact": "title exact match",
        "teaser_f1": "teaser F1 (mean, gold teaser)",
        "intertitle_f1": "intertitle F1 (micro, set)",
        "caption_f1": "caption F1 (micro, set)",
        "credit_f1": "credit F1 (micro, set)",
        "median_ms": "median ms/page",
    }
    for key, name in names.items():
        digits = 1 if key == "median_ms" else 3
        out.write(f"{name:28} {_fmt(ours_agg[key], digits):>10} {_fmt(peer_agg[key], digits):>12}\n")
    result: dict[str, float] = {"pages": float(len(pages))}
    for key in names:
        for prefix, agg in (("newsaudit", ours_agg), ("trafilatura", peer_agg)):
            value = agg[key]
            if value is not None:
                result[f"{prefix}.{key}"] = value
    return result
