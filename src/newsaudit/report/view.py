"""What every renderer shows, computed once from a Dossier: blocks in text order, metadata rows, counts.

Renderers differ only in markup. Text not covered by any block is shown as an ``unlabelled`` block so a
reader never loses words of the input; gaps of only whitespace and punctuation (the ": " between a kicker
and its headline, a "|" between links) are separators, not content, and are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..attribution import Quotation
from ..dossier import Dossier
from ..stages.attribution import SentenceStatus
from ..types import BlockLabel, MetaField, Sentence, Span

UNLABELLED = "unlabelled"


@dataclass(frozen=True)
class BlockView:
    """One block (or uncovered stretch of text) as a renderer sees it."""

    index: int | None  # index into Dossier.article.blocks; None for uncovered text
    label: str
    span: Span
    furniture: bool
    confidence: float
    method: str
    sentences: tuple[Sentence, ...]


def block_views(dossier: Dossier) -> list[BlockView]:
    """The blocks in text order, with their sentences, plus non-blank text no block covers."""
    text = dossier.text
    by_block: dict[int, list[Sentence]] = {}
    if dossier.language is not None:
        for sentence in dossier.language.sentences:
            by_block.setdefault(sentence.block, []).append(sentence)
    order = sorted(range(len(dossier.article.blocks)), key=lambda i: dossier.article.blocks[i].span)
    views: list[BlockView] = []
    cursor = 0
    for i in order:
        block = dossier.article.blocks[i]
        if block.span.start > cursor and _is_content(text[cursor : block.span.start]):
            views.append(_uncovered(cursor, block.span.start))
        sentences = tuple(sorted(by_block.get(i, []), key=lambda s: s.span))
        views.append(
            BlockView(
                i, block.label.value, block.span, block.label.is_furniture, block.confidence, block.method, sentences
            )
        )
        cursor = max(cursor, block.span.end)
    if _is_content(text[cursor:]):
        views.append(_uncovered(cursor, len(text)))
    return views


# A gap of at most this many words that ends with a colon is the label joining two blocks on one line
# ("... ab. Bild: picture alliance/dpa", "Foto: ..."), not text the labeller missed.
_MAX_JOINER_WORDS = 2


def _is_content(gap: str) -> bool:
    stripped = gap.strip()
    if stripped.endswith(":") and len(stripped.split()) <= _MAX_JOINER_WORDS:
        return False
    return any(ch.isalnum() for ch in gap)


def _uncovered(start: int, end: int) -> BlockView:
    return BlockView(None, UNLABELLED, Span(start, end), False, 0.0, "none", ())


def field_value(field: MetaField | None) -> str:
    return "" if field is None else field.value


def field_origin(field: MetaField | None) -> str:
    if field is None:
        return ""
    where = f" [{field.span.start}, {field.span.end})" if field.span is not None else ""
    return f"{field.origin}{where}"


def meta_rows(dossier: Dossier) -> list[tuple[str, str, str]]:
    """``(name, value, origin)`` for the article metadata; absent values are empty strings."""
    meta = dossier.article.meta
    rows = [
        ("outlet", field_value(meta.outlet), field_origin(meta.outlet)),
        ("section", field_value(meta.section), field_origin(meta.section)),
        ("title", field_value(meta.title), field_origin(meta.title)),
        ("published", field_value(meta.published), field_origin(meta.published)),
        ("authors", "; ".join(a.value for a in meta.authors), "; ".join(field_origin(a) for a in meta.authors)),
        ("language", meta.language, ""),
    ]
    return rows


def provenance_rows(dossier: Dossier) -> list[tuple[str, str]]:
    """``(name, value)`` for where the input came from; empty values are left out."""
    p = dossier.provenance
    rows = [
        ("source", p.source),
        ("kind", p.kind),
        ("final url", p.final_url or ""),
        ("fetched at", p.fetched_at or ""),
        ("content type", p.content_type or ""),
        ("encoding", p.encoding),
        ("encoding note", p.encoding_note or ""),
        ("size", f"{p.size_bytes:,} bytes"),
        ("profile", dossier.profile),
        ("newsaudit", f"{dossier.tool_version} (schema {dossier.schema_version})"),
    ]
    return [(k, v) for k, v in rows if v]


def counts(dossier: Dossier) -> dict[str, int]:
    """Characters, blocks (article / furniture), sentences and tokens."""
    blocks = dossier.article.blocks
    furniture = sum(1 for b in blocks if b.label.is_furniture)
    language = dossier.language
    return {
        "characters": len(dossier.text),
        "blocks": len(blocks),
        "article blocks": len(blocks) - furniture,
        "furniture blocks": furniture,
        "sentences": 0 if language is None else len(language.sentences),
        "tokens": 0 if language is None else len(language.tokens),
    }


def label_counts(dossier: Dossier) -> list[tuple[str, int]]:
    """How many blocks carry each label, in the order of ``BlockLabel``."""
    counter = Counter(b.label for b in dossier.article.blocks)
    return [(label.value, counter[label]) for label in BlockLabel if counter[label]]


def stage_rows(dossier: Dossier) -> list[tuple[str, str, str]]:
    """``(stage, version, milliseconds)`` for every stage that ran."""
    return [(s.name, s.version, f"{s.seconds * 1000:.0f} ms") for s in dossier.stages]


# Quotes and spans in tables are cut to this many characters; the full text is in the article view and JSON.
MAX_EXCERPT_CHARS = 80


def excerpt(text: str, spans: tuple[Span, ...], limit: int = MAX_EXCERPT_CHARS) -> str:
    """The text of ``spans`` (discontinuous parts joined by " … "), whitespace collapsed, cut to ``limit``."""
    joined = " … ".join(" ".join(text[s.start : s.end].split()) for s in spans)
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def offsets(spans: tuple[Span, ...]) -> str:
    return " ".join(f"[{s.start}, {s.end})" for s in spans)


@dataclass(frozen=True)
class QuotationRow:
    """One quotation as the reports list it; ``actor`` (the resolved speaker) keys the colour (empty: no speaker
    named); ``speaker`` is the speaker as written where it is said."""

    index: int
    speaker: str
    actor: str
    kind: str
    cue: str
    addressee: str  # to whom it is said ("der Zeitung"); empty when the text names no one
    quote: str
    offsets: str
    medium: str
    confidence: float
    method: str


def quotation_rows(dossier: Dossier) -> list[QuotationRow]:
    """Who says what: every quotation with its speaker, kind, cue and quote excerpt, in text order."""
    if dossier.attribution is None:
        return []
    text = dossier.text
    actors = dossier.attribution.speaker_actors

    def actor(i: int, quotation: Quotation) -> str:
        span = actors[i] if i < len(actors) else None
        return excerpt(text, quotation.speaker if span is None else (span,))

    return [
        QuotationRow(
            i,
            excerpt(text, q.speaker),
            actor(i, q),
            q.kind.value,
            excerpt(text, q.cue),
            excerpt(text, q.addressee),
            excerpt(text, q.quote),
            offsets(q.quote),
            q.medium.value,
            q.confidence,
            q.method,
        )
        for i, q in enumerate(dossier.attribution.quotations)
    ]


def source_rows(dossier: Dossier) -> list[tuple[str, str, str, str]]:
    """``(source, pattern, mention excerpt, offsets)`` for every source mention."""
    if dossier.attribution is None:
        return []
    text = dossier.text
    return [
        (excerpt(text, (m.source,)) or "(the mention itself)", m.pattern, excerpt(text, (m.span,)), offsets((m.span,)))
        for m in dossier.attribution.source_mentions
    ]


def speaker_colours(rows: list[QuotationRow], palette_size: int) -> dict[str, int]:
    """A colour index per actor (resolved speaker), in order of first appearance (cycling through the palette)."""
    colours: dict[str, int] = {}
    for row in rows:
        if row.actor and row.actor not in colours:
            colours[row.actor] = len(colours) % palette_size
    return colours


def speaker_label(row: QuotationRow) -> str:
    """The speaker as written, and the actor it resolves to when that is another mention."""
    if not row.speaker:
        return ""
    return row.speaker if row.actor == row.speaker else f"{row.speaker} (= {row.actor})"


def status_counts(dossier: Dossier) -> dict[str, int]:
    """How many sentences are asserted, attributed and hedged (all three keys, zero when none)."""
    counter: Counter[str] = Counter()
    if dossier.attribution is not None:
        counter.update(s.status.value for s in dossier.attribution.sentences)
    return {status.value: counter[status.value] for status in SentenceStatus}
