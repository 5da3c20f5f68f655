"""Article metadata a page declares about itself: JSON-LD (schema.org NewsArticle) and <meta> tags.

Only what the page states is read; nothing is inferred here. ``extract_article`` reconciles these values
with the visible text and decides which ones point at a span of the extracted article text.
"""

from __future__ import annotations

import html as html_lib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

# schema.org types that describe the article itself (JSON-LD "@type"); WebPage only as a fallback.
ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "BlogPosting",
        "Report",
        "TechArticle",
    }
)


@dataclass(frozen=True)
class DeclaredValue:
    """A value the page declares, with where it was declared (``json-ld`` or ``html-meta``)."""

    value: str
    origin: str


@dataclass(frozen=True)
class PageMeta:
    """What a page says about its article (each value absent when the page does not say it)."""

    headline: DeclaredValue | None = None
    description: DeclaredValue | None = None
    descriptions: tuple[DeclaredValue, ...] = ()  # every declared description (JSON-LD, og, meta), deduplicated
    authors: tuple[DeclaredValue, ...] = ()
    published: DeclaredValue | None = None
    section: DeclaredValue | None = None
    publisher: DeclaredValue | None = None
    url: str | None = None
    site_name: str | None = None
    document_title: str | None = None


def _clean(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = " ".join(html_lib.unescape(value).split())  # JSON-LD values are sometimes entity-escaped
    return text or None


def _json_ld_items(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, flattening lists and ``@graph``."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the page is still readable
        stack: list[Any] = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
                main = item.get("mainEntity")
                if isinstance(main, dict):
                    stack.append(main)


def _types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _names(value: Any) -> list[str]:
    """Names from a schema.org author/publisher value (string, object or list of them)."""
    if isinstance(value, list):
        return [name for v in value for name in _names(v)]
    if isinstance(value, dict):
        name = _clean(value.get("name"))
        return [name] if name else []
    name = _clean(value)
    return [name] if name else []


def _article_item(tree: HtmlElement) -> dict[str, Any] | None:
    """The JSON-LD object of the article: an article type with a headline, else the first article type."""
    candidates = [item for item in _json_ld_items(tree) if _types(item) & ARTICLE_TYPES]
    with_headline = [item for item in candidates if _clean(item.get("headline"))]
    if with_headline:
        return with_headline[0]
    return candidates[0] if candidates else None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """<meta> values by lower-cased property/name (the first one wins)."""
    values: dict[str, str] = {}
    head = tree.find("head")
    for meta in (head if head is not None else tree).iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = _clean(meta.get("content"))
        if key and content and key not in values:
            values[key] = content
    return values


def _first(*pairs: tuple[str | None, str]) -> DeclaredValue | None:
    for value, origin in pairs:
        if value:
            return DeclaredValue(value, origin)
    return None


def read_page_meta(tree: HtmlElement) -> PageMeta:
    """Read JSON-LD and <meta> declarations of a parsed page."""
    item = _article_item(tree) or {}
    tags = _meta_tags(tree)
    canonical = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href")
            break
    url = _clean(tags.get("og:url")) or _clean(canonical) or _clean(item.get("url"))
    authors = [DeclaredValue(n, "json-ld") for n in _names(item.get("author"))]
    if not authors:
        authors = [DeclaredValue(n, "html-meta") for n in _names(tags.get("author"))]
        authors += [DeclaredValue(n, "html-meta") for n in _names(tags.get("article:author")) if "://" not in n]
    publisher_names = _names(item.get("publisher"))
    section_value = item.get("articleSection")
    title_el = tree.find(".//title")
    return PageMeta(
        # og:title before the JSON-LD headline: where the two differ, the JSON-LD one is often a search-engine
        # variant, while og:title is the title the publisher shows when the article is shared (trafilatura's
        # order too). On the 62 Fundus pages the gold title equals og:title on 50, the JSON-LD headline on 40.
        headline=_first(
            (tags.get("og:title"), "html-meta"),
            (_clean(item.get("headline")), "json-ld"),
            (tags.get("twitter:title"), "html-meta"),
        ),
        description=_first(
            (_clean(item.get("description")), "json-ld"),
            (tags.get("og:description"), "html-meta"),
            (tags.get("description"), "html-meta"),
        ),
        descriptions=tuple(
            dict.fromkeys(
                DeclaredValue(v, o)
                for v, o in (
                    (_clean(item.get("description")), "json-ld"),
                    (tags.get("og:description"), "html-meta"),
                    (tags.get("twitter:description"), "html-meta"),
                    (tags.get("description"), "html-meta"),
                )
                if v
            )
        ),
        authors=tuple(dict.fromkeys(authors)),
        published=_first(
            (_clean(item.get("datePublished")), "json-ld"),
            (tags.get("article:published_time"), "html-meta"),
            (tags.get("date"), "html-meta"),
        ),
        section=_first((_clean(section_value), "json-ld"), (tags.get("article:section"), "html-meta")),
        publisher=_first(
            (publisher_names[0] if publisher_names else None, "json-ld"), (tags.get("og:site_name"), "html-meta")
        ),
        url=url,
        site_name=tags.get("og:site_name"),
        document_title=_clean(title_el.text_content()) if title_el is not None else None,
    )
