"""The attribution layer in the dossier: the stage, sentence statuses, JSON round trip, schema and reports."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from functools import cache

import pytest

import newsaudit.stages.attribution as attribution_stage
from conftest import assert_valid_dossier, build_dossier
from newsaudit import analyze
from newsaudit.attribution import Medium, Quotation, QuoteKind, SourceMention
from newsaudit.dossier import SCHEMA_VERSION, Dossier
from newsaudit.evaluate.data import reference_article
from newsaudit.report import render_html, render_markdown, render_text
from newsaudit.stages.attribution import (
    VERSION_ACCURATE,
    VERSION_LEARNED,
    Attribution,
    SentenceAttribution,
    SentenceStatus,
    find_hedges,
    sentence_statuses,
)
from newsaudit.types import Language, Sentence, Span, Token


@cache
def _reference(profile: str) -> Dossier:
    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article not found at {path} (../shared/examples is absent)")
    return analyze(path, kind="text", profile=profile)  # type: ignore[arg-type]


def _text(dossier: Dossier, spans: tuple[Span, ...]) -> str:
    return " … ".join(dossier.text[s.start : s.end] for s in spans)


def _sentence_with(dossier: Dossier, needle: str) -> int:
    assert dossier.language is not None
    hits = [i for i, s in enumerate(dossier.language.sentences) if needle in dossier.text[s.span.start : s.span.end]]
    assert hits, f"no sentence contains {needle!r}"
    return hits[0]


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_reference_article_quotations(profile: str) -> None:
    """Arestovich's indirect speech (cue erklärte) and direct quote (cue so) are found, with their speakers."""
    dossier = _reference(profile)
    assert dossier.attribution is not None
    quotations = dossier.attribution.quotations
    indirect = [q for q in quotations if q.kind is QuoteKind.INDIRECT and _text(dossier, q.cue) == "erklärte"]
    assert "dass die abtrünnigen Russen sehr gut kämpfen würden" in [_text(dossier, q.quote) for q in indirect]
    direct = [
        q
        for q in quotations
        if q.kind is QuoteKind.DIRECT and _text(dossier, q.quote).strip("„“\"'»«").startswith("Es sind mehrere Dutzend")
    ]
    assert len(direct) == 1
    assert _text(dossier, direct[0].cue) == "so" and _text(dossier, direct[0].speaker) == "Arestovich"
    version = VERSION_ACCURATE if profile == "accurate" else VERSION_LEARNED
    assert ("attribution", version) in [(s.name, s.version) for s in dossier.stages]


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_reference_article_sentence_statuses(profile: str) -> None:
    """The Express sentence is attributed (with its source mention), the "offenbar" sentence hedged."""
    dossier = _reference(profile)
    assert dossier.attribution is not None and dossier.language is not None
    assert len(dossier.attribution.sentences) == len(dossier.language.sentences)
    express = dossier.attribution.sentences[_sentence_with(dossier, 'Wie aktuell der britische "Express" berichtet')]
    assert express.status is SentenceStatus.ATTRIBUTED
    assert any(
        "Express" in _text(dossier, (dossier.attribution.source_mentions[i].source,)) for i in express.source_mentions
    )
    hedged = dossier.attribution.sentences[_sentence_with(dossier, "sind offenbar")]
    assert hedged.status is SentenceStatus.HEDGED
    assert [_text(dossier, (h,)) for h in hedged.hedges] == ["offenbar"]


def test_reference_dossier_round_trips_and_validates() -> None:
    """With quotations present, to_dict -> JSON -> from_dict is exact and the dict validates against the schema."""
    dossier = _reference("fast")
    first = dossier.to_dict()
    assert first["schema_version"] == SCHEMA_VERSION == "1.2" and first["attribution"]["quotations"]
    assert_valid_dossier(first)
    again = Dossier.from_dict(json.loads(json.dumps(first, ensure_ascii=False)))
    assert again.to_dict() == first
    assert again.attribution == dossier.attribution


def _quoted_dossier(text: str, quote: str, cue: str, speaker: str) -> Dossier:
    """A hand-built dossier over ``text`` with one Direct quotation and one source mention."""

    def span(part: str) -> Span:
        start = text.index(part)
        return Span(start, start + len(part))

    base = build_dossier(text)
    assert base.language is not None
    quotation = Quotation(QuoteKind.DIRECT, (span(quote),), (span(cue),), (span(speaker),), medium=Medium.SPEECH)
    mention = SourceMention("laut", span(f"laut {speaker}"), span(speaker))
    sentences = sentence_statuses(text, base.language, (quotation,), (mention,))
    return replace(base, attribution=Attribution((quotation,), (mention,), sentences))


def test_hand_built_attribution_round_trips_and_validates() -> None:
    """Discontinuous spans, an addressee, a medium and a confidence survive the JSON round trip."""
    base = build_dossier("Er sagte dem Rat, es sei gut, und es bleibe so.\n")
    quotation = Quotation(
        QuoteKind.INDIRECT,
        (Span(18, 28), Span(34, 47)),
        cue=(Span(3, 8),),
        speaker=(Span(0, 2),),
        addressee=(Span(9, 16),),
        medium=Medium.SPEECH,
        frame=(Span(0, 16),),
        confidence=0.8765,
        method="rule:test",
    )
    status = SentenceAttribution(SentenceStatus.ATTRIBUTED, (0,), (), (Span(3, 8),))
    dossier = replace(base, attribution=Attribution((quotation,), (), (status,)))
    first = dossier.to_dict()
    assert_valid_dossier(first)
    again = Dossier.from_dict(json.loads(json.dumps(first)))
    assert again.attribution == dossier.attribution and again.to_dict() == first


def test_a_1_0_dossier_without_attribution_still_loads() -> None:
    """A dossier written before schema 1.1 (no attribution key) loads with attribution None and validates."""
    old = {k: v for k, v in build_dossier("Ein Satz.\n").to_dict().items() if k != "attribution"}
    old["schema_version"] = "1.0"
    assert_valid_dossier(old)
    loaded = Dossier.from_dict(old)
    assert loaded.attribution is None and loaded.schema_version == "1.0"


def test_a_failing_attribution_stage_keeps_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the extractor raises, the dossier keeps structure and language and records the error."""

    def broken(*_: object) -> tuple[Quotation, ...]:
        raise RuntimeError("extractor broke")

    monkeypatch.setattr(attribution_stage, "find_quotations", broken)
    dossier = analyze(
        "Streit um Brücke\n\nDer Bürgermeister sagte, die Brücke werde teurer. Laut Stadt fehlen Mittel.\n",
        kind="text",
        profile="fast",
    )
    assert dossier.article.blocks and dossier.language is not None and dossier.language.sentences
    assert dossier.attribution is None
    assert [(e.stage, e.error, e.message) for e in dossier.errors] == [
        ("attribution", "RuntimeError", "extractor broke"),
        ("sourcing", "Skipped", "an earlier stage it depends on failed"),
    ]
    assert dossier.entities is not None and dossier.framing is not None  # stages not needing attribution ran
    data = dossier.to_dict()
    assert data["attribution"] is None
    assert_valid_dossier(data)
    assert "not available" in render_markdown(dossier)


# STTS tags of the words in the hedge examples; any other word is NN.
EXAMPLE_POS = {
    **dict.fromkeys(("soll", "sollen", "sollte", "will"), "VMFIN"),
    **dict.fromkeys(("gesagt", "gesehen", "verwendet", "festgenommen", "installiert"), "VVPP"),
    **{"worden": "VAPP", "haben": "VAINF", "sein": "VAINF", "fließen": "VVINF", "offenbaren": "VVFIN"},
    **{",": "$,", "dass": "KOUS", "mutmaßliche": "ADJA", "günstige": "ADJA", "vermeintlich": "ADJD", "hoch": "ADJD"},
}


def _tokens(text: str) -> list[Token]:
    return [
        Token(Span(m.start(), m.end()), m.group().lower(), EXAMPLE_POS.get(m.group(), "NN"), None)
        for m in re.finditer(r"\w+|[^\w\s]", text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Zahl ist offenbar hoch", ["offenbar"]),
        ("Der mutmaßliche Täter floh", ["mutmaßliche"]),
        ("Er soll das gesagt haben", ["soll", "haben"]),
        ("Sie will ihn gesehen haben", ["will", "haben"]),
        ("Er soll festgenommen worden sein", ["soll", "sein"]),
        ("Es soll mehr Geld fließen", []),
        ("Bis dahin sollen Anlagen installiert sein", []),
        ("Er will bald unterwegs sein", []),
        ("Er sollte es gesagt haben", []),
        ("Er will es, dass sie gesagt haben", []),
        ("Das vermeintlich günstige Angebot", []),
        ("Die Zahlen offenbaren viel", []),
        ("Die Offenbarung kam spät", []),
    ],
)
def test_hedge_cues(text: str, expected: list[str]) -> None:
    """Hedge words (also inflected) and a reportative modal with a perfect infinitive hedge; look-alikes do not."""
    found = find_hedges(text, _tokens(text))
    assert [text[s.start : s.end] for s in found] == expected


def test_a_clause_final_haben_tagged_finite_still_hedges() -> None:
    """Taggers often call "haben" before a full stop VAFIN; after "soll" and a participle it still hedges."""
    text = "Er soll es verwendet haben."
    tokens = [replace(t, pos="VAFIN") if t.pos == "VAINF" else t for t in _tokens(text)]
    assert [text[s.start : s.end] for s in find_hedges(text, tokens)] == ["soll", "haben"]


def test_status_precedence() -> None:
    """Source mention -> attributed (even when hedged); a speakerless quote with a hedge -> hedged; else asserted."""
    parts = ['Die Zahl ist offenbar "hoch".', "Laut Polizei kamen viele.", "Laut Polizei ist er offenbar weg."]
    parts.append("Es regnete.")
    text = " ".join(parts)
    tokens = _tokens(text)
    sentences, start = [], 0
    for part in parts:
        first = sum(1 for t in tokens if t.span.start < start)
        last = sum(1 for t in tokens if t.span.start < start + len(part))
        sentences.append(Sentence(Span(start, start + len(part)), 0, first, last))
        start += len(part) + 1
    scare = Quotation(QuoteKind.DIRECT, (Span(22, 28),))
    mentions = tuple(
        SourceMention("laut", Span(m.start(), m.end()), Span(m.start() + len("Laut "), m.end()))
        for m in re.finditer("Laut Polizei", text)
    )
    statuses = sentence_statuses(text, Language(tuple(sentences), tuple(tokens)), (scare,), mentions)
    assert [s.status for s in statuses] == [
        SentenceStatus.HEDGED,
        SentenceStatus.ATTRIBUTED,
        SentenceStatus.ATTRIBUTED,
        SentenceStatus.ASSERTED,
    ]
    assert statuses[0].quotations == (0,)
    assert statuses[1].source_mentions == (0,) and statuses[2].source_mentions == (1,)
    assert [text[h.start : h.end] for h in statuses[2].hedges] == ["offenbar"]


HOSTILE_QUOTE = "Ein Satz davor.\n„<script>alert(1)</script> & mehr“, sagte <b>Müller</b> laut <b>Müller</b>.\n"


def test_html_escapes_quotes_and_hover_titles() -> None:
    """Quote text, speaker names in hover titles and the side panel are escaped; the text survives intact."""
    dossier = _quoted_dossier(HOSTILE_QUOTE, "<script>alert(1)</script> & mehr", "sagte", "<b>Müller</b>")
    page = render_html(dossier)
    assert "<script" not in page and "<b>Müller" not in page
    assert 'title="Direct · cue: sagte · speaker: &lt;b&gt;Müller&lt;/b&gt;"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr" in page
    main = page[page.index("<main>") : page.index("</main>")]
    content = "".join(re.findall(r'<div class="content">(.*?)</div>', main))
    assert html.unescape(re.sub(r"<[^>]+>", "", content)) == HOSTILE_QUOTE.replace("\n", "")
    assert 'class="mark quote q-c0"' in main and 'class="mark cue"' in main and 'class="mark source"' in main
    assert "s-attributed" in main


def test_speakers_get_their_own_colours() -> None:
    """Two quotations by one speaker share a colour, another speaker gets another, no speaker is grey."""
    text = '"A", sagte Anna. "B", sagte Ben. "C", sagte Anna. "D".\n'

    def at(part: str, nth: int = 0) -> Span:
        start = [m.start() for m in re.finditer(re.escape(part), text)][nth]
        return Span(start, start + len(part))

    quotes = (
        Quotation(QuoteKind.DIRECT, (at('"A"'),), (at("sagte"),), (at("Anna"),)),
        Quotation(QuoteKind.DIRECT, (at('"B"'),), (at("sagte", 1),), (at("Ben"),)),
        Quotation(QuoteKind.DIRECT, (at('"C"'),), (at("sagte", 2),), (at("Anna", 1),)),
        Quotation(QuoteKind.DIRECT, (at('"D"'),)),
    )
    dossier = replace(build_dossier(text), attribution=Attribution(quotes, (), ()))
    classes = re.findall(r'class="mark quote (q-[\w-]+)"', render_html(dossier))
    assert classes == ["q-c0", "q-c1", "q-c0", "q-none"]


def test_markdown_and_terminal_show_who_says_what() -> None:
    """Both text reports have the Who-says-what table (speaker, kind, cue, addressee, offsets) and the status counts."""
    dossier = _quoted_dossier(HOSTILE_QUOTE, "<script>alert(1)</script> & mehr", "sagte", "<b>Müller</b>")
    md = render_markdown(dossier)
    assert "## Who says what" in md and "| speaker | kind | cue | to | quote | offsets |" in md
    assert "| &lt;b&gt;Müller&lt;/b&gt; | Direct | sagte | — | &lt;script&gt;" in md and "<script" not in md
    assert "| attributed | 1 |" in md and "| asserted | 1 |" in md
    text = render_text(dossier, width=140)
    assert "who says what" in text and "<b>Müller</b>" in text and "sentences: asserted 1 · attributed 1" in text


def test_markdown_of_the_reference_has_the_section() -> None:
    """The Markdown report of the reference article lists Arestovich's direct quote, resolved to his
    introduction, and one hedged sentence."""
    md = render_markdown(_reference("fast"))
    section = md[md.index("## Who says what") : md.index("## Stages")]
    assert re.search(r"\| Arestovich \(= Aleksey Arestovich, Berater [^|]*\) \| Direct \| so \|", section)
    assert "| hedged | 1 |" in section


def test_reports_name_the_addressee() -> None:
    """A quotation's addressee appears in the HTML list, its hover title, and the Markdown table."""
    text = "Er sagte dem Rat, es sei gut.\n"
    base = build_dossier(text)
    assert base.language is not None
    quotation = Quotation(
        QuoteKind.INDIRECT, (Span(18, 28),), cue=(Span(3, 8),), speaker=(Span(0, 2),), addressee=(Span(9, 16),)
    )
    sentences = sentence_statuses(text, base.language, (quotation,), ())
    dossier = replace(base, attribution=Attribution((quotation,), (), sentences))
    page = render_html(dossier)
    assert "· to: dem Rat" in page and page.count("to: dem Rat") >= 2
    assert "| Er | Indirect | sagte | dem Rat | es sei gut |" in render_markdown(dossier)
