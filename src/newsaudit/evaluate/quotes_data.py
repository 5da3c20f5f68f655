"""Load the German news quotation attribution set (``quotes-de``, Petersen-Frey & Biemann 2024).

Each document is one Wikinews article: ``originalText`` plus annotations whose roles (quote, cue, frame,
speaker, addressee) are lists of character spans into that text; a role may be discontinuous or empty.
The gold tokens (character offsets) are kept: the scorer counts in those units.

``article_of`` builds the ``Article`` the extractor reads: the text unchanged (so predicted offsets are in
the gold's coordinates) with one paragraph block per non-empty line. We do not run the raw-text labeller
here: Wikinews texts have no page furniture, and a line it labelled as a heading would drop out of the
language layer and so out of the evaluation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..types import Article, ArticleMeta, Block, BlockLabel, Span

ROLES = ("quote", "cue", "frame", "speaker", "addressee")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class GoldQuotation:
    """One gold annotation: type, medium and the character spans of each role (possibly empty)."""

    kind: str  # Direct, Indirect, Reported, FreeIndirect, IndirectFreeIndirect
    medium: str  # Speech, Writing, Thought, SW, ST, TW, none
    quote: tuple[Span, ...]
    cue: tuple[Span, ...]
    frame: tuple[Span, ...]
    speaker: tuple[Span, ...]
    addressee: tuple[Span, ...]
    nested: bool = False

    def role(self, name: str) -> tuple[Span, ...]:
        spans: tuple[Span, ...] = getattr(self, name)
        return spans


@dataclass(frozen=True)
class QuotesDoc:
    """One quotes-de document with its gold tokens and annotations."""

    doc_id: str
    text: str
    tokens: tuple[Span, ...]
    quotations: tuple[GoldQuotation, ...]


def _spans(role: Any, text_length: int) -> tuple[Span, ...]:
    if not isinstance(role, dict):
        return ()
    spans = []
    for item in role.get("spans", []):
        start, end = int(item["charBegin"]), int(item["charEnd"])
        if not 0 <= start <= end <= text_length:
            raise DataError(f"span ({start}, {end}) outside a text of {text_length} characters")
        if end > start:
            spans.append(Span(start, end))
    return tuple(sorted(spans))


def parse_document(doc_id: str, raw: dict[str, Any]) -> QuotesDoc:
    """One document from its parsed JSON; ``DataError`` when a field the scorer needs is missing."""
    try:
        text = str(raw["originalText"])
        tokens: list[Span] = []
        for sentence in raw["sentences"]:
            tokens.extend(_token_spans(text, sentence))
        quotations = tuple(
            GoldQuotation(
                kind=str(a["type"]),
                medium=str(a.get("medium") or "none"),
                nested=bool(a.get("isNested", False)),
                **{name: _spans(a.get(name), len(text)) for name in ROLES},
            )
            for a in raw["annotations"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{doc_id}: not a quotes-de document ({exc})") from exc
    return QuotesDoc(doc_id=doc_id, text=text, tokens=tuple(tokens), quotations=quotations)


def _token_spans(text: str, sentence: dict[str, Any]) -> list[Span]:
    """Gold tokens of one sentence as character spans, found left to right inside the sentence."""
    spans = []
    position = int(sentence["charBegin"])
    for token in sentence["tokens"]:
        start = text.find(token, position)
        if start < 0:  # a normalised token (rare): fall back to the next non-space run
            match = re.compile(r"\S+").search(text, position)
            if match is None:
                break
            start, end = match.start(), match.end()
        else:
            end = start + len(token)
        spans.append(Span(start, end))
        position = end
    return spans


def load_quotes(folder: Path, *, limit: int | None = None) -> list[QuotesDoc]:
    """All ``*.json`` documents of a quotes-de split folder, sorted by name."""
    if not folder.is_dir():
        raise DataError(f"dataset not found: {folder} (expected a quotes-de split folder of *.json files)")
    paths = sorted(folder.glob("*.json"))[:limit]
    if not paths:
        raise DataError(f"no *.json documents in {folder}")
    docs = []
    for path in paths:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataError(f"{path.name}: cannot read ({exc})") from exc
        docs.append(parse_document(path.name.split(" - ")[0], raw))
    return docs


def article_of(doc: QuotesDoc) -> Article:
    """The document as an Article: ``text`` unchanged, one paragraph block per non-empty line."""
    blocks = tuple(
        Block(BlockLabel.PARAGRAPH, Span(m.start(), m.end()), 1.0, "quotes-de:line")
        for m in _LINE.finditer(doc.text)
        if m.group().strip()
    )
    return Article(text=doc.text, blocks=blocks, meta=ArticleMeta())
