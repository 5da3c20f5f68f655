"""Evaluate German NER (``newsaudit eval ner [FILE] [--profile fast|accurate]``): conlleval-style exact-span P/R/F1.

A predicted mention counts only when its first token, last token and type all equal a gold mention's
(conlleval's rule; a stray ``I-`` opens a mention). Per type and micro-averaged over PER, ORG, LOC, OTH.

Without ``FILE`` we score three sets: the held-out part of the GermEval 2014 file (``ner-de/germeval2014``;
a fixed-seed 20% of its sentences, never seen in training, ``entities.train.split_germeval``), EuroParl dev
and XGLUE-news dev (both unseen in training). Gold tags are mapped as in training (MISC and GermEval's
``*deriv``/``*part`` -> OTH, ``resources/de/ner_tag_map.tsv``). With ``FILE`` (GermEval TSV) we score that
file alone. Speed: tokens/s of the NER step (features + CRF, POS given as the language layer provides it)
and of POS + NER, one core, model loaded beforehand; for the accurate profile the NER step is the e5 encoder
pass plus the head (no POS needed).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..entities.conll import ENTITY_TYPES, NerSentence, read_germeval, spans
from ..errors import DataError, ModelError

PROFILES = ("fast", "accurate")
# A 500-word article is ~580 tokens with punctuation (measured on the reference article: 1.16 tokens/word).
TOKENS_PER_500_WORDS = 580


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of exact-span matching."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Counts]:
    """Exact-span counts per type and ``micro`` over all types, from aligned BIO sequences."""
    tp = dict.fromkeys(ENTITY_TYPES, 0)
    fp = dict.fromkeys(ENTITY_TYPES, 0)
    fn = dict.fromkeys(ENTITY_TYPES, 0)
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        g, p = spans(gold_tags), spans(predicted_tags)
        for _, _, kind in g & p:
            tp[kind] += 1
        for _, _, kind in p - g:
            fp[kind] += 1
        for _, _, kind in g - p:
            fn[kind] += 1
    result = {kind: Counts(tp[kind], fp[kind], fn[kind]) for kind in ENTITY_TYPES}
    result["micro"] = Counts(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return result


def print_table(title: str, scores: dict[str, Counts], out: TextIO) -> None:
    """One conlleval-style table: per type and micro P/R/F1 with the counts."""
    out.write(f"\n{title}\n")
    out.write(f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}\n")
    for kind, c in scores.items():
        out.write(f"{kind:<6} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp + c.fn:6d} {c.tp + c.fp:6d}\n")


@dataclass(frozen=True)
class TaggedSet:
    """Predictions for one evaluation set with the time spent in POS and in NER."""

    predicted: tuple[tuple[str, ...], ...]
    tokens: int
    pos_seconds: float
    ner_seconds: float


def tag_sentences(sentences: Sequence[NerSentence], model: Path | None = None, profile: str = "fast") -> TaggedSet:
    """Tag gold-tokenised sentences with the fast model, timing POS and NER (features + CRF) apart.

    The accurate profile needs no POS: its NER time is the encoder pass plus the head.
    """
    if profile == "accurate":
        from ..entities.ner_accurate import MODEL_PATH as ACCURATE_PATH
        from ..entities.ner_accurate import get_head, tag_word_lists

        get_head(model or ACCURATE_PATH)
        started = time.perf_counter()
        tagged = tag_word_lists([s.words for s in sentences], model=model or ACCURATE_PATH)
        seconds = time.perf_counter() - started
        return TaggedSet(tuple(tuple(t) for t in tagged), sum(len(s.words) for s in sentences), 0.0, seconds)
    from ..entities.ner import MODEL_PATH, get_ner, pos_tags

    tagger = get_ner(model or MODEL_PATH)
    started = time.perf_counter()
    pos = [pos_tags(s.words) for s in sentences]
    pos_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = tuple(tuple(tagger.tag(tagger.features(s.words, p))[0]) for s, p in zip(sentences, pos, strict=True))
    ner_seconds = time.perf_counter() - started
    tokens = sum(len(s.words) for s in sentences)
    return TaggedSet(predicted, tokens, pos_seconds, ner_seconds)


def evaluation_sets(root: Path | None = None) -> dict[str, list[NerSentence]]:
    """The default evaluation sets: GermEval held-out part, EuroParl dev, XGLUE-news dev."""
    from ..entities.train import ner_corpora

    corpora = ner_corpora(root)
    return {
        "GermEval 2014 held-out (20%, seed 13)": corpora.germeval_heldout,
        "EuroParl dev": corpora.europarl_dev,
        "XGLUE-news dev": corpora.xglue_dev,
    }


def evaluate_sets(
    sets: dict[str, list[NerSentence]], *, out: TextIO, model: Path | None = None, profile: str = "fast"
) -> dict[str, dict[str, float]]:
    """Tag and score every set, print its table and speed; returns per set micro P/R/F1 and per-type F1."""
    summary: dict[str, dict[str, float]] = {}
    for title, sentences in sets.items():
        tagged = tag_sentences(sentences, model, profile)
        scores = score([s.tags for s in sentences], tagged.predicted)
        print_table(f"{title}: {len(sentences)} sentences, {tagged.tokens} tokens", scores, out)
        ner_rate = tagged.tokens / tagged.ner_seconds if tagged.ner_seconds else 0.0
        both_rate = tagged.tokens / (tagged.ner_seconds + tagged.pos_seconds) if tagged.ner_seconds else 0.0
        out.write(
            f"speed: NER {ner_rate:,.0f} tokens/s ({1000 * TOKENS_PER_500_WORDS / ner_rate:.1f} ms per 500 words); "
            f"POS+NER {both_rate:,.0f} tokens/s\n"
            if ner_rate
            else ""
        )
        micro = scores["micro"]
        summary[title] = {
            "precision": round(micro.precision, 4),
            "recall": round(micro.recall, 4),
            "f1": round(micro.f1, 4),
            **{f"f1_{kind}": round(scores[kind].f1, 4) for kind in ENTITY_TYPES},
        }
    return summary


def _germeval_training_file() -> Path:
    from ..entities.train import GERMEVAL_FILE
    from .data import data_root

    return data_root().joinpath(*GERMEVAL_FILE).resolve()


def run_ner_eval(path: Path | None, *, out: TextIO, profile: str = "fast") -> dict[str, dict[str, float]]:
    """Print per-type and micro P/R/F1 (exact spans) of the ``profile`` NER on ``path`` or the default sets."""
    if profile not in PROFILES:
        raise ModelError(f"NER profile {profile!r} is not available yet (available: {', '.join(PROFILES)})")
    if path is not None:
        if not path.is_file():
            raise DataError(f"dataset not found: {path} (expected a GermEval 2014 TSV file)")
        sets = {f"{path.name}": read_germeval(path)}
    else:
        sets = evaluation_sets()
    out.write(f"NER, profile {profile}: exact-span (conlleval) precision, recall, F1\n")
    if path is not None and path.resolve() == _germeval_training_file():
        out.write("note: 80% of this file trained the shipped model; without FILE only its held-out part is scored\n")
    return evaluate_sets(sets, out=out, profile=profile)
