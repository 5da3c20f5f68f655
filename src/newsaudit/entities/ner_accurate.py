"""German named entities of the accurate profile: a BiLSTM head over the shared e5 encoder pass (numpy only).

The head (``models/ner_accurate.npz``; provenance and held-out scores in ``models/ner_accurate.json``) is
trained by ``newsaudit train ner --profile accurate`` (``train_accurate.py``). For each token of the language
layer it reads the encoder states of the token's first piece in the layers the head was trained on
(``ArticleEncoding``, computed once per article and shared with the other accurate stages), mixes them with
the learned layer weights, projects, runs a one-layer BiLSTM and a tag layer, and decodes each sentence with
Viterbi under BIO constraints (``I-X`` only after ``B-X``/``I-X``). Types as the fast profile: PER, ORG, LOC, OTH.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
FORBIDDEN = np.float32(-1e4)  # log-score of a transition that BIO does not allow

Floats = npt.NDArray[np.float32]


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
    """The trained head: layer mix, projection, BiLSTM and tag layer, as float32 numpy arrays."""

    def __init__(self, path: Path) -> None:
        try:
            with np.load(path) as data:
                arrays = {key: data[key] for key in data.files}
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the accurate NER head {path}: {exc}") from exc
        self.layers: tuple[int, ...] = tuple(int(v) for v in arrays.pop("layers"))
        w = {key: value.astype(np.float32) for key, value in arrays.items()}
        self.mix = w["mix"]
        self.project_w, self.project_b = w["project_w"], w["project_b"]
        self.tag_w, self.tag_b = w["tag_w"], w["tag_b"]
        self.lstm = {d: (w[f"{d}_wx"], w[f"{d}_wh"], w[f"{d}_b"]) for d in ("forward", "backward")}
        if self.tag_w.shape[1] != len(TAGS) or self.mix.shape[0] != len(self.layers):
            raise ModelError(f"the accurate NER head {path} does not match this version of newsaudit")

    def mixed(self, per_layer: Sequence[Floats]) -> Floats:
        """The learned weighted sum of the head's layers, ``(tokens, hidden)``."""
        out: Floats = sum((w * x for w, x in zip(self.mix, per_layer, strict=True)), np.zeros_like(per_layer[0]))
        return out

    def log_probabilities(self, features: Floats) -> Floats:
        """Per token, log-softmax over ``TAGS`` for one sentence's mixed features ``(tokens, hidden)``."""
        h = np.maximum(features @ self.project_w + self.project_b, 0)
        forward = _lstm(h, *self.lstm["forward"])
        backward = _lstm(h[::-1], *self.lstm["backward"])[::-1]
        logits = np.concatenate([forward, backward], axis=1) @ self.tag_w + self.tag_b
        logits -= logits.max(axis=1, keepdims=True)
        out: Floats = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return out

    def tag(self, features: Floats) -> tuple[list[str], list[float]]:
        """BIO tags of one sentence and each tag's probability."""
        if features.shape[0] == 0:
            return [], []
        scores = self.log_probabilities(features)
        path = viterbi(scores)
        return [TAGS[i] for i in path], [float(np.exp(scores[t, i])) for t, i in enumerate(path)]


def _lstm(x: Floats, wx: Floats, wh: Floats, b: Floats) -> Floats:
    """One LSTM direction over ``x`` (tokens, in); torch's gate order i, f, g, o."""
    size = wh.shape[0]
    gates_in = x @ wx + b
    h = np.zeros(size, dtype=np.float32)
    c = np.zeros(size, dtype=np.float32)
    out = np.empty((x.shape[0], size), dtype=np.float32)
    for t in range(x.shape[0]):
        gates = gates_in[t] + h @ wh
        i = _sigmoid(gates[:size])
        f = _sigmoid(gates[size : 2 * size])
        g = np.tanh(gates[2 * size : 3 * size])
        o = _sigmoid(gates[3 * size :])
        c = f * c + i * g
        h = o * np.tanh(c)
        out[t] = h
    return out


def _sigmoid(x: Floats) -> Floats:
    out: Floats = (np.float32(1.0) / (np.float32(1.0) + np.exp(-x))).astype(np.float32, copy=False)
    return out


def viterbi(scores: Floats) -> list[int]:
    """The best tag path under BIO constraints for per-token log-scores ``(tokens, tags)``."""
    best = START + scores[0]
    back: list[npt.NDArray[np.intp]] = []
    for t in range(1, scores.shape[0]):
        candidates = best[:, None] + TRANSITIONS
        back.append(candidates.argmax(axis=0))
        best = candidates.max(axis=0) + scores[t]
    path = [int(best.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


_HEADS: LoadedModels[NerHead] = LoadedModels(NerHead)


def get_head(path: Path = MODEL_PATH) -> NerHead:
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
    return [head.tag(head.mixed([s.tokens[layer] for layer in head.layers]))[0] for s in states]


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
    features = head.mixed([encoding.tokens[layer] for layer in head.layers])
    mentions: list[EntityMention] = []
    for sentence in language.sentences:
        tokens = language.tokens_of(sentence)
        if not tokens:
            continue
        tags, probs = head.tag(features[sentence.token_start : sentence.token_end])
        for first, end, kind in sorted(spans(tags)):
            confidence = sum(probs[first:end]) / (end - first)
            span = Span(tokens[first].span.start, tokens[end - 1].span.end)
            mentions.append(EntityMention(span, kind, round(confidence, 4), METHOD))
    return tuple(mentions)
