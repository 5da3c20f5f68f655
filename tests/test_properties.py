"""Property tests: spans lie in the text and do not overlap where they must not; dossiers round-trip as JSON."""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import assert_valid_dossier, build_dossier
from newsaudit import Dossier, InputError, analyze
from newsaudit.examples import example_text
from newsaudit.report import render_html, render_markdown

SENTENCES = (
    "Der Stadtrat hat am Dienstag über den neuen Haushalt beraten.",
    "Die Opposition warf der Verwaltung vor, die Kosten seien viel zu niedrig angesetzt.",
    "„Wir werden das genau prüfen“, sagte die Sprecherin der Stadt am Abend.",
    "Nach Angaben der Polizei wurde niemand verletzt, der Schaden sei jedoch erheblich.",
    "Experten zufolge könnte die Sanierung der Brücke noch mehrere Jahre dauern.",
    "Das Ministerium erklärte, man habe von den Plänen erst aus der Zeitung erfahren.",
)
# Any printable text: letters of every script, symbols, marks, odd spaces and line separators; no control
# characters (those make input binary) and no surrogates (not encodable).
LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
PARAGRAPH = st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4).map(" ".join)
SEPARATOR = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"])

# analyze() runs the trained stages on every example: few examples, no deadline (the first loads models).
ANALYZE_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scraped_articles(draw: st.DrawFn) -> str:
    """The bundled example article with arbitrary lines inserted anywhere and arbitrary line breaks."""
    lines = example_text().splitlines()
    for _ in range(draw(st.integers(0, 4))):
        lines.insert(draw(st.integers(0, len(lines))), draw(LINE))
    separators = draw(st.lists(SEPARATOR, min_size=len(lines), max_size=len(lines)))
    text = "".join(line + sep for line, sep in zip(lines, separators, strict=True))
    assume(not text.startswith("\ufeff"))  # a leading BOM is dropped on input, by design
    return text


@st.composite
def any_texts(draw: st.DrawFn) -> str:
    """Arbitrary lines, perhaps with some German prose paragraphs among them."""
    parts = draw(st.lists(st.one_of(LINE, PARAGRAPH), min_size=1, max_size=8))
    return "".join(part + draw(SEPARATOR) for part in parts)


def check_spans(dossier: Dossier) -> None:
    """Every block, sentence and token span lies in the text; blocks, sentences and tokens never overlap."""
    n = len(dossier.text)
    blocks = sorted(b.span for b in dossier.article.blocks)
    assert all(0 <= s.start < s.end <= n for s in blocks)
    assert all(a.end <= b.start for a, b in itertools.pairwise(blocks)), "blocks overlap"
    for field in (dossier.article.meta.title, dossier.article.meta.section, dossier.article.meta.outlet):
        if field is not None and field.span is not None:
            assert 0 <= field.span.start <= field.span.end <= n
    language = dossier.language
    if language is None:
        return
    check_attribution_spans(dossier)
    tokens = [t.span for t in language.tokens]
    assert all(0 <= s.start < s.end <= n for s in tokens)
    assert all(a.end <= b.start for a, b in itertools.pairwise(tokens)), "tokens overlap or unordered"
    previous_end = 0
    for sentence in language.sentences:
        block = dossier.article.blocks[sentence.block]
        assert block.span.contains(sentence.span), "sentence outside its block"
        assert sentence.span.start >= previous_end, "sentences overlap or unordered"
        previous_end = sentence.span.end
        assert 0 <= sentence.token_start <= sentence.token_end <= len(language.tokens)
        for token in language.tokens_of(sentence):
            assert sentence.span.contains(token.span), "token outside its sentence"


def check_attribution_spans(dossier: Dossier) -> None:
    """Quotation, source-mention and hedge spans lie in the text; one status per sentence, indices in range."""
    attribution, language = dossier.attribution, dossier.language
    if attribution is None or language is None:
        return
    n = len(dossier.text)
    spans = [s for q in attribution.quotations for s in (*q.quote, *q.cue, *q.speaker, *q.addressee, *q.frame)]
    spans += [s for m in attribution.source_mentions for s in (m.span, m.source)]
    spans += [h for s in attribution.sentences for h in s.hedges]
    assert all(0 <= s.start <= s.end <= n for s in spans)
    assert len(attribution.sentences) == len(language.sentences)
    for status in attribution.sentences:
        assert all(0 <= i < len(attribution.quotations) for i in status.quotations)
        assert all(0 <= i < len(attribution.source_mentions) for i in status.source_mentions)


def check_round_trip(dossier: Dossier) -> None:
    """to_dict -> JSON -> from_dict -> to_dict gives the same dict, and it validates against the schema."""
    first = dossier.to_dict()
    again = Dossier.from_dict(json.loads(json.dumps(first, ensure_ascii=False))).to_dict()
    assert again == first
    assert_valid_dossier(first)


@ANALYZE_SETTINGS
@given(text=scraped_articles(), profile=st.sampled_from(["accurate", "fast"]))
def test_analyze_spans_lie_in_the_text_and_round_trip(text: str, profile: str) -> None:
    """An article with arbitrary lines mixed in: the text is kept exactly, spans are sound, JSON round-trips."""
    dossier = analyze(text.encode("utf-8"), kind="text", profile=profile)  # type: ignore[arg-type]
    assert dossier.text == text
    check_spans(dossier)
    check_round_trip(dossier)


@ANALYZE_SETTINGS
@given(text=any_texts())
def test_analyze_any_text_gives_a_sound_dossier_or_a_typed_error(text: str) -> None:
    """On arbitrary text analyze either returns a sound, round-tripping dossier or raises a one-line InputError."""
    try:
        dossier = analyze(text.encode("utf-8"), kind="text", profile="fast")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    check_spans(dossier)
    check_round_trip(dossier)


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_hand_built_dossiers_round_trip(text: str) -> None:
    """Dossiers with a language layer over any unicode text (control characters too) round-trip exactly."""
    dossier = build_dossier(text)
    check_spans(dossier)
    check_round_trip(dossier)
    assert Dossier.from_dict(dossier.to_dict()).language == dossier.language


class _TagNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")


# The elements the HTML report itself uses; article content must never add one.
REPORT_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "div", "input", "label", "span"),
    *("main", "aside", "table", "tr", "th", "td", "p", "ul", "li", "b"),
    # the summary box, the entity links and the source-chain drawing (inline SVG)
    *("section", "ol", "br", "a", "svg", "defs", "marker", "path", "line", "text", "g", "rect"),
}
MARKUP = st.sampled_from(["<script>", "</div>", "<img src=x>", '"><a href="//x">', "&amp;", "<!--", "]]>", "<b>"])


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(st.one_of(MARKUP, st.text(max_size=20)), min_size=1, max_size=12))
def test_html_report_never_lets_article_markup_through(pieces: list[str]) -> None:
    """Whatever markup the article holds, the report contains only its own elements."""
    text = "".join(pieces)
    assume(text.strip())
    page = render_html(build_dossier(text, source=text[:50]))
    parser = _TagNames()
    parser.feed(page)
    assert parser.names <= REPORT_TAGS
    assert all(link.startswith("#ent-") for link in parser.links)  # the report's own entity links only
    assert "<script" not in page.lower()


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(st.one_of(MARKUP, st.text(max_size=20)), min_size=1, max_size=12))
def test_markdown_report_never_lets_article_markup_through(pieces: list[str]) -> None:
    """Whatever the article holds, the Markdown report has no raw '<' from it (so no HTML element)."""
    text = "".join(pieces)
    assume(text.strip())
    md = render_markdown(build_dossier(text))
    assert "<" not in md
