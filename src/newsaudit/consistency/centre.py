"""The accurate profile's sentence embedding for consistency: e5 layer 7 mean-pooled, centred, L2-normalised.

The shared encoder pass stops at layer 8 (speed), so e5's own embedding (layer 12) is not at hand. Raw mean-pooled
middle-layer states all point in one common direction (cosine ~0.73 between unrelated sentences), which drowns
the differences that matter; subtracting the mean state of ordinary German news sentences (``CENTRE``, computed
once by ``newsaudit train consistency``, shipped with its provenance) removes it. On the Fundus pairs of
``newsaudit eval consistency`` (2026-11-25, best of a grid over the support mix each): e5's layer-12 embedding
ROC AUC 0.966; raw layer 6 / 7 / 8 0.949 / 0.949 / 0.948; centred layer 6 / 7 / 8 0.963 / 0.963 / 0.962, layers
(6, 7, 8) side by side 0.963. Layer 7 is also the one the claim classifiers read.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..errors import ModelError
from ..model_cache import LoadedModels

FloatArray = npt.NDArray[np.float32]
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "consistency_centre.npz"
DEFAULT_LAYER = 7


class Centre:
    """The shipped centre: the e5 layer it belongs to and its mean state."""

    def __init__(self, path: Path) -> None:
        try:
            with np.load(path) as arrays:
                self.layer = int(arrays["layer"])
                self.mean: FloatArray = arrays["mean"].astype(np.float32)
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot read the consistency centre {path}: {exc}") from exc

    def unit_vectors(self, pooled: FloatArray) -> FloatArray:
        """Rows of layer-``layer`` mean states, centred and L2-normalised."""
        centred = np.asarray(pooled, dtype=np.float32) - self.mean
        norms = np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), np.float32(1e-12))
        out: FloatArray = (centred / norms).astype(np.float32)
        return out


_CENTRES: LoadedModels[Centre] = LoadedModels(Centre)


def get_centre(path: Path = MODEL_PATH) -> Centre:
    """The process-wide shipped centre (read once)."""
    return _CENTRES.get(path)


def write_centre(mean: FloatArray, layer: int, path: Path, provenance: dict[str, object]) -> None:
    """Write the centre (npz) and its ``.json`` provenance sidecar."""
    np.savez(path, layer=np.int64(layer), mean=mean.astype(np.float32))
    path.with_suffix(".json").write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def forget_centre(path: Path) -> None:
    """Make the next ``get_centre`` read the file again (after training rewrote it)."""
    _CENTRES.forget(path)
