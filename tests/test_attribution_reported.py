"""Reported speech: sentences that report a speech act without quoting it (the fast profile's classifier)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsaudit.attribution import find_quotations, reported
from newsaudit.attribution.phrases import TokenView
from newsaudit.attribution.types import QuoteKind
from newsaudit.errors import ModelError
from newsaudit.language import analyze_language
from newsaudit.types import Article, ArticleMeta, Block, BlockLabel, Span


def _article(text: str) -> Article:
    return Article(text, (Block(BlockLabel.PARAGRAPH, Span(0, len(text))),), ArticleMeta())


def _view(text: str) -> TokenView:
    article = _article(text)
    return TokenView(text, analyze_language(article, profile="fast").tokens)


def _words(s: TokenView, found: tuple[int, int] | None) -> str | None:
    return None if found is None else s.text[s.span(*found).start : s.span(*found).end]


def test_subject_is_the_speaker() -> None:
    """The subject of the finite verb, across an apposition, is the speaker candidate."""
    s = _view("Der Sprecher der Stadtwerke, Jan Hollmann, verwies auf die gestiegenen Kosten.")
    assert _words(s, reported.subject_of(s)) == "Der Sprecher der Stadtwerke, Jan Hollmann"


def test_passive_agent_is_the_speaker() -> None:
    """In a passive sentence the "von" agent speaks, not the grammatical subject."""
    s = _view("Von der Landesregierung wurden neue Auflagen für die Betriebe angekündigt.")
    assert _words(s, reported.subject_of(s)) == "der Landesregierung"


def test_quoted_name_in_subject() -> None:
    """A name in quotation marks that the tagger misreads still leaves the whole prefield as the subject."""
    s = _view("Der Radiosender „Nordwelle“ berichtete von zwei Verletzten.")
    assert _words(s, reported.subject_of(s)) == "Der Radiosender „Nordwelle“"


def test_subject_at_the_first_verb_outside_quotation_marks() -> None:
    """A verb inside a quoted title is not the sentence's: the subject is read at the modal outside it."""
    s = _view("Der Künstler Martin Zet will Exemplare des Buchs „Deutschland schafft sich ab“ sammeln.")
    assert _words(s, reported.subject_of(s)) == "Der Künstler Martin Zet"


def test_features_name_verb_and_preposition() -> None:
    """The features carry the verb lemma, its cue class and the verb + preposition pair."""
    features = reported.sentence_features(_view("Die Feuerwehr sprach von einem glimpflichen Ausgang."))
    assert "verb=sprechen" in features
    assert "verb_prep=sprechen_von" in features
    assert any(f.startswith("cue=") for f in features)


def _model() -> Path:
    if not reported.MODEL_PATH.is_file():
        pytest.skip(f"reported-speech model absent: {reported.MODEL_PATH} (newsaudit train reported)")
    return reported.MODEL_PATH


def test_report_verb_sentence_scores_above_narration() -> None:
    """A reported speech act scores higher than plain narration with a full verb."""
    model = reported.get_model(_model())
    report = model.probability(reported.sentence_features(_view("Die Gewerkschaft sprach von einem Wortbruch.")))
    narration = model.probability(reported.sentence_features(_view("Der Zug fuhr am Morgen pünktlich ab.")))
    assert report > model.threshold > narration


def test_reported_quotation_in_fast_profile() -> None:
    """The fast profile turns such a sentence into a Reported quotation: whole sentence, subject as speaker."""
    _model()
    text = "Die Gewerkschaft forderte höhere Löhne für alle Beschäftigten. Der Zug fuhr am Morgen pünktlich ab."
    article = _article(text)
    quotations = find_quotations(article, analyze_language(article, profile="fast"))
    found = [q for q in quotations if q.kind == QuoteKind.REPORTED]
    assert len(found) == 1
    q = found[0]
    assert text[q.quote[0].start : q.quote[0].end] == "Die Gewerkschaft forderte höhere Löhne für alle Beschäftigten."
    assert [text[p.start : p.end] for p in q.speaker] == ["Die Gewerkschaft"]
    assert q.cue == () and q.method == reported.METHOD


def test_sentences_with_other_quotations_are_left_alone() -> None:
    """A sentence another quotation covers gets no Reported quotation on top."""
    _model()
    text = "„Das ist ein Wortbruch“, sagte die Sprecherin der Gewerkschaft."
    article = _article(text)
    quotations = find_quotations(article, analyze_language(article, profile="fast"))
    assert not [q for q in quotations if q.kind == QuoteKind.REPORTED]


def test_damaged_model_is_a_model_error(tmp_path: Path) -> None:
    """A model file of another format names itself in a ModelError."""
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(ModelError, match="reported-speech model"):
        reported.get_model(path)
