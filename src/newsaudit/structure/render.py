"""Render HTML to plain text the way a generic scraper does, and label the lines from a Fundus gold record.

The dump keeps visible text only (no script/style/head/hidden elements), writes one block per line and a
blank line between blocks: block-level elements (p, div, h1-h6, li, figcaption, ...) and <br> end a block,
inline elements (a, span, em, ...) run on. Two variants: the whole page ("page") and the article region
("article": the largest <article> element, else <main>/role=main, else the body), because scraped text
such as the reference article usually holds only the article region with the furniture around it.

The gold labels come from aligning each line with the page's gold record (title, teaser, intertitles,
paragraphs, image captions and credits, authors, date); every line that matches nothing is furniture.
They are the training and evaluation material for the raw-text labeller (``structure.text``).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lxml.html

from ..evaluate.fundus import FundusPage
from ..types import Span
from .text_rules import function_words

# Coarse labels the gold alignment can give; furniture subtypes (share widget, related link, ...) and
# kicker/section are not in the Fundus gold, so rules refine "furniture" at run time.
GOLD_LABELS = (
    "kicker",
    "headline",
    "teaser",
    "intertitle",
    "paragraph",
    "caption",
    "credit",
    "byline",
    "dateline",
    "furniture",
)

VARIANTS = ("article", "page")

_SKIP_TAGS = frozenset(
    {
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "select",
        "option",
        "textarea",
        "input",
        "map",
        "dialog",
    }
)

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
        "button",
    }
)

_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS_RE = re.compile(r"\s+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Rendered:
    """A plain-text dump: the text, the span of each line (block) in it, in order, and its HTML block tag.

    The tags are not part of what a scraper gives; gold alignment uses the <h1> when the gold title is an
    SEO title that the page does not show.
    """

    text: str
    lines: tuple[Span, ...]
    tags: tuple[str, ...]

    def line_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.lines]


def _is_hidden(element: Any) -> bool:
    attrib = element.attrib
    if "hidden" in attrib:
        return True
    return bool(_HIDDEN_STYLE_RE.search(attrib.get("style", "")))


def _blocks(root: Any) -> Iterator[tuple[str, str]]:
    """Visible text of ``root`` as (block, tag) pairs: inline text joined, block elements and <br> as boundaries.

    ``tag`` is the outermost open heading ("h1".."h6": a heading whose text sits in inner <div>s or <span>s is still
    a heading), else the innermost open block element ("p", "li", ...).
    """
    buffer: list[str] = []
    open_tags: list[str] = []

    def flush() -> Iterator[tuple[str, str]]:
        text = _WS_RE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            heading = next((tag for tag in open_tags if tag in _HEADINGS), None)
            yield text, heading or (open_tags[-1] if open_tags else "")

    # Iterative walk with explicit enter/leave events so that deep pages do not hit the recursion limit.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, leaving = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if leaving:
            if tag in _BLOCK_TAGS:
                yield from flush()
                open_tags.pop()
            if element is not root and element.tail:
                buffer.append(element.tail)
            continue
        if not tag or tag in _SKIP_TAGS or _is_hidden(element):
            # Comments, processing instructions and invisible elements: only their tail text shows.
            if element is not root and element.tail:
                buffer.append(element.tail)
            continue
        if tag in _BLOCK_TAGS:
            yield from flush()
            open_tags.append(tag)
        if element.text:
            buffer.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    yield from flush()


def _text_len(element: Any) -> int:
    return sum(len(block) for block, _ in _blocks(element))


# An article region with less paragraph text than this is a teaser card or a live-blog entry, not the
# article: fall back to the next candidate. Set from the Fundus pages (real article bodies hold 1,500+).
MIN_REGION_CHARS = 1000
# The region grows to take in the page's <h1> when that adds at most this factor of text; more means the
# common ancestor is the whole page. Set by inspecting the Fundus pages (headline-to-body wrappers add <50%).
MAX_REGION_GROWTH = 2.0


def _paragraph_len(element: Any) -> int:
    """Text in <p> elements: the readability-style score for where the article body is."""
    return sum(len(p.text_content()) for p in element.iter("p"))


def _article_region(doc: Any) -> Any:
    """The article region: the <article> (else <main>) with most paragraph text, widened to its <h1>."""
    body = doc.find("body")
    region = body if body is not None else doc
    for xpath in ("//article", "//main | //*[@role='main']"):
        candidates = doc.xpath(xpath)
        if candidates:
            best = max(candidates, key=_paragraph_len)
            if _paragraph_len(best) >= MIN_REGION_CHARS:
                region = best
                break
    headings = doc.xpath("//h1")
    if headings and region is not body and not any(region in h.iterancestors() or h is region for h in headings):
        heading_ancestors = set(headings[0].iterancestors())
        ancestor = next((a for a in region.iterancestors() if a in heading_ancestors), None)
        if ancestor is not None and _text_len(ancestor) <= MAX_REGION_GROWTH * _text_len(region):
            region = ancestor
    return region


def render_html(html: str, variant: str = "article") -> Rendered:
    """Dump ``html`` to text: one block per line, a blank line between blocks."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
    doc = lxml.html.document_fromstring(html)
    root = _article_region(doc) if variant == "article" else (doc.find("body") if doc.find("body") is not None else doc)
    parts: list[str] = []
    spans: list[Span] = []
    tags: list[str] = []
    offset = 0
    for block, tag in _blocks(root):
        tags.append(tag)
        if parts:
            parts.append("\n\n")
            offset += 2
        parts.append(block)
        spans.append(Span(offset, offset + len(block)))
        offset += len(block)
    return Rendered("".join(parts), tuple(spans), tuple(tags))


# ---------------------------------------------------------------------------------------------------------
# Gold alignment

_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "«": '"', "»": '"', "–": "-"})


def norm(text: str) -> str:
    """Comparison form: HTML entities resolved, quotes and dashes unified, soft hyphens dropped, lower case."""
    text = html_lib.unescape(text).replace("\xad", "").replace("\u200b", "").translate(_QUOTES)
    return _WS_RE.sub(" ", text).strip().lower()


# A line that is part of a gold text must hold at least this many characters to count as a match; shorter
# fragments ("Foto", "mehr") occur by chance inside long paragraphs. Set by inspecting the Fundus pages.
_MIN_FRAGMENT = 25
# A gold text inside a longer line counts when it covers at least this share of the line (the rest being
# e.g. a trailing credit or a label); chosen so that a sentence quoted inside a teaser box does not count.
_MIN_COVER = 0.6

_MONTHS = (
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)


def _date_patterns(published: str | None) -> list[re.Pattern[str]]:
    """Ways a German page writes the gold publishing date (and the day before/after, for time zones)."""
    if not published:
        return []
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return []
    d, m, y = moment.day, moment.month, moment.year
    month = _MONTHS[m - 1]
    forms = [
        # The publishing time as a clock reading ("7.57 Uhr", "15:47"): hours shift with the time zone.
        rf"\b\d{{1,2}}[.:]{moment.minute:02d}(?:\s*uhr)?\b",
        rf"\b0?{d}\.\s?0?{m}\.\s?(?:{y}|{y % 100:02d})\b",
        rf"\b0?{d}\.?\s+(?:{month}|{month[:3]}\.?)\s+{y}\b",
        rf"\b{y}-{m:02d}-{d:02d}\b",
    ]
    return [re.compile(form, re.I) for form in forms]


def _matches_part(line: str, gold: str) -> bool:
    """``line`` is ``gold``, a substantial part of it, or holds it with little else."""
    if not gold:
        return False
    if line == gold:
        return True
    if len(line) >= _MIN_FRAGMENT and line in gold:
        return True
    return len(gold) >= _MIN_FRAGMENT and gold in line and len(gold) >= _MIN_COVER * len(line)


def gold_line_label(line: str, page: FundusPage, *, dates: Sequence[re.Pattern[str]] = ()) -> str:
    """The gold label of one rendered line (already normalised with ``norm``), headline and kicker aside."""
    if any(_matches_part(line, norm(s)) for s in page.summary):
        return "teaser"
    if any(line == norm(h) for h in page.intertitles):
        return "intertitle"
    if any(_matches_part(line, norm(p)) for p in page.paragraphs):
        return "paragraph"
    for image in page.images:
        if image.caption and _matches_part(line, norm(image.caption)):
            return "caption"
    for image in page.images:
        credit = norm(image.credit or "")
        # A credit line is the credit with at most a short marker around it ("Foto: ", "©", "Bild: ").
        if credit and credit in line and len(line) <= len(credit) + 12:
            return "credit"
    if len(line) <= 100 and any(_names_author(line, norm(a)) for a in page.authors):
        return "byline"
    if len(line) <= 60 and any(p.search(line) for p in dates):
        return "dateline"
    return "furniture"


def _names_author(line: str, author: str) -> bool:
    """A byline names a person ("Birgit Baumann") or starts with "von"/"by" and names an agency ("dpa")."""
    if len(author) < 3 or author not in line:
        return False
    return " " in author or line == author or line.startswith(("von ", "by ", "text: ", "autor"))


_NON_WORD_RE = re.compile(r"[^\w]+")


def _loose(text: str) -> str:
    """Letters and digits only: the title written with a different separator between kicker and headline."""
    return _NON_WORD_RE.sub(" ", text).strip()


_CONTENT = frozenset({"teaser", "paragraph", "intertitle"})
_PROSE = frozenset({"teaser", "paragraph"})
# Article content starts at the first intertitle or prose line of at least this many words: a shorter line that
# matches the prose is a chance match above the headline (a kicker naming a film the text also names). Set by
# inspecting the Fundus pages whose headline came after such a line.
_MIN_CONTENT_WORDS = 8


# A heading line (<h1>-<h3>) stands for the gold title when it holds at least this share of the title's
# words: the gold title is often the SEO title ("49-Euro-Ticket: Pendler zahlen 60 Prozent weniger") while
# the page shows another wording ("49-Euro-Ticket : Pendler sparen 60 Prozent bei Bus und Bahn"), or the
# kicker and headline run together ("Neue Leipziger Schule Judy Lybke, ..."). Set by inspecting the Fundus
# pages whose gold title is not on the page verbatim; 0.5 keeps teaser cards of other articles out.
_MIN_TITLE_OVERLAP = 0.5
# Without any such heading, a heading above the article content with at least this share of the (content)
# words of the title stands for it (two of the Fundus pages: SEO titles in quite other words).
_MIN_SEO_TITLE_OVERLAP = 0.2
_HEADING_TAGS = frozenset({"h1", "h2", "h3"})


def _place_headline(lines: Sequence[str], labels: list[str], title: str, tags: Sequence[str]) -> None:
    """Mark the headline (and a kicker line above it) in ``labels``.

    The title may occur several times (a visually hidden SEO <h1>, breadcrumb, video title, share texts,
    "more on this" lists) and the page may show it in other words; a scraped text has one headline, the
    visible one that opens the article. So the headline is the last title-like line before the first
    article content (teaser, paragraph, intertitle): the title itself (or a line that holds it with little
    else) or a heading that shares most of the title's content words; failing that, the last heading above
    the content that shares some of them; failing that, the first title-like line anywhere. When the gold
    title is "Kicker: Headline" and the page writes them on two lines, the two lines are kicker and headline.
    """
    key = _loose(title)
    if not key:
        return
    loose_lines = [_loose(line) for line in lines]
    first_content = next(
        (
            i
            for i, label in enumerate(labels)
            if label == "intertitle" or (label in _PROSE and len(lines[i].split()) >= _MIN_CONTENT_WORDS)
        ),
        len(labels),
    )
    stop = function_words()
    title_words = set(key.split()) - stop or set(key.split())

    def overlap(i: int) -> float:
        return len(title_words & set(loose_lines[i].split())) / len(title_words)

    def is_title(i: int) -> bool:
        line = loose_lines[i]
        return bool(line) and (line == key or (key in line and len(key) >= _MIN_COVER * len(line)))

    def is_title_heading(i: int, min_overlap: float) -> bool:
        return tags[i] in _HEADING_TAGS and overlap(i) >= min_overlap and len(loose_lines[i]) <= 2 * len(key)

    free = [i for i in range(len(lines)) if labels[i] == "furniture"]
    anywhere = [i for i in free if is_title(i) or is_title_heading(i, _MIN_TITLE_OVERLAP)]
    strong_before = [i for i in anywhere if i < first_content]
    weak_before = [i for i in free if i < first_content and is_title_heading(i, _MIN_SEO_TITLE_OVERLAP)]
    if strong_before:
        chosen = strong_before[-1]
    elif weak_before:
        chosen = weak_before[-1]
    elif anywhere:
        chosen = anywhere[0]
    elif ": " in title:
        # "Kicker: Headline" written on two lines.
        prefix, suffix = title.split(": ", 1)
        kicker_key, key = _loose(prefix), _loose(suffix)
        hits = [i for i in free if loose_lines[i] == key]
        if not hits:
            return
        chosen = hits[0]
        labels[chosen] = "headline"
        if chosen > 0 and loose_lines[chosen - 1] == kicker_key:
            labels[chosen - 1] = "kicker"
        return
    else:
        return
    labels[chosen] = "headline"


def gold_labels(rendered: Rendered, page: FundusPage) -> list[str]:
    """Gold labels for every line of a rendering of ``page``.

    A heading line (<h1>-<h6>) is never teaser or paragraph: when its text recurs in the body (a headline that
    repeats a phrase of the text) it is the heading, not a fragment of the prose.
    """
    dates = _date_patterns(page.published)
    lines = [norm(line) for line in rendered.line_texts()]
    labels = [gold_line_label(line, page, dates=dates) for line in lines]
    for i, tag in enumerate(rendered.tags):
        if tag in _HEADINGS and labels[i] in _PROSE:
            labels[i] = "furniture"
    _place_headline(lines, labels, norm(page.title), rendered.tags)
    return labels
