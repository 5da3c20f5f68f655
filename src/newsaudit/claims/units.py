"""Claim units: the article's checkable statements, each tied to who stands behind it, its entities and markers.

A unit is a sentence of the article's own text (body and display elements), split where one sentence holds two
statements: at a semicolon, or at a comma before a coordinating conjunction when both sides have a finite verb.
Where a sentence carries a quotation, the claim is the quoted content and its speaker stands behind it; otherwise
the outlet does (status "asserted", or "hedged" when the author keeps a distance). Markers come from the framing
layer (hedges, vague or missing figures, quantities, time expressions) and entities from the entity layer.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..framing import Framing
from ..framing.types import SignalKind
from ..sourcing import SourceChain
from ..sourcing.chain import display_name
from ..span_index import StartIndex
from ..stages.attribution import Attribution, SentenceStatus
from ..stages.entities import Entities
from ..types import Article, BlockLabel, Language, Span, Token

# Blocks whose sentences are claims: the body and the display elements (furniture is not the article's voice).
CLAIM_LABELS = frozenset(
    {
        BlockLabel.HEADLINE,
        BlockLabel.KICKER,
        BlockLabel.TEASER,
        BlockLabel.CAPTION,
        BlockLabel.INTERTITLE,
        BlockLabel.PARAGRAPH,
        BlockLabel.QUOTE_BOX,
    }
)
# Coordinating words after a comma that may start a second main clause ("..., aber die Stadt zahlt").
_COORDINATORS = frozenset({"und", "aber", "doch", "sondern", "denn", "oder", "während"})
_FINITE = ("VVFIN", "VAFIN", "VMFIN")
# Markers shown with a claim (framing signals of these kinds inside its span).
MARKER_KINDS = frozenset(
    {
        SignalKind.HEDGE,
        SignalKind.DISTANCE,
        SignalKind.UNQUANTIFIED,
        SignalKind.VAGUE_QUANTITY,
        SignalKind.QUANTITY,
        SignalKind.TIME,
        SignalKind.SENSATIONAL,
        SignalKind.INTENSIFIER,
    }
)
# Shortest statement worth a unit: fewer words are labels ("Video zeigt"), not claims.
MIN_WORDS = 3

Scorer = Callable[[Sequence[str]], list[float]]


@dataclass(frozen=True)
class Marker:
    """A framing signal inside a claim: its kind, span and the reason in plain words."""

    kind: str
    span: Span
    reason: str
    unresolved: bool = False


@dataclass(frozen=True)
class Claim:
    """One checkable statement.

    ``source`` is the name of who stands behind it (the speaker or cited source, resolved to the article's
    fullest mention; the outlet when the author asserts it); ``source_node`` its node in the source chain and
    ``chain`` the names from the outlet down to it. ``checkworthiness`` is the learned probability that the
    statement claims a checkable fact; ``features`` say what makes it checkable.
    """

    id: str
    span: Span
    sentence: int
    block_label: str
    status: str
    source: str
    source_span: Span | None
    source_node: str | None
    chain: tuple[str, ...]
    entities: tuple[str, ...]
    checkworthiness: float
    subjectivity: float
    features: tuple[str, ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class Claims:
    """The claims layer: units in text order and the threshold from which a unit counts as check-worthy."""

    units: tuple[Claim, ...]
    checkworthy_threshold: float


def _words(text: str, tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if any(c.isalnum() for c in text[t.span.start : t.span.end]))


def split_statements(text: str, tokens: Sequence[Token]) -> list[Span]:
    """One span per statement of a sentence's tokens (see the module docstring)."""
    if not tokens:
        return []
    cuts: list[int] = []
    for i, token in enumerate(tokens[:-1]):
        word = text[token.span.start : token.span.end]
        following = text[tokens[i + 1].span.start : tokens[i + 1].span.end].lower()
        if word == ";" or (word == "," and following in _COORDINATORS):
            left = tokens[(cuts[-1] if cuts else 0) : i]
            right = tokens[i + 1 :]
            if any(t.pos in _FINITE for t in left) and any(t.pos in _FINITE for t in right[1:]):
                cuts.append(i + 1)
    bounds = [0, *cuts, len(tokens)]
    spans: list[Span] = []
    for first, end in itertools.pairwise(bounds):
        part = [t for t in tokens[first:end] if text[t.span.start : t.span.end] not in {",", ";"}]
        if part:
            spans.append(Span(part[0].span.start, part[-1].span.end))
    return spans


def _features(text: str, span: Span, markers: Sequence[Marker], entity_count: int) -> tuple[str, ...]:
    kinds = {m.kind for m in markers}
    features: list[str] = []
    if SignalKind.QUANTITY in kinds or any(c.isdigit() for c in text[span.start : span.end]):
        features.append("figure")
    if SignalKind.TIME in kinds:
        features.append("time")
    if entity_count:
        features.append("named entities")
    if kinds & {SignalKind.UNQUANTIFIED, SignalKind.VAGUE_QUANTITY}:
        features.append("vague quantity")
    if kinds & {SignalKind.HEDGE, SignalKind.DISTANCE}:
        features.append("hedged")
    return tuple(features)


class _ChainLookup:
    """The source chain's nodes found by their mentions, built once per article (claims ask once per unit)."""

    def __init__(self, article: Article, chain: SourceChain | None) -> None:
        self.chain = chain
        nodes = chain.nodes if chain else ()
        self.names = {n.id: n.name for n in nodes}
        self.parents = {e.child: e.parent for e in chain.edges} if chain else {}
        owners = [(m, number) for number, n in enumerate(nodes) for m in n.mentions]
        self.mention_owner = [number for _, number in owners]
        self.mentions = StartIndex([m for m, _ in owners])
        relayed = {e.child for e in chain.edges if e.relation.value == "reports"} if chain else set()
        self.relayed_spans = [m for n in nodes if n.id in relayed for m in n.mentions]
        self.relayed = StartIndex(self.relayed_spans)
        self.article = article

    def path(self, spans: Sequence[Span]) -> tuple[str | None, tuple[str, ...]]:
        """The chain node named by one of ``spans`` (the first in chain order) and the names from the outlet down."""
        if self.chain is None:
            return None, ()
        numbers = [self.mention_owner[k] for s in spans for k in self.mentions.overlapping(s)]
        if not numbers:
            return None, ()
        node = self.chain.nodes[min(numbers)]
        path = [node.id]
        while path[-1] in self.parents and self.parents[path[-1]] not in path:
            path.append(self.parents[path[-1]])
        return node.id, tuple(self.names[i] for i in reversed(path))

    def relayed_media_in_block(self, span: Span) -> list[Span]:
        """Mentions of media the outlet relays (``reports`` edges) that stand in the same block as ``span``."""
        holding = (self.article.blocks[k].span for k in self.article.block_index.overlapping(span))
        block = next((b for b in holding if b.contains(span)), None)
        if block is None:
            return []
        return [self.relayed_spans[k] for k in self.relayed.inside(block)]


def claim_units(
    article: Article,
    language: Language,
    *,
    attribution: Attribution | None,
    entities: Entities | None,
    framing: Framing | None,
    sourcing: SourceChain | None,
    checkworthiness: Scorer,
    subjectivity: Scorer,
    threshold: float,
) -> Claims:
    """The article's claim units (see the module docstring)."""
    text = article.text
    outlet = article.meta.outlet.value if article.meta.outlet else "the outlet"
    # (span, sentence index, block label, status, who, who's span, words)
    drafts: list[tuple[Span, int, str, str, str, Span | None, int]] = []
    for index, sentence in enumerate(language.sentences):
        block = article.blocks[sentence.block] if 0 <= sentence.block < len(article.blocks) else None
        if block is None or block.label not in CLAIM_LABELS:
            continue
        status = attribution.sentences[index] if attribution and index < len(attribution.sentences) else None
        tokens = language.tokens_of(sentence)
        # A quotation without a cue has only a guessed speaker (a slogan's owner): its sentence stays the author's.
        q_indices = [q for q in status.quotations if attribution.quotations[q].cue] if attribution and status else []
        quotations = [attribution.quotations[q] for q in q_indices] if attribution else []
        quoted = [s for q in quotations for s in q.quote if s.overlaps(sentence.span)]
        if quoted and attribution:
            q_index = q_indices[0]
            actors = attribution.speaker_actors
            actor = actors[q_index] if q_index < len(actors) else None
            speaker_span = actor or (quotations[0].speaker[0] if quotations[0].speaker else None)
            who = display_name(text[speaker_span.start : speaker_span.end]) if speaker_span else "unnamed source"
            for span in quoted:
                inner = [t for t in tokens if span.contains(t.span)]
                for part in split_statements(text, inner):
                    words = _words(text, [t for t in inner if part.contains(t.span)])
                    drafts.append((part, index, block.label.value, "attributed", who, speaker_span, words))
            continue
        label = status.status.value if status else SentenceStatus.ASSERTED.value
        who, who_span = outlet, None
        if attribution and status and status.source_mentions:
            mention = attribution.source_mentions[status.source_mentions[0]]
            if mention.source.end > mention.source.start:
                who, who_span = display_name(text[mention.source.start : mention.source.end]), mention.source
        for part in split_statements(text, tokens):
            words = _words(text, [t for t in tokens if part.contains(t.span)])
            drafts.append((part, index, block.label.value, label, who, who_span, words))
    drafts = [d for d in drafts if d[6] >= MIN_WORDS]
    texts = [text[d[0].start : d[0].end] for d in drafts]
    scores = checkworthiness(texts) if texts else []
    subjective = subjectivity(texts) if texts else []
    signals = [s for s in (framing.signals if framing else ()) if s.kind in MARKER_KINDS]
    signal_index = StartIndex([s.span for s in signals])
    clusters = entities.clusters if entities else ()
    cluster_of = [number for number, c in enumerate(clusters) for _ in c.mentions]
    mention_index = StartIndex([m.span for c in clusters for m in c.mentions])
    chain = _ChainLookup(article, sourcing)
    units: list[Claim] = []
    for number, ((span, sentence_index, label, status_value, who, who_span, _), score, subj) in enumerate(
        zip(drafts, scores, subjective, strict=True), start=1
    ):
        inside = [signals[k] for k in signal_index.inside(span)]
        markers = tuple(Marker(s.kind.value, s.span, s.reason, s.unresolved) for s in inside)
        cluster_ids = tuple(clusters[k].id for k in sorted({cluster_of[k] for k in mention_index.inside(span)}))
        node, path = chain.path([who_span] if who_span else [])
        if who_span is None:
            # The author's own sentence inside a passage that relays a medium ("..., schreibt das Portal" in the
            # same paragraph) reaches the article through that medium: the chain says so, the voice stays.
            node, path = chain.path(chain.relayed_media_in_block(span))
        units.append(
            Claim(
                id=f"c{number}",
                span=span,
                sentence=sentence_index,
                block_label=label,
                status=status_value,
                source=who,
                source_span=who_span,
                source_node=node,
                chain=path,
                entities=cluster_ids,
                checkworthiness=round(score, 4),
                subjectivity=round(subj, 4),
                features=_features(text, span, markers, len(cluster_ids)),
                markers=markers,
            )
        )
    return Claims(tuple(units), threshold)
