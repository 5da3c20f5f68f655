"""Train the fast NER profile (``newsaudit train ner --profile fast``): a linear-chain CRF (python-crfsuite).

Training data: the GermEval 2014 file less its held-out part, EuroParl train and XGLUE-news train, all
mapped to PER/ORG/LOC/OTH (``conll.py``). The held-out part is a fixed-seed 20% of the GermEval sentences
(``split_germeval``); the shipped model never saw it, so the scores in ``models/ner_fast.json`` and those of
``newsaudit eval ner`` are held-out scores. EuroParl dev and XGLUE-news dev are scored as well. Training is
deterministic: fixed sentence order, L-BFGS from zero weights, no sampling.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import random
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import ModelError
from ..evaluate.data import data_root
from .conll import NerSentence, read_europarl, read_germeval, read_xglue
from .features import Clusters, clusters_path, sentence_features
from .ner import forget_model, pos_tags
from .ner_accurate import MODEL_PATH as ACCURATE_HEAD
from .silver import news_texts, silver_sentences, split_words

SEED = 13
HOLDOUT_FRACTION = 0.2
# Elastic-net weights of the CRF: c1 (L1) keeps the model small by zeroing rare features, c2 (L2) smooths.
# Measured on the GermEval held-out part (micro-F1, 2026-11-25, with clusters): c1=0.1/c2=0.05 0.660,
# c1=0.05/c2=0.2 0.662 (model 1.7x larger); differences under the set's standard error (~0.013).
# With the silver sentences (2026-11-26): c1=0.1 0.695 (10 MB model); c1=0.3 0.698 in one run and 0.689 in a
# second (6.7 MB): no clear difference, so 0.1 stays.
C1 = 0.1
C2 = 0.05
# L-BFGS iterations: 200 instead of 100 moved held-out F1 by +0.004 (without clusters) at twice the time; with the
# silver sentences 0.692 vs 0.695.
MAX_ITERATIONS = 100
# Features seen fewer times are dropped before training (1: keep all; L1 prunes the useless ones).
MIN_FEATURE_FREQ = 1
COMMAND = "newsaudit train ner --profile fast"
# Silver sentences (``silver.py``) added to the gold training data, at most this many (0: none). GermEval held-out
# micro-F1 (2026-11-26): gold only 0.661; + 10k silver sentences 0.668; + all 31.8k of 10kGNAD and quotes-de 0.701;
# + 40k sentences of disinfo-de as well 0.704 (within noise, at twice the training time: not used).
SILVER_SENTENCES = 40_000
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    sentences: list[NerSentence],
    out_path: Path,
    clusters: Clusters,
    *,
    c1: float = C1,
    c2: float = C2,
    iterations: int = MAX_ITERATIONS,
) -> None:
    """Fit the CRF on ``sentences`` (features with ``clusters``) and write the crfsuite model to ``out_path``."""
    try:
        import pycrfsuite  # type: ignore[import-untyped, unused-ignore]  # no stubs
    except ImportError as exc:
        raise ModelError("training the fast NER profile needs python-crfsuite (pip install python-crfsuite)") from exc
    trainer: Any = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        trainer.append(sentence_features(sentence.words, pos_tags(sentence.words), clusters), list(sentence.tags))
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
    clusters = build_clusters(unlabelled_texts(root), training, clusters_path(out_path), out=out)
    silver_data: list[NerSentence] = []
    if SILVER_SENTENCES:
        news = split_words(news_texts(root or data_root()))
        silver_data = silver_sentences(news, ACCURATE_HEAD, out=out, limit=SILVER_SENTENCES, seed=SEED)
        out.write(f"silver: {len(silver_data)} sentences added to the training data\n")
    fit_crf(training + silver_data, out_path, clusters)
    seconds = time.perf_counter() - started
    out.write(f"trained in {seconds:.0f} s; model {out_path.stat().st_size / 1e6:.1f} MB\n")
    sets = {
        "GermEval 2014 held-out (20%, seed 13)": corpora.germeval_heldout,
        "EuroParl dev": corpora.europarl_dev,
        "XGLUE-news dev": corpora.xglue_dev,
    }
    forget_model(out_path)
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
            "word_clusters": f"{clusters_path(out_path).name}: {len(clusters)} words; PPMI of +-2 contexts, SVD "
            f"{SVD_DIMENSIONS}, k-means {COARSE_CLUSTERS}/{FINE_CLUSTERS}, over disinfo-de (raw + compact-online, "
            "politikstube), news-de/10kgnad-test.csv, quotes-de/train and the training sentences",
            "gazetteers": "resources/de/ner_gazetteer.tsv (hand-written), ner_places_cldr.tsv (CLDR, tz database), "
            "ner_places_geonames.tsv (GeoNames towns), outlets.tsv",
            "silver": f"{len(silver_data)} sentences of news-de/10kgnad-test.csv and quotes-de/train tagged by "
            f"models/{ACCURATE_HEAD.name} (sha256 {_sha256(ACCURATE_HEAD)[:16]}), added to the training data",
        },
        # The model and the clusters are statistics over these sets (no running text); their terms bind them.
        "licences": (
            "GermEval 2014: CC BY 4.0; EuroParl NER and XGLUE: research use; 10kGNAD: CC BY-NC-SA 4.0; "
            "quotes-de: CC BY-NC-SA 4.0; disinfo-de (FANG-COVID): research use, see its SOURCE.md; "
            "GeoNames: CC BY 4.0. "
            "Use the shipped NER model for research and non-commercial work unless retrained on other data."
        ),
        "date": dt.date.today().isoformat(),
        "command": COMMAND,
        "train_seconds": round(seconds),
        "heldout_scores": scores,
    }
    sidecar_path = out_path.with_suffix(".json")
    sidecar_path.write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sidecar


# --- distributional word clusters -------------------------------------------------------------------------
# Unlabelled German text for the word clusters: disinformation-site articles (FANG-COVID, raw), Austrian news
# (10kGNAD test) and Wikinews (quotes-de train), plus the words of the NER training sentences. Never the
# held-out or dev sentences.
CLUSTER_MIN_COUNT = 5  # rarer words get no cluster (their contexts are too few to place them)
CLUSTER_MAX_VOCAB = 80_000
CONTEXT_WORDS = 2_000  # the most frequent words serve as context dimensions, left/right at distance 1 and 2
SVD_DIMENSIONS = 100
COARSE_CLUSTERS = 64
FINE_CLUSTERS = 512


def unlabelled_texts(root: Path | None = None) -> Iterator[str]:
    """German running text from the public data for the clusters (skips sets that are absent)."""
    base = root or data_root()
    csv.field_size_limit(1 << 30)
    disinfo = base / "disinfo-de"
    # Raw articles, plus the two publishers that exist only preprocessed (same text, cleaned of markup).
    archives = [*sorted((disinfo / "not_preprocessed").glob("*.zip"))]
    archives += [disinfo / "preprocessed" / f"{name}.zip" for name in ("compact-online", "politikstube")]
    for archive in archives:
        if not archive.is_file():
            continue
        with zipfile.ZipFile(archive) as bundle:
            for name in sorted(bundle.namelist()):
                with bundle.open(name) as raw:
                    for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                        yield (row.get("header") or "") + "\n" + (row.get("article") or "")
    yield from news_texts(base)


def build_clusters(texts: Iterator[str], sentences: list[NerSentence], out_path: Path, *, out: TextIO) -> Clusters:
    """Cluster words by their neighbours (SVD of context counts, then k-means twice); write and return them."""
    import numpy as np
    import scipy.sparse as sp  # type: ignore[import-untyped, unused-ignore]  # comes with scikit-learn
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    from ..language.tokenize import tokenize

    docs: list[list[str]] = [list(s.words) for s in sentences]
    for text in texts:
        docs.append([text[a:b] for a, b in tokenize(text)])
    counts = Counter(w for doc in docs for w in doc)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    vocab = [w for w, c in ranked[:CLUSTER_MAX_VOCAB] if c >= CLUSTER_MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    context = {w: i for i, w in enumerate(vocab[:CONTEXT_WORDS])}
    out.write(f"clusters: {sum(len(d) for d in docs):,} tokens, {len(vocab):,} words\n")
    rows: list[int] = []
    cols: list[int] = []
    for doc in docs:
        ids = [index.get(w, -1) for w in doc]
        ctx = [context.get(w, -1) for w in doc]
        for block, offset in enumerate((-2, -1, 1, 2)):
            for i, row in enumerate(ids):
                j = i + offset
                if row >= 0 and 0 <= j < len(doc) and ctx[j] >= 0:
                    rows.append(row)
                    cols.append(block * CONTEXT_WORDS + ctx[j])
    matrix = sp.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(vocab), 4 * CONTEXT_WORDS)
    ).tocsr()
    # Positive PMI: a context counts by how much more often it meets the word than chance, so frequent
    # function-word contexts do not pull all frequent words into one cluster.
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    reduced = normalize(TruncatedSVD(SVD_DIMENSIONS, random_state=SEED).fit_transform(ppmi))
    coarse = MiniBatchKMeans(COARSE_CLUSTERS, random_state=SEED, n_init=3, batch_size=4096).fit_predict(reduced)
    fine = MiniBatchKMeans(FINE_CLUSTERS, random_state=SEED, n_init=3, batch_size=4096).fit_predict(reduced)
    clusters = {w: (str(c), str(f)) for w, c, f in zip(vocab, coarse.tolist(), fine.tolist(), strict=True)}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same clusters give the same bytes (a plain gzip header carries the write time).
    with (
        gzip.GzipFile(out_path, "wb", compresslevel=9, mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8") as handle,
    ):
        handle.write(f"# word clusters for the fast NER profile; {COMMAND}; {dt.date.today().isoformat()}\n")
        for w in vocab:
            handle.write(f"{w}\t{clusters[w][0]}\t{clusters[w][1]}\n")
    return clusters
