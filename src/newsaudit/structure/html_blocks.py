"""Article parts found by rules over the page: headline and kicker, teaser, byline, dateline, captions.

Each finder takes the page index (``html_page``) and returns ``Part`` objects: a label, the visible text and
the position on the page, so the caller can merge them with the body paragraphs in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..types import BlockLabel
from .html_cues import cue
from .html_meta import PageMeta
from .html_names import alnum, site_names, strip_site_suffix
from .html_page import SKIP_TAGS, Node, PageIndex, squeeze

# A declared headline shorter than this (squeezed characters) is not searched for on the page.
MIN_HEADLINE_CHARS = 15
# A kicker is a short label: at most this many words (German Dachzeilen are one to six words; set from the
# Fundus pages, where no kicker is longer than 8 words).
MAX_KICKER_WORDS = 8
# A declared author name shorter than this (squeezed) is not searched for on the page ("AP").
MIN_AUTHOR_CHARS = 5
# A byline or dateline is a short line; longer elements with an "author" class are author boxes or bios.
MAX_BYLINE_WORDS = 14
# A teaser found by class name alone must look like prose: this many words at least, and at most this many.
MIN_TEASER_WORDS = 8
MAX_TEASER_WORDS = 150
# How far after the headline (in squeezed characters) a teaser, byline or dateline may start: the header
# region of an article; set generously from the Fundus pages, where the header ends within ~1,500 characters.
HEADER_REACH = 2500
# Minimal word overlap (F1) between a declared headline and a visible <h1> to take that <h1> as the headline
# when there are several; below it the first <h1> inside <article>/<main> wins.
HEADLINE_MATCH_MIN = 0.5
# A region named like furniture that holds more than this share of the extracted body is the article itself.
MAX_FURNITURE_BODY_SHARE = 0.5

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "figure", "figcaption", "tr"}
)
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Part:
    """A labelled piece of visible text and where it starts on the page (squeezed offset)."""

    label: BlockLabel
    text: str
    position: int
    method: str
    order: int = 0  # tie-break for parts at one position (kicker before headline)


def visible_text(el: HtmlElement) -> str:
    """The element's visible text, whitespace collapsed; block-level children are separated by a space."""
    parts: list[str] = []
    stack: list[tuple[HtmlElement, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append(" ")
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if not tag or tag in SKIP_TAGS or node.get("hidden") is not None:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if tag in _BLOCK_TAGS:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        for child in reversed(node):
            stack.append((child, False))
    return " ".join(_join_pieces(parts).split())


def _join_pieces(parts: list[str]) -> str:
    """Join text pieces of neighbouring elements; a space where two elements would fuse two words.

    Layouts set spans side by side with CSS ("Von Anna Muster<span>Korrespondentin</span>"); joined as they
    are, the words fuse. A space goes between pieces where a lower-case letter, a digit or a colon meets an
    upper-case letter; inside one text node nothing changes.
    """
    out: list[str] = []
    for piece in parts:
        if out and piece and out[-1] and _FUSED_RE.match(out[-1][-1] + piece[0]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


_FUSED_RE = re.compile(r"[a-zäöüß0-9:][A-ZÄÖÜ]")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def word_f1(a: str, b: str) -> float:
    """Word-set overlap of two short strings (for matching declared metadata to visible text)."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    common = len(wa & wb)
    return 2 * common / (len(wa) + len(wb))


def _is_section_label(text: str, meta: PageMeta, page_url: str | None) -> bool:
    """A label that repeats the section (declared, or a segment of the URL path) is the section, not a kicker."""
    key = alnum(text)
    if meta.section and alnum(meta.section.value) == key:
        return True
    url = meta.url or page_url
    path = urlsplit(url).path if url else ""
    return any(alnum(segment) == key for segment in path.split("/") if segment)


def _inside(node: Node, outer: Node) -> bool:
    return outer.start <= node.start and node.end <= outer.end and node is not outer


@dataclass(frozen=True)
class Heading:
    """The headline part, the optional kicker part, and the <h1> node they came from."""

    headline: Part
    kicker: Part | None
    node: Node | None


def _split_h1(node: Node) -> tuple[str | None, str]:
    """(kicker, headline) of an <h1> whose first child element is a short label before the headline."""
    el = node.element
    full = visible_text(el)
    children = [c for c in el if isinstance(c.tag, str) and c.tag not in SKIP_TAGS and visible_text(c)]
    if len(children) < 2 or (el.text and el.text.strip()):
        return None, full
    first = children[0]
    first_text = visible_text(first)
    rest = " ".join(visible_text(c) for c in children[1:])
    rest = rest.lstrip(":|–- ").strip()
    hinted = bool(cue("kicker").search(" ".join(v for v in (first.get("class"), first.get("id")) if v)))
    if rest and len(first_text.split()) <= MAX_KICKER_WORDS and (hinted or len(rest.split()) >= 3):
        return first_text.rstrip(": ").strip(), rest
    return None, full


def _kicker_before(h1: Node, meta: PageMeta, page_url: str | None) -> str | None:
    """A short element just before the <h1> (or before the <h1>'s wrapper, when it is named a kicker)."""
    el: HtmlElement | None = h1.element
    for level in range(2):
        if el is None:
            return None
        sibling = el.getprevious()
        while sibling is not None and (not isinstance(sibling.tag, str) or sibling.tag in SKIP_TAGS):
            sibling = sibling.getprevious()
        if sibling is not None:
            text = visible_text(sibling)
            if text:
                hint = " ".join(v for v in (sibling.get("class"), sibling.get("id")) if v)
                named = bool(cue("kicker").search(hint))
                other = re.search(r"date|time|datum|author|autor|breadcrumb|nav|byline|meta|logo", hint, re.I)
                section = _is_section_label(text, meta, page_url)
                if _is_kicker_text(text) and not other and not section and (named or level == 0):
                    return text.rstrip(":").strip()
                return None
        el = el.getparent()
    return None


def _is_kicker_text(text: str) -> bool:
    n_words = len(text.split())
    return 0 < n_words <= MAX_KICKER_WORDS and not re.fullmatch(r"[\d\s.:,/-]+", text) and "|" not in text


def find_heading(index: PageIndex, meta: PageMeta, page_url: str | None = None) -> Heading | None:
    """The headline: the visible <h1> that best matches the declared headline; else the declared one."""
    declared = [v for v in (meta.headline.value if meta.headline else None, meta.document_title) if v]
    h1s = [n for n in index.of_tag("h1") if n.end > n.start]
    best: Node | None = None
    if h1s:
        scored = [(max((word_f1(visible_text(n.element), d) for d in declared), default=0.0), n) for n in h1s]
        top_score, top = max(scored, key=lambda s: s[0])
        if top_score >= HEADLINE_MATCH_MIN or len(h1s) == 1:
            best = top
        else:
            in_article = [n for n in h1s if any(a.tag in ("article", "main") and _inside(n, a) for a in index.nodes)]
            best = in_article[0] if in_article else h1s[0]
    if best is not None:
        kicker_text, headline_text = _split_h1(best)
        method = "html:h1"
        if kicker_text is None:
            kicker_text = _kicker_before(best, meta, page_url)
        kicker = Part(BlockLabel.KICKER, kicker_text, best.start, "html:kicker", order=-1) if kicker_text else None
        return Heading(Part(BlockLabel.HEADLINE, headline_text, best.start, method), kicker, best)
    for value in declared:  # no <h1>: the element that shows the declared headline
        key = squeeze(strip_site_suffix(value, site_names(meta)))
        pos = index.find(key) if len(key) >= MIN_HEADLINE_CHARS else -1
        exact = [n for n in index.nodes if n.start == pos and n.end == pos + len(key) and n.tag not in ("title", "a")]
        if exact:
            node = exact[-1]
            return Heading(Part(BlockLabel.HEADLINE, visible_text(node.element), pos, f"html:{node.tag}"), None, node)
    if declared:
        return Heading(
            Part(BlockLabel.HEADLINE, strip_site_suffix(declared[0], site_names(meta)), 0, "html-meta:headline"),
            None,
            None,
        )
    return None


# A declared description matches a visible element when the element starts with this many of its
# (squeezed) characters: descriptions are often cut short or end differently from the visible lead.
DESCRIPTION_PREFIX = 60
# A visible lead may start with a dateline the declared description leaves out ("Hamburg. "): up to this
# many squeezed characters.
LEAD_DATELINE_REACH = 30
_TEASER_TAGS = frozenset({"p", "div", "span", "h2", "strong", "section", "header"})


def in_figure(index: PageIndex, node: Node) -> bool:
    return any(n.tag in ("figure", "figcaption") for n in index.enclosing(node.start, node.end))


def _description_teaser(index: PageIndex, meta: PageMeta, headline_pos: int, limit: int) -> Part | None:
    for description in meta.descriptions:
        found = _visible_description(index, description.value, headline_pos, limit)
        if found is not None:
            return found
    return None


def _visible_description(index: PageIndex, description: str, headline_pos: int, limit: int) -> Part | None:
    key = squeeze(description).removesuffix("...").removesuffix("…")
    if len(key) < 20:
        return None
    for probe in (key, key[:DESCRIPTION_PREFIX]):
        pos = index.find(probe, headline_pos)
        while 0 <= pos <= limit:
            # elements that start at the match or a dateline's length before it ("Berlin. ...") and hold it
            candidates = [
                n
                for n in index.nodes
                if pos - LEAD_DATELINE_REACH <= n.start <= pos
                and n.end >= pos + len(probe)
                and n.tag in _TEASER_TAGS
                and n.end - n.start <= 2 * len(key)
            ]
            for node in reversed(candidates):  # the innermost element that holds the whole visible lead
                if in_figure(index, node):
                    break
                text = visible_text(node.element)
                if text and len(text.split()) <= MAX_TEASER_WORDS:
                    return Part(BlockLabel.TEASER, text, node.start, "html:description")
            pos = index.find(probe, pos + 1)
    return None


def find_teaser(index: PageIndex, meta: PageMeta, headline_pos: int, body_start: int | None) -> Part | None:
    """The lead paragraph: the declared description where it is visible after the headline, else a lead element."""
    limit = headline_pos + HEADER_REACH if body_start is None else max(body_start, headline_pos) + HEADER_REACH
    declared = _description_teaser(index, meta, headline_pos, limit)
    if declared is not None:
        return declared
    pattern = cue("teaser")
    for n in index.nodes:
        if n.start < headline_pos or n.start > limit or n.tag in ("a", "img", "figure", "figcaption", "h1"):
            continue
        if body_start is not None and n.start > body_start:
            continue  # a lead comes before the body; "teaser" boxes further down are other articles
        if not pattern.search(n.hint) or "teaser-list" in n.hint or in_figure(index, n):
            continue
        text = visible_text(n.element)
        n_words = len(text.split())
        if MIN_TEASER_WORDS <= n_words <= MAX_TEASER_WORDS and not cue("byline").search(n.hint):
            return Part(BlockLabel.TEASER, text, n.start, "html:lead-class")
    return None


def find_byline(index: PageIndex, headline_pos: int, authors: Sequence[str]) -> Part | None:
    """The author line near the headline: an element named author/byline, or one holding a declared author."""
    pattern = cue("byline")
    for n in index.nodes:
        if n.start < headline_pos or n.start > headline_pos + HEADER_REACH or n.tag in ("a", "img", "meta", "h1"):
            continue
        if not pattern.search(n.hint):
            continue
        text = visible_text(n.element)
        if text and len(text.split()) <= MAX_BYLINE_WORDS and not text.startswith("http"):
            return Part(BlockLabel.BYLINE, text, n.start, "html:byline-class")
    for author in authors:  # no element named so: the short element in the header that shows a declared author
        key = squeeze(author)
        pos = index.find(key, headline_pos) if len(key) >= MIN_AUTHOR_CHARS else -1
        if not 0 <= pos <= headline_pos + HEADER_REACH:
            continue
        holders = [n for n in index.nodes if n.start <= pos and pos + len(key) <= n.end and n.tag not in ("a", "body")]
        for n in holders:  # outermost first: the whole line, as long as it is byline-sized
            text = visible_text(n.element)
            if len(text.split()) <= MAX_BYLINE_WORDS:
                return Part(BlockLabel.BYLINE, text, n.start, "html:declared-author")
    return None


def find_dateline(index: PageIndex, headline_pos: int) -> Part | None:
    """The first visible <time> element in the article header."""
    for n in index.of_tag("time"):
        if headline_pos <= n.start <= headline_pos + HEADER_REACH:
            text = visible_text(n.element)
            if text and len(text.split()) <= MAX_BYLINE_WORDS:
                return Part(BlockLabel.DATELINE, text, n.start, "html:time")
    return None


def furniture_ranges(index: PageIndex, keep: Iterable[Node], body: Sequence[Part]) -> list[tuple[int, int]]:
    """Ranges of page regions that are not the article (aside, nav, footer, related/share boxes).

    A region that holds the headline or most of the body text is the article, whatever its class says
    (class names such as "js-dynamic-advertorial" or "share-container" wrap whole articles on some sites).
    """
    keep_nodes = list(keep)
    placed = [(p.position, len(squeeze(p.text))) for p in body]
    total = sum(length for _, length in placed) or 1
    pattern = cue("furniture")
    ranges: list[tuple[int, int]] = []
    for n in index.nodes:
        if n.end <= n.start:
            continue
        if n.tag in ("aside", "nav", "footer") or (n.hint and pattern.search(n.hint)):
            if any(n.start <= k.start and k.end <= n.end for k in keep_nodes):
                continue
            inside = sum(length for pos, length in placed if n.start <= pos and pos + length <= n.end)
            if inside > MAX_FURNITURE_BODY_SHARE * total:
                continue
            ranges.append((n.start, n.end))
    return ranges
