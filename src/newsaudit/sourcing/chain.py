"""Build the source chain: from the outlet to the media it relays and on to the primary sources.

The chain is read off the attribution layer. Each quotation and source mention names an actor (the speaker, or
the source phrase, resolved to the article's fullest mention of it). Its parent in the chain is, in this order:
a channel named in the same sentence ("erklärte im Gespräch mit ukrainischen Reportern": the reporters), a
*medium* cited elsewhere in the same block (what a paragraph relays after "wie der Express berichtet" comes
through the Express), or the outlet itself. Credits and agency bylines hang off the outlet as photo and agency
edges. Actors are typed by an injected ``ActorTyper`` (see ``typing.py``), so the chain does not decide what an
actor is, only where it sits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..attribution import Quotation, QuoteKind, SourceMention
from ..entities.actors import ActorType
from ..lexicons import lexicon_rows
from ..stages.attribution import Attribution
from ..types import Article, BlockLabel, Language, Span
from .lexicon import channel_patterns
from .types import NodeRole, Relation, SourceEdge, SourceNode

ActorTyper = Callable[[Span], ActorType]
# The part of a source phrase that names it: a quoted name ("die Zeitung "Abendpost"" -> Abendpost), else the
# phrase before an apposition ("Jana Korff, Beraterin des ..." -> Jana Korff).
_QUOTED_NAME_RE = re.compile(r"[\"„“'‚‘«»]([^\"„“”'‚‘’«»]{2,60})[\"“”'‘’«»]")
_LEADING_ARTICLE_RE = re.compile(r"^(?:der|die|das|des|dem|den|ein|eine|einer|eines|einem|einen)\s+", re.IGNORECASE)
# Media relations: a quotation whose speaker is a medium is relayed reporting; source-mention patterns map to
# relations by their kind (names from attribution_sources.tsv).
_PATTERN_RELATIONS = {"by-participle": Relation.PUBLISHED, "agency": Relation.AGENCY_COPY}
# "nach eigenen Recherchen": the outlet's own work, evidence of verification rather than a source of its own.
_OWN_RE = re.compile(r"(?:eigene[nmrs]?|unsere[nmrs]?)\b", re.IGNORECASE)
# Source-mention patterns of kind "adverb" only point back at a source named before ("Demnach ..."): no new node.
_POINTER_PATTERNS = frozenset(row[0] for row in lexicon_rows("attribution_sources.tsv") if row[1] == "adverb")
_CREDIT_SPLIT_RE = re.compile(r"\s*(?:/|\||,|;|\bund\b|&)\s*")
_CREDIT_PREFIX_RE = re.compile(r"^(?:bild|foto|fotos|quelle|copyright|©|\(c\))\s*:?\s*", re.IGNORECASE)


def display_name(text: str) -> str:
    """A short name for a source phrase: the quoted name inside it, else the part before an apposition."""
    quoted = _QUOTED_NAME_RE.search(text)
    if quoted:
        return quoted.group(1).strip()
    head = re.split(r",|\s+\(", text, maxsplit=1)[0].strip()
    return _LEADING_ARTICLE_RE.sub("", head).strip(" \"'„“”") or text.strip()


@dataclass
class _Attribution:
    """One thing the article attributes: the actor's local span, its resolved span and how it is attributed."""

    actor: Span  # the fullest mention of the actor (speaker resolution), used as its identity
    local: Span  # where this attribution names the actor
    relation: Relation
    evidence: tuple[Span, ...]
    sentences: tuple[int, ...]
    block: int


@dataclass
class _Graph:
    """Mutable graph under construction; frozen into nodes and edges at the end (``frozen``).

    Mentions, edge evidence and edge sentences grow in sets while the graph is built (a source quoted a thousand
    times in a long text must not cost a million comparisons) and are sorted once when it is frozen.
    """

    text: str
    typer: ActorTyper
    nodes: dict[str, SourceNode] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # name key -> node id
    mentions: dict[str, set[Span]] = field(default_factory=dict)
    edges: dict[tuple[str, str, Relation], tuple[dict[Span, None], set[int]]] = field(default_factory=dict)

    def add_node(self, span: Span, role: NodeRole, name: str | None = None) -> str:
        name = name or display_name(self.text[span.start : span.end])
        key = _name_key(name)
        node_id = self.keys.get(key)
        if node_id is None:
            node_id = f"n{len(self.nodes)}"
            self.keys[key] = node_id
            actor = self.typer(span)
            if role is NodeRole.SOURCE and actor.kind == "media":
                role = NodeRole.MEDIUM
            self.nodes[node_id] = SourceNode(node_id, name, role, (), actor)
        self.add_mention(node_id, span)
        return node_id

    def add_mention(self, node_id: str, span: Span) -> None:
        if span.end > span.start:
            self.mentions.setdefault(node_id, set()).add(span)

    def add_edge(
        self, parent: str, child: str, relation: Relation, evidence: Sequence[Span], sentences: Sequence[int]
    ) -> None:
        if parent == child:
            return
        # Evidence keeps its order of first appearance (a dict as an ordered set); sentences are sorted at the end.
        known, numbers = self.edges.setdefault((parent, child, relation), ({}, set()))
        known.update(dict.fromkeys(evidence))
        numbers.update(sentences)

    def frozen(self) -> tuple[tuple[SourceNode, ...], tuple[SourceEdge, ...]]:
        nodes = tuple(
            SourceNode(n.id, n.name, n.role, tuple(sorted(self.mentions.get(n.id, ()))), n.actor)
            for n in self.nodes.values()
        )
        edges = tuple(
            SourceEdge(parent, child, relation, tuple(evidence), tuple(sorted(numbers)))
            for (parent, child, relation), (evidence, numbers) in self.edges.items()
        )
        return nodes, edges


def _name_key(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.lower()).strip()


def _sentences_of(language: Language, spans: Sequence[Span]) -> tuple[int, ...]:
    return tuple(language.sentence_index.touching(spans))


def _block_of(article: Article, span: Span) -> int:
    """The block holding the span's first character (-1: none)."""
    k = article.block_index.holding(span.start)
    return -1 if k is None else k


def _quotation_relation(q: Quotation) -> Relation:
    return Relation.QUOTES if q.kind is not QuoteKind.REPORTED or q.cue else Relation.CITES


def _collect(article: Article, language: Language, attribution: Attribution) -> list[_Attribution]:
    """Quotations with a speaker and source mentions, one per actor mention (a mention that is both counts once)."""
    found: list[_Attribution] = []
    for q, actor in zip(attribution.quotations, attribution.speaker_actors, strict=False):
        # Without a cue the "speaker" is a guess (a slogan's owner, a label): no chain edge rests on a guess.
        if not q.speaker or not q.cue or _OWN_RE.match(article.text, q.speaker[0].start):
            continue
        local = q.speaker[0]
        spans = (*q.quote, *q.cue, *q.speaker)
        found.append(
            _Attribution(
                actor=actor or local,
                local=local,
                relation=_quotation_relation(q),
                evidence=tuple(sorted((*q.cue, *q.speaker), key=lambda s: s.start)),
                sentences=_sentences_of(language, spans),
                block=_block_of(article, local),
            )
        )
    for m in attribution.source_mentions:
        pointer = m.pattern in _POINTER_PATTERNS
        if m.source.start == m.source.end or pointer or _OWN_RE.match(article.text, m.source.start):
            continue
        if any(f.local.overlaps(m.source) for f in found):
            continue
        found.append(_from_source_mention(article, language, m))
    return found


def _from_source_mention(article: Article, language: Language, m: SourceMention) -> _Attribution:
    return _Attribution(
        actor=m.source,
        local=m.source,
        relation=_PATTERN_RELATIONS.get(m.pattern, Relation.CITES),
        evidence=(m.span,),
        sentences=_sentences_of(language, (m.span,)),
        block=_block_of(article, m.span),
    )


def _channel(text: str, language: Language, item: _Attribution, quote_spans: Sequence[Span]) -> Span | None:
    """A channel phrase in the attribution's first sentence, outside the quoted words."""
    if not item.sentences:
        return None
    sentence = language.sentences[item.sentences[0]].span
    for match in channel_patterns().finditer(text, sentence.start, sentence.end):
        np = Span(match.start("np"), match.start("np") + len(match.group("np").rstrip()))
        if not any(q.overlaps(np) for q in quote_spans):
            return np
    return None


def _credit_parts(text: str, span: Span) -> list[Span]:
    """The agencies and photographers of a credit line, split at "/", "|", "," and "und"."""
    raw = text[span.start : span.end]
    prefix = _CREDIT_PREFIX_RE.match(raw)
    offset = span.start + (prefix.end() if prefix else 0)
    body = text[offset : span.end]
    parts: list[Span] = []
    position = 0
    for separator in [*_CREDIT_SPLIT_RE.finditer(body), None]:
        end = len(body) if separator is None else separator.start()
        piece = body[position:end]
        stripped = piece.strip()
        if len(stripped) >= 2:
            start = offset + position + (len(piece) - len(piece.lstrip()))
            parts.append(Span(start, start + len(stripped)))
        if separator is not None:
            position = separator.end()
    return parts


def build_chain(
    article: Article,
    language: Language,
    attribution: Attribution,
    typer: ActorTyper,
) -> tuple[tuple[SourceNode, ...], tuple[SourceEdge, ...]]:
    """Nodes and edges of the article's source chain (node ``n0`` is the outlet)."""
    text = article.text
    graph = _Graph(text, typer)
    outlet_meta = article.meta.outlet
    outlet_span = outlet_meta.span if outlet_meta and outlet_meta.span else Span(0, 0)
    outlet = graph.add_node(outlet_span, NodeRole.OUTLET, outlet_meta.value if outlet_meta else "(unknown outlet)")

    items = _collect(article, language, attribution)
    item_nodes = [graph.add_node(item.actor, NodeRole.SOURCE) for item in items]
    for node_id, item in zip(item_nodes, items, strict=True):
        graph.add_mention(node_id, item.local)

    quote_spans = [s for q in attribution.quotations for s in q.quote]
    # A source that spoke through a channel once ("im Gespräch mit Reportern") keeps it for its later quotes
    # in the article ("so X weiter") unless they come through another medium.
    channels: dict[str, str] = {}
    media_by_block: dict[int, list[tuple[str, _Attribution]]] = {}  # the media cited in each block, in item order
    for node_id, item in zip(item_nodes, items, strict=True):
        if graph.nodes[node_id].role is NodeRole.MEDIUM:
            media_by_block.setdefault(item.block, []).append((node_id, item))
    for node_id, item in zip(item_nodes, items, strict=True):
        role = graph.nodes[node_id].role
        relation = Relation.REPORTS if role is NodeRole.MEDIUM and item.relation is Relation.QUOTES else item.relation
        parent = outlet
        if role is not NodeRole.MEDIUM:
            channel = _channel(text, language, item, quote_spans)
            context = _context_medium(media_by_block.get(item.block, []), item)
            if channel is not None:
                channel_id = graph.add_node(channel, NodeRole.MEDIUM)
                channels[node_id] = channel_id
                graph.add_edge(context or outlet, channel_id, Relation.REPORTS, (channel,), item.sentences)
                graph.add_edge(channel_id, node_id, Relation.VIA, (channel, *item.evidence), item.sentences)
                continue
            if context is None and node_id in channels:
                graph.add_edge(channels[node_id], node_id, Relation.VIA, item.evidence, item.sentences)
                continue
            parent = context or outlet
        graph.add_edge(parent, node_id, relation, item.evidence, item.sentences)

    for block in article.blocks:
        if block.label is BlockLabel.CREDIT:
            for part in _credit_parts(text, block.span):
                part_id = graph.add_node(part, NodeRole.PHOTO, text[part.start : part.end])
                graph.add_edge(outlet, part_id, Relation.PHOTO, (part,), ())
    return graph.frozen()


def _context_medium(media: Sequence[tuple[str, _Attribution]], item: _Attribution) -> str | None:
    """A medium cited in the same block as ``item`` (``media``: that block's): the nearest one before it, else the
    first one after it."""
    before: str | None = None
    after: str | None = None
    for node_id, other in media:
        if other.local.start < item.local.start:
            before = node_id
        elif after is None and other.local.start > item.local.start:
            after = node_id
    return before or after
