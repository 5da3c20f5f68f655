"""The HTML report: one self-contained file (inline CSS, no scripts, no external requests).

The article is shown block by block, each labelled; furniture is greyed and can be hidden with a CSS-only
toggle; sentences show their boundaries on hover. Every character of article content and metadata goes
through ``html.escape``. Findings are ``Mark`` spans: a mark is cut at sentence and block edges and rendered
as nested ``<span>`` elements, so marks may overlap. The attribution layer gives its own marks (quotes coloured
per speaker, cues underlined, hover titles saying who) and a "Who says what" list in the side panel; later
stages (entities, claims) pass theirs as ``marks``.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence

from ..dossier import Dossier
from ..types import Span
from .html_summary import CSS as SUMMARY_CSS
from .html_summary import entities_html, entity_anchors, entity_css, layer_marks, summary_html
from .marks import Mark
from .view import (
    BlockView,
    QuotationRow,
    block_views,
    counts,
    label_counts,
    meta_rows,
    provenance_rows,
    quotation_rows,
    source_rows,
    speaker_colours,
    speaker_label,
    stage_rows,
    status_counts,
)

_CSS = """
:root { --ink:#1d1d1f; --muted:#8a8a8e; --line:#e3e3e6; --accent:#b3261e; --panel:#f6f6f8; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.55 Georgia, 'Times New Roman', serif; color:var(--ink); background:#fff; }
header { padding:12px 24px; border-bottom:1px solid var(--line); font-family:system-ui, sans-serif; }
header h1 { font-size:18px; margin:0; }
header .sub { color:var(--muted); font-size:13px; }
.controls { font:13px system-ui, sans-serif; padding:6px 24px; border-bottom:1px solid var(--line); }
.controls label { margin-right:18px; cursor:pointer; }
.controls label::before { content:"\\2610  "; }
#hide-furniture:checked ~ .controls label[for="hide-furniture"]::before,
#show-sentences:checked ~ .controls label[for="show-sentences"]::before { content:"\\2611  "; }
.layout { display:grid; grid-template-columns:minmax(0, 1fr) 360px; gap:28px; padding:20px 24px; }
@media (max-width: 900px) { .layout { grid-template-columns:1fr; } }
main { max-width:760px; }
.block { position:relative; margin:0 0 14px; padding:4px 0 4px 12px; border-left:3px solid var(--line); }
.block .tag { display:inline-block; font:11px/1.4 system-ui, sans-serif; color:#fff; background:#6b6b70;
  border-radius:3px; padding:0 6px; margin-bottom:3px; letter-spacing:.02em; }
.block .content { white-space:pre-wrap; overflow-wrap:anywhere; }
.b-section .content { font:600 13px system-ui, sans-serif; text-transform:uppercase; letter-spacing:.08em; }
.b-kicker .content { font:700 14px system-ui, sans-serif; color:var(--accent); text-transform:uppercase; }
.b-headline .content { font-size:28px; line-height:1.2; font-weight:700; }
.b-teaser .content { font-weight:600; }
.b-caption .content { font-style:italic; color:#3c3c40; }
.b-credit .content, .b-byline .content, .b-dateline .content { font:12px system-ui, sans-serif; color:#55555a; }
.b-intertitle .content { font-size:19px; font-weight:700; }
.b-quote_box .content { font-size:19px; font-style:italic; }
.b-section { border-color:#7d5ba6; } .b-section .tag { background:#7d5ba6; }
.b-kicker { border-color:var(--accent); } .b-kicker .tag { background:var(--accent); }
.b-headline { border-color:#1f4e9c; } .b-headline .tag { background:#1f4e9c; }
.b-teaser { border-color:#2f7d95; } .b-teaser .tag { background:#2f7d95; }
.b-caption, .b-credit { border-color:#a0762b; } .b-caption .tag, .b-credit .tag { background:#a0762b; }
.b-byline, .b-dateline { border-color:#5b7d3a; } .b-byline .tag, .b-dateline .tag { background:#5b7d3a; }
.b-intertitle { border-color:#1f4e9c; } .b-intertitle .tag { background:#3d6bb8; }
.b-paragraph .tag { background:#6b6b70; }
.b-quote_box { border-color:#8c3a7a; } .b-quote_box .tag { background:#8c3a7a; }
.furniture { color:var(--muted); background:repeating-linear-gradient(135deg, #fafafa 0 8px, #f2f2f4 8px 16px); }
.furniture .tag { background:#b9b9be; }
.furniture .content { font:13px/1.45 system-ui, sans-serif;
  text-decoration:line-through; text-decoration-color:#c8c8cc; }
.b-unlabelled { border-left-style:dashed; } .b-unlabelled .tag { background:#d0d0d4; color:#333; }
.sent { border-radius:2px; }
.sent:hover { background:#fff1a8; box-shadow:0 0 0 1px #e0c54a; }
#show-sentences:checked ~ .layout .sent { box-shadow:inset -2px 0 0 #e0a800; }
#hide-furniture:checked ~ .layout .furniture { display:none; }
.toggle { position:absolute; left:-9999px; }
aside { font:13px/1.45 system-ui, sans-serif; background:var(--panel); border:1px solid var(--line);
  border-radius:6px; padding:12px 14px; align-self:start; position:sticky; top:12px; }
aside h2 { font-size:13px; text-transform:uppercase; letter-spacing:.06em; color:#55555a; margin:14px 0 6px; }
aside h2:first-child { margin-top:0; }
aside table { border-collapse:collapse; width:100%; }
aside th { text-align:left; font-weight:600; padding:2px 8px 2px 0; vertical-align:top; white-space:nowrap; }
aside td { padding:2px 0; overflow-wrap:anywhere; }
aside td.origin { color:var(--muted); font-size:11px; }
.errors li { color:var(--accent); }
.mark.quote { border-radius:2px; }
.q-c0 { background:#ffe1b3; } .q-c1 { background:#cfe8ff; } .q-c2 { background:#d8f2cf; } .q-c3 { background:#f6d3f0; }
.q-c4 { background:#fff3a8; } .q-c5 { background:#d9d4ff; } .q-c6 { background:#c9f0ec; } .q-c7 { background:#ffd2cc; }
.q-none { background:#ececef; }
.mark.cue { text-decoration:underline 2px; text-underline-offset:3px; }
.mark.speaker { font-weight:700; }
.mark.source { border-bottom:2px dotted #2f7d95; }
.mark.hedge { text-decoration:underline wavy #b3261e; }
.sent.s-hedged { box-shadow:inset 0 -1px 0 #b3261e; }
.quotes { list-style:none; padding:0; margin:0; }
.quotes li { margin:0 0 8px; }
.quotes .swatch { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; }
.quotes .excerpt { color:#3c3c40; font-family:Georgia, serif; }
.quotes .origin { color:var(--muted); font-size:11px; }
.none { color:var(--muted); }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _marked(text: str, span: Span, marks: Sequence[Mark]) -> str:
    """Escaped ``text[span]`` with the marks that touch it, cut at every boundary so overlaps nest cleanly."""
    inside = [m for m in marks if m.span.start < span.end and span.start < m.span.end and len(m.span) > 0]
    if not inside:
        return _e(text[span.start : span.end])
    edges = {max(span.start, min(span.end, p)) for m in inside for p in m.span.to_list()}
    cuts = sorted({span.start, span.end} | edges)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        covering = sorted((m for m in inside if m.span.start <= a and b <= m.span.end), key=lambda m: -len(m.span))
        piece = _e(text[a:b])
        for m in reversed(covering):
            piece = f'<span class="mark {_e(m.css_class)}" title="{_e(m.title)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


# Colours for speakers (``.q-c0`` … in the CSS); more speakers than this reuse them in order.
SPEAKER_PALETTE_SIZE = 8
# Speaker names in hover titles are cut here ("Jana Berger, Sprecherin des Bürgermeis…").
MAX_TITLE_SPEAKER_CHARS = 40


def _quote_class(row: QuotationRow, colours: Mapping[str, int]) -> str:
    return f"q-c{colours[row.actor]}" if row.actor else "q-none"


def _quote_title(row: QuotationRow) -> str:
    speaker = speaker_label(row) or "—"
    if len(speaker) > MAX_TITLE_SPEAKER_CHARS:
        speaker = speaker[: MAX_TITLE_SPEAKER_CHARS - 1] + "…"
    addressee = f" · to: {row.addressee}" if row.addressee else ""
    return f"{row.kind} · cue: {row.cue or '—'} · speaker: {speaker}{addressee}"


def attribution_marks(dossier: Dossier) -> list[Mark]:
    """Quotes and their speakers coloured by speaker, cues underlined, source mentions and hedges marked."""
    attribution = dossier.attribution
    if attribution is None:
        return []
    rows = quotation_rows(dossier)
    colours = speaker_colours(rows, SPEAKER_PALETTE_SIZE)
    marks: list[Mark] = []
    for row, quotation in zip(rows, attribution.quotations, strict=True):
        title, colour = _quote_title(row), _quote_class(row, colours)
        marks += [Mark(span, f"quote {colour}", title) for span in quotation.quote]
        marks += [Mark(span, "cue", title) for span in quotation.cue]
        marks += [Mark(span, f"speaker {colour}", title) for span in quotation.speaker]
    for mention, (source, pattern, _, _) in zip(attribution.source_mentions, source_rows(dossier), strict=True):
        marks.append(Mark(mention.span, "source", f"source: {source} · pattern: {pattern}"))
    for sentence in attribution.sentences:
        marks += [Mark(span, "hedge", "hedge: the author keeps a distance") for span in sentence.hedges]
    return marks


def _sentence_statuses(dossier: Dossier) -> dict[Span, str]:
    if dossier.attribution is None or dossier.language is None:
        return {}
    pairs = zip(dossier.language.sentences, dossier.attribution.sentences, strict=False)
    return {sentence.span: status.status.value for sentence, status in pairs}


def _block_content(text: str, view: BlockView, marks: Sequence[Mark], statuses: Mapping[Span, str]) -> str:
    parts: list[str] = []
    cursor = view.span.start
    for sentence in view.sentences:
        start, end = max(cursor, sentence.span.start), min(view.span.end, sentence.span.end)
        if start >= end:
            continue
        if start > cursor:
            parts.append(_marked(text, Span(cursor, start), marks))
        title = f"sentence [{start}, {end}), {sentence.token_end - sentence.token_start} tokens"
        status = statuses.get(sentence.span)
        classes = "sent" if status is None else f"sent s-{status}"
        title += "" if status is None else f", {status}"
        parts.append(f'<span class="{_e(classes)}" title="{_e(title)}">{_marked(text, Span(start, end), marks)}</span>')
        cursor = end
    if cursor < view.span.end:
        parts.append(_marked(text, Span(cursor, view.span.end), marks))
    return "".join(parts)


def _block_html(text: str, view: BlockView, marks: Sequence[Mark], statuses: Mapping[Span, str]) -> str:
    classes = f"block b-{_e(view.label)}" + (" furniture" if view.furniture else "")
    tag = view.label.replace("_", " ") + (" · furniture" if view.furniture else "")
    how = f"{view.method}, confidence {view.confidence:.2f}, chars [{view.span.start}, {view.span.end})"
    ident = f' id="b{view.index}"' if view.index is not None else ""
    return (
        f'<div class="{classes}"{ident} data-label="{_e(view.label)}" data-start="{view.span.start}" '
        f'data-end="{view.span.end}"><span class="tag" title="{_e(how)}">{_e(tag)}</span>'
        f'<div class="content">{_block_content(text, view, marks, statuses)}</div></div>'
    )


def _table(rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return '<p class="none">none</p>'
    body = []
    for row in rows:
        head, *cells = row
        tds = "".join(
            f'<td class="origin">{_e(c)}</td>' if i == 1 else f"<td>{_e(c)}</td>" for i, c in enumerate(cells)
        )
        body.append(f"<tr><th>{_e(head)}</th>{tds}</tr>")
    return f"<table>{''.join(body)}</table>"


def _who_says_what(dossier: Dossier) -> str:
    if dossier.attribution is None:
        return '<p class="none">not available (see errors)</p>'
    rows = quotation_rows(dossier)
    colours = speaker_colours(rows, SPEAKER_PALETTE_SIZE)
    items = [
        f'<li><span class="swatch {_quote_class(row, colours)}"></span>'
        f"<b>{_e(speaker_label(row) or 'no speaker named')}</b>"
        f" · {_e(row.kind)} · cue: {_e(row.cue or '—')}"
        + (f" · to: {_e(row.addressee)}" if row.addressee else "")
        + f'<div class="excerpt">{_e(row.quote)}</div><div class="origin">{_e(row.offsets)} · {_e(row.method)}</div>'
        "</li>"
        for row in rows
    ]
    quotes = f'<ul class="quotes">{"".join(items)}</ul>' if items else '<p class="none">none</p>'
    sources = [(source, pattern, f"{mention} {where}") for source, pattern, mention, where in source_rows(dossier)]
    voices = [(status, str(n)) for status, n in status_counts(dossier).items()]
    return f"{quotes}<h2>Source mentions</h2>{_table(sources)}<h2>Sentences by voice</h2>{_table(voices)}"


def _panel(dossier: Dossier) -> str:
    meta = [(name, value or "—", origin) for name, value, origin in meta_rows(dossier)]
    stages = [(name, f"@{version}", ms) for name, version, ms in stage_rows(dossier)]
    if dossier.errors:
        errors = "".join(f"<li><b>{_e(e.stage)}</b>: {_e(e.error)}: {_e(e.message)}</li>" for e in dossier.errors)
        errors_html = f'<ul class="errors">{errors}</ul>'
    else:
        errors_html = '<p class="none">none</p>'
    count_rows = [(k, str(v)) for k, v in counts(dossier).items()]
    labels = [(label.replace("_", " "), str(n)) for label, n in label_counts(dossier)]
    return (
        "<aside>"
        f"<h2>Article</h2>{_table(meta)}"
        f"<h2>Entities</h2>{entities_html(dossier)}"
        f"<h2>Who says what</h2>{_who_says_what(dossier)}"
        f"<h2>Provenance</h2>{_table(provenance_rows(dossier))}"
        f"<h2>Stages</h2>{_table(stages)}"
        f"<h2>Errors</h2>{errors_html}"
        f"<h2>Counts</h2>{_table(count_rows)}"
        f"<h2>Blocks by label</h2>{_table(labels)}"
        "</aside>"
    )


def render_html(dossier: Dossier, *, marks: Sequence[Mark] = ()) -> str:
    """The dossier as one self-contained HTML page; ``marks`` highlight findings inside the article."""
    meta = dossier.article.meta
    title = meta.title.value if meta.title is not None else dossier.provenance.source
    outlet = meta.outlet.value if meta.outlet is not None else "unknown outlet"
    text = dossier.text
    every_mark = [*attribution_marks(dossier), *layer_marks(dossier), *marks]
    statuses = _sentence_statuses(dossier)
    blocks = "\n".join(_block_html(text, view, every_mark, statuses) for view in block_views(dossier))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(meta.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>newsaudit dossier: {_e(title)}</title>\n"
        f"<style>{_CSS}{SUMMARY_CSS}{entity_css(dossier)}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1>"
        f'<div class="sub">{_e(outlet)} · newsaudit {_e(dossier.tool_version)} · profile {_e(dossier.profile)}'
        f" · schema {_e(dossier.schema_version)}</div></header>\n"
        '<input type="checkbox" id="hide-furniture" class="toggle">'
        '<input type="checkbox" id="show-sentences" class="toggle">\n'
        f"{entity_anchors(dossier)}\n"
        '<div class="controls"><label for="hide-furniture">hide page furniture</label>'
        '<label for="show-sentences">mark all sentence ends</label>'
        '<span class="none">hover a sentence to see its boundaries</span></div>\n'
        f'<div class="layout">\n<main>\n{summary_html(dossier)}\n{blocks}\n</main>\n{_panel(dossier)}\n</div>\n'
        "</body>\n</html>\n"
    )
