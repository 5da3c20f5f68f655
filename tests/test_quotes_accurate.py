"""The accurate attribution profile: the numpy head, its decoding into quotations, dev floors, the reference."""

from __future__ import annotations

import itertools
import json
from functools import cache

import numpy as np
import pytest

from newsaudit.attribution.accurate import (
    LABELS,
    MODEL_PATH,
    AccurateTagger,
    allowed_transitions,
    is_available,
    tags_to_quotations,
    viterbi,
    windows,
)
from newsaudit.attribution.types import Quotation, QuoteKind
from newsaudit.evaluate.data import data_root, reference_article
from newsaudit.ingest import load_document
from newsaudit.pipeline import run_stages
from newsaudit.stages.attribution import VERSION_ACCURATE, Attribution, AttributionStage, attribute
from newsaudit.stages.language import LanguageStage
from newsaudit.stages.structure import StructureStage
from newsaudit.types import Article, ArticleMeta, Block, BlockLabel, Language, Span

needs_model = pytest.mark.skipif(not is_available(), reason="models/quotes_accurate.npz not trained")

# Floors on quotes-de dev (150 documents), a little under the shipped model's measured figures
# (models/quotes_accurate.json, 2026-11-26, four heads: quote .813, cue .757, speaker .690, Direct .927, Indirect
# .850, addressee .313; with the shared speaker steps of the same day speaker .700, addressee .333; issue 4 asks
# .80/.80/.75/.90/.80, so cue and speaker do not reach it). The subset floors hold
# on the first SUBSET documents (45 quotations, so the margin is wider).
SUBSET = 12
SUBSET_FLOORS = {"quote.f1": 0.80, "cue.f1": 0.70, "speaker.f1": 0.64}
DEV_FLOORS = {
    "quote.f1": 0.79,
    "cue.f1": 0.73,
    "speaker.f1": 0.68,
    "addressee.f1": 0.30,
    "type.Direct.quote.f1": 0.90,
    "type.Indirect.quote.f1": 0.82,
}


def _language(text: str) -> tuple[Article, Language]:
    """One paragraph of ``text`` through the accurate language layer (short texts: no structure labeller)."""
    from newsaudit.language import analyze_language

    body = text.rstrip("\n")
    block = Block(BlockLabel.PARAGRAPH, Span(0, len(body)), 1.0, "test")
    article = Article(text=text, blocks=(block,), meta=ArticleMeta())
    return article, analyze_language(article, profile="accurate")


def _tags(language: Language, text: str, roles: dict[str, str]) -> list[str]:
    """BIO tags for ``language.tokens`` from a word -> role map (consecutive tokens of one role continue)."""
    tags: list[str] = []
    previous = ""
    for token in language.tokens:
        role = roles.get(text[token.span.start : token.span.end], "")
        tags.append("O" if not role else ("I-" if role == previous else "B-") + role)
        previous = role
    return tags


def test_viterbi_never_starts_a_span_with_inside() -> None:
    """An I- tag is only reachable after B- or I- of its role, whatever the scores say."""
    allowed = allowed_transitions(LABELS)
    scores = np.full((3, len(LABELS)), -5.0, dtype=np.float32)
    scores[:, LABELS.index("I-C")] = 0.0  # the model "wants" I-C everywhere
    scores[0, LABELS.index("O")] = -1.0
    path = [LABELS[i] for i in viterbi(scores, allowed)]
    assert path[0] != "I-C" and all(b != "I-C" or a in ("B-C", "I-C") for a, b in itertools.pairwise(path))


def test_windows_cover_every_sentence_in_order() -> None:
    """Windows are whole consecutive sentences, at most the limit unless one sentence is longer."""
    _, language = _language("Er kam. Sie ging heute nach Hause. Es regnete. Dann war es still.\n")
    cut = windows(language, limit=6)
    assert cut[0][0] == 0 and cut[-1][1] == len(language.tokens)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cut))
    assert all(
        end - start <= 6 or (start, end) in [(s.token_start, s.token_end) for s in language.sentences]
        for start, end in cut
    )


def test_tags_become_one_quotation_with_cue_and_speaker() -> None:
    """Quote, cue and speaker tags of a sentence make one indirect quotation with its frame."""
    text = "Der Minister sagte, die Lage sei ernst.\n"
    _article, language = _language(text)
    roles = {"Minister": "S", "Der": "S", "sagte": "C", "die": "Indirect", "Lage": "Indirect", "sei": "Indirect"}
    roles["ernst"] = "Indirect"
    tags = _tags(language, text, roles)
    found = tags_to_quotations(text, language, tags, np.ones(len(tags), dtype=np.float32))
    assert len(found) == 1
    q = found[0]
    assert q.kind is QuoteKind.INDIRECT
    assert [text[s.start : s.end] for s in q.quote] == ["die Lage sei ernst"]
    assert [text[s.start : s.end] for s in q.cue] == ["sagte"]
    assert [text[s.start : s.end] for s in q.speaker] == ["Der Minister"]


def test_free_indirect_speech_takes_the_previous_speaker_and_no_cue() -> None:
    """A cueless free indirect quotation after an attributed one inherits its speaker; cues go to indirect ones."""
    text = "Die Ärztin sagte, es gehe ihm besser. Er könne bald nach Hause.\n"
    _article, language = _language(text)
    roles = {"Die": "S", "Ärztin": "S", "sagte": "C", "es": "Indirect", "gehe": "Indirect", "ihm": "Indirect"}
    roles.update({"besser": "Indirect", "Er": "IndirectFreeIndirect", "könne": "IndirectFreeIndirect"})
    roles.update({"bald": "IndirectFreeIndirect", "nach": "IndirectFreeIndirect", "Hause": "IndirectFreeIndirect"})
    tags = _tags(language, text, roles)
    found = tags_to_quotations(text, language, tags, np.ones(len(tags), dtype=np.float32))
    kinds = [q.kind for q in found]
    assert kinds == [QuoteKind.INDIRECT, QuoteKind.INDIRECT_FREE_INDIRECT]
    assert found[1].speaker == found[0].speaker and not found[1].cue


def test_a_direct_quote_nested_in_indirect_speech_shares_its_frame() -> None:
    """The rules' direct quote inside a tagged indirect quote becomes a nested direct quotation."""
    text = "Der Richter sagte, der Mann habe „bewusst und gewollt“ gehandelt.\n"
    _article, language = _language(text)
    quote_words = ["der", "Mann", "habe", "„", "bewusst", "und", "gewollt", "“", "gehandelt"]
    roles = {"Der": "S", "Richter": "S", "sagte": "C", **dict.fromkeys(quote_words, "Indirect")}
    tags = _tags(language, text, roles)
    start = text.index("„")
    rule = Quotation(QuoteKind.DIRECT, (Span(start, text.index("“") + 1),))
    found = tags_to_quotations(text, language, tags, np.ones(len(tags), dtype=np.float32), (rule,))
    direct = [q for q in found if q.kind is QuoteKind.DIRECT]
    assert len(direct) == 1 and direct[0].cue == found[0].cue and direct[0].speaker == found[0].speaker


@needs_model
def test_numpy_lstm_matches_torch() -> None:
    """The numpy BiLSTM of the shipped head gives torch's outputs for the same weights (export convention)."""
    torch = pytest.importorskip("torch")
    tagger = AccurateTagger(MODEL_PATH)
    w_ih, w_hh, bias = tagger.heads[0].forward_weights
    hidden = w_hh.shape[0]
    lstm = torch.nn.LSTM(w_ih.shape[0], hidden, batch_first=True)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(w_ih.T.copy()))
        lstm.weight_hh_l0.copy_(torch.from_numpy(w_hh.T.copy()))
        lstm.bias_ih_l0.copy_(torch.from_numpy(bias))
        lstm.bias_hh_l0.zero_()
    x = np.random.default_rng(0).normal(size=(7, w_ih.shape[0])).astype(np.float32)
    from newsaudit.attribution.accurate import _lstm

    expected = lstm(torch.from_numpy(x)[None])[0][0].detach().numpy()
    assert np.allclose(_lstm(x, w_ih, w_hh, bias), expected, atol=1e-4)


@needs_model
def test_shipped_model_is_small_and_documents_its_provenance() -> None:
    """The artefact stays under 10 MB and its sidecar names data, date, command and dev scores."""
    assert MODEL_PATH.stat().st_size < 10_000_000
    sidecar = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["command"] == "newsaudit train quotes --profile accurate"
    assert "quotes-de/train" in sidecar["data"] and sidecar["date"]
    assert {"quote.f1", "cue.f1", "speaker.f1"} <= set(sidecar["dev_scores"])


def _dev_scores(limit: int | None) -> dict[str, float]:
    from newsaudit.evaluate.quotes import predict, score_quotes
    from newsaudit.evaluate.quotes_data import load_quotes

    folder = data_root() / "quotes-de" / "dev"
    if not folder.is_dir():
        pytest.skip(f"quotes-de dev not found at {folder} (../shared/data is absent)")
    docs = load_quotes(folder, limit=limit)
    return score_quotes(docs, predict(docs, profile="accurate"))


@needs_model
def test_accurate_profile_floor_on_a_dev_subset() -> None:
    """On the first dev documents the accurate profile keeps its quote, cue and speaker floors."""
    scores = _dev_scores(SUBSET)
    for key, floor in SUBSET_FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.3f} < {floor}"


@pytest.mark.slow
@needs_model
def test_accurate_profile_floor_on_dev() -> None:
    """On all of quotes-de dev the accurate profile keeps its floors (issue 4 targets where reached)."""
    scores = _dev_scores(None)
    for key, floor in DEV_FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.3f} < {floor}"


@cache
def _reference_attribution() -> tuple[str, Attribution]:
    from newsaudit.encoder import encode_article

    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article not found at {path} (../shared/examples is absent)")
    # structure and language only: the later stages of the accurate profile are not needed here
    result = run_stages([StructureStage(), LanguageStage("accurate")], {"document": load_document(path, kind="text")})
    article, language = result.annotations["article"], result.annotations["language"]
    assert isinstance(article, Article) and isinstance(language, Language)
    return article.text, attribute(article, language, encode_article(article, language))


def _text(text: str, spans: tuple[Span, ...]) -> str:
    return " … ".join(text[s.start : s.end] for s in spans)


@needs_model
def test_reference_article_quotations_in_the_accurate_profile() -> None:
    """Arestovich: indirect speech with cue "erklärte", the direct quote with cue "so" and his speaker span."""
    text, result = _reference_attribution()
    quotations = result.quotations
    assert all(q.method.startswith("encoder:") for q in quotations)
    indirect = [q for q in quotations if q.kind is QuoteKind.INDIRECT and _text(text, q.cue) == "erklärte"]
    assert "dass die abtrünnigen Russen sehr gut kämpfen würden" in [_text(text, q.quote) for q in indirect]
    direct = [
        q
        for q in quotations
        if q.kind is QuoteKind.DIRECT and _text(text, q.quote).strip("„“\"'»«").startswith("Es sind mehrere Dutzend")
    ]
    assert len(direct) == 1
    assert _text(text, direct[0].cue) == "so" and _text(text, direct[0].speaker) == "Arestovich"


@needs_model
def test_reference_article_sources_and_hedge_in_the_accurate_profile() -> None:
    """Express and the general staff are sources, "offenbar" hedges, and speakers resolve to full mentions."""
    text, result = _reference_attribution()
    actors = {
        _text(text, q.speaker): text[a.start : a.end]
        for q, a in zip(result.quotations, result.speaker_actors, strict=True)
        if q.speaker and a is not None
    }
    assert actors["Arestovich"].startswith("Aleksey Arestovich, Berater des Büroleiters")
    assert any("Express" in _text(text, (m.source,)) for m in result.source_mentions)
    general_staff = [q for q in result.quotations if "Generalstab" in _text(text, q.speaker)]
    assert general_staff and _text(text, general_staff[0].cue) == "erklärte"
    offenbar = text.index("sind offenbar")
    hedged = [s for s in result.sentences if any(h.start <= offenbar + 5 < h.end for h in s.hedges)]
    assert hedged and hedged[0].status.value == "hedged"


@needs_model
def test_stage_runs_the_encoder_head_when_an_encoding_is_present() -> None:
    """AttributionStage("accurate") uses the head with an ``encoding`` annotation and says so in its version."""
    from newsaudit.encoder import encode_article

    article, language = _language("Der Minister sagte, die Lage sei ernst.\n")
    stage = AttributionStage("accurate")
    result = stage.run({"article": article, "language": language, "encoding": encode_article(article, language)})
    assert stage.version == VERSION_ACCURATE
    assert all(q.method.startswith("encoder:") for q in result.quotations)
    fast = AttributionStage("fast")
    fast.run({"article": article, "language": language, "encoding": encode_article(article, language)})
    assert fast.version != VERSION_ACCURATE
