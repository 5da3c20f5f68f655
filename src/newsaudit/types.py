"""Frozen annotation types shared by all stages.

Every finding points at ``(start, end)`` character offsets into ``Article.text`` (the one text the
user gave, or the text newsaudit extracted from HTML and keeps in the dossier). Types hold offsets,
never copied evidence strings; ``Article.slice(span)`` gives the characters when a reader needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .span_index import SpanIndex


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into the article text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span ({self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_list(self) -> list[int]:
        return [self.start, self.end]


class BlockLabel(StrEnum):
    """What a block of the article is: article content or page furniture."""

    SECTION = "section"
    KICKER = "kicker"
    HEADLINE = "headline"
    TEASER = "teaser"
    CAPTION = "caption"
    CREDIT = "credit"
    BYLINE = "byline"
    DATELINE = "dateline"
    INTERTITLE = "intertitle"
    PARAGRAPH = "paragraph"
    QUOTE_BOX = "quote_box"
    RELATED_LINK = "related_link"
    SHARE_WIDGET = "share_widget"
    FOOTER = "footer"
    NAVIGATION = "navigation"
    ADVERTISEMENT = "advertisement"

    @property
    def is_furniture(self) -> bool:
        """Page furniture: text on the page that is not part of the article."""
        return self in FURNITURE_LABELS

    @property
    def is_prose(self) -> bool:
        """Blocks whose sentences later stages read as statements of the article."""
        return self in PROSE_LABELS


FURNITURE_LABELS = frozenset(
    {
        BlockLabel.RELATED_LINK,
        BlockLabel.SHARE_WIDGET,
        BlockLabel.FOOTER,
        BlockLabel.NAVIGATION,
        BlockLabel.ADVERTISEMENT,
    }
)

# Section, credit, byline and dateline are metadata about the article, not statements in it.
PROSE_LABELS = frozenset(
    {
        BlockLabel.KICKER,
        BlockLabel.HEADLINE,
        BlockLabel.TEASER,
        BlockLabel.CAPTION,
        BlockLabel.INTERTITLE,
        BlockLabel.PARAGRAPH,
        BlockLabel.QUOTE_BOX,
    }
)


@dataclass(frozen=True)
class Block:
    """A labelled block of the article text.

    ``confidence`` is the labeller's probability for ``label`` (1.0 for rules and HTML markup);
    ``method`` says which mechanism decided it (e.g. ``model``, ``rule:credit-marker``, ``html:h2``).
    """

    label: BlockLabel
    span: Span
    confidence: float = 1.0
    method: str = "rule"


@dataclass(frozen=True)
class MetaField:
    """A metadata value with where it came from.

    ``span`` is set when the value is visible in the article text; ``origin`` names the evidence
    otherwise (``json-ld``, ``meta:og:site_name``, ``url``, ``text``).
    """

    value: str
    origin: str
    span: Span | None = None


@dataclass(frozen=True)
class ArticleMeta:
    """Article-level metadata. Every field may be absent; nothing is guessed without evidence."""

    outlet: MetaField | None = None
    section: MetaField | None = None
    title: MetaField | None = None
    published: MetaField | None = None
    authors: tuple[MetaField, ...] = ()
    language: str = "de"


@dataclass(frozen=True)
class Provenance:
    """Where the input came from and how it was read."""

    source: str  # path, URL or "-" for stdin
    kind: str  # "text" | "html"
    fetched_at: str | None = None  # ISO 8601, UTC
    final_url: str | None = None
    content_type: str | None = None
    encoding: str = "utf-8"
    encoding_note: str | None = None  # e.g. "decoded as cp1252 (not valid UTF-8)"
    size_bytes: int = 0


@dataclass(frozen=True)
class Document:
    """The exact input, decoded, with provenance. ``text`` is the decoded input (text or HTML source)."""

    text: str
    provenance: Provenance


@dataclass(frozen=True)
class Article:
    """One immutable text with its labelled blocks and metadata."""

    text: str
    blocks: tuple[Block, ...]
    meta: ArticleMeta = field(default_factory=ArticleMeta)

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @cached_property
    def block_index(self) -> SpanIndex:
        """The blocks' spans, for "which block holds this position" by bisection (built on first use)."""
        from .span_index import SpanIndex

        return SpanIndex([b.span for b in self.blocks])

    def blocks_of(self, *labels: BlockLabel) -> tuple[Block, ...]:
        wanted = set(labels)
        return tuple(b for b in self.blocks if b.label in wanted)


class Mood(StrEnum):
    """Verb mood of a finite verb; Konjunktiv I marks indirect speech, Konjunktiv II distance."""

    INDICATIVE = "indicative"
    KONJUNKTIV_I = "konjunktiv_i"
    KONJUNKTIV_II = "konjunktiv_ii"
    IMPERATIVE = "imperative"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Token:
    """A token with its lemma, STTS part of speech and, for finite verbs, mood."""

    span: Span
    lemma: str
    pos: str
    mood: Mood | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence inside one block; ``tokens`` indexes ``Language.tokens`` (half-open)."""

    span: Span
    block: int  # index into Article.blocks
    token_start: int
    token_end: int


@dataclass(frozen=True)
class Language:
    """The language layer: sentences and tokens of the article's prose blocks."""

    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]

    def tokens_of(self, sentence: Sentence) -> tuple[Token, ...]:
        return self.tokens[sentence.token_start : sentence.token_end]

    @cached_property
    def sentence_index(self) -> SpanIndex:
        """The sentences' spans, for "which sentences does this span touch" by bisection (built on first use)."""
        from .span_index import SpanIndex

        return SpanIndex([s.span for s in self.sentences])


@dataclass(frozen=True)
class StageRecord:
    """Which stage ran, in which version, and how long it took."""

    name: str
    version: str
    seconds: float


@dataclass(frozen=True)
class StageError:
    """A stage that failed; the dossier keeps what the other stages produced."""

    stage: str
    error: str  # exception class name
    message: str
