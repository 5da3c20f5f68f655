"""How the fast attribution profile's dev F1 grows with the amount of quotes-de training data (issue 4).

Fits the fast profile's CRF (``attribution.train.fit_crf``, shipped features and settings) on a seeded 1/8, 1/4,
1/2 and all of the quotes-de train documents and scores the whole fast profile (rules + CRF + conventions) on dev.
One core, about 90 seconds:

    python scripts/quotes_learning_curve.py

Measured 2026-11-26 (token F1 quote / cue / speaker): 87 documents .747 / .688 / .626, 175 .748 / .694 / .613,
350 .752 / .701 / .625, 700 .748 / .705 / .640. The cue gains about 0.006 per doubling of the training data and
the quote none: the fast profile's figures come mostly from its rules, and more annotated news of this kind would
not carry the cue from 0.715 to the 0.75 of issue 4.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from newsaudit.attribution.train import document_sequences, fit_crf
from newsaudit.evaluate.data import data_root
from newsaudit.evaluate.quotes import predict, score_quotes
from newsaudit.evaluate.quotes_data import load_quotes

FRACTIONS = (0.125, 0.25, 0.5, 1.0)
SEED = 7


def main() -> None:
    root = data_root() / "quotes-de"
    train, dev = load_quotes(root / "train"), load_quotes(root / "dev")
    sequences = [document_sequences(doc) for doc in train]
    order = list(range(len(train)))
    random.Random(SEED).shuffle(order)
    print("documents\tfraction\tquote_f1\tcue_f1\tspeaker_f1")
    with tempfile.TemporaryDirectory() as folder:
        for fraction in FRACTIONS:
            chosen = order[: int(len(train) * fraction)]
            model = Path(folder) / f"quotes_{fraction}.crfsuite"
            fit_crf([seq for i in chosen for seq in sequences[i]], model)
            scores = score_quotes(dev, predict(dev, profile="fast", model=model))
            figures = "\t".join(f"{scores[role + '.f1']:.4f}" for role in ("quote", "cue", "speaker"))
            print(f"{len(chosen)}\t{fraction}\t{figures}", flush=True)


if __name__ == "__main__":
    main()
