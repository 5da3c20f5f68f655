"""German named entities of the accurate profile: BiLSTM heads over the shared e5 encoder pass (numpy only).

The model (``models/ner_accurate.npz``; provenance and held-out scores in ``models/ner_accurate.json``) is
trained by ``newsaudit train ner --profile accurate`` (``train_accurate.py``): one head or several that differ
in their layers or seeds (the shipped model: one head over layers 3..8). For each token of the language layer a head
reads the encoder states of the token's first piece in its layers (``ArticleEncoding``, computed once per
article and shared with the other accurate stages), mixes them with its learned layer weights, projects, runs
a one-layer BiLSTM and a tag layer; the heads' tag scores and CRF transition scores are averaged, and each
sentence is decoded with Viterbi under BIO constraints (``I-X`` only after ``B-X``/``I-X``). Types as the fast
profile: PER, ORG, LOC, OTH.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..encoder import ArticleEncoding, encode_article
from ..errors import ModelError
from ..model_cache import LoadedModels
from ..types import Article, Language, Span
from .conll import spans
from .ner import EntityMention

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "ner_accurate.npz"
METHOD = "encoder+head:accurate"
TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-OTH", "I-OTH")
FORBIDDEN = np.float32(-1e4)  # score of a transition that BIO does not allow
TAG_BATCH = 64  # sentences per batched BiLSTM run in evaluation

Floats = npt.NDArray[np.float32]
# Encoder states as the shared pass stores them (float16) or as evaluation computes them (float32).
States = npt.NDArray[np.floating[Any]]


def _allowed_transitions() -> tuple[Floats, Floats]:
    """(start scores, transition scores): 0 where BIO allows the step, ``FORBIDDEN`` where it does not."""
    n = len(TAGS)
    start = np.zeros(n, dtype=np.float32)
    step = np.zeros((n, n), dtype=np.float32)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            start[j] = FORBIDDEN
            for i, previous in enumerate(TAGS):
                if previous[2:] != tag[2:]:
                    step[i, j] = FORBIDDEN
    return start, step


START, TRANSITIONS = _allowed_transitions()


class NerHead:
    """One trained head: layer mix (or concatenation), projection, BiLSTM and tag layer, as float32 numpy arrays."""

    def __init__(self, arrays: Mapping[str, npt.NDArray[Any]], source: Path) -> None:
        missing = {"layers", "mix", "project_w", "tag_w", "crf_transitions"} - set(arrays)
        if missing:
            raise ModelError(f"the accurate NER head {source} lacks {', '.join(sorted(missing))}; retrain it")
        self.layers: tuple[int, ...] = tuple(int(v) for v in arrays["layers"])
        w = {key: value.astype(np.float32) for key, value in arrays.items() if key != "layers"}
        self.mix = w["mix"]
        self.layer_mean, self.layer_std = w["layer_mean"], w["layer_std"]
        self.project_w, self.project_b = w["project_w"], w["project_b"]
        self.tag_w, self.tag_b = w["tag_w"], w["tag_b"]
        self.lstm = {d: (w[f"{d}_wx"], w[f"{d}_wh"], w[f"{d}_b"]) for d in ("forward", "backward")}
        # The CRF's learned scores on top of the fixed BIO constraints.
        self.start = START + w["crf_start"]
        self.transitions = TRANSITIONS + w["crf_transitions"]
        self.end = w["crf_end"]
        if self.tag_w.shape[1] != len(TAGS) or self.mix.shape[0] != len(self.layers):
            raise ModelError(f"the accurate NER head {source} does not match this version of newsaudit")

    @property
    def concatenates(self) -> bool:
        """Whether the head reads its layers side by side (projection input = layers x hidden) instead of mixed."""
        return bool(self.project_w.shape[0] == len(self.layers) * self.layer_mean.shape[-1])

    def mixed(self, per_layer: Sequence[States]) -> Floats:
        """The head's input rows: its layers, each standardised as in training, mixed with the learned weights
        ``(tokens, hidden)`` or, for a concatenating head, side by side ``(tokens, layers x hidden)``."""
        if self.concatenates:
            standardised = [
                (x.astype(np.float32) - m) / s
                for x, m, s in zip(per_layer, self.layer_mean, self.layer_std, strict=True)
            ]
            return np.concatenate(standardised, axis=1)
        out = np.zeros(per_layer[0].shape, dtype=np.float32)
        for weight, x, mean, std in zip(self.mix, per_layer, self.layer_mean, self.layer_std, strict=True):
            out += weight * (x.astype(np.float32) - mean) / std
        return out

    def emissions(self, sentences: Sequence[Floats]) -> list[Floats]:
        """Per sentence, per token, the CRF's emission scores over ``TAGS``; all sentences run as one padded batch."""
        lengths = [x.shape[0] for x in sentences]
        batch = np.zeros((len(sentences), max(lengths), self.project_w.shape[0]), dtype=np.float32)
        for row, x in enumerate(sentences):
            batch[row, : x.shape[0]] = x
        h = np.maximum(batch @ self.project_w + self.project_b, 0)
        forward = _lstm(h, *self.lstm["forward"])
        backward = _reverse(_lstm(_reverse(h, lengths), *self.lstm["backward"]), lengths)
        logits = np.concatenate([forward, backward], axis=2) @ self.tag_w + self.tag_b
        return [logits[row, :n] for row, n in enumerate(lengths)]


class NerModel:
    """The shipped model: one head or an ensemble of heads (each with its own layers) whose emission and CRF
    scores are averaged before decoding.

    The file holds either one head's arrays or ``heads`` = n and each head's arrays prefixed ``h<i>_``.
    """

    def __init__(self, path: Path) -> None:
        try:
            with np.load(path) as data:
                arrays = {key: data[key] for key in data.files}
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the accurate NER head {path}: {exc}") from exc
        count = int(arrays.pop("heads", 0))
        if count:
            prefixed = [
                {k[len(f"h{i}_") :]: v for k, v in arrays.items() if k.startswith(f"h{i}_")} for i in range(count)
            ]
            self.heads = [NerHead(head, path) for head in prefixed]
        else:
            self.heads = [NerHead(arrays, path)]
        self.layers: tuple[int, ...] = tuple(sorted({layer for head in self.heads for layer in head.layers}))
        self.start: Floats = np.mean([h.start for h in self.heads], axis=0).astype(np.float32)
        self.transitions: Floats = np.mean([h.transitions for h in self.heads], axis=0).astype(np.float32)
        self.end: Floats = np.mean([h.end for h in self.heads], axis=0).astype(np.float32)

    def tag(self, sentences: Sequence[Mapping[int, States]]) -> list[tuple[list[str], list[float]]]:
        """Per sentence (per layer of ``layers``, its token states ``(tokens, hidden)``), BIO tags and each tag's
        probability: the CRF's marginal probability of the chosen tag at that token (forward-backward)."""
        results: list[tuple[list[str], list[float]]] = [([], []) for _ in sentences]
        filled = [i for i, states in enumerate(sentences) if states[self.layers[0]].shape[0]]
        if not filled:
            return results
        total: list[Floats] | None = None
        for head in self.heads:
            emitted = head.emissions([head.mixed([sentences[i][layer] for layer in head.layers]) for i in filled])
            total = emitted if total is None else [a + b for a, b in zip(total, emitted, strict=True)]
        assert total is not None
        share = np.float32(1 / len(self.heads))
        for i, summed in zip(filled, total, strict=True):
            scores = summed * share
            path = viterbi(scores, self.start, self.transitions, self.end)
            probabilities = marginals(scores, self.start, self.transitions, self.end)
            results[i] = ([TAGS[k] for k in path], [float(probabilities[t, k]) for t, k in enumerate(path)])
        return results


def _reverse(x: Floats, lengths: Sequence[int]) -> Floats:
    """Each row's first ``length`` steps reversed in place of a copy (padding stays at the end)."""
    out = np.zeros_like(x)
    for row, n in enumerate(lengths):
        out[row, :n] = x[row, n - 1 :: -1] if n else x[row, :0]
    return out


def _lstm(x: Floats, wx: Floats, wh: Floats, b: Floats) -> Floats:
    """One LSTM direction over a batch ``(batch, steps, in)``; torch's gate order i, f, g, o.

    Padding comes after each sequence, so it never reaches the states of real steps.
    """
    size = wh.shape[0]
    gates_in = x @ wx + b
    h = np.zeros((x.shape[0], size), dtype=np.float32)
    c = np.zeros((x.shape[0], size), dtype=np.float32)
    out = np.empty((x.shape[0], x.shape[1], size), dtype=np.float32)
    for t in range(x.shape[1]):
        gates = gates_in[:, t] + h @ wh
        i = _sigmoid(gates[:, :size])
        f = _sigmoid(gates[:, size : 2 * size])
        g = np.tanh(gates[:, 2 * size : 3 * size])
        o = _sigmoid(gates[:, 3 * size :])
        c = f * c + i * g
        h = o * np.tanh(c)
        out[:, t] = h
    return out


def _sigmoid(x: Floats) -> Floats:
    # The tanh form cannot overflow (1 / (1 + exp(-x)) warns for large negative x).
    out: Floats = (np.float32(0.5) * (np.float32(1.0) + np.tanh(np.float32(0.5) * x))).astype(np.float32, copy=False)
    return out


def _logsumexp(x: Floats, axis: int) -> Floats:
    top = x.max(axis=axis, keepdims=True)
    out: Floats = (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)
    return out


def marginals(scores: Floats, start: Floats, transitions: Floats, end: Floats) -> Floats:
    """Per token, the CRF's marginal probability of every tag ``(tokens, tags)`` (forward-backward in log space)."""
    n = scores.shape[0]
    alpha = np.empty_like(scores)
    beta = np.empty_like(scores)
    alpha[0] = start + scores[0]
    for t in range(1, n):
        alpha[t] = _logsumexp(alpha[t - 1][:, None] + transitions, axis=0) + scores[t]
    beta[n - 1] = end
    for t in range(n - 2, -1, -1):
        beta[t] = _logsumexp(transitions + (scores[t + 1] + beta[t + 1])[None, :], axis=1)
    log_z = _logsumexp(alpha[n - 1] + end, axis=0)
    out: Floats = np.exp(alpha + beta - log_z)
    return out


def viterbi(
    scores: Floats, start: Floats = START, transitions: Floats = TRANSITIONS, end: Floats | None = None
) -> list[int]:
    """The best tag path for per-token scores ``(tokens, tags)``; the defaults only enforce BIO."""
    best = start + scores[0]
    back: list[npt.NDArray[np.intp]] = []
    for t in range(1, scores.shape[0]):
        candidates = best[:, None] + transitions
        back.append(candidates.argmax(axis=0))
        best = candidates.max(axis=0) + scores[t]
    if end is not None:
        best = best + end
    path = [int(best.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


_HEADS: LoadedModels[NerModel] = LoadedModels(NerModel)


def get_head(path: Path = MODEL_PATH) -> NerModel:
    """The process-wide head for ``path``, loaded on first use."""
    if not path.is_file():
        raise ModelError(f"the accurate NER head {path} is missing; run: newsaudit train ner --profile accurate")
    return _HEADS.get(path)


def forget_head(path: Path) -> None:
    """Drop a loaded head so that the next use reads the file again (after training rewrote it)."""
    _HEADS.forget(path)


def tag_word_lists(sentences: Sequence[Sequence[str]], *, model: Path = MODEL_PATH) -> list[list[str]]:
    """BIO tags of pre-tokenised sentences (evaluation): words joined as text, encoded, tagged."""
    from ..encoder import encode_token_spans
    from .ner_text import words_as_text

    head = get_head(model)
    texts = [words_as_text(words) for words in sentences]
    states = encode_token_spans([t for t, _ in texts], [s for _, s in texts], head.layers)
    tagged: list[list[str]] = []
    for first in range(0, len(states), TAG_BATCH):
        tagged += [tags for tags, _ in head.tag([s.tokens for s in states[first : first + TAG_BATCH]])]
    return tagged


def find_entities_accurate(
    article: Article, language: Language, encoding: ArticleEncoding | None = None, *, model: Path = MODEL_PATH
) -> tuple[EntityMention, ...]:
    """Named-entity mentions in the language layer's sentences, in text order, from the shared encoder pass.

    ``encoding`` is the article's ``ArticleEncoding`` (``newsaudit.encoder.encode_article``); when omitted it
    is computed (and kept for the next stage that asks for it).
    """
    head = get_head(model)
    if encoding is None or not set(head.layers) <= set(encoding.layers):
        encoding = encode_article(article, language, head.layers)
    tagged = head.tag(
        [
            {layer: encoding.tokens[layer][s.token_start : s.token_end] for layer in head.layers}
            for s in language.sentences
        ]
    )
    mentions: list[EntityMention] = []
    for sentence, (tags, probs) in zip(language.sentences, tagged, strict=True):
        tokens = language.tokens_of(sentence)
        for first, end, kind in sorted(spans(tags)):
            confidence = sum(probs[first:end]) / (end - first)
            span = Span(tokens[first].span.start, tokens[end - 1].span.end)
            mentions.append(EntityMention(span, kind, round(confidence, 4), METHOD))
    return tuple(mentions)
