"""Framing signals: sensational vocabulary, clickbait, intensifiers, hedges, vague quantities, the score."""

from __future__ import annotations

import json
from functools import cache

import pytest

from newsaudit.analyze import analyze
from newsaudit.evaluate.data import reference_article
from newsaudit.evaluate.sensationalism import body_article, roc_auc
from newsaudit.framing import Framing, Signal, SignalKind, frame_article
from newsaudit.language import analyze_language, analyze_text
from newsaudit.serial import load, to_plain
from newsaudit.stages.framing import FramingStage
from newsaudit.types import Article, ArticleMeta, Block, BlockLabel, Span


def _frame(text: str, label: BlockLabel = BlockLabel.PARAGRAPH) -> tuple[Article, Framing]:
    article = Article(text, (Block(label, Span(0, len(text))),), ArticleMeta())
    return article, frame_article(article, analyze_text(text, [(0, len(text), 0)], profile="fast"))


def _found(text: str, kind: SignalKind, label: BlockLabel = BlockLabel.PARAGRAPH) -> list[str]:
    article, framing = _frame(text, label)
    return [article.slice(s.span) for s in framing.signals if s.kind is kind]


# ------------------------------------------------------------------------------------------------ vocabulary


def test_sensational_words_and_compounds() -> None:
    """Emotive words, inflected forms, Schock- compounds, -Hammer compounds and set phrases are found."""
    found = _found(
        "Das Schock-Video zeigt den Eklat. Der Steuer-Hammer kommt. Er wurde betrogen. Die Zahl sprengt den Rahmen.",
        SignalKind.SENSATIONAL,
    )
    assert found == ["Schock-Video", "Eklat", "Steuer-Hammer", "betrogen", "sprengt den Rahmen"]


def test_neutral_sentence_has_no_framing_signal() -> None:
    """Plain reporting gets no sensational, intensifier or clickbait signal."""
    _, framing = _frame("Der Gemeinderat beschloss am Abend den Haushalt für das kommende Jahr mit Mehrheit.")
    scored = [s for s in framing.signals if s.kind in (SignalKind.SENSATIONAL, SignalKind.INTENSIFIER)]
    assert scored == [] and framing.score.value == 0


def test_intensifiers_need_adverb_use() -> None:
    """'total' counts as an adverb, not inside the compound 'Totalschaden'; 'völlig' and 'massiv' count."""
    assert _found("Der Totalschaden war total überraschend.", SignalKind.INTENSIFIER) == ["total"]
    assert _found("Das ist völlig falsch und massiv übertrieben.", SignalKind.INTENSIFIER) == ["völlig", "massiv"]


def test_vague_and_unquantified() -> None:
    """'immer mehr' and 'zahlreiche' are unquantified, 'mehrere Dutzend' and 'Tausende' vague quantities."""
    text = "Immer mehr Menschen und zahlreiche Firmen, mehrere Dutzend Soldaten und Tausende Bürger kamen."
    assert _found(text, SignalKind.UNQUANTIFIED) == ["Immer mehr", "zahlreiche"]
    assert _found(text, SignalKind.VAGUE_QUANTITY) == ["mehrere Dutzend", "Tausende"]


def test_wie_viele_is_a_question_not_a_generalisation() -> None:
    """'wie viele' asks for a number; it is not an unquantified claim."""
    assert _found("Wie viele Menschen kamen, ist unklar.", SignalKind.UNQUANTIFIED) == []


def test_quantities_with_units_and_number_words() -> None:
    """Digits and number words with what they count, multipliers applied, the value normalised."""
    article, framing = _frame("Rund 30 Soldaten, 50 Prozent der Wähler und drei Menschen zahlten 2,5 Millionen Euro.")
    quantities = [(article.slice(s.span), s.value) for s in framing.signals if s.kind is SignalKind.QUANTITY]
    assert quantities == [
        ("30 Soldaten", "30"),
        ("50 Prozent", "50"),
        ("drei Menschen", "3"),
        ("2,5 Millionen Euro", "2500000"),
    ]


# ------------------------------------------------------------------------------------------------- epistemic


def test_hedges_reuse_attribution_and_add_wohl() -> None:
    """'offenbar', 'soll ... gestohlen haben', 'wohl' and 'Berichten zufolge' are hedges."""
    found = _found(
        "Er ist offenbar krank. Er soll das Geld gestohlen haben. Er kommt wohl. Berichten zufolge floh er.",
        SignalKind.HEDGE,
    )
    assert found == ["offenbar", "soll das Geld gestohlen haben", "wohl", "Berichten zufolge"]


def test_modal_does_not_reach_into_the_next_clause() -> None:
    """In 'soll ... sein und wird ... gekostet haben' the perfect belongs to 'wird': no hearsay 'soll'."""
    text = "Die Brücke soll im Mai fertig sein und wird dann fünf Millionen Euro gekostet haben."
    assert _found(text, SignalKind.HEDGE) == []


def test_wohl_as_noun_or_emphasis_is_no_hedge() -> None:
    """'das Wohl' (noun) and 'sehr wohl' (emphasis) do not hedge."""
    assert _found("Das Wohl der Kinder zählt. Das ist sehr wohl richtig.", SignalKind.HEDGE) == []


def test_soll_with_plain_infinitive_is_no_hedge() -> None:
    """'soll ... kommen' reads as obligation or plan, not hearsay."""
    assert _found("Die Brücke soll im Frühjahr fertig werden.", SignalKind.HEDGE) == []


def test_konjunktiv_as_distance() -> None:
    """Konjunktiv I and II (outside conditionals) are distance markers; a conditional clause is not."""
    assert _found("Er sagte, er sei krank und würde nicht kommen.", SignalKind.DISTANCE) == ["sei", "würde"]
    assert _found("Wenn er käme, wäre alles gut.", SignalKind.DISTANCE) == []


# ------------------------------------------------------------------------------------------------- headlines


def test_clickbait_devices_in_headlines() -> None:
    """Exclamation, 'aufgetaucht', the teasing colon and capitals fire in a headline."""
    found = _found("Video aufgetaucht: Das ist der WAHNSINN!", SignalKind.CLICKBAIT, BlockLabel.HEADLINE)
    assert found == ["aufgetaucht", ":", "!"]
    assert _found("Was plant die Regierung?", SignalKind.CLICKBAIT, BlockLabel.HEADLINE) == ["?"]


def test_clickbait_only_in_headline_blocks() -> None:
    """The same words in a paragraph are not clickbait."""
    assert _found("Das Video ist aufgetaucht: Das ist neu.", SignalKind.CLICKBAIT, BlockLabel.PARAGRAPH) == []


def test_so_opener_needs_a_verb() -> None:
    """'So reagiert Putin' is a 'So ...' teaser; 'So oder so' and a mid-sentence 'so' are not."""
    assert _found("So reagiert Putin auf das Video", SignalKind.CLICKBAIT, BlockLabel.HEADLINE) == ["So"]
    assert _found("Es kam so wie erwartet", SignalKind.CLICKBAIT, BlockLabel.HEADLINE) == []


def test_acronyms_are_not_shouting() -> None:
    """Capitals in names and acronyms (NATO, UNICEF) are not the all-caps device."""
    assert _found("NATO und UNICEF beraten in Brüssel", SignalKind.CLICKBAIT, BlockLabel.HEADLINE) == []


def test_body_exclamation_outside_quotes_only() -> None:
    """An exclamation in the author's text is rhetorical; one inside a quotation is the speaker's."""
    assert _found('Er rief: "Wir schaffen das!" Dann ging er.', SignalKind.RHETORICAL) == []
    assert _found("Und wer zahlt dafür? Der Bürger!", SignalKind.RHETORICAL) == ["?", "!"]


# ----------------------------------------------------------------------------------------------------- score


def test_score_is_weighted_points_per_100_words_with_spans() -> None:
    """The article score lists each contributing kind with its signals, and per-sentence points add up."""
    article, framing = _frame("Der Skandal ist völlig absurd. Der Rat tagte am Abend lange und ruhig.")
    assert framing.score.words == 13
    kinds = {c.kind: c for c in framing.score.contributions}
    assert set(kinds) == {SignalKind.SENSATIONAL, SignalKind.INTENSIFIER}
    assert framing.score.value == pytest.approx(framing.score.points / 13 * 100)
    assert sum(s.points for s in framing.sentences) == pytest.approx(framing.score.points)
    first = framing.signals[framing.score.contributions[0].signals[0]].span
    assert article.text[first.start : first.end] in ("Skandal", "absurd")


def test_roc_auc_counts_ties_half() -> None:
    """AUC is 1 for perfect ranking, 0.5 for all ties."""
    assert roc_auc([0.1, 0.9], [False, True]) == 1.0
    assert roc_auc([1.0, 1.0], [False, True]) == 0.5


def test_body_article_keeps_offsets() -> None:
    """The evaluation's paragraph blocks point at their paragraphs."""
    article = body_article("Erster Absatz.\n\n  Zweiter Absatz.\n")
    assert [article.slice(b.span) for b in article.blocks] == ["Erster Absatz.", "Zweiter Absatz."]
    assert analyze_language(article, profile="fast").sentences


# ----------------------------------------------------------------------------------------- reference article


@cache
def _reference() -> tuple[Article, Framing]:
    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article not found at {path} (../shared/examples is absent)")
    dossier = analyze(path, kind="text", profile="fast")
    assert dossier.language is not None
    framing = FramingStage().run({"article": dossier.article, "language": dossier.language})
    return dossier.article, framing


def _signals(kind: SignalKind) -> list[tuple[str, Signal]]:
    article, framing = _reference()
    return [(article.slice(s.span), s) for s in framing.signals if s.kind is kind]


def test_reference_headline_signals() -> None:
    """The reference: 'Schock-Video' and 'betrogen' sensational; exclamation and 'aufgetaucht' clickbait."""
    sensational = [text for text, _ in _signals(SignalKind.SENSATIONAL)]
    assert {"Schock-Video", "betrogen", "berüchtigten", "sprengt den Rahmen"} <= set(sensational)
    clickbait = {s.cue for _, s in _signals(SignalKind.CLICKBAIT)}
    assert {"exclamation", "auftauchen"} <= clickbait


def test_reference_epistemic_and_vague() -> None:
    """The reference: the hedge 'offenbar', 'Immer mehr' unquantified, 'mehrere Dutzend' vague."""
    assert "offenbar" in [text for text, _ in _signals(SignalKind.HEDGE)]
    assert "Immer mehr" in [text for text, _ in _signals(SignalKind.UNQUANTIFIED)]
    assert "mehrere Dutzend" in [text for text, _ in _signals(SignalKind.VAGUE_QUANTITY)]


def test_reference_unresolved_time() -> None:
    """The reference has no date: 'am Mittwoch' and 'aktuell' are unresolved relative times."""
    times = {text: s for text, s in _signals(SignalKind.TIME)}
    assert times["am Mittwoch"].unresolved and times["am Mittwoch"].value is None
    assert times["aktuell"].unresolved


def test_reference_framing_round_trips_to_json() -> None:
    """Every signal of the reference serialises with its span, cue and reason."""
    _, framing = _reference()
    data = to_plain(framing)
    assert all(s.reason and s.cue for s in framing.signals)
    again = load(Framing, json.loads(json.dumps(data)))
    assert again == framing


# Floors a little under the measured held-out half B (0.698 all topics, 0.653 within migration, 2026-11-25).
AUC_FLOOR = 0.67
TOPIC_AUC_FLOOR = 0.6


@pytest.mark.slow
def test_sensationalism_auc_floor() -> None:
    """The score separates disinformation from news articles on the held-out half, also within one topic."""
    from io import StringIO

    from newsaudit.errors import DataError
    from newsaudit.evaluate.sensationalism import run_sensationalism_eval

    try:
        result = run_sensationalism_eval(out=StringIO())
    except DataError as exc:
        pytest.skip(str(exc))
    assert result.auc >= AUC_FLOOR
    assert result.topic_auc >= TOPIC_AUC_FLOOR


# Quality news pages score well under the reference (7.1 points per 100 words); measured 0.0-2.2 on these.
NEWS_PAGE_MAX_SCORE = 3.0
NEWS_PAGES = ("SpiegelOnline_2023_04_28", "BerlinerMorgenpost_2024_05_03", "BSZ_2024_05_16", "Focus_2023_04_28")


def test_normal_reporting_is_not_flagged_wildly() -> None:
    """Four public news pages of other outlets score far below the reference article."""
    from newsaudit.errors import DataError
    from newsaudit.evaluate.data import data_root
    from newsaudit.evaluate.fundus import load_fundus

    try:
        pages = [p for p in load_fundus(data_root() / "html-de" / "fundus") if p.name in NEWS_PAGES]
    except DataError as exc:
        pytest.skip(str(exc))
    assert len(pages) == len(NEWS_PAGES)
    for page in pages:
        dossier = analyze(page.html.encode(), kind="html", profile="fast")
        assert dossier.language is not None
        framing = FramingStage().run({"article": dossier.article, "language": dossier.language})
        assert framing.score.value < NEWS_PAGE_MAX_SCORE, page.name
    assert _reference()[1].score.value > NEWS_PAGE_MAX_SCORE
