"""Would a small neural tagger do better than the fast NER's CRF? An experiment for issue 5, not part of the package.

A char-CNN + BiLSTM tagger (no transformer; word, character, POS, gazetteer, word-cluster and shape embeddings: the
inputs the CRF has) is trained with torch on exactly the CRF's training data (the gold GermEval/EuroParl/XGLUE
training sentences and the accurate head's silver sentences) and scored on the GermEval held-out fifth, alone and
with its per-token probabilities averaged with the shipped CRF's marginals. One core, about 3 minutes per epoch:

    python scripts/ner_fast_student.py [EPOCHS]

Measured 2026-11-26 (micro-F1, exact spans; the shipped CRF 0.703 with Viterbi, 0.701 decoded token by token): the
student 0.589 / 0.639 / 0.655 / 0.665 / 0.669 / 0.668 after epochs 1-6; averaged with the CRF (CRF weight 0.3 /
0.5 / 0.7) 0.699 / 0.707 / 0.707. A neural tagger on these inputs does not carry the fast profile towards 0.78.
"""

from __future__ import annotations

import io
import random
import sys
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pycrfsuite
import torch
from torch import nn

from newsaudit.entities.features import clusters_path, gazetteer_tags, load_clusters, sentence_features, short_shape
from newsaudit.entities.ner import MODEL_PATH, pos_tags
from newsaudit.entities.ner_accurate import MODEL_PATH as ACCURATE_HEAD
from newsaudit.entities.silver import news_texts, silver_sentences, split_words
from newsaudit.entities.train import SEED, SILVER_SENTENCES, ner_corpora
from newsaudit.evaluate.data import data_root
from newsaudit.evaluate.ner import score

TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-OTH", "I-OTH"]
MAX_CHARS = 20
Sentence = tuple[Sequence[str], Sequence[str], Sequence[str]]  # words, POS, gold tags


def index_of(values: Iterable[str]) -> dict[str, int]:
    """Value -> id from 1 (0 pads)."""
    ids: dict[str, int] = {}
    for value in values:
        ids.setdefault(value, len(ids) + 1)
    return ids


class Inputs:
    """The vocabularies, and one sentence's id arrays."""

    def __init__(self, training: Sequence[Sentence]) -> None:
        self.clusters = load_clusters(clusters_path(MODEL_PATH))
        counts = Counter(w.lower() for words, _, _ in training for w in words)
        self.words = {w: i + 2 for i, (w, n) in enumerate(counts.most_common()) if n >= 2}
        chars = Counter(c for words, _, _ in training for w in words for c in w)
        self.chars = {c: i + 2 for i, (c, n) in enumerate(chars.most_common()) if n >= 2}
        self.pos = index_of(p for _, tags, _ in training for p in tags)
        self.gaz = index_of(g for words, _, _ in training for g in gazetteer_tags(words))
        self.coarse = index_of(c[0] for c in self.clusters.values())
        self.fine = index_of(c[1] for c in self.clusters.values())
        self.shapes = index_of(short_shape(w) for words, _, _ in training for w in words)

    def cluster(self, word: str) -> tuple[str, str]:
        c = self.clusters
        return c.get(word) or c.get(word.lower()) or c.get(word.capitalize()) or ("-", "-")

    def encode(self, words: Sequence[str], pos: Sequence[str]) -> list[np.ndarray]:
        chars = np.zeros((len(words), MAX_CHARS), dtype=np.int64)
        for i, word in enumerate(words):
            kept = word if len(word) <= MAX_CHARS else word[: MAX_CHARS // 2] + word[-MAX_CHARS // 2 :]
            chars[i, : len(kept)] = [self.chars.get(c, 1) for c in kept]
        clusters = [self.cluster(w) for w in words]
        columns = [
            [self.words.get(w.lower(), 1) for w in words],
            [self.pos.get(p, 0) for p in pos],
            [self.gaz.get(g, 0) for g in gazetteer_tags(words)],
            [self.coarse.get(c[0], 0) for c in clusters],
            [self.fine.get(c[1], 0) for c in clusters],
            [self.shapes.get(short_shape(w), 0) for w in words],
        ]
        return [np.array(c, dtype=np.int64) for c in columns] + [chars]


class Student(nn.Module):
    def __init__(self, inputs: Inputs) -> None:
        super().__init__()
        sizes = [len(inputs.words) + 2, len(inputs.pos) + 1, len(inputs.gaz) + 1, len(inputs.coarse) + 1]
        sizes += [len(inputs.fine) + 1, len(inputs.shapes) + 1]
        dims = [64, 16, 8, 16, 24, 12]
        self.embeddings = nn.ModuleList(nn.Embedding(n, d, padding_idx=0) for n, d in zip(sizes, dims, strict=True))
        self.chars = nn.Embedding(len(inputs.chars) + 2, 24, padding_idx=0)
        self.conv = nn.Conv1d(24, 64, 3, padding=1)
        self.drop = nn.Dropout(0.3)
        self.lstm = nn.LSTM(sum(dims) + 64, 128, batch_first=True, bidirectional=True)
        self.out = nn.Linear(256, len(TAGS))

    def forward(self, columns: list[torch.Tensor], chars: torch.Tensor) -> torch.Tensor:
        batch, length, width = chars.shape
        c = self.chars(chars.view(batch * length, width)).transpose(1, 2)
        c = torch.relu(self.conv(c)).max(dim=2).values.view(batch, length, -1)
        x = torch.cat([e(col) for e, col in zip(self.embeddings, columns, strict=True)] + [c], -1)
        hidden, _ = self.lstm(self.drop(x))
        return self.out(self.drop(hidden))


def batch(items: Sequence[tuple[list[np.ndarray], list[int]]]) -> tuple[list[torch.Tensor], torch.Tensor, torch.Tensor]:
    length = max(len(labels) for _, labels in items)
    columns = [torch.tensor(np.stack([np.pad(x[k], (0, length - len(x[k]))) for x, _ in items])) for k in range(6)]
    chars = torch.tensor(np.stack([np.pad(x[6], ((0, length - len(x[6])), (0, 0))) for x, _ in items]))
    labels = torch.tensor([labels + [-100] * (length - len(labels)) for _, labels in items])
    return columns, chars, labels


def probabilities(model: Student, items: Sequence[tuple[list[np.ndarray], list[int]]]) -> list[np.ndarray]:
    model.eval()
    out = []
    with torch.no_grad():
        for k in range(0, len(items), 64):
            columns, chars, _ = batch(items[k : k + 64])
            p = torch.softmax(model(columns, chars), -1).numpy()
            out += [p[b, : len(labels)] for b, (_, labels) in enumerate(items[k : k + 64])]
    model.train()
    return out


def micro_f1(gold: Sequence[Sentence], probs: Sequence[np.ndarray]) -> float:
    return score([g[2] for g in gold], [[TAGS[j] for j in p.argmax(-1)] for p in probs])["micro"].f1


def main(epochs: int) -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    random.seed(SEED)
    corpora = ner_corpora()
    news = split_words(news_texts(data_root()))
    silver = silver_sentences(news, ACCURATE_HEAD, out=io.StringIO(), limit=SILVER_SENTENCES, seed=SEED)

    def prepared(sentences: Iterable) -> list[Sentence]:  # type: ignore[type-arg]
        return [(s.words, pos_tags(s.words), s.tags) for s in sentences]

    training, heldout = prepared([*corpora.training, *silver]), prepared(corpora.germeval_heldout)
    inputs = Inputs(training)
    ids = {t: i for i, t in enumerate(TAGS)}
    train_items = [(inputs.encode(w, p), [ids.get(t, 0) for t in tags]) for w, p, tags in training]
    heldout_items = [(inputs.encode(w, p), [ids.get(t, 0) for t in tags]) for w, p, tags in heldout]
    model = Student(inputs)
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_of = nn.CrossEntropyLoss(ignore_index=-100)
    for epoch in range(epochs):
        random.shuffle(train_items)
        for k in range(0, len(train_items), 32):
            columns, chars, labels = batch(train_items[k : k + 32])
            optimiser.zero_grad()
            loss = loss_of(model(columns, chars).view(-1, len(TAGS)), labels.view(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
        print(f"epoch {epoch + 1}: held-out micro-F1 {micro_f1(heldout, probabilities(model, heldout_items)):.4f}")
    student = probabilities(model, heldout_items)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    crf = []
    for words, pos, _ in heldout:
        tagger.set(sentence_features(words, pos, inputs.clusters))
        crf.append(np.array([[tagger.marginal(t, i) for t in TAGS] for i in range(len(words))]))
    for weight in (0.0, 0.3, 0.5, 0.7, 1.0):
        mixed = [weight * c + (1 - weight) * s for c, s in zip(crf, student, strict=True)]
        print(f"CRF weight {weight}: held-out micro-F1 {micro_f1(heldout, mixed):.4f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
