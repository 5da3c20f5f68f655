"""The source chain's data: actors as nodes, "who relays whom" as edges, and the evidence profile drawn from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..entities.actors import ActorType
from ..types import Span


class NodeRole(StrEnum):
    """Where an actor sits in the chain."""

    OUTLET = "outlet"  # the publisher of the article
    MEDIUM = "medium"  # a cited outlet, agency, programme or unnamed reporters
    SOURCE = "source"  # a person, organisation or group that said or published something
    PHOTO = "photo"  # a photo agency or photographer from a credit line


class Relation(StrEnum):
    """What an edge from parent to child says."""

    REPORTS = "reports"  # the parent relays what the child medium reported ("wie X berichtet")
    QUOTES = "quotes"  # the parent quotes the child (direct, indirect or reported speech)
    CITES = "cites"  # the parent names the child as its source ("laut X", "X zufolge")
    PUBLISHED = "published"  # the parent shows material the child published ("das von X veröffentlichte Video")
    VIA = "via"  # the child spoke through the parent channel ("im Gespräch mit Reportern")
    AGENCY_COPY = "agency_copy"  # the article carries the child agency's copy ("(dpa)")
    PHOTO = "photo"  # the article's photo comes from the child


@dataclass(frozen=True)
class SourceNode:
    """One actor of the chain, with every span in which the article names it."""

    id: str
    name: str
    role: NodeRole
    mentions: tuple[Span, ...]
    actor: ActorType = field(default_factory=lambda: ActorType("other"))


@dataclass(frozen=True)
class SourceEdge:
    """``parent`` relays ``child``: the spans that establish it and the sentences it covers (language-layer indices)."""

    parent: str
    child: str
    relation: Relation
    evidence: tuple[Span, ...]
    sentences: tuple[int, ...] = ()


@dataclass(frozen=True)
class EvidenceFlag:
    """A finding about the sourcing as a whole, with the spans that show it and one sentence why."""

    kind: str
    reason: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class EvidenceProfile:
    """How the article is sourced, counted from the chain."""

    primary_sources: tuple[str, ...]  # node ids of the actors at the end of the chain
    independent_sources: int  # primary sources after merging those of one side/affiliation
    all_primary_are_parties: bool
    own_verification: tuple[Span, ...]  # cues that the outlet checked something itself
    unverified_notes: tuple[Span, ...]  # cues that something could not be checked
    flags: tuple[EvidenceFlag, ...]


@dataclass(frozen=True)
class SourceChain:
    """The graph from the outlet to cited media and on to primary sources, with its evidence profile."""

    nodes: tuple[SourceNode, ...]
    edges: tuple[SourceEdge, ...]
    profile: EvidenceProfile

    def node(self, node_id: str) -> SourceNode:
        return next(n for n in self.nodes if n.id == node_id)

    def children(self, node_id: str) -> tuple[SourceEdge, ...]:
        return tuple(e for e in self.edges if e.parent == node_id)
