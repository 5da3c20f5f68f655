"""The terminal view (rich): metadata, the blocks coloured by label with furniture dimmed, counts, errors.

Article text is passed to rich as ``Text`` objects, never as markup, so scraped ``[brackets]`` print literally.
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..dossier import Dossier
from .summary_view import chain_rows, claim_rows, entity_rows, flag_rows
from .view import (
    UNLABELLED,
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

LABEL_STYLES: dict[str, str] = {
    "section": "magenta",
    "kicker": "bold red",
    "headline": "bold blue",
    "teaser": "bold cyan",
    "caption": "italic yellow",
    "credit": "yellow",
    "byline": "green",
    "dateline": "green",
    "intertitle": "bold",
    "paragraph": "",
    "quote_box": "italic magenta",
    UNLABELLED: "dim italic",
}
FURNITURE_STYLE = "dim strike"
# Speakers with a long apposition are cut in the table; the full span is in the other reports.
MAX_SPEAKER_CHARS = 32
# Long paragraphs are cut in the compact view; the full text is in the JSON/HTML/Markdown reports.
MAX_BLOCK_CHARS = 400


def _blocks_table(dossier: Dossier) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column("label", no_wrap=True, width=13)
    table.add_column("text", ratio=1)
    text = dossier.text
    for view in block_views(dossier):
        content = " ".join(text[view.span.start : view.span.end].split())
        if len(content) > MAX_BLOCK_CHARS:
            content = content[: MAX_BLOCK_CHARS - 1] + "…"
        style = FURNITURE_STYLE if view.furniture else LABEL_STYLES.get(view.label, "")
        label_style = "dim" if view.furniture else (LABEL_STYLES.get(view.label) or "white")
        label = view.label.replace("_", " ") + ("*" if view.furniture else "")
        table.add_row(Text(label, style=label_style), Text(content, style=style))
    return table


def _meta_table(dossier: Dossier) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    for name, value, origin in meta_rows(dossier):
        table.add_row(name, Text(value or "—"), Text(origin))
    for name, value in provenance_rows(dossier):
        table.add_row(name, Text(value), "")
    return table


def _attribution_table(dossier: Dossier) -> Table | Text:
    """Who says what: one row per quotation, then the source mentions and the sentence counts by voice."""
    if dossier.attribution is None:
        return Text("attribution not available (see errors)", style="dim")
    table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
    table.add_column("speaker", ratio=2)
    table.add_column("kind", no_wrap=True)
    table.add_column("cue", no_wrap=True)
    table.add_column("quote", ratio=4)
    table.add_column("offsets", no_wrap=True, style="dim")
    for row in quotation_rows(dossier):
        label = speaker_label(row)
        speaker = label if len(label) <= MAX_SPEAKER_CHARS else label[: MAX_SPEAKER_CHARS - 1] + "…"
        cue = f"{row.cue or '—'} → {row.addressee}" if row.addressee else row.cue or "—"
        table.add_row(Text(speaker or "—"), row.kind, Text(cue), Text(row.quote), row.offsets)
    for source, pattern, mention, where in source_rows(dossier):
        table.add_row(Text(source), "source", pattern, Text(mention), where)
    voices = " · ".join(f"{k} {v}" for k, v in status_counts(dossier).items())
    table.caption = f"sentences: {voices}"
    return table


def _findings(dossier: Dossier) -> Group | Text:
    """Red flags, top claims with who stands behind them, and the source chain."""
    if dossier.summary is None:
        return Text("summary not available (see errors)", style="dim")
    flags = Text()
    for number, (title, why, evidence) in enumerate(flag_rows(dossier), 1):
        flags.append(f"{number}. {title}: ", style="bold red")
        flags.append(why + "\n")
        flags.append(f"   {evidence}\n", style="dim")
    claims = Table(box=None, padding=(0, 1), expand=True, show_edge=False, title="check-worthy claims")
    claims.add_column("claim", ratio=4)
    claims.add_column("who", ratio=2)
    claims.add_column("chain", ratio=2, style="cyan")
    claims.add_column("score", no_wrap=True)
    for claim, who, chain, _, score in claim_rows(dossier):
        claims.add_row(Text(claim), Text(who), Text(chain), score)
    sourcing = Table(box=None, padding=(0, 1), expand=True, show_edge=False, title="source chain")
    for column in ("from", "relation", "to", "to is"):
        sourcing.add_column(column)
    for row in chain_rows(dossier):
        sourcing.add_row(*(Text(cell) for cell in row))
    entities = Text("entities: " + "; ".join(f"{n} ({a}, {m}×)" for n, _, a, m in entity_rows(dossier)), style="dim")
    return Group(flags or Text("no red flags", style="dim"), claims, Text(dossier.summary.sourcing), sourcing, entities)


def _summary(dossier: Dossier) -> Text:
    line = Text()
    line.append(" · ".join(f"{k} {v}" for k, v in counts(dossier).items()))
    line.append("\nlabels: " + ", ".join(f"{label} {n}" for label, n in label_counts(dossier)), style="dim")
    line.append("\nstages: " + ", ".join(f"{n}@{v} ({ms})" for n, v, ms in stage_rows(dossier)), style="dim")
    if dossier.errors:
        for e in dossier.errors:
            line.append(f"\nerror in {e.stage}: {e.error}: {e.message}", style="bold red")
    else:
        line.append("\nerrors: none", style="dim")
    return line


def renderable(dossier: Dossier) -> Group:
    """The whole view as one rich renderable."""
    title = dossier.article.meta.title
    heading = Text(title.value if title is not None else dossier.provenance.source, style="bold")
    return Group(
        Panel(_meta_table(dossier), title=heading, title_align="left"),
        Panel(_findings(dossier), title="read first", title_align="left"),
        _blocks_table(dossier),
        Text("* page furniture, not part of the article", style="dim"),
        Panel(_attribution_table(dossier), title="who says what", title_align="left"),
        Panel(_summary(dossier), title="counts", title_align="left"),
    )


def print_terminal(dossier: Dossier, console: Console | None = None) -> None:
    """Print the view to ``console`` (a colour terminal by default)."""
    (console or Console()).print(renderable(dossier))


def render_text(dossier: Dossier, *, width: int = 100) -> str:
    """The view as plain text without colour codes (for files and pipes)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    console.print(renderable(dossier))
    return buffer.getvalue()
