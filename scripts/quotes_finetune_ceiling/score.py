"""Score ``fit.py``'s dev log-probabilities with the accurate profile's own decoding; print the dev table rows.

Usage: ``python score.py SPEC [SPEC ...] --logp DIR/dev_logp.npz [--logp ...]``. A spec names log-probability
sources joined by ``+``, each optionally weighted (``name:2``): a config of ``fit.py``, or ``shipped`` for the
shipped four-head ensemble (``models/quotes_accurate.npz`` on the frozen states). The sources' log-probabilities are
averaged (the CRF transitions of the shipped heads weighted by the shipped share), then everything after the
tagger runs as in ``newsaudit eval quotes --profile accurate``: Viterbi, ``tags_to_quotations``, the fast
fallback, conventions and finishing steps. Reads the documents from ``train_accurate``'s cache (``bundle.py``
fills it).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

import newsaudit.attribution.accurate as accurate
from newsaudit.attribution.train_accurate import DEFAULT_CACHE, LAYERS, encode_split
from newsaudit.evaluate.data import data_root
from newsaudit.evaluate.quotes import score_quotes
from newsaudit.evaluate.quotes_data import load_quotes


def main(argv: Sequence[str]) -> None:
    specs = [a for i, a in enumerate(argv) if a != "--logp" and (i == 0 or argv[i - 1] != "--logp")]
    sources: dict[str, np.ndarray[Any, Any]] = {}
    for i, a in enumerate(argv):
        if a == "--logp":
            with np.load(argv[i + 1]) as data:
                sources.update({name: data[name].astype(np.float32) for name in data.files})
    folder = data_root() / "quotes-de" / "dev"
    docs = encode_split(folder, DEFAULT_CACHE / "dev", out=sys.stderr)
    gold = load_quotes(folder)
    starts = np.cumsum([0] + [len(d.language.tokens) for d in docs])
    shipped = accurate.AccurateTagger.log_probabilities
    tagger = accurate.get_accurate_tagger()
    transitions, start = tagger.transitions.copy(), tagger.start.copy()
    current: dict[str, Any] = {}

    def mixed(self: accurate.AccurateTagger, states: Any, features: Any, windows: Any) -> Any:
        total, weights, shipped_weight = 0.0, 0.0, 0.0
        for part in current["spec"].split("+"):
            name, _, weight_text = part.partition(":")
            weight = float(weight_text or 1)
            if name == "shipped":
                total = total + weight * shipped(self, states, features, windows)
                shipped_weight += weight
            else:
                total = total + weight * sources[name][starts[current["doc"]] : starts[current["doc"] + 1]]
            weights += weight
        self.transitions = transitions * np.float32(shipped_weight / weights)
        self.start = start * np.float32(shipped_weight / weights)
        return np.asarray(total, dtype=np.float32) / np.float32(weights)

    accurate.AccurateTagger.log_probabilities = mixed  # type: ignore[method-assign]
    for spec in specs:
        current["spec"] = spec
        predicted = {}
        for number, doc in enumerate(docs):
            current["doc"] = number
            encoding = SimpleNamespace(layers=LAYERS, tokens=dict(zip(LAYERS, doc.states, strict=True)))
            predicted[doc.doc_id] = accurate.extract_accurate(doc.article, doc.language, encoding)
        s = score_quotes(gold, predicted)
        print(
            f"{spec:<34} quote {s['quote.f1']:.3f} cue {s['cue.f1']:.3f} speaker {s['speaker.f1']:.3f} "
            f"addressee {s['addressee.f1']:.3f} Direct {s['type.Direct.quote.f1']:.3f} "
            f"Indirect {s['type.Indirect.quote.f1']:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
