"""One shared encoder pass per article: token states for the language layer's tokens and sentence vectors.

``encode_article`` runs the e5 encoder once over every sentence of the language layer (``passage: `` prefix,
as e5 was trained; sentences sorted by length and batched to limit padding) and keeps, for each layer asked
for, one state per language-layer token (the state of the first piece that overlaps the token: the usual
choice for token classification) and one mean-pooled, L2-normalised vector per sentence. NER, attribution
and claims call it with the layers they need; the last encoding is kept, so stages of one article share one
pass as long as the first call asked for every layer the later ones need (``ACCURATE_LAYERS`` does).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..types import Article, Language
from .modelfile import FloatArray
from .transformer import Encoder, get_encoder

PASSAGE_PREFIX = "passage: "
BATCH_SENTENCES = 8  # sentences per forward pass: 8 sorted by length kept padding under ~5% on news text
# The layers the accurate profile's heads read (the NER head mixes 3..8, entities/train_accurate.py); stopping
# at layer 8 instead of 12 saves a third of the pass (374 vs 541 ms for 30 sentences x 28 pieces, one core).
ACCURATE_LAYERS = (3, 4, 5, 6, 7, 8)


@dataclass(frozen=True)
class SentenceStates:
    """Encoder states of one pre-tokenised text: per layer, ``(tokens, hidden)``; its mean-pooled vector."""

    tokens: Mapping[int, FloatArray]
    vector: FloatArray


@dataclass(frozen=True)
class ArticleEncoding:
    """Encoder states for the language layer: per layer, one row per ``Language.tokens`` entry, and sentence vectors.

    ``tokens[layer][i]`` belongs to ``language.tokens[i]``; ``sentences[j]`` to ``language.sentences[j]``
    (mean over the pieces of the deepest layer computed, L2-normalised: e5's passage embedding when that is 12).
    """

    layers: tuple[int, ...]
    tokens: Mapping[int, FloatArray] = field(repr=False)
    sentences: FloatArray = field(repr=False)

    def token_features(self, layers: Sequence[int]) -> FloatArray:
        """The mean of the given layers' token states, ``(tokens, hidden)``."""
        stacked = np.stack([self.tokens[layer] for layer in layers])
        out: FloatArray = stacked.mean(axis=0)
        return out


def encode_token_spans(
    texts: Sequence[str],
    token_spans: Sequence[Sequence[tuple[int, int]]],
    layers: Sequence[int],
    *,
    encoder: Encoder | None = None,
) -> list[SentenceStates]:
    """Encode each text (one sentence each) and pool its pieces onto the given ``(start, end)`` token spans."""
    model = encoder or get_encoder()
    tokeniser = model.tokeniser
    wanted = tuple(sorted(set(layers)))
    windows: list[list[int]] = []  # piece ids with <s> ... </s>
    owners: list[int] = []  # which text each window belongs to
    piece_spans: list[tuple[list[int], list[int]]] = []  # per text: piece starts/ends in text coordinates
    max_content = model.dims.max_positions - 2
    prefix = len(PASSAGE_PREFIX)
    for number, text in enumerate(texts):
        pieces = tokeniser.encode(PASSAGE_PREFIX + text)
        starts = [s - prefix for s in pieces.starts]
        ends = [e - prefix for e in pieces.ends]
        piece_spans.append((starts, ends))
        ids = list(pieces.ids)
        # A sentence longer than the encoder's 512 positions is run in consecutive windows (rare in news).
        for first in range(0, max(len(ids), 1), max_content):
            windows.append([tokeniser.bos, *ids[first : first + max_content], tokeniser.eos])
            owners.append(number)
    order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
    window_states: dict[int, dict[int, FloatArray]] = {}
    for batch_start in range(0, len(order), BATCH_SENTENCES):
        batch = order[batch_start : batch_start + BATCH_SENTENCES]
        states, _ = model.hidden_states([windows[i] for i in batch], wanted)
        for row, window in enumerate(batch):
            size = len(windows[window])
            window_states[window] = {layer: states[layer][row, :size] for layer in wanted}
    results: list[SentenceStates] = []
    deepest = wanted[-1]
    hidden = model.dims.hidden
    for number in range(len(texts)):
        mine = [i for i, owner in enumerate(owners) if owner == number]
        # Content pieces of all windows in order (without <s>/</s>), and every position for the mean.
        content = {layer: np.concatenate([window_states[i][layer][1:-1] for i in mine]) for layer in wanted}
        total = sum(window_states[i][deepest].sum(axis=0) for i in mine)
        count = sum(window_states[i][deepest].shape[0] for i in mine)
        vector = np.asarray(total, dtype=np.float32) / max(count, 1)
        vector /= max(float(np.linalg.norm(vector)), 1e-12)
        starts, ends = piece_spans[number]
        index = first_pieces(starts, ends, token_spans[number])
        tokens: dict[int, FloatArray] = {}
        for layer in wanted:
            padded = np.concatenate([content[layer], np.zeros((1, hidden), dtype=np.float32)])
            tokens[layer] = padded[index]
        results.append(SentenceStates(tokens, vector.astype(np.float32)))
    return results


def first_pieces(starts: Sequence[int], ends: Sequence[int], token_spans: Sequence[tuple[int, int]]) -> list[int]:
    """For each token span, the index of the first piece overlapping it (-1 when none does: the token gets zeros).

    Pieces and tokens are both in text order and pieces do not overlap, so one forward sweep suffices; a piece
    spanning two tokens (``“.``) serves both.
    """
    chosen: list[int] = []
    cursor = 0
    n = len(starts)
    for start, end in token_spans:
        while cursor < n and ends[cursor] <= start:
            cursor += 1
        chosen.append(cursor if cursor < n and starts[cursor] < end else -1)
    return chosen


_LAST: list[tuple[Article, Language, ArticleEncoding]] = []
_LAST_LOCK = threading.Lock()


def encode_article(
    article: Article, language: Language, layers: Sequence[int] = ACCURATE_LAYERS, *, encoder: Encoder | None = None
) -> ArticleEncoding:
    """Encoder states for every token and sentence of ``language``.

    The last article's encoding is reused when it is the same ``article`` and ``language`` objects and covers
    ``layers``; so NER and attribution of one article share one pass.
    """
    wanted = tuple(sorted(set(layers)))
    with _LAST_LOCK:
        for cached_article, cached_language, encoding in _LAST:
            if cached_article is article and cached_language is language and set(wanted) <= set(encoding.layers):
                return encoding
    hidden = (encoder or get_encoder()).dims.hidden
    texts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    for sentence in language.sentences:
        base = sentence.span.start
        texts.append(article.text[base : sentence.span.end])
        spans.append([(t.span.start - base, t.span.end - base) for t in language.tokens_of(sentence)])
    token_rows = {layer: np.zeros((len(language.tokens), hidden), dtype=np.float32) for layer in wanted}
    vectors = np.zeros((len(language.sentences), hidden), dtype=np.float32)
    if texts:
        encoded = encode_token_spans(texts, spans, wanted, encoder=encoder)
        for sentence, states, number in zip(language.sentences, encoded, range(len(texts)), strict=True):
            vectors[number] = states.vector
            for layer in wanted:
                token_rows[layer][sentence.token_start : sentence.token_end] = states.tokens[layer]
    encoding = ArticleEncoding(wanted, token_rows, vectors)
    with _LAST_LOCK:
        _LAST.clear()
        _LAST.append((article, language, encoding))
    return encoding
