"""The fast profile's learned cue and speaker tagger (CRF) and how its spans are assembled into quotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsaudit.attribution import crf, find_quotations
from newsaudit.attribution.phrases import TokenView
from newsaudit.attribution.types import Quotation, QuoteKind
from newsaudit.errors import ModelError
from newsaudit.evaluate.data import reference_article
from newsaudit.language import analyze_language
from newsaudit.structure.text import label_text
from newsaudit.types import Article, ArticleMeta, Block, BlockLabel, Provenance, Span

TEXT = "„Wir bauen die Brücke im Frühjahr“, sagte Bürgermeister Bernd Wiegand am Montag."


def _view(text: str) -> tuple[Article, TokenView]:
    article = Article(text, (Block(BlockLabel.PARAGRAPH, Span(0, len(text))),), ArticleMeta())
    language = analyze_language(article, profile="fast")
    return article, TokenView(text, language.tokens)


def _model() -> Path:
    if not crf.MODEL_PATH.is_file():
        pytest.skip(f"attribution model absent: {crf.MODEL_PATH} (newsaudit train quotes --profile fast)")
    return crf.MODEL_PATH


def test_tag_spans_reads_bio() -> None:
    """B-/I- runs become one span per role; an I- after another role starts a new span."""
    _, s = _view("Er sagte das gestern laut Polizei.")
    tags = ["B-S", "B-C", "O", "O", "B-C", "I-S", "O"]
    spans = crf.tag_spans(tags, s)
    assert [s.text[p.start : p.end] for p in spans[crf.SPEAKER]] == ["Er", "Polizei"]
    assert [s.text[p.start : p.end] for p in spans[crf.CUE]] == ["sagte", "laut"]
    assert spans[crf.QUOTE] == []


def test_rule_roles_mark_cue_speaker_and_quote() -> None:
    """The stacking feature reads cue before speaker before quote type."""
    _, s = _view(TEXT)
    q = Quotation(QuoteKind.DIRECT, (Span(0, 34),), cue=(Span(36, 41),), speaker=(Span(42, 70),))
    roles = crf.rule_roles(s, [q])
    assert roles[0] == "q:Direct" and roles[s.words.index("sagte")] == "cue"
    assert roles[s.words.index("Wiegand")] == "spk" and roles[-1] == "o"


def test_features_have_one_list_per_token() -> None:
    """Every token gets its word, POS, rule role and quotation-mark state."""
    _, s = _view(TEXT)
    features = crf.sentence_features(s, ["o"] * len(s))
    assert len(features) == len(s)
    assert "w=sagte" in features[s.words.index("sagte")] and "lex=say|Speech" in features[s.words.index("sagte")]
    assert "inq=True" in features[1] and "inq=False" in features[s.words.index("sagte")]


def test_assemble_gives_each_quote_its_nearest_cue_and_speaker() -> None:
    """Two quotations in one sentence each take the CRF cue nearest to their quote, and the speaker by it."""
    sentence = Span(0, 100)
    first = Quotation(QuoteKind.DIRECT, (Span(0, 10),), cue=(Span(50, 55),), method="rule:direct")
    second = Quotation(QuoteKind.DIRECT, (Span(80, 100),), method="rule:direct")
    found = {crf.CUE: [Span(12, 17), Span(70, 75)], crf.SPEAKER: [Span(18, 25), Span(60, 68)], crf.QUOTE: []}
    a, b = crf.assemble([first, second], [sentence], [found])
    assert a.cue == (Span(12, 17),) and a.speaker == (Span(18, 25),)
    assert b.cue == (Span(70, 75),) and b.speaker == (Span(60, 68),)
    assert a.frame == (Span(12, 25),) and a.method == "rule:direct+crf"


def test_assemble_keeps_the_rules_where_the_crf_finds_nothing() -> None:
    """Without CRF spans in its sentences a quotation keeps the rule's cue and speaker."""
    q = Quotation(QuoteKind.INDIRECT, (Span(0, 10),), cue=(Span(12, 17),), speaker=(Span(18, 25),))
    empty: dict[str, list[Span]] = {crf.CUE: [], crf.SPEAKER: [], crf.QUOTE: []}
    (out,) = crf.assemble([q], [Span(0, 30)], [empty])
    assert out.cue == q.cue and out.speaker == q.speaker


def test_missing_model_is_a_model_error(tmp_path: Path) -> None:
    """A missing model file names itself as a ModelError."""
    with pytest.raises(ModelError, match="attribution model"):
        crf.QuoteTagger(tmp_path / "absent.crfsuite")


def test_shipped_model_tags_a_direct_quote() -> None:
    """With the shipped model the direct quote keeps its span and gets cue "sagte" and the mayor as speaker."""
    model = _model()
    article = Article(TEXT, (Block(BlockLabel.PARAGRAPH, Span(0, len(TEXT))),), ArticleMeta())
    (q,) = crf.find_quotations_crf(article, analyze_language(article, profile="fast"), model=model)
    assert TEXT[q.quote[0].start : q.quote[0].end] == "„Wir bauen die Brücke im Frühjahr“"
    assert [TEXT[p.start : p.end] for p in q.cue] == ["sagte"]
    assert "Wiegand" in " ".join(TEXT[p.start : p.end] for p in q.speaker)


def test_model_provenance() -> None:
    """The sidecar names data, licence, date, command and dev scores; the model stays small."""
    model = _model()
    sidecar = json.loads(model.with_suffix(".json").read_text(encoding="utf-8"))
    assert {"data", "licences", "date", "command", "dev_scores"} <= set(sidecar)
    assert "CC BY-NC-SA 4.0" in sidecar["licences"]
    assert model.stat().st_size < 10_000_000


def test_reference_article_with_the_crf() -> None:
    """The reference article through the default extractor: Express, Arestovich (erklärte + so), Generalstab."""
    _model()
    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article absent: {path}")
    text = path.read_text(encoding="utf-8")
    article = label_text(text, Provenance(source=str(path), kind="text"))
    found = find_quotations(article, analyze_language(article, profile="fast"))

    def join(spans: tuple[Span, ...]) -> str:
        return " | ".join(text[s.start : s.end] for s in spans)

    rows = {(str(q.kind), join(q.cue), join(q.speaker)): join(q.quote) for q in found}
    assert any(cue.endswith("berichtet") and speaker == 'der britische "Express"' for _, cue, speaker in rows)
    assert ("Indirect", "schreibt", "das britische Online-Portal") in rows
    assert ("Indirect", "erklärte", "der ukrainische Generalstab") in rows
    arestovich = [k for k in rows if k[:2] == ("Indirect", "erklärte") and k[2].startswith("Aleksey Arestovich")]
    assert arestovich and rows[arestovich[0]] == "dass die abtrünnigen Russen sehr gut kämpfen würden"
    assert rows[("Direct", "so", "Arestovich")].startswith('"Es sind mehrere Dutzend')
    assert all(q.method.endswith("+crf") or q.method.startswith("crf:") for q in found)


def test_training_writes_a_loadable_model(tmp_path: Path) -> None:
    """A few dev documents give labelled sequences; the fitted model loads and tags cues in them."""
    from newsaudit.attribution.train import fit_crf, quote_sequences
    from newsaudit.evaluate.data import data_root

    folder = data_root() / "quotes-de" / "dev"
    if not folder.is_dir():
        pytest.skip(f"public data absent: {folder}")
    sequences = quote_sequences(folder, limit=3)
    assert sequences and all(len(f) == len(y) for f, y in sequences)
    assert any("B-C" in y for _, y in sequences) and any("B-S" in y for _, y in sequences)
    path = tmp_path / "tiny.crfsuite"
    fit_crf(sequences, path, iterations=20)
    tagged = [tag for features, _ in sequences for tag in crf.QuoteTagger(path).tag(features)]
    assert "B-C" in tagged


def test_attribution_stage_version_names_the_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dossier's stage version says whether the CRF ran or the rules alone answered."""
    from newsaudit.attribution import extract
    from newsaudit.stages.attribution import VERSION_LEARNED, VERSION_RULES, AttributionStage

    assert AttributionStage("fast").version == (VERSION_LEARNED if extract.uses_learned_model() else VERSION_RULES)
    monkeypatch.setattr(extract, "LEARNED", False)
    assert AttributionStage("fast").version == VERSION_RULES
