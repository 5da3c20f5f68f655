"""A parsed page read once in document order: where each element's text starts and ends.

``index_page`` walks the lxml tree one time and concatenates the visible text with all whitespace removed
(``flat``). Every element gets its ``[start, end)`` range in that string, so any text found elsewhere (a
trafilatura paragraph, a JSON-LD description) can be placed on the page by a substring search, robust to
how either side spaced or broke its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from lxml.html import HtmlElement

# Elements whose content is never visible article text.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "head", "button", "select", "option", "textarea"}
)
_DISPLAY_NONE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def squeeze(text: str) -> str:
    """The text without any whitespace: the key used to find one text inside another."""
    return "".join(text.split())


@dataclass
class Node:
    """One element with its range in ``PageIndex.flat``."""

    element: HtmlElement
    tag: str
    start: int
    end: int = 0
    depth: int = 0

    _hint: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def hint(self) -> str:
        """Class, id and itemprop of the element, lower-cased: what the page calls it (computed once)."""
        # a plain attribute, not functools.cached_property, whose lock (Python 3.11) costs more than the value
        if self._hint is None:
            el = self.element
            attrs = (el.get("class"), el.get("id"), el.get("itemprop"), el.get("rel"))
            self._hint = " ".join(v for v in attrs if v).lower()
        return self._hint


@dataclass
class PageIndex:
    """The page's visible text without whitespace, and every element's range in it (document order)."""

    flat: str
    nodes: list[Node] = field(default_factory=list)

    def find(self, text: str, start: int = 0) -> int:
        """Offset of ``text`` (already squeezed) in ``flat`` at or after ``start``; -1 when absent."""
        return self.flat.find(text, start) if text else -1

    def of_tag(self, *tags: str) -> list[Node]:
        wanted = set(tags)
        return [n for n in self.nodes if n.tag in wanted]

    @cached_property
    def links(self) -> list[Node]:
        """The <a> and <li> elements: a text inside one of them points elsewhere or is a list entry."""
        return [n for n in self.nodes if n.tag in ("a", "li") and n.end > n.start]

    def enclosing(self, start: int, end: int) -> list[Node]:
        """Elements whose range covers ``[start, end)``, outermost first."""
        return [n for n in self.nodes if n.start <= start and end <= n.end and n.end > n.start]


def _hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _DISPLAY_NONE_RE.search(style))


def index_page(root: HtmlElement) -> PageIndex:
    """Walk the tree once (iteratively: pages nest deeper than Python's recursion limit)."""
    parts: list[str] = []
    length = 0
    nodes: list[Node] = []
    body = root.find("body")
    start_el = body if body is not None else root
    stack: list[tuple[HtmlElement, Node | None, int]] = [(start_el, None, 0)]
    while stack:
        el, closing, depth = stack.pop()
        if closing is not None:
            closing.end = length
            tail = el.tail
            if tail:
                squeezed = squeeze(tail)
                parts.append(squeezed)
                length += len(squeezed)
            continue
        tag = el.tag
        if (  # ``_hidden`` inlined: this runs for every element of the page
            not isinstance(tag, str)
            or tag in SKIP_TAGS
            or el.get("hidden") is not None
            or ((style := el.get("style")) and _DISPLAY_NONE_RE.search(style))
        ):
            if el is not start_el and el.tail:
                squeezed = squeeze(el.tail)
                parts.append(squeezed)
                length += len(squeezed)
            continue
        node = Node(el, tag, length, depth=depth)
        nodes.append(node)
        if el.text:
            squeezed = squeeze(el.text)
            parts.append(squeezed)
            length += len(squeezed)
        stack.append((el, node, depth))
        for child in reversed(el):
            stack.append((child, None, depth + 1))
    return PageIndex("".join(parts), nodes)


# Elements that start a new line of text: a text run ends at their boundaries.
BREAKING_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "figure",
        "figcaption", "table", "tr", "td", "blockquote", "header", "footer", "aside", "nav", "form", "hr", "dl", "dt",
        "dd", "main", "picture", "img",
    }
)  # fmt: skip


@dataclass(frozen=True)
class TextRun:
    """Text between two line breaks of the page (block boundaries or <br>), with its squeezed range."""

    text: str
    start: int
    end: int


def text_runs(node: Node) -> list[TextRun]:
    """The runs of visible text inside one indexed element, positioned like ``index_page`` positions them."""
    runs: list[TextRun] = []
    pieces: list[str] = []
    position = node.start
    run_start = position

    def flush() -> None:
        nonlocal pieces, run_start
        text = " ".join("".join(pieces).split())
        if text:
            runs.append(TextRun(text, run_start, position))
        pieces = []
        run_start = position

    def add(raw: str | None) -> None:
        nonlocal position, run_start
        if raw:
            if not pieces:
                run_start = position
            pieces.append(raw)
            position += len(squeeze(raw))

    stack: list[tuple[HtmlElement, bool]] = [(node.element, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in BREAKING_TAGS:
                flush()
            if el is not node.element:
                add(el.tail)
            continue
        if not tag or tag in SKIP_TAGS or _hidden(el):
            if el is not node.element:
                add(el.tail)
            continue
        if tag in BREAKING_TAGS:
            flush()
        add(el.text)
        stack.append((el, True))
        for child in reversed(el):
            stack.append((child, False))
    flush()
    return runs
