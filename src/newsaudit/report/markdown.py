"""The Markdown report: a metadata table, the article by blocks with their labels, furniture listed apart,
who says what (quotations, source mentions, sentences by voice).

Article text is escaped so that a scraped ``*``, ``#``, ``|`` or ``<script>`` stays text in any Markdown viewer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..dossier import Dossier
from .summary_view import chain_rows, claim_rows, entity_rows, flag_rows
from .view import (
    block_views,
    counts,
    label_counts,
    meta_rows,
    provenance_rows,
    quotation_rows,
    source_rows,
    speaker_label,
    stage_rows,
    status_counts,
)

# Inline syntax only: every line of the report starts with our own markup, so block syntax (#, -, 1.) cannot start.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape_md(text: str) -> str:
    """Escape Markdown syntax and HTML so that the text renders literally; newlines become spaces."""
    flat = " ".join(text.split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(escape_md(c) for c in row) + " |" for row in rows]
    return lines


def _attribution_section(dossier: Dossier) -> list[str]:
    lines = ["## Who says what", ""]
    if dossier.attribution is None:
        return [*lines, "not available (the attribution stage did not run or failed, see Errors)"]
    rows = [
        (speaker_label(r) or "—", r.kind, r.cue or "—", r.addressee or "—", r.quote, r.offsets)
        for r in quotation_rows(dossier)
    ]
    lines += _table(("speaker", "kind", "cue", "to", "quote", "offsets"), rows) if rows else ["no quotations found"]
    lines += ["", "### Source mentions", ""]
    sources = source_rows(dossier)
    lines += _table(("source", "pattern", "mention", "offsets"), sources) if sources else ["none"]
    lines += ["", "### Sentences by voice", ""]
    lines += _table(("status", "sentences"), [(k, str(v)) for k, v in status_counts(dossier).items()])
    return lines


def _summary_section(dossier: Dossier) -> list[str]:
    lines = ["## Summary", ""]
    if dossier.summary is None:
        return [*lines, "not available (see Errors)"]
    lines += ["### Red flags", ""]
    flags = flag_rows(dossier)
    lines += [f"{i}. **{escape_md(t)}** {escape_md(w)} ({escape_md(e)})" for i, (t, w, e) in enumerate(flags, 1)] or [
        "none found"
    ]
    lines += ["", "### Check-worthy claims", ""]
    claims = claim_rows(dossier)
    lines += _table(("claim", "who stands behind it", "chain", "status", "score"), claims) if claims else ["none"]
    lines += ["", "### Sourcing", "", escape_md(dossier.summary.sourcing), ""]
    chain = chain_rows(dossier)
    lines += _table(("from", "relation", "to", "to is"), chain) if chain else ["no source chain"]
    lines += ["", "### Entities", ""]
    entities = entity_rows(dossier)
    lines += _table(("entity", "type", "actor", "mentions"), entities) if entities else ["none"]
    return lines


def render_markdown(dossier: Dossier) -> str:
    """The dossier as Markdown."""
    meta = dossier.article.meta
    title = meta.title.value if meta.title is not None else dossier.provenance.source
    text = dossier.text
    lines = [f"# Dossier: {escape_md(title)}", ""]
    lines += _table(("field", "value", "origin"), [(n, v or "—", o) for n, v, o in meta_rows(dossier)])
    lines += ["", *_summary_section(dossier)]
    lines += ["", "## Provenance", ""]
    lines += _table(("field", "value"), provenance_rows(dossier))
    views = block_views(dossier)
    lines += ["", "## Article", ""]
    for view in views:
        if view.furniture:
            continue
        label = view.label.replace("_", " ")
        lines += [f"**[{label}]** {escape_md(text[view.span.start : view.span.end])}", ""]
    furniture = [v for v in views if v.furniture]
    lines += ["## Page furniture (not part of the article)", ""]
    if furniture:
        lines += [
            f"- *{v.label.replace('_', ' ')}* `[{v.span.start}, {v.span.end})`: "
            f"{escape_md(text[v.span.start : v.span.end])}"
            for v in furniture
        ]
    else:
        lines.append("none")
    lines += ["", *_attribution_section(dossier)]
    lines += ["", "## Stages", ""]
    lines += _table(("stage", "version", "time"), stage_rows(dossier))
    lines += ["", "## Errors", ""]
    if dossier.errors:
        lines += [f"- **{escape_md(e.stage)}**: {escape_md(e.error)}: {escape_md(e.message)}" for e in dossier.errors]
    else:
        lines.append("none")
    lines += ["", "## Counts", ""]
    lines += _table(("what", "count"), [(k, str(v)) for k, v in counts(dossier).items()])
    lines += [""]
    lines += _table(("label", "blocks"), [(k, str(v)) for k, v in label_counts(dossier)])
    return "\n".join(lines) + "\n"
