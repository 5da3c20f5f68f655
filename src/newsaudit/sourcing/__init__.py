"""The source chain: from the outlet to cited media and on to primary sources, with an evidence profile."""

from .chain import ActorTyper, build_chain, display_name
from .profile import evidence_profile, primary_sources
from .types import (
    EvidenceFlag,
    EvidenceProfile,
    NodeRole,
    Relation,
    SourceChain,
    SourceEdge,
    SourceNode,
)

__all__ = [
    "ActorTyper",
    "EvidenceFlag",
    "EvidenceProfile",
    "NodeRole",
    "Relation",
    "SourceChain",
    "SourceEdge",
    "SourceNode",
    "build_chain",
    "display_name",
    "evidence_profile",
    "primary_sources",
]
