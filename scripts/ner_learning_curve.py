"""How the fast NER profile's held-out F1 grows with the amount of GermEval training data (issue 5).

Fits the fast CRF (``entities.train.fit_crf``, the shipped features and word clusters, gold data only: no silver
sentences) on the first 1/8, 1/4, 1/2 and all of the GermEval training part, always with EuroParl and XGLUE-news
train, and scores each on the GermEval held-out part (the split of ``newsaudit eval ner``). Prints one line per
size. One core, about 3 minutes:

    python scripts/ner_learning_curve.py [FRACTION ...]

Measured 2026-11-26 (micro-F1, exact spans, with the GeoNames towns): 510 sentences 0.606, 1,020 0.625, 2,040
0.653, 4,080 0.671: about +2.2 points per doubling. The official GermEval 2014 training set (24,000 sentences,
not in the public data) is 2.6 doublings away: by this curve about 0.73 gold-only; the silver sentences of the
shipped model add 0.03 (0.671 -> 0.703), so about 0.76 with them, still under the 0.78 target.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

from newsaudit.entities.features import clusters_path, load_clusters
from newsaudit.entities.ner import MODEL_PATH, forget_model
from newsaudit.entities.train import fit_crf, ner_corpora
from newsaudit.evaluate.ner import evaluate_sets

DEFAULT_FRACTIONS = (0.125, 0.25, 0.5, 1.0)


def main(fractions: tuple[float, ...]) -> None:
    corpora = ner_corpora()
    clusters = load_clusters(clusters_path(MODEL_PATH))
    print("germeval_sentences\tfraction\tseconds\theldout_micro_f1")
    with tempfile.TemporaryDirectory() as folder:
        for fraction in fractions:
            size = int(len(corpora.germeval_train) * fraction)
            model = Path(folder) / f"ner_{fraction}.crfsuite"
            shutil.copy(clusters_path(MODEL_PATH), clusters_path(model))  # the tagger reads them beside the model
            started = time.perf_counter()
            fit_crf(corpora.germeval_train[:size] + corpora.europarl_train + corpora.xglue_train, model, clusters)
            forget_model(model)
            scores = evaluate_sets({"held-out": corpora.germeval_heldout}, out=io.StringIO(), model=model)
            seconds = time.perf_counter() - started
            print(f"{size}\t{fraction}\t{seconds:.0f}\t{scores['held-out']['f1']:.4f}", flush=True)


if __name__ == "__main__":
    main(tuple(float(a) for a in sys.argv[1:]) or DEFAULT_FRACTIONS)
