"""The HTML report's top section and side lists: summary, source-chain graph (inline SVG), entities, marks.

Everything stays script-free: an entity in the list links to an empty anchor before the article, and one CSS
rule per entity (``#ent-e3:target ~ .layout .m-e3``) highlights its mentions when the link is followed.
"""

from __future__ import annotations

import html
from collections import defaultdict

from ..dossier import Dossier
from ..sourcing import NodeRole, SourceChain
from ..types import Span
from .marks import Mark

# Layout of the source-chain drawing: one column per step away from the outlet.
NODE_WIDTH = 190
NODE_HEIGHT = 42
COLUMN_GAP = 70
ROW_GAP = 14
MAX_LABEL_CHARS = 26
ROLE_COLOURS = {
    NodeRole.OUTLET: "#1f4e9c",
    NodeRole.MEDIUM: "#2f7d95",
    NodeRole.SOURCE: "#b3261e",
    NodeRole.PHOTO: "#a0762b",
}
# Framing signal kinds and consistency flags as marks: CSS class and hover label.
SIGNAL_CLASSES = {
    "sensational": "f-sensational",
    "clickbait": "f-clickbait",
    "intensifier": "f-intensifier",
    "unquantified": "f-vague",
    "vague_quantity": "f-vague",
    "time": "f-time",
    "rhetorical": "f-clickbait",
}

CSS = """
.summary { border:1px solid var(--line); border-radius:6px; padding:12px 16px; margin:0 0 22px;
  font:14px/1.45 system-ui, sans-serif; background:#fffdf7; }
.summary h2 { font-size:13px; text-transform:uppercase; letter-spacing:.06em; color:#55555a; margin:12px 0 6px; }
.summary h2:first-child { margin-top:0; }
.summary ol, .summary ul { margin:0; padding-left:20px; }
.summary li { margin:0 0 8px; }
.summary .why { color:#3c3c40; }
.summary .evidence { color:var(--muted); font-size:12px; }
.summary .claim { font-family:Georgia, serif; }
.summary .chain { color:#2f7d95; font-size:12px; }
.flag-title { font-weight:700; color:var(--accent); }
svg.chain-graph { width:100%; height:auto; font:11px system-ui, sans-serif; }
svg.chain-graph text { fill:#fff; }
svg.chain-graph .edge-label { fill:#55555a; font-size:10px; }
.mark.f-sensational { background:#ffd9d6; }
.mark.f-clickbait { box-shadow:inset 0 -3px 0 #e3672e; }
.mark.f-intensifier { text-decoration:underline dotted #8c3a7a; }
.mark.f-vague { box-shadow:inset 0 -3px 0 #7d5ba6; }
.mark.f-time { box-shadow:inset 0 -3px 0 #2f7d95; }
.mark.f-undated { box-shadow:inset 0 -3px 0 #b3261e; }
.mark.c-flag { outline:2px dashed #b3261e; outline-offset:1px; }
.entities { list-style:none; padding:0; margin:0; }
.entities li { margin:0 0 4px; }
.entities a { color:var(--ink); }
.entities .kind { color:var(--muted); font-size:11px; }
.ent-anchor { position:absolute; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _excerpt(text: str, span: Span, limit: int = 160) -> str:
    piece = " ".join(text[span.start : span.end].split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def _evidence(text: str, spans: tuple[Span, ...]) -> str:
    if not spans:
        return ""
    shown = "; ".join(f"“{_e(_excerpt(text, s, 60))}” [{s.start}, {s.end})" for s in spans[:4])
    more = f" and {len(spans) - 4} more" if len(spans) > 4 else ""
    return f'<div class="evidence">evidence: {shown}{more}</div>'


def summary_html(dossier: Dossier) -> str:
    """The box a reader sees first: red flags, top claims, the sourcing in one sentence and the chain graph."""
    summary, text = dossier.summary, dossier.text
    if summary is None:
        return '<section class="summary"><p class="none">Summary not available (see errors).</p></section>'
    flags = "".join(
        f'<li><span class="flag-title">{_e(f.title)}</span> <span class="why">{_e(f.reason)}</span>'
        f"{_evidence(text, f.evidence)}</li>"
        for f in summary.red_flags
    )
    claims = "".join(
        f'<li><span class="claim">“{_e(_excerpt(text, c.span))}”</span><br>'
        f"<b>{_e(c.source)}</b> · {_e(c.status)} · check-worthiness {c.checkworthiness:.2f}"
        + (f" · {_e(', '.join(c.features))}" if c.features else "")
        + (f'<div class="chain">{_e(" → ".join(c.chain))}</div>' if c.chain else "")
        + "</li>"
        for c in summary.top_claims
    )
    flags_html = f"<ol>{flags}</ol>" if flags else '<p class="none">none found</p>'
    claims_html = f"<ol>{claims}</ol>" if claims else '<p class="none">none above the threshold</p>'
    return (
        '<section class="summary">'
        f"<h2>Red flags</h2>{flags_html}"
        f"<h2>Check-worthy claims</h2>{claims_html}"
        f"<h2>Sourcing</h2><p>{_e(summary.sourcing)}</p>{chain_svg(dossier.sourcing)}"
        "</section>"
    )


def _depths(chain: SourceChain) -> dict[str, int]:
    """Steps from the outlet (breadth first); nodes not reachable sit in the first column after it."""
    depth = {chain.nodes[0].id: 0} if chain.nodes else {}
    frontier = list(depth)
    while frontier:
        following = []
        for node_id in frontier:
            for edge in chain.children(node_id):
                if edge.child not in depth:
                    depth[edge.child] = depth[node_id] + 1
                    following.append(edge.child)
        frontier = following
    return {n.id: depth.get(n.id, 1) for n in chain.nodes}


def _node_label(chain: SourceChain, node_id: str) -> tuple[str, str]:
    node = chain.node(node_id)
    name = node.name if len(node.name) <= MAX_LABEL_CHARS else node.name[: MAX_LABEL_CHARS - 1] + "…"
    actor = node.actor
    kind = actor.media_kind or actor.kind
    details = ", ".join(x for x in (kind, actor.country, f"party {actor.party_to}" if actor.party_to else None) if x)
    return name, details


def chain_svg(chain: SourceChain | None) -> str:
    """The source chain drawn left to right: outlet, media and channels, primary sources; edges labelled."""
    if chain is None or not chain.nodes:
        return ""
    depth = _depths(chain)
    columns: dict[int, list[str]] = defaultdict(list)
    for node in chain.nodes:
        columns[depth[node.id]].append(node.id)
    position: dict[str, tuple[int, int]] = {}
    for column, ids in columns.items():
        for row, node_id in enumerate(ids):
            position[node_id] = (column * (NODE_WIDTH + COLUMN_GAP), row * (NODE_HEIGHT + ROW_GAP))
    width = (max(columns) + 1) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP
    height = max(len(ids) for ids in columns.values()) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
    parts: list[str] = []
    for edge in chain.edges:
        (x1, y1), (x2, y2) = position[edge.parent], position[edge.child]
        ax, ay, bx, by = x1 + NODE_WIDTH, y1 + NODE_HEIGHT // 2, x2, y2 + NODE_HEIGHT // 2
        if x2 <= x1:  # same or earlier column: draw from the bottom edge instead
            ax, ay, bx = x1 + NODE_WIDTH // 2, y1 + NODE_HEIGHT, x2 + NODE_WIDTH // 2
        parts.append(
            f'<line x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}" stroke="#9a9aa0" stroke-width="1.2" '
            'marker-end="url(#arrow)"/>'
            f'<text class="edge-label" x="{(ax + bx) // 2}" y="{(ay + by) // 2 - 3}" text-anchor="middle">'
            f"{_e(edge.relation.value)}</text>"
        )
    for node in chain.nodes:
        x, y = position[node.id]
        name, details = _node_label(chain, node.id)
        colour = ROLE_COLOURS[node.role]
        evidence = "; ".join(str(s.to_list()) for s in node.mentions[:3])
        parts.append(
            f"<g><title>{_e(node.name)} ({_e(node.role.value)}): {_e(node.actor.reason)} {_e(evidence)}</title>"
            f'<rect x="{x}" y="{y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="5" fill="{colour}"/>'
            f'<text x="{x + 8}" y="{y + 17}" font-weight="700">{_e(name)}</text>'
            f'<text x="{x + 8}" y="{y + 33}">{_e(details)}</text></g>'
        )
    return (
        f'<svg class="chain-graph" viewBox="-2 -2 {width + 14} {height + 4}" role="img" '
        'aria-label="source chain"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        f'fill="#9a9aa0"/></marker></defs>{"".join(parts)}</svg>'
    )


def entity_anchors(dossier: Dossier) -> str:
    """Empty targets before the layout, one per entity, for the CSS-only highlighting."""
    if dossier.entities is None:
        return ""
    return "".join(f'<span class="ent-anchor" id="ent-{_e(c.id)}"></span>' for c in dossier.entities.clusters)


def entity_css(dossier: Dossier) -> str:
    """One rule per entity: its mentions light up when its anchor is the URL's target."""
    if dossier.entities is None:
        return ""
    return "\n".join(
        f"#ent-{c.id}:target ~ .layout .m-{c.id} {{ background:#ffe45c; box-shadow:0 0 0 2px #e0c54a; }}"
        for c in dossier.entities.clusters
    )


def entities_html(dossier: Dossier) -> str:
    """The entity list of the side panel: canonical name, type, actor type, mention count; each a link."""
    if dossier.entities is None:
        return '<p class="none">not available (see errors)</p>'
    items = []
    for cluster in dossier.entities.clusters:
        if cluster.derived:
            continue
        actor = cluster.actor
        kind = ""
        if actor is not None:
            kind = ", ".join(x for x in (actor.media_kind or actor.kind, actor.country) if x)
        items.append(
            f'<li><a href="#ent-{_e(cluster.id)}">{_e(cluster.canonical)}</a> '
            f'<span class="kind">{_e(cluster.type)}{" · " + _e(kind) if kind else ""} · '
            f"{len(cluster.mentions)}×</span></li>"
        )
    return f'<ul class="entities">{"".join(items)}</ul>' if items else '<p class="none">none</p>'


def layer_marks(dossier: Dossier) -> list[Mark]:
    """Marks from the entity, framing and consistency layers."""
    marks: list[Mark] = []
    if dossier.entities is not None:
        for cluster in dossier.entities.clusters:
            marks += [
                Mark(m.span, f"m-{cluster.id}", f"{cluster.canonical} ({cluster.type})") for m in cluster.mentions
            ]
    if dossier.framing is not None:
        for signal in dossier.framing.signals:
            css = "f-undated" if signal.unresolved else SIGNAL_CLASSES.get(signal.kind.value)
            if css:
                marks.append(Mark(signal.span, css, f"{signal.kind.value}: {signal.reason}"))
    if dossier.consistency is not None:
        for element in dossier.consistency.elements:
            for statement in element.statements:
                for flag in statement.flags:
                    marks.append(Mark(statement.span, "c-flag", f"{flag.kind.value}: {flag.reason}"))
    return marks
