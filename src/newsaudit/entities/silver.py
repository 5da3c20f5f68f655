"""Silver NER data for the fast profile: the accurate head's tags over unlabelled news sentences.

The fast CRF learns from ~10k gold sentences; the accurate head (e5 layers 3-8 + BiLSTM-CRF, trained on the same
gold) knows many more names from its encoder. Training (never ``analyze()``) distils that knowledge: unlabelled
sentences of the public news sets, tagged by the shipped accurate head, are added to the CRF's training data.
They come from sets that hold no GermEval, EuroParl or XGLUE sentence, so the held-out scores stay held out.

A silver lexicon (per word form, the kind the head gives it most often, as a CRF feature) was tried as well and
not kept: GermEval held-out micro-F1 0.668 with the lexicon alone, 0.689 with lexicon and silver sentences, 0.701
with the silver sentences alone (2026-11-26; the lexicon built from the training sentences themselves agrees with
their silver tags more than it does with gold, and the CRF learns to trust it too much).
Tagging ~70k sentences takes ~15 minutes on one core; the tags are cached under the temp folder, keyed by the
accurate head's bytes and the sentences.
"""

from __future__ import annotations

import csv
import hashlib
import json
import pickle
import random
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .conll import NerSentence

# Sentences shorter than this are mostly headings, datelines and list items; longer ones are run-ons of a
# failed split (the head reads at most 512 pieces, and the CRF gains nothing from them).
MIN_WORDS, MAX_WORDS = 4, 60
TAG_CHUNK = 256  # sentences per call of the accurate head (bounded memory)
CACHE_DIR = Path(tempfile.gettempdir()) / "newsaudit-ner-silver-cache"


def news_texts(root: Path) -> Iterator[str]:
    """Unlabelled news articles: the 10kGNAD test articles, then the Wikinews articles of quotes-de train."""
    csv.field_size_limit(1 << 30)
    gnad = root / "news-de" / "10kgnad-test.csv"
    if gnad.is_file():
        with gnad.open(encoding="utf-8", newline="") as handle:
            for fields in csv.reader(handle, delimiter=";", quotechar="'"):
                if len(fields) >= 2:
                    yield fields[1]
    for path in sorted((root / "quotes-de" / "train").glob("*.json")):
        yield str(json.loads(path.read_text(encoding="utf-8")).get("originalText", ""))


def split_words(texts: Iterator[str]) -> list[tuple[str, ...]]:
    """The texts' sentences as word tuples (the language layer's tokens and sentence split), length-filtered."""
    from ..language.sentences import split_sentences
    from ..language.tokenize import tokenize

    sentences: list[tuple[str, ...]] = []
    for text in texts:
        for paragraph in text.split("\n"):
            spans = tokenize(paragraph)
            for first, end in split_sentences(paragraph, spans):
                if MIN_WORDS <= end - first <= MAX_WORDS:
                    sentences.append(tuple(paragraph[a:b] for a, b in spans[first:end]))
    return sentences


def _cache_key(head: Path, sentences: Sequence[tuple[str, ...]]) -> str:
    digest = hashlib.sha256(head.read_bytes())
    for words in sentences:
        digest.update("\x1f".join(words).encode("utf-8") + b"\x1e")
    return digest.hexdigest()[:24]


def sample(sentences: Sequence[tuple[str, ...]], limit: int, seed: int) -> list[tuple[str, ...]]:
    """At most ``limit`` of the sentences: a seeded random choice, kept in their original order."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    return [sentences[i] for i in sorted(order[:limit])]


def silver_sentences(
    sentences: Sequence[tuple[str, ...]], head: Path, *, out: TextIO, limit: int, seed: int
) -> list[NerSentence]:
    """Up to ``limit`` of the sentences (a seeded sample, in a fixed order) with the accurate head's tags."""
    from .ner_accurate import tag_word_lists

    chosen = sample(sentences, limit, seed)
    cache = CACHE_DIR / f"{_cache_key(head, chosen)}.pkl"
    if cache.is_file():
        tags: list[list[str]] = pickle.loads(cache.read_bytes())
        out.write(f"silver: {len(chosen)} sentences, tags from the cache {cache}\n")
    else:
        out.write(f"silver: tagging {len(chosen)} sentences with the accurate head (about 13 ms each)\n")
        tags = []
        for first in range(0, len(chosen), TAG_CHUNK):
            tags += tag_word_lists(chosen[first : first + TAG_CHUNK], model=head)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(tags))
    return [NerSentence(words, tuple(t)) for words, t in zip(chosen, tags, strict=True)]
