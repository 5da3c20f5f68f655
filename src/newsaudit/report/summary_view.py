"""Rows of the summary, source chain and entities as every text renderer shows them (Markdown, terminal)."""

from __future__ import annotations

from ..dossier import Dossier
from ..types import Span

EVIDENCE_CHARS = 50


def _quote(text: str, span: Span) -> str:
    piece = " ".join(text[span.start : span.end].split())
    piece = piece if len(piece) <= EVIDENCE_CHARS else piece[: EVIDENCE_CHARS - 1] + "…"
    return f"“{piece}” [{span.start}, {span.end})"


def flag_rows(dossier: Dossier) -> list[tuple[str, str, str]]:
    """(title, why, evidence) per red flag, most important first."""
    if dossier.summary is None:
        return []
    text = dossier.text
    return [
        (f.title, f.reason, "; ".join(_quote(text, s) for s in f.evidence[:3]) or "—")
        for f in dossier.summary.red_flags
    ]


def claim_rows(dossier: Dossier) -> list[tuple[str, str, str, str, str]]:
    """(claim, who stands behind it, chain, status, check-worthiness) per top claim."""
    if dossier.summary is None:
        return []
    text = dossier.text
    return [
        (
            " ".join(text[c.span.start : c.span.end].split()),
            c.source,
            " → ".join(c.chain) or "—",
            c.status,
            f"{c.checkworthiness:.2f}",
        )
        for c in dossier.summary.top_claims
    ]


def chain_rows(dossier: Dossier) -> list[tuple[str, str, str, str]]:
    """(from, relation, to, what the target is) per source-chain edge."""
    chain = dossier.sourcing
    if chain is None:
        return []
    rows = []
    for edge in chain.edges:
        child = chain.node(edge.child)
        actor = child.actor
        what = ", ".join(x for x in (actor.media_kind or actor.kind, actor.country) if x)
        if actor.party_to:
            what += f", party ({actor.party_to})"
        rows.append((chain.node(edge.parent).name, edge.relation.value, child.name, what))
    return rows


def entity_rows(dossier: Dossier) -> list[tuple[str, str, str, str]]:
    """(canonical name, NER type, actor type, mentions) per entity cluster, adjective forms left out."""
    if dossier.entities is None:
        return []
    rows = []
    for cluster in dossier.entities.clusters:
        if cluster.derived:
            continue
        actor = cluster.actor
        kind = "—" if actor is None else ", ".join(x for x in (actor.media_kind or actor.kind, actor.country) if x)
        rows.append((cluster.canonical, cluster.type, kind, str(len(cluster.mentions))))
    return rows
