"""Renderers: the HTML report is self-contained and escapes the article; Markdown and the terminal view too."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

import jsonschema
import pytest

from conftest import assert_valid_dossier, build_dossier, dossier_schema
from newsaudit.dossier import SCHEMA_VERSION
from newsaudit.report import render_html, render_markdown, render_text
from newsaudit.report.html import Mark
from newsaudit.report.markdown import escape_md
from newsaudit.report.view import UNLABELLED, block_views, counts
from newsaudit.types import Block, BlockLabel, Span

HOSTILE = (
    'Die Polizei <script>alert("x")</script> ermittelt & prüft *alles* [hier](https://evil.example) | weiter\n\n'
    "Ein zweiter Absatz mit <img src=https://evil.example/a.png onerror=alert(1)> und [bold]rich[/bold].\n"
)


class _Tags(HTMLParser):
    """Collects start tags with their attributes and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_html_escapes_article_content() -> None:
    """A <script> or <img> in the article is shown as text: the page has no script or image element."""
    page = render_html(build_dossier(HOSTILE))
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    tags = {tag for tag, _ in _parse(page).tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "a"}


def test_html_escapes_metadata_and_errors() -> None:
    """Title, source and stage error messages are escaped too (they come from the input as well)."""
    dossier = build_dossier(HOSTILE, source='"><script>x</script>')
    page = render_html(dossier)
    assert "<script" not in page and "<b>broken</b>" not in page
    assert "a &lt;b&gt;broken&lt;/b&gt; stage" in page
    title = re.search(r"<title>(.*)</title>", page)
    assert title is not None and "&lt;script&gt;" in title.group(1)


def test_html_is_self_contained() -> None:
    """The report loads nothing from elsewhere: no src/href attributes, no url() or @import in its CSS."""
    parsed = _parse(render_html(build_dossier(HOSTILE)))
    for tag, attrs in parsed.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    css = "".join(parsed.styles)
    assert css and "url(" not in css and "@import" not in css


def test_html_shows_every_block_with_its_offsets() -> None:
    """Each block is a div carrying its label and offsets, and its text (unescaped) is on the page."""
    dossier = build_dossier(HOSTILE)
    parsed = _parse(render_html(dossier))
    divs = [attrs for tag, attrs in parsed.tags if tag == "div" and "data-label" in attrs]
    assert [(d["data-start"], d["data-end"]) for d in divs] == [
        (str(b.span.start), str(b.span.end)) for b in dossier.article.blocks
    ]
    unescaped = html.unescape(re.sub(r"<[^>]+>", "", render_html(dossier)))
    for block in dossier.article.blocks:
        assert dossier.article.slice(block.span) in unescaped


def test_overlapping_marks_nest_and_keep_the_text() -> None:
    """Two overlapping marks are cut into nested spans; the characters between the tags stay the article's."""
    dossier = build_dossier("Der Kanzler sagte, die Lage sei ernst.\n")
    marks = [Mark(Span(4, 17), "speaker", "speaker <1>"), Mark(Span(12, 30), "cue")]
    page = render_html(dossier, marks=marks)
    main = page[page.index("<main>") : page.index("</main>")]
    content = re.search(r'<div class="content">(.*?)</div>', main)
    assert content is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", content.group(1))) == dossier.text.strip()
    assert main.count('class="mark speaker"') == 2 and main.count('class="mark cue"') == 2
    assert 'title="speaker &lt;1&gt;"' in main


def test_markdown_escapes_article_content() -> None:
    """Markdown keeps scraped *, [, ], | and < as text: no HTML, no links, no emphasis, no broken tables."""
    md = render_markdown(build_dossier(HOSTILE))
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;" in md
    assert not re.search(r"(?<!\\)\]\(", md), "an unescaped ](...) would make a link"
    assert r"\*alles\*" in md and r"\| weiter" in md


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a*b_c", r"a\*b\_c"),
        ("[x](y)", r"\[x\](y)"),
        ("a | b", r"a \| b"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("zwei\nZeilen", "zwei Zeilen"),
        ("`code` ~~x~~ \\", r"\`code\` \~\~x\~\~ \\"),
    ],
)
def test_escape_md(raw: str, escaped: str) -> None:
    """escape_md neutralises inline Markdown and HTML and flattens newlines."""
    assert escape_md(raw) == escaped


def test_markdown_lists_furniture_apart_and_counts() -> None:
    """The Markdown report has the article, the furniture section, stages, errors and counts."""
    md = render_markdown(build_dossier(HOSTILE))
    for heading in ("## Provenance", "## Article", "## Page furniture", "## Stages", "## Errors", "## Counts"):
        assert heading in md
    assert "**[paragraph]**" in md


def test_terminal_text_is_plain_and_literal() -> None:
    """The plain-text view has no colour codes and prints rich-style [markup] from the article literally."""
    text = render_text(build_dossier(HOSTILE))
    assert "\x1b[" not in text
    assert "[bold]rich[/bold]" in text
    assert "paragraph" in text
    assert "error in language: ValueError: a <b>broken</b> stage" in text


def test_terminal_cuts_long_blocks() -> None:
    """A very long paragraph is cut in the terminal view (the full text is in the other reports)."""
    from newsaudit.report.terminal import MAX_BLOCK_CHARS

    text = render_text(build_dossier("Titel\n" + "Wort " * 400 + "\n"), width=200)
    assert "…" in text
    assert text.count("Wort") < MAX_BLOCK_CHARS // 5 + 5


def test_uncovered_text_is_shown_as_unlabelled() -> None:
    """Characters no block covers are not lost: they appear as an 'unlabelled' view between blocks."""
    dossier = build_dossier("Erste Zeile\nLücke ohne Block\nDritte Zeile\n")
    blocks = (dossier.article.blocks[0], dossier.article.blocks[2])
    dossier = replace(dossier, article=replace(dossier.article, blocks=blocks), language=None)
    views = block_views(dossier)
    assert [v.label for v in views] == ["paragraph", UNLABELLED, "paragraph"]
    assert "Lücke ohne Block" in dossier.text[views[1].span.start : views[1].span.end]
    assert counts(dossier)["blocks"] == 2


def test_schema_accepts_a_full_dossier_and_rejects_a_wrong_one() -> None:
    """A dossier with a language layer validates; an unknown label or a missing field does not."""
    data = build_dossier(HOSTILE).to_dict()
    assert_valid_dossier(data)
    assert dossier_schema()["x-schema-version"] == SCHEMA_VERSION
    bad_label = {**data, "blocks": [{**data["blocks"][0], "label": "banner"}]}
    with pytest.raises(jsonschema.ValidationError):
        assert_valid_dossier(bad_label)
    missing = {k: v for k, v in data.items() if k != "errors"}
    with pytest.raises(jsonschema.ValidationError):
        assert_valid_dossier(missing)


def test_punctuation_between_blocks_is_not_shown_as_unlabelled() -> None:
    """The ': ' between a kicker and its headline is a separator, not content: no unlabelled view for it."""
    dossier = build_dossier("Unter Druck: Staumauer voller Risse!\n", with_language=False)
    blocks = (Block(BlockLabel.KICKER, Span(0, 11)), Block(BlockLabel.HEADLINE, Span(13, 36)))
    dossier = replace(dossier, article=replace(dossier.article, blocks=blocks))
    assert [v.label for v in block_views(dossier)] == ["kicker", "headline"]


def test_credit_marker_between_caption_and_credit_is_not_shown_as_unlabelled() -> None:
    """The 'Bild:' joining a caption and its credit on one line is a label, not missed text."""
    line = "Soldaten wenden sich ab. Bild: picture alliance/dpa | Alexei Nikolsky\n"
    dossier = build_dossier(line, with_language=False)
    blocks = (Block(BlockLabel.CAPTION, Span(0, 24)), Block(BlockLabel.CREDIT, Span(31, len(line) - 1)))
    dossier = replace(dossier, article=replace(dossier.article, blocks=blocks))
    assert [v.label for v in block_views(dossier)] == ["caption", "credit"]
