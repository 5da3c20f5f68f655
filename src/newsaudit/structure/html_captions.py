"""Image captions and their photo credits ("Radfahrer in Halle. Foto: picture alliance/dpa")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import BlockLabel
from .html_blocks import Part, in_figure, visible_text
from .html_cues import credit_markers, cue
from .html_page import Node, PageIndex

_MARKER_ONLY_RE = re.compile(
    r"[\s(]*(?:Bild|Foto|Fotos|Symbolfoto|Symbolbild|Archivfoto|Archivbild|Quelle|Copyright|Credit)?\s*(?:©|\(c\)|:)?\s*:?\s*",
    re.IGNORECASE,
)


def clean_credit(credit: str) -> str:
    """The credit without its marker and brackets: '(Foto: picture alliance/dpa)' -> 'picture alliance/dpa'."""
    match = _MARKER_ONLY_RE.match(credit)
    text = credit[match.end() :] if match else credit
    if text.endswith(")") and "(" not in text:
        text = text[:-1]
    return text.strip(" |")


def split_credit(caption: str) -> tuple[str, str | None]:
    """'Caption text. Foto: Credit' -> ('Caption text.', 'Credit'); the marker ("Foto:", "©") is dropped."""
    for marker in credit_markers():
        for match in marker.finditer(caption):
            if match.start() == 0 or caption[match.start() - 1] in " .(|/":
                if marker.pattern.endswith("/"):  # an agency name starts the credit: keep it, with "X/" before it
                    start = caption.rfind(" ", 0, match.start()) + 1
                    head = caption[:start].rstrip(" |/(-–,;")
                    return head, clean_credit(caption[start:]) or None
                head = caption[: match.start()].rstrip(" |/(-–,;")
                return head, clean_credit(caption[match.end() :]) or None
    return caption, None


@dataclass(frozen=True)
class Caption:
    """A caption and its credit, and the range of the caption element on the page."""

    caption: Part | None
    credit: Part | None
    start: int = 0
    end: int = 0


def _caption_parts(node: Node, index: PageIndex) -> Caption:
    el = node.element
    credit_pattern = cue("credit")
    credit_el = None
    for child in el.iter():
        if child is el or not isinstance(child.tag, str):
            continue
        hint = " ".join(v for v in (child.get("class"), child.get("id"), child.get("itemprop")) if v)
        if hint and credit_pattern.search(hint) and visible_text(child):
            credit_el = child
            break
    full = visible_text(el)
    if credit_el is not None:
        credit_text = visible_text(credit_el)
        head = full.replace(credit_text, " ", 1) if credit_text in full else full
        head = " ".join(head.split()).strip(" |/")
        cap = head or None
        credit: str | None = clean_credit(credit_text) or None
    else:
        cap_text, credit = split_credit(full)
        cap = cap_text or None
    cap_part = Part(BlockLabel.CAPTION, cap, node.start, "html:figcaption") if cap else None
    credit_part = Part(BlockLabel.CREDIT, credit, node.start, "html:credit", order=1) if credit else None
    return Caption(cap_part, credit_part, node.start, node.end)


# Lines in a figure that are a byline or a date ("Von Anna Muster, Redakteurin 06.11.2025", "03.05.2024, 16:24
# Uhr • Lesezeit: 5 Minuten"), not a caption.
_NOT_CAPTION_RE = re.compile(r"^(?:Von|By)\s+\S+.*\d{1,2}[.:]\d{2}|^\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def _near_image(node: Node) -> bool:
    """The element sits next to a picture: its parent or grandparent holds an <img>, <picture> or <video>."""
    el = node.element
    for _ in range(2):
        el = el.getparent()
        if el is None:
            return False
        if any(True for _ in el.iter("img", "picture", "video")):
            return True
    return False


def _in_author_box(index: PageIndex, node: Node) -> bool:
    pattern = cue("byline")
    return any(pattern.search(n.hint) for n in index.enclosing(node.start, node.end) if n.hint)


def find_captions(index: PageIndex, start: int, end: int, furniture: Sequence[tuple[int, int]] = ()) -> list[Caption]:
    """Captions of images between ``start`` and ``end`` (the article region), credits split off."""
    caption_pattern = cue("caption")
    found: list[Caption] = []
    covered_until = -1
    for n in index.nodes:
        if n.start < start or n.start > end or n.end <= n.start or n.start < covered_until:
            continue
        named = n.tag in ("div", "p", "span") and bool(caption_pattern.search(n.hint))
        if n.tag != "figcaption" and not (named and (in_figure(index, n) or _near_image(n))):
            continue
        if any(a <= n.start and n.end <= b for a, b in furniture) or _in_author_box(index, n):
            continue
        if _NOT_CAPTION_RE.match(visible_text(n.element)):
            continue
        if True:
            caption = _caption_parts(n, index)
            if caption.caption or caption.credit:
                found.append(caption)
                covered_until = n.end
    return found
