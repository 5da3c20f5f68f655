"""Run the fine-tuning configurations of a JSON list on a bundle; print span micro-F1 per scored part.

Usage: ``python run.py fit.py BUNDLE.npz "$(cat configs.json)" OUTDIR [cpu|cuda]`` (numpy and torch only: it runs
on a GPU machine without newsaudit installed). Writes ``OUTDIR/results.json`` and the weights of each config whose
``save`` is not false. The F1 is exact-span micro-F1 over PER/ORG/LOC/OTH, as ``newsaudit eval ner`` scores.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-OTH", "I-OTH")
TYPES = ("PER", "ORG", "LOC", "OTH")
PARTS = {1: "germeval-heldout", 2: "europarl-dev", 3: "xglue-dev"}


def load_bundle(path: str) -> dict[str, np.ndarray[Any, Any]]:
    """The bundle's arrays, 4-bit blocks (``q4:<name>``, Q4_0: f16 scale + 16 nibble bytes) dequantised."""
    bundle: dict[str, np.ndarray[Any, Any]] = {}
    with np.load(path) as raw:
        for key in raw.files:
            value = raw[key]
            if key.startswith("q4:"):
                flat = value.reshape(-1, 18)
                scale = np.ascontiguousarray(flat[:, :2]).view("<f2").astype(np.float32)
                low = (flat[:, 2:] & 15).astype(np.int8) - 8
                high = (flat[:, 2:] >> 4).astype(np.int8) - 8
                weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
                bundle[key[3:]] = weights.reshape(value.shape[0], -1)
            else:
                bundle[key] = value
    return bundle


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` of a BIO sequence (an ``I-`` without its ``B-`` opens a span)."""
    found: set[tuple[int, int, str]] = set()
    start: int | None = None
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or tag[2:] != kind:
            if start is not None:
                found.add((start, i, kind))
            start, kind = (i, tag[2:]) if tag != "O" else (None, "")
    return found


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / max(2 * tp + fp + fn, 1)


def score(
    bundle: dict[str, np.ndarray[Any, Any]], tagger: Callable[[Sequence[int]], list[list[int]]], part: int
) -> tuple[float, dict[str, float]]:
    """Micro-F1 and per-type F1 of the tagger on the bundle's sentences of ``part``."""
    numbers = [i for i in range(len(bundle["part"])) if bundle["part"][i] == part]
    offsets, labels = bundle["word_offsets"], bundle["labels"]
    counts = {kind: [0, 0, 0] for kind in ("all", *TYPES)}
    for i, predicted in zip(numbers, tagger(numbers), strict=True):
        gold = spans([TAGS[x] for x in labels[offsets[i] : offsets[i + 1]]])
        guess = spans([TAGS[x] for x in predicted])
        for kind, c in counts.items():
            g = gold if kind == "all" else {s for s in gold if s[2] == kind}
            p = guess if kind == "all" else {s for s in guess if s[2] == kind}
            c[0] += len(g & p)
            c[1] += len(p - g)
            c[2] += len(g - p)
    return f1(*counts["all"]), {kind: round(f1(*counts[kind]), 3) for kind in TYPES}


def main(fit_path: str, bundle_path: str, configs_json: str, out_dir: str, device: str = "cpu") -> None:
    spec = importlib.util.spec_from_file_location("fit", fit_path)
    assert spec is not None and spec.loader is not None
    fit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fit)
    bundle = load_bundle(bundle_path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for config in json.loads(configs_json):
        name, evals, save = config.pop("name"), config.pop("eval_epochs", []), config.pop("save", True)
        log: dict[int, dict[str, float]] = {}
        started = time.time()

        def report(
            epoch: int,
            tagger: Any,
            name: str = name,
            evals: list[int] = evals,
            last: int = config["epochs"],
            log: dict[int, dict[str, float]] = log,
        ) -> None:
            if epoch in evals or epoch == last:
                scores = {PARTS[p]: score(bundle, tagger, p) for p in PARTS if (bundle["part"] == p).any()}
                log[epoch] = {part: micro for part, (micro, _) in scores.items()}
                print(name, "epoch", epoch, {k: (round(v[0], 4), v[1]) for k, v in scores.items()}, flush=True)

        weights = fit.fit_branch(bundle, heads=12, eps=1e-12, device=device, out=sys.stdout, report=report, **config)
        if save:
            np.savez(out / f"{name}.npz", **{k: v.astype(np.float16) for k, v in weights.items()})
        results[name] = {"seconds": round(time.time() - started), "log": log}
        print(name, "done", results[name]["seconds"], "s", flush=True)
        (out / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
