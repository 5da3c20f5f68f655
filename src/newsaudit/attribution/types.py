"""Frozen types of the attribution layer: quotations and source mentions, as character spans into Article.text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..span_index import SpanIndex
from ..types import Span


class QuoteKind(StrEnum):
    """Quotation types of the quotes-de schema."""

    DIRECT = "Direct"
    INDIRECT = "Indirect"
    REPORTED = "Reported"
    FREE_INDIRECT = "FreeIndirect"
    INDIRECT_FREE_INDIRECT = "IndirectFreeIndirect"


class Medium(StrEnum):
    """How the content was conveyed; the combined values are the quotes-de ones (SW = speech or writing)."""

    SPEECH = "Speech"
    WRITING = "Writing"
    THOUGHT = "Thought"
    SPEECH_WRITING = "SW"
    SPEECH_THOUGHT = "ST"
    THOUGHT_WRITING = "TW"
    NONE = "none"


@dataclass(frozen=True)
class Quotation:
    """One quotation: what is said (``quote``, maybe discontinuous), the cue, who says it, to whom, how.

    ``frame`` covers the introducing clause (speaker + cue + particles) the way quotes-de annotates it.
    ``confidence`` is the extractor's belief in the quotation (rules: a fixed value per pattern);
    ``method`` names the rule or model that produced it (e.g. ``rule:direct-marks``).
    """

    kind: QuoteKind
    quote: tuple[Span, ...]
    cue: tuple[Span, ...] = ()
    speaker: tuple[Span, ...] = ()
    addressee: tuple[Span, ...] = ()
    medium: Medium = Medium.SPEECH_WRITING
    frame: tuple[Span, ...] = ()
    confidence: float = 1.0
    method: str = "rule"


@dataclass(frozen=True)
class SourceMention:
    """A source named without quoting it ("laut X", "X zufolge", "(dpa)").

    ``pattern`` names the lexicon entry that matched; ``span`` covers the whole mention, ``source`` the
    source's noun phrase inside it (empty span for anonymous/agency mentions that are the source themselves).
    """

    pattern: str
    span: Span
    source: Span


def frame_over(parts: Sequence[Span]) -> tuple[Span, ...]:
    """The frame spanning all ``parts`` (cue and speaker spans): one span from the first start to the last end;
    none without parts."""
    if not parts:
        return ()
    return (Span(min(p.start for p in parts), max(p.end for p in parts)),)


def by_sentence(index: SpanIndex, quotations: Sequence[Quotation]) -> dict[int, list[Quotation]]:
    """Sentence number (in ``index``) -> the quotations with a part (quote, cue, speaker) there, in their order."""
    out: dict[int, list[Quotation]] = {}
    for q in quotations:
        add_by_sentence(index, q, out)
    return out


def add_by_sentence(index: SpanIndex, q: Quotation, out: dict[int, list[Quotation]]) -> None:
    """Add ``q`` to a ``by_sentence`` map."""
    for k in index.touching((*q.quote, *q.cue, *q.speaker)):
        out.setdefault(k, []).append(q)
