"""One shared encoder pass per article: token states for the language layer's tokens and sentence vectors.

``encode_article`` runs the e5 encoder once over every sentence of the language layer (``passage: `` prefix,
as e5 was trained; sentences sorted by length and batched to limit padding) and keeps, for each layer asked
for, one state per language-layer token (the state of the first piece that overlaps the token: the usual
choice for token classification), and per sentence the mean-pooled state of every layer in ``POOLED_LAYERS``.
Attribution and NER read the token states; consistency and the claim classifiers read the sentence vectors
(``claims.sentence_vectors``), so an article costs one pass whatever the number of stages that use it. The pass
stops at layer 8: every head reads layers <= 8, and layers 9-12 would cost half as much again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..types import Article, Language
from .modelfile import FloatArray
from .transformer import Encoder, get_encoder

HalfArray = npt.NDArray[np.float16]

PASSAGE_PREFIX = "passage: "
BATCH_SENTENCES = 8  # sentences per forward pass: 8 sorted by length kept padding under ~5% on news text
# The layers whose token states the accurate profile's heads read: the NER heads mix 3..8
# (entities/train_accurate.py), the attribution heads 4..8.
ACCURATE_LAYERS = tuple(range(3, 9))
# Layers kept mean-pooled per sentence: all those the pass computes, so that a sentence classifier may read any
# (384 floats per layer and sentence). The claim classifiers and consistency read layer 7.
POOLED_LAYERS = tuple(range(1, 9))


@dataclass(frozen=True)
class SentenceStates:
    """Encoder states of one pre-tokenised text: per token layer ``(tokens, hidden)``; per pooled layer its mean
    state over all pieces (specials and prefix included, as e5 pools); ``vector``: the deepest layer's mean,
    L2-normalised (e5's passage embedding when that is layer 12)."""

    tokens: Mapping[int, FloatArray]
    vector: FloatArray
    pooled: Mapping[int, FloatArray] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleEncoding:
    """Encoder states for the language layer: per layer, one row per ``Language.tokens`` entry, and sentence vectors.

    ``tokens[layer][i]`` belongs to ``language.tokens[i]`` (float16: the heads were trained on float16 states, and
    it halves the largest allocation of the accurate profile on long articles); ``sentences[j]`` to
    ``language.sentences[j]``
    (mean over the pieces of the deepest layer computed, L2-normalised: e5's passage embedding when that is 12);
    ``pooled[layer][j]`` is sentence j's mean state of that layer; ``texts[j]`` the text that was encoded.
    """

    layers: tuple[int, ...]
    tokens: Mapping[int, HalfArray] = field(repr=False)
    sentences: FloatArray = field(repr=False)
    pooled: Mapping[int, FloatArray] = field(default_factory=dict, repr=False)
    texts: tuple[str, ...] = field(default=(), repr=False)

    def sentence_rows(self, texts: Sequence[str]) -> list[int | None]:
        """For each text, the row of an encoded sentence with exactly that text (``None`` when there is none)."""
        index = {text: row for row, text in enumerate(self.texts)}
        return [index.get(text) for text in texts]

    def token_features(self, layers: Sequence[int]) -> FloatArray:
        """The mean of the given layers' token states, ``(tokens, hidden)``."""
        out = np.zeros(self.tokens[layers[0]].shape, dtype=np.float32)
        for layer in layers:
            out += self.tokens[layer]
        out /= np.float32(len(layers))
        return out


def encode_token_spans(
    texts: Sequence[str],
    token_spans: Sequence[Sequence[tuple[int, int]]],
    layers: Sequence[int],
    *,
    pooled_layers: Sequence[int] = (),
    encoder: Encoder | None = None,
) -> list[SentenceStates]:
    """Encode each text (one sentence each) and pool its pieces onto the given ``(start, end)`` token spans.

    ``layers``: those whose token states are kept; ``pooled_layers``: those whose mean over the text is kept.
    """
    results: list[SentenceStates | None] = [None] * len(texts)
    for number, states in _encoded_texts(texts, token_spans, layers, pooled_layers, encoder or get_encoder()):
        results[number] = states
    return [states for states in results if states is not None]


def _encoded_texts(
    texts: Sequence[str],
    token_spans: Sequence[Sequence[tuple[int, int]]],
    layers: Sequence[int],
    pooled_layers: Sequence[int],
    model: Encoder,
) -> Iterator[tuple[int, SentenceStates]]:
    """``(text number, states)`` for each text as soon as all its windows are encoded (in no fixed order).

    Only what is kept leaves a batch (token-layer rows, per-layer sums), so memory grows with the token layers
    of the article, not with every layer of every piece.
    """
    tokeniser = model.tokeniser
    token_layers = tuple(sorted(set(layers)))
    pooled_wanted = tuple(sorted(set(pooled_layers)))
    wanted = tuple(sorted(set(token_layers) | set(pooled_wanted)))
    deepest = wanted[-1]
    summed = tuple(sorted(set(pooled_wanted) | {deepest}))
    hidden = model.dims.hidden
    windows: list[list[int]] = []  # piece ids with <s> ... </s>
    owners: list[int] = []  # which text each window belongs to
    piece_spans: list[tuple[list[int], list[int]]] = []  # per text: piece starts/ends in text coordinates
    max_content = model.dims.max_positions - 2
    prefix = len(PASSAGE_PREFIX)
    for number, text in enumerate(texts):
        pieces = tokeniser.encode(PASSAGE_PREFIX + text)
        piece_spans.append(([s - prefix for s in pieces.starts], [e - prefix for e in pieces.ends]))
        ids = list(pieces.ids)
        # A sentence longer than the encoder's 512 positions is run in consecutive windows (rare in news).
        for first in range(0, max(len(ids), 1), max_content):
            windows.append([tokeniser.bos, *ids[first : first + max_content], tokeniser.eos])
            owners.append(number)
    remaining = [0] * len(texts)
    for owner in owners:
        remaining[owner] += 1
    sums: dict[int, dict[int, FloatArray]] = {}  # per text: per summed layer, the sum over all its positions
    counts: dict[int, int] = {}
    content: dict[int, dict[int, dict[int, FloatArray]]] = {}  # per text: per window: per token layer, rows
    order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
    for batch_start in range(0, len(order), BATCH_SENTENCES):
        batch = order[batch_start : batch_start + BATCH_SENTENCES]
        states, _ = model.hidden_states([windows[i] for i in batch], wanted)
        for row, window in enumerate(batch):
            number, size = owners[window], len(windows[window])
            text_sums = sums.setdefault(number, {layer: np.zeros(hidden, dtype=np.float32) for layer in summed})
            for layer in summed:
                text_sums[layer] += states[layer][row, :size].sum(axis=0)
            counts[number] = counts.get(number, 0) + size
            # Copies, so that the batch's arrays are freed; without <s>/</s>.
            content.setdefault(number, {})[window] = {
                layer: states[layer][row, 1 : size - 1].copy() for layer in token_layers
            }
            remaining[number] -= 1
            if remaining[number] == 0:
                per_window = content.pop(number)
                count = max(counts.pop(number), 1)
                means = {layer: (total / count).astype(np.float32) for layer, total in sums.pop(number).items()}
                starts, ends = piece_spans[number]
                index = first_pieces(starts, ends, token_spans[number])
                tokens: dict[int, FloatArray] = {}
                for layer in token_layers:
                    padding = [np.zeros((1, hidden), dtype=np.float32)]
                    rows = np.concatenate([per_window[w][layer] for w in sorted(per_window)] + padding)
                    tokens[layer] = rows[index]
                vector = means[deepest] / max(float(np.linalg.norm(means[deepest])), 1e-12)
                pooled = {layer: means[layer] for layer in pooled_wanted}
                yield number, SentenceStates(tokens, vector.astype(np.float32), pooled)


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
    article: Article,
    language: Language,
    layers: Sequence[int] = ACCURATE_LAYERS,
    *,
    pooled_layers: Sequence[int] = POOLED_LAYERS,
    encoder: Encoder | None = None,
    reuse: bool = True,
) -> ArticleEncoding:
    """Encoder states for every token (of ``layers``) and sentence (of ``pooled_layers``) of ``language``.

    The last article's encoding is reused when it is the same ``article`` and ``language`` objects and covers
    ``layers`` and ``pooled_layers``; so the stages of one article share one pass. ``reuse=False`` always encodes
    (the bench times passes of different depths).
    """
    wanted = tuple(sorted(set(layers)))
    pooled_wanted = tuple(sorted(set(pooled_layers)))
    with _LAST_LOCK:
        for cached_article, cached_language, encoding in _LAST if reuse else ():
            if (
                cached_article is article
                and cached_language is language
                and set(wanted) <= set(encoding.layers)
                and set(pooled_wanted) <= set(encoding.pooled)
            ):
                return encoding
        _LAST.clear()  # the previous article's states can go before this pass allocates its own
    hidden = (encoder or get_encoder()).dims.hidden
    texts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    for sentence in language.sentences:
        base = sentence.span.start
        texts.append(article.text[base : sentence.span.end])
        spans.append([(t.span.start - base, t.span.end - base) for t in language.tokens_of(sentence)])
    token_rows = {layer: np.zeros((len(language.tokens), hidden), dtype=np.float16) for layer in wanted}
    vectors = np.zeros((len(language.sentences), hidden), dtype=np.float32)
    pooled = {layer: np.zeros((len(language.sentences), hidden), dtype=np.float32) for layer in pooled_wanted}
    if texts:
        model = encoder or get_encoder()
        for number, states in _encoded_texts(texts, spans, wanted, pooled_wanted, model):
            sentence = language.sentences[number]
            vectors[number] = states.vector
            for layer in wanted:
                token_rows[layer][sentence.token_start : sentence.token_end] = states.tokens[layer]
            for layer in pooled_wanted:
                pooled[layer][number] = states.pooled[layer]
    encoding = ArticleEncoding(wanted, token_rows, vectors, pooled, tuple(texts))
    with _LAST_LOCK:
        _LAST.clear()
        _LAST.append((article, language, encoding))
    return encoding
