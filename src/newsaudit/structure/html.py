"""Structure from HTML: the article's blocks in reading order, with metadata, from one parse of the page.

The page is parsed once with lxml. trafilatura (given the parsed tree) finds the body: paragraphs,
intertitles, quotes and lists. The page's own declarations (JSON-LD, <meta>; ``html_meta``) and rules over
the tree (``html_blocks``) add what trafilatura does not give: headline and kicker, teaser, byline,
dateline, image captions with their credits. Every piece is placed on the page (``html_page``), so the
article is assembled in reading order; body lines before the headline or inside page furniture (aside,
nav, related/share boxes) are dropped, link-only lines are kept as related links.

``Article.text`` is the extracted text: the blocks joined by blank lines; every block span points into it.
"""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ..errors import NoArticleError
from ..types import Article, ArticleMeta, Block, BlockLabel, MetaField, Provenance, Span
from .html_blocks import Part, find_byline, find_dateline, find_heading, find_teaser
from .html_body import body_parts, inside_any
from .html_captions import find_captions
from .html_meta import PageMeta, read_page_meta
from .html_names import names_the_site, site_names, split_names, strip_site_suffix
from .html_page import index_page, squeeze
from .outlet import outlet_from_url

BLOCK_SEPARATOR = "\n\n"
# Fewer words of body prose than this is not an article (a front page, an error page, a cookie wall).
MIN_ARTICLE_WORDS = 25
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_html(html: str) -> HtmlElement:
    """Parse a page with lxml; a page lxml cannot read is no article."""
    html = _XML_DECL_RE.sub("", html, count=1)  # lxml refuses str input with an encoding declaration
    if not html.strip():
        raise NoArticleError("the HTML page is empty")
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise NoArticleError(f"the HTML could not be parsed: {exc}") from exc


def _has_prose(parts: list[Part]) -> bool:
    return any(p.label in (BlockLabel.PARAGRAPH, BlockLabel.QUOTE_BOX) for p in parts)


def _assemble(tree: HtmlElement, meta: PageMeta, page_url: str | None) -> list[Part]:
    index = index_page(tree)
    heading = find_heading(index, meta, page_url)
    heading_pos = heading.node.start if heading and heading.node else 0
    kept, furniture = body_parts(tree, index, heading)
    if heading is not None and not _has_prose(kept):
        # All prose lies above the "headline" found: that heading is furniture (a sidebar <h1>), not the title.
        unanchored, unanchored_furniture = body_parts(tree, index, None)
        if _has_prose(unanchored):
            kept, furniture = unanchored, unanchored_furniture
    prose = [p for p in kept if p.label in (BlockLabel.PARAGRAPH, BlockLabel.QUOTE_BOX)]
    body_start = prose[0].position if prose else None
    body_end = max((p.order for p in prose), default=heading_pos)
    parts: list[Part] = []
    if heading:
        parts.append(heading.headline)
        if heading.kicker:
            parts.append(heading.kicker)
    teaser = find_teaser(index, meta, heading_pos, body_start)
    if teaser:
        parts.append(teaser)
    byline = find_byline(index, heading_pos, [a.value for a in meta.authors])
    if byline:
        parts.append(byline)
    dateline = find_dateline(index, heading_pos)
    if dateline:
        parts.append(dateline)
    region_start = heading_pos
    for n in index.nodes:  # the lead image may sit above the headline inside the same <article>
        if n.tag == "article" and heading and heading.node and n.start <= heading_pos < n.end:
            region_start = n.start
    captions = find_captions(index, region_start, body_end, furniture)
    for caption in captions:
        parts.extend(p for p in (caption.caption, caption.credit) if p is not None)
    taken = {squeeze(p.text) for p in parts}
    caption_ranges = [(c.start, c.end) for c in captions]
    for part in kept:
        key = squeeze(part.text)
        if key in taken or inside_any(part.position, len(key), caption_ranges):
            continue  # the teaser or a caption as trafilatura also returned it
        taken.add(key)
        parts.append(part)
    parts = _without_repeated_lines(parts)
    parts.sort(key=lambda p: (p.position, p.order if p.label not in _HEADER_LABELS else -10 + _HEADER_RANK[p.label]))
    return parts


def _without_repeated_lines(parts: list[Part]) -> list[Part]:
    """Drop a byline, dateline or credit whose text is part of another such line (found twice, by two rules)."""
    short_lines = [(i, p) for i, p in enumerate(parts) if p.label in _REPEATABLE]
    keys = [squeeze(p.text) for _, p in short_lines]
    # Of two equal lines the later one in ``parts`` goes (list order, not object identity: the result must not
    # depend on where the objects happen to live in memory).
    repeated = {
        i
        for (i, _), key in zip(short_lines, keys, strict=True)
        if any(
            key in other and (key != other or i > j) for (j, _), other in zip(short_lines, keys, strict=True) if j != i
        )
    }
    return [p for i, p in enumerate(parts) if i not in repeated]


_REPEATABLE = frozenset({BlockLabel.BYLINE, BlockLabel.DATELINE, BlockLabel.CREDIT})


_HEADER_RANK = {
    BlockLabel.KICKER: 0,
    BlockLabel.HEADLINE: 1,
    BlockLabel.TEASER: 2,
    BlockLabel.BYLINE: 3,
    BlockLabel.DATELINE: 4,
    BlockLabel.CAPTION: 5,
    BlockLabel.CREDIT: 6,
}
_HEADER_LABELS = frozenset(_HEADER_RANK)


def _iso_date(value: str) -> str | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _field_in(text: str, value: str, block: Block | None, origin: str) -> MetaField:
    """A MetaField whose span is the value's occurrence inside ``block``, when it occurs there."""
    if block is not None:
        found = text.find(value, block.span.start, block.span.end)
        if found >= 0:
            return MetaField(value, origin, Span(found, found + len(value)))
    return MetaField(value, origin)


def _title(text: str, headline: Block | None, kicker: Block | None, meta: PageMeta) -> MetaField | None:
    """The title: the headline the page declares (og:title, else the JSON-LD headline), else the visible headline.

    The declared title is preferred because it is the publisher's own statement of the article's title;
    the visible <h1> is often a variant written for the page layout. The span points at the visible
    headline (with its kicker) when the title is what is shown there, and is absent otherwise.
    """
    visible = text[headline.span.start : headline.span.end] if headline else None
    with_kicker = None
    if headline is not None and kicker is not None and kicker.span.end <= headline.span.start:
        with_kicker = f"{text[kicker.span.start : kicker.span.end]}: {visible}"
    if meta.headline is not None:
        value = strip_site_suffix(meta.headline.value, site_names(meta))
        if headline is not None and value == visible:
            return MetaField(value, meta.headline.origin, headline.span)
        if headline is not None and kicker is not None and value == with_kicker:
            return MetaField(value, meta.headline.origin, Span(kicker.span.start, headline.span.end))
        return MetaField(value, meta.headline.origin)
    if headline is not None and visible:
        return MetaField(visible, "html", headline.span)
    return None


def _authors(text: str, byline: Block | None, meta: PageMeta) -> tuple[MetaField, ...]:
    """The declared authors (one string naming several is split); else the names in the visible byline.

    E-mail addresses and the outlet's own name stand in for authors on some pages: they are not authors.
    """
    declared: list[tuple[str, str]] = []
    for author in meta.authors:
        names = split_names(author.value) if _SEVERAL_NAMES_RE.search(author.value) else [author.value]
        declared.extend((name, author.origin) for name in names or [author.value])
    people = [(n, o) for n, o in declared if "@" not in n and not names_the_site(n, meta)]
    if not people and byline is not None:
        visible = text[byline.span.start : byline.span.end]
        people = [(n, "html") for n in split_names(visible) if not names_the_site(n, meta)]
    unique = dict.fromkeys(people)
    return tuple(_field_in(text, name, byline, origin) for name, origin in unique)


_SEVERAL_NAMES_RE = re.compile(r",|\bund\b|&")


def _meta(text: str, blocks: list[Block], meta: PageMeta, provenance: Provenance) -> ArticleMeta:
    def first(label: BlockLabel) -> Block | None:
        return next((b for b in blocks if b.label is label), None)

    title = _title(text, first(BlockLabel.HEADLINE), first(BlockLabel.KICKER), meta)
    byline = first(BlockLabel.BYLINE)
    authors = _authors(text, byline, meta)
    published = None
    if meta.published:
        iso = _iso_date(meta.published.value)
        if iso:
            dateline = first(BlockLabel.DATELINE)
            published = MetaField(iso, meta.published.origin, dateline.span if dateline else None)
    section = MetaField(meta.section.value, meta.section.origin) if meta.section else None
    outlet = None
    if meta.url and outlet_from_url(meta.url):
        outlet = MetaField(outlet_from_url(meta.url) or "", "html-meta")
    else:
        for url in (provenance.final_url, provenance.source):
            domain = outlet_from_url(url) if url and "://" in url else None
            if domain:
                outlet = MetaField(domain, "url")
                break
    if outlet is None and meta.publisher:
        outlet = MetaField(meta.publisher.value, meta.publisher.origin)
    return ArticleMeta(outlet=outlet, section=section, title=title, published=published, authors=authors)


def extract_article(html: str, provenance: Provenance) -> Article:
    """The article of an HTML page: blocks in reading order over the extracted text, and metadata."""
    tree = parse_html(html)
    meta = read_page_meta(tree)
    parts = _assemble(tree, meta, provenance.final_url or provenance.source)
    prose_words = sum(len(p.text.split()) for p in parts if p.label in (BlockLabel.PARAGRAPH, BlockLabel.QUOTE_BOX))
    if prose_words < MIN_ARTICLE_WORDS:
        raise NoArticleError("the HTML page holds no article text")
    pieces: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for part in parts:
        if pieces:
            pieces.append(BLOCK_SEPARATOR)
            offset += len(BLOCK_SEPARATOR)
        pieces.append(part.text)
        blocks.append(Block(part.label, Span(offset, offset + len(part.text)), 1.0, part.method))
        offset += len(part.text)
    text = "".join(pieces)
    return Article(text=text, blocks=tuple(blocks), meta=_meta(text, blocks, meta, provenance))
