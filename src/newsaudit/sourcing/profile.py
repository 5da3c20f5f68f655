"""The evidence profile of a source chain: how many independent sources, whose side they are on, what was checked.

Every flag names the spans that show it and says in one sentence why it matters; none is a verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Span
from .lexicon import verification_cues
from .types import EvidenceFlag, EvidenceProfile, NodeRole, Relation, SourceEdge, SourceNode

# Relations through which an actor's content reaches the article (photos and agency copy are not claims' sources).
_SOURCING_RELATIONS = frozenset({Relation.QUOTES, Relation.CITES, Relation.PUBLISHED, Relation.VIA, Relation.REPORTS})


def primary_sources(nodes: Sequence[SourceNode], edges: Sequence[SourceEdge]) -> tuple[SourceNode, ...]:
    """The actors at the end of the chain: sources that are not media, else media nobody else is cited through."""
    by_id = {n.id: n for n in nodes}
    children = {e.child for e in edges if e.relation in _SOURCING_RELATIONS}
    parents = {e.parent for e in edges if e.relation in _SOURCING_RELATIONS}
    sources = [by_id[c] for c in sorted(children, key=_id_order) if by_id[c].role is NodeRole.SOURCE]
    if sources:
        return tuple(sources)
    return tuple(by_id[c] for c in sorted(children - parents, key=_id_order) if by_id[c].role is NodeRole.MEDIUM)


def _id_order(node_id: str) -> int:
    return int(node_id[1:])


def _affiliation(node: SourceNode) -> str:
    """Sources of one side count once: a party's country, else the actor itself."""
    if node.actor.party_to:
        return f"party:{node.actor.party_to}"
    return node.id


def _verification_spans(text: str, sentences: Sequence[Span]) -> tuple[list[Span], list[Span]]:
    own: list[Span] = []
    unverified: list[Span] = []
    for sentence in sentences:
        taken: list[Span] = []
        for cue in verification_cues():
            for match in cue.pattern.finditer(text, sentence.start, sentence.end):
                span = Span(match.start(), match.end())
                if any(span.overlaps(t) for t in taken):
                    continue
                taken.append(span)
                (unverified if cue.kind == "unverified" else own).append(span)
    return sorted(own), sorted(unverified)


def _names(nodes: Sequence[SourceNode]) -> str:
    return ", ".join(n.name for n in nodes)


def _first_mentions(nodes: Sequence[SourceNode]) -> tuple[Span, ...]:
    return tuple(n.mentions[0] for n in nodes if n.mentions)


def evidence_profile(
    text: str, body_sentences: Sequence[Span], nodes: Sequence[SourceNode], edges: Sequence[SourceEdge]
) -> EvidenceProfile:
    """Count the chain's primary sources and flag one-sided, second-hand or unverified sourcing."""
    primaries = primary_sources(nodes, edges)
    sides = {_affiliation(n) for n in primaries}
    all_parties = bool(primaries) and all(n.actor.party_to for n in primaries)
    own, unverified = _verification_spans(text, body_sentences)
    flags: list[EvidenceFlag] = []
    if not primaries:
        flags.append(EvidenceFlag("no_named_source", "The article names no source for what it reports.", ()))
    elif all_parties:
        countries = sorted({n.actor.party_to for n in primaries if n.actor.party_to})
        side = f" ({', '.join(countries)})" if countries else ""
        if len(sides) == 1:
            reason = (
                f"Every primary source is on one side of the story{side}: {_names(primaries)}; "
                "no independent source confirms it."
            )
        else:
            reason = (
                f"Every primary source is a party to the story{side}: {_names(primaries)}; no neutral source is cited."
            )
        flags.append(EvidenceFlag("party_sources_only", reason, _first_mentions(primaries)))
    outlet = next((n for n in nodes if n.role is NodeRole.OUTLET), None)
    relayed = [
        next(n for n in nodes if n.id == e.child)
        for e in edges
        if e.relation is Relation.REPORTS and outlet is not None and e.parent == outlet.id
    ]
    relayed_media = [n for n in relayed if n.actor.kind == "media"]
    if relayed_media:
        relayed_ids = {n.id for n in relayed_media}
        evidence = tuple(
            s for e in edges if e.relation is Relation.REPORTS and e.child in relayed_ids for s in e.evidence
        )
        flags.append(
            EvidenceFlag(
                "second_hand",
                f"The article relays the reporting of {_names(relayed_media)} instead of reporting first-hand.",
                evidence,
            )
        )
    outlet_country = outlet.actor.country if outlet else None
    foreign_tabloids = [
        n
        for n in relayed_media
        if n.actor.media_kind == "tabloid" and n.actor.country and n.actor.country != outlet_country
    ]
    if foreign_tabloids:
        flags.append(
            EvidenceFlag(
                "foreign_tabloid",
                f"Its account rests on a foreign tabloid ({_names(foreign_tabloids)}), "
                "a source the outlet cannot vouch for.",
                _first_mentions(foreign_tabloids),
            )
        )
    if primaries and not own:
        flags.append(
            EvidenceFlag(
                "no_own_verification",
                "Nothing in the text says the outlet checked any of this itself "
                "(no own research, request or document).",
                (),
            )
        )
    if unverified:
        flags.append(
            EvidenceFlag(
                "says_unverified", "The article itself says that something could not be verified.", tuple(unverified)
            )
        )
    return EvidenceProfile(
        primary_sources=tuple(n.id for n in primaries),
        independent_sources=len(sides),
        all_primary_are_parties=all_parties,
        own_verification=tuple(own),
        unverified_notes=tuple(unverified),
        flags=tuple(flags),
    )
