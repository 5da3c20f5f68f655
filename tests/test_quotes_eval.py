"""The quotes-de loader and scorer: gold against itself, hand-made cases with known numbers, the dev floors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsaudit.attribution.types import Medium, Quotation, QuoteKind
from newsaudit.errors import DataError, ModelError
from newsaudit.evaluate.data import data_root
from newsaudit.evaluate.quotes import format_table, gold_as_predictions, predict, run_quotes_eval, score_quotes
from newsaudit.evaluate.quotes_data import GoldQuotation, QuotesDoc, article_of, load_quotes, parse_document
from newsaudit.types import BlockLabel, Span

# "Er sagte , es regne . Sie meinte , es schneie ." : ten one-character-apart tokens we can count by hand
TEXT = "Er sagte , es regne . Sie meinte , es schneie ."


def _tokens(text: str) -> tuple[Span, ...]:
    spans, position = [], 0
    for word in text.split(" "):
        spans.append(Span(position, position + len(word)))
        position += len(word) + 1
    return tuple(spans)


def _at(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def _gold(quote: str, cue: str, speaker: str, kind: str = "Indirect", medium: str = "Speech") -> GoldQuotation:
    return GoldQuotation(kind, medium, (_at(TEXT, quote),), (_at(TEXT, cue),), (), (_at(TEXT, speaker),), ())


def _pred(quote: tuple[str, ...], cue: str, speaker: str, kind: QuoteKind = QuoteKind.INDIRECT) -> Quotation:
    return Quotation(
        kind=kind,
        quote=tuple(_at(TEXT, q) for q in quote),
        cue=(_at(TEXT, cue),),
        speaker=(_at(TEXT, speaker),),
        medium=Medium.SPEECH,
    )


DOC = QuotesDoc(
    "doc",
    TEXT,
    _tokens(TEXT),
    (_gold("es regne", "sagte", "Er"), _gold("es schneie", "meinte", "Sie")),
)


def test_gold_scores_one_against_itself() -> None:
    """The gold annotations scored as predictions give 1.0 for every role present and exact spans."""
    scores = score_quotes([DOC], gold_as_predictions([DOC]))
    for role in ("quote", "cue", "speaker"):
        assert scores[f"{role}.f1"] == 1.0
        assert scores[f"{role}.exact"] == 1.0
    assert scores["type.Indirect.quote.f1"] == 1.0
    assert scores["addressee.f1"] == 0.0  # no addressee in gold or prediction: undefined, reported as 0


def test_missed_quote_halves_recall() -> None:
    """Predicting one of two quotes correctly: precision 1, recall 1/2 on every role."""
    scores = score_quotes([DOC], {"doc": (_pred(("es regne",), "sagte", "Er"),)})
    assert scores["quote.p"] == 1.0
    assert scores["quote.r"] == 0.5
    assert scores["speaker.r"] == 0.5
    assert scores["matched"] == 1.0


def test_split_quote_counts_the_unmatched_half_as_false_positive() -> None:
    """A gold quote predicted as two pieces: one piece matches, the other is a false positive."""
    pieces = (_pred(("es",), "sagte", "Er"), _pred(("regne",), "sagte", "Er"))
    doc = QuotesDoc("doc", TEXT, DOC.tokens, DOC.quotations[:1])
    scores = score_quotes([doc], {"doc": pieces})
    # one-to-one matching: only the first piece counts, the second is a false positive although it lies in gold
    assert scores["quote.p"] == 0.5
    assert scores["quote.r"] == 0.5
    assert scores["cue.p"] == 0.5 and scores["cue.r"] == 1.0
    assert scores["quote.exact"] == 0.0


def test_wrong_speaker_costs_only_speaker() -> None:
    """Right quote and cue with the wrong speaker: quote and cue 1.0, speaker 0.0."""
    predicted = (_pred(("es regne",), "sagte", "Sie"), _pred(("es schneie",), "meinte", "Er"))
    scores = score_quotes([DOC], {"doc": predicted})
    assert scores["quote.f1"] == 1.0
    assert scores["cue.f1"] == 1.0
    assert scores["speaker.f1"] == 0.0


def test_type_slices_need_the_type_to_agree() -> None:
    """A Direct prediction on an Indirect gold quote scores overall but not in the Indirect row."""
    predicted = (_pred(("es regne",), "sagte", "Er", QuoteKind.DIRECT),)
    doc = QuotesDoc("doc", TEXT, DOC.tokens, DOC.quotations[:1])
    scores = score_quotes([doc], {"doc": predicted})
    assert scores["quote.f1"] == 1.0
    assert scores["type.Indirect.quote.r"] == 0.0
    assert scores["type.Direct.quote.p"] == 0.0


def test_parse_document_reads_spans_and_tokens() -> None:
    """The loader keeps discontinuous spans per role and token offsets in originalText coordinates."""
    raw = {
        "originalText": "Das sei , so er , gut .",
        "sentences": [{"charBegin": 0, "tokens": ["Das", "sei", ",", "so", "er", ",", "gut", "."]}],
        "annotations": [
            {
                "type": "Indirect",
                "medium": "Speech",
                "quote": {"spans": [{"charBegin": 0, "charEnd": 7}, {"charBegin": 18, "charEnd": 21}]},
                "cue": {"spans": [{"charBegin": 9, "charEnd": 11}]},
                "speaker": {"spans": [{"charBegin": 12, "charEnd": 14}]},
                "frame": {"spans": []},
                "addressee": {"spans": []},
            }
        ],
    }
    doc = parse_document("x", raw)
    (quotation,) = doc.quotations
    assert [doc.text[s.start : s.end] for s in quotation.quote] == ["Das sei", "gut"]
    assert quotation.addressee == ()
    assert [doc.text[s.start : s.end] for s in doc.tokens][:3] == ["Das", "sei", ","]
    article = article_of(doc)
    assert article.text == doc.text and article.blocks[0].label == BlockLabel.PARAGRAPH


def test_bad_input_is_a_data_error(tmp_path: Path) -> None:
    """A missing folder or a broken document is a DataError with the path, not a traceback."""
    with pytest.raises(DataError):
        load_quotes(tmp_path / "absent")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.json"):
        load_quotes(tmp_path)
    with pytest.raises(DataError):
        parse_document("x", {"originalText": "a"})


def test_unknown_profile_is_a_model_error() -> None:
    """A profile without an attribution model is a ModelError, not a traceback."""
    with pytest.raises(ModelError, match="nonsense"):
        predict([DOC], profile="nonsense")


def test_table_lists_every_slice() -> None:
    """The printed table has the overall row, a row per type and per medium, and the exact-span block."""
    table = format_table(score_quotes([DOC], gold_as_predictions([DOC])))
    for label in ("all", "type Direct", "type IndirectFreeIndirect", "medium SW", "exact-span"):
        assert label in table


def _dev() -> Path:
    folder = data_root() / "quotes-de" / "dev"
    if not folder.is_dir():
        pytest.skip(f"public data absent: {folder}")
    return folder


def test_gold_against_itself_on_dev() -> None:
    """On real dev documents (nested, discontinuous) the gold scores 1.0 against itself."""
    docs = load_quotes(_dev(), limit=20)
    scores = score_quotes(docs, gold_as_predictions(docs))
    assert scores["quote.f1"] == 1.0 and scores["cue.f1"] == 1.0 and scores["speaker.f1"] == 1.0


# Floors a little below what the fast profile (rules + CRF cue/speaker tagger) measures on the whole dev split
# on 2026-11-25: quote 0.742, cue 0.700, speaker 0.615, Direct quote 0.894 (`newsaudit eval quotes --profile
# fast`; before the span conventions, re-framing and lexicon additions of that day 0.731/0.688/0.589/0.894);
# the rules alone measured 0.703/0.653/0.531/0.894. On 2026-11-26, with reported-speech sentences, more reporting
# verbs, the addressee step and governed objects as reported speech: 0.758 / 0.711 / 0.625 / 0.894, addressee 0.351;
# later that day, with more span conventions and speaker steps (conventions.py, speaker_steps.py):
# 0.759 / 0.715 / 0.634; then (nested cues, continued and object speakers, near fill for free indirect speech)
# 0.759 / 0.722 / 0.657 / 0.905, addressee 0.367. The speaker floor is issue 4's target, reached.
QUOTE_F1_FLOOR = 0.74
CUE_F1_FLOOR = 0.71
SPEAKER_F1_FLOOR = 0.65
DIRECT_F1_FLOOR = 0.88
ADDRESSEE_F1_FLOOR = 0.33


def test_fast_profile_floors_on_dev() -> None:
    """The fast extractor keeps its dev token F1 for quote, cue, speaker and direct quotes."""
    out = io.StringIO()
    scores = run_quotes_eval(_dev(), out=out, profile="fast")
    assert "type Direct" in out.getvalue()
    assert scores["quote.f1"] >= QUOTE_F1_FLOOR
    assert scores["cue.f1"] >= CUE_F1_FLOOR
    assert scores["speaker.f1"] >= SPEAKER_F1_FLOOR
    assert scores["type.Direct.quote.f1"] >= DIRECT_F1_FLOOR
    assert scores["addressee.f1"] >= ADDRESSEE_F1_FLOOR
