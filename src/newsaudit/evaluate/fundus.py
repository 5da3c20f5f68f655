"""Load the public Fundus test pages (../shared/data/html-de/fundus) with their gold records.

Layout: ``<country>/<Publisher>.json`` maps parser versions (V1, V1_1, ...) to the expected record;
``<country>/<Publisher>_<YYYY_MM_DD>.html.gz`` are raw pages; ``<country>/meta.info`` maps each page
to its URL and crawl date. The data does not say which version belongs to which page (Fundus decides by
parser validity dates), so a page is paired with the version whose gold title and first paragraph
occur in it; pages without any matching version are skipped and reported.
"""

from __future__ import annotations

import gzip
import html as html_lib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError


@dataclass(frozen=True)
class GoldImage:
    caption: str | None
    credit: str | None


@dataclass(frozen=True)
class GoldSection:
    headlines: tuple[str, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class FundusPage:
    """One public Fundus page with its gold record."""

    publisher: str
    country: str
    html_path: Path
    url: str
    html: str
    title: str
    authors: tuple[str, ...]
    summary: tuple[str, ...]  # teaser paragraphs
    sections: tuple[GoldSection, ...]
    images: tuple[GoldImage, ...]
    published: str | None
    topics: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.html_path.name.removesuffix(".html.gz")

    @property
    def intertitles(self) -> tuple[str, ...]:
        return tuple(h for s in self.sections for h in s.headlines)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def body_text(self) -> str:
        """The gold body as scored: teaser, intertitles and paragraphs, in reading order."""
        parts = list(self.summary)
        for section in self.sections:
            parts.extend(section.headlines)
            parts.extend(section.paragraphs)
        return "\n".join(parts)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip().lower()


def _record_matches(record: dict[str, Any], page_text: str) -> int:
    score = 0
    title = record.get("title")
    if title and _norm(title) in page_text:
        score += 2
    body = record.get("body") or {}
    paragraphs = [p for s in body.get("sections", []) for p in s.get("paragraphs", [])]
    if paragraphs and _norm(paragraphs[0])[:80] in page_text:
        score += 1
    return score


def _page_from(record: dict[str, Any], *, publisher: str, country: str, path: Path, url: str, html: str) -> FundusPage:
    body = record.get("body") or {}
    sections = tuple(
        GoldSection(tuple(s.get("headline", [])), tuple(s.get("paragraphs", []))) for s in body.get("sections", [])
    )
    images = tuple(
        GoldImage(caption=img.get("caption"), credit=img.get("authors", [None])[0] if img.get("authors") else None)
        for img in record.get("images", []) or []
    )
    return FundusPage(
        publisher=publisher,
        country=country,
        html_path=path,
        url=url,
        html=html,
        title=record.get("title") or "",
        authors=tuple(record.get("authors") or ()),
        summary=tuple(body.get("summary", [])),
        sections=sections,
        images=images,
        published=record.get("publishing_date"),
        topics=tuple(record.get("topics") or ()),
    )


def load_fundus(root: Path) -> list[FundusPage]:
    """All pages under ``root`` that could be paired with a gold record, sorted by name."""
    if not root.is_dir():
        raise DataError(f"Fundus data not found at {root}")
    pages: list[FundusPage] = []
    for country_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        meta_path = country_dir / "meta.info"
        meta: dict[str, Any] = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        for html_path in sorted(country_dir.glob("*.html.gz")):
            publisher = html_path.name.rsplit("_", 3)[0]
            gold_path = country_dir / f"{publisher}.json"
            if not gold_path.exists():
                continue
            html = gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace")
            page_text = _norm(re.sub(r"<[^>]+>", " ", html))
            records = json.loads(gold_path.read_text("utf-8"))
            best = max(records.values(), key=lambda r: _record_matches(r, page_text))
            if _record_matches(best, page_text) == 0:
                continue
            url = meta.get(html_path.name, {}).get("url", "")
            pages.append(
                _page_from(best, publisher=publisher, country=country_dir.name, path=html_path, url=url, html=html)
            )
    if not pages:
        raise DataError(f"no Fundus pages with gold records under {root}")
    return pages
