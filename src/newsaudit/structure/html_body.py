"""The body of an article page: trafilatura's lines placed on the page, cleaned and completed by rules.

trafilatura (fast mode, given the parsed tree) returns paragraphs, intertitles, quotes and lists. Each line
is placed on the page (``html_page``), which lets rules judge it by where it is: before the headline, inside
a furniture region, inside a link, inside a figure. Rules also add what trafilatura left out: headings
between paragraphs, and bare text runs when it covered little of the article region.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import trafilatura
from lxml.html import HtmlElement

from ..types import BlockLabel
from .html_blocks import Heading, Part, furniture_ranges, visible_text, word_f1
from .html_captions import clean_credit
from .html_cues import cue
from .html_page import Node, PageIndex, squeeze, text_runs

# A body line whose start cannot be placed on the page within this many squeezed characters of the
# previous one is placed right after it (trafilatura sometimes joins or rewrites text).
_PREFIX_LEN = 40

# Below this coverage of the article region by trafilatura's lines, bare text runs are recovered as well.
# Set on the Fundus pages: trafilatura covers 0.65-0.99 of the container on pages it reads well and 0.34-0.45 where
# it misses paragraphs written as bare text in <div>s.
LOW_COVERAGE = 0.5

# The body's container is found without the lines at either end that hold up to this share of the text.
OUTLIER_SHARE = 0.1
# A run of text trafilatura left out is taken as a paragraph when it is at least this long and ends like a
# sentence (shorter runs between headings are labels, buttons and dates).
MIN_RUN_CHARS = 80
_SENTENCE_END_RE = re.compile(r"[.!?:“\"»«)]\s*$")

# An intertitle is a short line: longer "headings" are paragraphs set in bold.
MAX_INTERTITLE_WORDS = 20
# An "intertitle" before the body that shares this much vocabulary with the headline repeats the headline.
HEADLINE_REPEAT_MIN = 0.5
# A heading trafilatura left out is an intertitle only when body prose follows within this many squeezed
# characters (set on the Fundus pages: intertitles are followed directly by their paragraph).
MAX_INTERTITLE_GAP = 50
# The first real paragraph of the body has at least this many words; shorter lines before it are header
# furniture (set on the Fundus pages: no gold paragraph before the first long one is shorter).
MIN_LEAD_WORDS = 10
_BYLINE_LINE_RE = re.compile(r"^(?:von|by)\s+\w", re.IGNORECASE)
_CREDIT_LINE_RE = re.compile(r"^(?:Quelle|Foto|Fotos|Bild|Bildquelle|Credit)\s*:|^©")
_SUBHEADING_TAGS = frozenset({"h2", "h3", "h4"})

# trafilatura returns <pre> as <code>: body text too (results tables, verse, listings).
_LABEL_OF_TAG = {
    "head": BlockLabel.INTERTITLE,
    "p": BlockLabel.PARAGRAPH,
    "quote": BlockLabel.QUOTE_BOX,
    "code": BlockLabel.PARAGRAPH,
}
# A line that opens like a link announcement ("Mehr dazu", "Lesen Sie auch: ...") is one only when it is at most
# this long; a longer line is prose that happens to start so ("Mehr dazu sagte er nicht, ...").
MAX_RELATED_WORDS = 20
# Below this many words from trafilatura's fast mode, its full mode (with fallbacks) runs too: fast mode
# skips some body containers (paywall previews, <br>-separated text). Set on the trafilatura-de pages,
# where it recovered 17 of the 40 snippets fast mode missed; no Fundus page is that short.
MIN_FAST_MODE_WORDS = 200
# An advertisement marker line ("Anzeige") has at most this many words; longer lines only start with the word.
MAX_ADVERT_WORDS = 3


Ranges = list[tuple[int, int]]


def body_parts(tree: HtmlElement, index: PageIndex, heading: Heading | None) -> tuple[list[Part], Ranges]:
    """The body lines of the article, labelled and placed, and the page's furniture ranges.

    trafilatura's lines are placed on the page; lines before the headline or inside furniture regions are
    dropped, link lines become related links; when trafilatura covers little of the article region, bare
    text runs are recovered; intertitles and header lines are settled last.
    """
    heading_pos = heading.node.start if heading and heading.node else 0
    body = _place_body(index, _body_lines(tree), heading_pos)
    container = body_container(index, body, heading_pos)
    low_coverage = container is not None and coverage(body, container, heading_pos) < LOW_COVERAGE
    keep_nodes = [heading.node] if heading and heading.node else []
    furniture = furniture_ranges(index, keep_nodes, body)
    consent = cue("consent")
    related = cue("related")
    advert = cue("advertisement")
    kept: list[Part] = []
    for part in body:
        key_len = len(squeeze(part.text))
        if heading and heading.node and part.position < heading_pos and part.order <= heading_pos and key_len:
            # Wholly before the headline: teasers of other articles, navigation. A line that runs on past the
            # headline is the article itself with kicker and headline run into it by the extractor.
            continue
        if inside_any(part.position, key_len, furniture) or consent.search(part.text):
            continue
        n_words = len(part.text.split())
        announces = related.search(part.text) is not None and n_words <= MAX_RELATED_WORDS
        if announces or (part.label is BlockLabel.PARAGRAPH and _link_only(index, part)):
            kept.append(Part(BlockLabel.RELATED_LINK, part.text, part.position, "rule:related", part.order))
        elif advert.search(part.text) and n_words <= MAX_ADVERT_WORDS:
            kept.append(Part(BlockLabel.ADVERTISEMENT, part.text, part.position, "rule:advertisement", part.order))
        else:
            kept.append(part)
    if low_coverage and container is not None:  # trafilatura missed much of the article: take its bare text too
        kept.extend(_missed_runs(index, kept, container, heading_pos, furniture))
    return _header_lines(_intertitles(index, kept, heading, furniture)), furniture


def _split_at_breaks(element: Any) -> list[str]:
    """The text of one extracted element, split at its line breaks (<lb/>): one line per text between breaks."""
    pieces: list[list[str]] = [[element.text or ""]]
    for child in element.iter():
        if child is element:
            continue
        if child.tag == "lb":
            pieces.append([])
        elif child.text:
            pieces[-1].append(child.text)
        if child.tail:
            pieces[-1].append(child.tail)
    lines = (" ".join("".join(p).split()) for p in pieces)
    return [line for line in lines if line]


def _body_lines(tree: HtmlElement) -> list[tuple[BlockLabel, str]]:
    """trafilatura's main text as (label, text) lines, without comments (they are not the article).

    trafilatura's fast mode first (it does not modify the tree); when that finds less than a short article,
    its full mode with fallback extractors, keeping whichever text is longer.
    """
    lines = _extracted_lines(tree, fast=True)
    words = sum(len(text.split()) for _, text in lines)
    if words >= MIN_FAST_MODE_WORDS:
        return lines
    full = _extracted_lines(tree, fast=False)
    return full if sum(len(text.split()) for _, text in full) > words else lines


def _top_elements(body: Any) -> Iterator[Any]:
    """The body's block elements; trafilatura's full mode may nest them in <div>s."""
    for element in body:
        if element.tag == "div":
            yield from _top_elements(element)
        else:
            yield element


def _extracted_lines(tree: HtmlElement, *, fast: bool) -> list[tuple[BlockLabel, str]]:
    document = trafilatura.bare_extraction(tree, fast=fast, include_comments=False, with_metadata=False)
    body = getattr(document, "body", None)
    if body is None:
        return []
    lines: list[tuple[BlockLabel, str]] = []
    for element in _top_elements(body):
        if element.tag == "list":
            lines.extend(
                (BlockLabel.PARAGRAPH, line) for item in element.iter("item") for line in _split_at_breaks(item)
            )
            continue
        if element.tag == "table":  # cells are separate elements: a space between them
            for row in element.iter("row"):
                text = " ".join(" ".join(" ".join(c.itertext()) for c in row).split())
                if text:
                    lines.append((BlockLabel.PARAGRAPH, text))
            continue
        label = _LABEL_OF_TAG.get(str(element.tag))
        if label is not None:
            lines.extend((label, line) for line in _split_at_breaks(element))
    return lines


def _place_body(index: PageIndex, lines: list[tuple[BlockLabel, str]], start: int) -> list[Part]:
    """Place each body line on the page, searching forward from the previous line (then from the top)."""
    parts: list[Part] = []
    cursor = start
    for label, text in lines:
        key = squeeze(text)
        pos = index.find(key, cursor)
        if pos < 0:
            pos = index.find(key[:_PREFIX_LEN], cursor)
        if pos < 0:
            pos = index.find(key, 0)
        if pos < 0:
            pos = cursor  # not on the page as such (rewritten by the extractor): keep reading order
            end = cursor
        else:
            end = pos + len(key)
        parts.append(Part(label, text, pos, f"trafilatura:{label.value}", order=end))
        cursor = max(cursor, end if pos >= cursor else cursor)
    return parts


def inside_any(position: int, length: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= position and position + length <= b for a, b in ranges)


def _heading_node(index: PageIndex, part: Part) -> Node | None:
    """The page element that is exactly this body line, when it is a heading or named like an intertitle."""
    end = part.position + len(squeeze(part.text))
    pattern = cue("intertitle")
    for n in index.nodes:
        if n.start == part.position and n.end == end and (n.tag in _SUBHEADING_TAGS or pattern.search(n.hint)):
            return n
        if n.start > part.position:
            break
    return None


def _intertitles(
    index: PageIndex, body: list[Part], heading: Heading | None, furniture: list[tuple[int, int]]
) -> list[Part]:
    """Intertitles: headings between the body paragraphs, whether trafilatura marked them or not.

    Body lines that are <h2>-<h4> elements (or named like an intertitle) become intertitles; headings between
    the first and the last paragraph that trafilatura left out are added; "intertitles" before the first
    paragraph that repeat the headline or are one- or two-word labels are page furniture and dropped.
    """
    body = sorted(body, key=lambda p: p.position)
    prose = [p for p in body if p.label is BlockLabel.PARAGRAPH]
    if not prose:
        return body
    first, last = prose[0].position, prose[-1].position
    first_real = next((p.position for p in prose if len(p.text.split()) >= MIN_LEAD_WORDS), first)
    headline = f"{heading.kicker.text if heading and heading.kicker else ''} {heading.headline.text if heading else ''}"
    result: list[Part] = []
    for part in body:
        label = part.label
        n_words = len(part.text.split())
        if label is BlockLabel.PARAGRAPH and n_words <= MAX_INTERTITLE_WORDS and _heading_node(index, part):
            label = BlockLabel.INTERTITLE
        before_body = label is BlockLabel.INTERTITLE and part.position < first_real
        if before_body and (word_f1(part.text, headline) >= HEADLINE_REPEAT_MIN or n_words <= 2):
            continue
        result.append(Part(label, part.text, part.position, part.method, part.order) if label != part.label else part)
    taken = [(p.position, p.position + len(squeeze(p.text))) for p in result]
    for n in index.nodes:
        if n.tag not in _SUBHEADING_TAGS or not first < n.start < last or n.end <= n.start:
            continue
        if any(a < n.end and n.start < b for a, b in taken) or inside_any(n.start, n.end - n.start, furniture):
            continue
        if _inside_link(index, n.start, n.end):
            continue
        following = next((p.position for p in prose if p.position >= n.end), None)
        if following is None or following - n.end > MAX_INTERTITLE_GAP:
            continue  # a heading not followed by body prose heads a box of links or a video player
        text = visible_text(n.element)
        if n.start < first_real and word_f1(text, headline) >= HEADLINE_REPEAT_MIN:
            continue
        if cue("related").search(text):
            continue  # "Weiterlesen", "Mehr zu Iran": the heading of a box of links
        if text and len(text.split()) <= MAX_INTERTITLE_WORDS:
            result.append(Part(BlockLabel.INTERTITLE, text, n.start, f"html:{n.tag}", order=n.end))
            taken.append((n.start, n.end))
    return result


def _header_lines(body: list[Part]) -> list[Part]:
    """Bylines and credit lines among trafilatura's paragraphs get their own labels.

    Between the headline and the body, trafilatura returns bylines ("von Anna Muster") and credits of the
    lead image ("Quelle: AFP") as paragraphs; a short "Foto: ..."/"Quelle: ..." line further down is an
    image credit too. Other short lines before the first long paragraph stay: on pages made of short lines
    (results lists, product labels, verse) they are the article (trafilatura-de pages; dropping them cost
    recall there and gained nothing on Fundus).
    """
    body = sorted(body, key=lambda p: p.position)
    first_real = next(
        (i for i, p in enumerate(body) if p.label is BlockLabel.PARAGRAPH and len(p.text.split()) >= MIN_LEAD_WORDS),
        len(body),
    )
    result: list[Part] = []
    for i, part in enumerate(body):
        short = len(part.text.split()) < MIN_LEAD_WORDS
        if short and part.label is BlockLabel.PARAGRAPH and _CREDIT_LINE_RE.match(part.text):
            credit = clean_credit(part.text) or part.text  # "Quelle: AFP" -> "AFP", as captions' credits
            result.append(Part(BlockLabel.CREDIT, credit, part.position, "rule:credit", part.order))
        elif i >= first_real or not short or part.label not in (BlockLabel.PARAGRAPH, BlockLabel.INTERTITLE):
            result.append(part)
        elif _BYLINE_LINE_RE.match(part.text):
            result.append(Part(BlockLabel.BYLINE, part.text, part.position, "rule:byline", part.order))
        else:
            result.append(part)
    return result


def _inside_link(index: PageIndex, start: int, end: int) -> bool:
    """Inside a link or a list item: teasers of other articles (real lists of the body reach trafilatura)."""
    return any(n.start <= start and end <= n.end for n in index.links)


def _link_only(index: PageIndex, part: Part) -> bool:
    """The line is exactly the text of a link: a pointer to another page, not article prose."""
    key_len = len(squeeze(part.text))
    return any(n.tag == "a" and n.start <= part.position and part.position + key_len <= n.end for n in index.links)


def body_container(index: PageIndex, body: list[Part], heading_pos: int) -> Node | None:
    """The innermost element that holds the central mass of the body text after the headline.

    Lines at either end are left out while they hold no more than a tenth of the text each, so that one
    stray line (a related link at the page's foot) does not widen the container to the whole page.
    """
    placed = sorted((p.position, p.position + len(squeeze(p.text))) for p in body if p.position >= heading_pos)
    total = sum(b - a for a, b in placed)
    if not total:
        return None
    low, high, dropped = 0, len(placed) - 1, 0
    while low < high and dropped + placed[low][1] - placed[low][0] <= OUTLIER_SHARE * total:
        dropped += placed[low][1] - placed[low][0]
        low += 1
    dropped = 0
    while high > low and dropped + placed[high][1] - placed[high][0] <= OUTLIER_SHARE * total:
        dropped += placed[high][1] - placed[high][0]
        high -= 1
    start, end = placed[low][0], max(b for _, b in placed[low : high + 1])
    best = None
    for n in index.nodes:  # document order: a later node covering the range lies inside the earlier ones
        if n.start <= start and end <= n.end:
            best = n
    return best


def coverage(body: list[Part], container: Node | None, heading_pos: int) -> float:
    """Share of the container's text (from the headline on) that the body lines cover."""
    if container is None:
        return 0.0
    start = max(container.start, heading_pos)
    covered = sum(
        len(squeeze(p.text)) for p in body if start <= p.position and p.position + len(squeeze(p.text)) <= container.end
    )
    return covered / max(1, container.end - start)


def _missed_runs(
    index: PageIndex, body: list[Part], container: Node, heading_pos: int, furniture: Ranges
) -> list[Part]:
    """Prose in the body's container that trafilatura left out (bare text between <br> or headings)."""
    taken = [(p.position, p.position + len(squeeze(p.text))) for p in body]
    end = max(b for _, b in taken)
    found: list[Part] = []
    for run in text_runs(container):
        if len(run.text) < MIN_RUN_CHARS or run.start < heading_pos or run.start > end:
            continue
        if not _SENTENCE_END_RE.search(run.text) or any(a < run.end and run.start < b for a, b in taken):
            continue
        if inside_any(run.start, run.end - run.start, furniture) or _inside_link(index, run.start, run.end):
            continue
        if cue("consent").search(run.text):
            continue
        found.append(Part(BlockLabel.PARAGRAPH, run.text, run.start, "rule:text-run", order=run.end))
    return found
