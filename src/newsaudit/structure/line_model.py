"""The line classifier of raw scraped text, applied with numpy: multinomial logistic regression over
standardised line features (``structure.line_features``).

The artefact ``models/structure_text.json`` holds the label order, the feature names, the standardisation
(mean, scale), the weights and intercepts, and provenance (data, date, command, cross-validated scores).
``structure.train`` writes it; scikit-learn is needed only there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelError
from .line_features import FEATURE_NAMES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "structure_text.json"
MODEL_FORMAT = "newsaudit.structure_text/1"


@dataclass(frozen=True)
class LineModel:
    """Standardise, then softmax(X W^T + b)."""

    labels: tuple[str, ...]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]  # (labels, features)
    intercept: npt.NDArray[np.float64]  # (labels,)
    provenance: dict[str, Any]

    def predict_proba(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Class probabilities, one row per line, columns in ``labels`` order."""
        z = (features - self.mean) / self.scale
        logits = z @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probs: npt.NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return probs

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "labels": list(self.labels),
            "features": list(FEATURE_NAMES),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "coef": [[round(float(v), 6) for v in row] for row in self.coef],
            "intercept": [round(float(v), 6) for v in self.intercept],
            "provenance": self.provenance,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        if data.get("format") != MODEL_FORMAT:
            raise ModelError(f"structure-text model has format {data.get('format')!r}, expected {MODEL_FORMAT!r}")
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ModelError(
                "structure-text model was trained with other line features; retrain: newsaudit train structure-text"
            )
        return cls(
            labels=tuple(data["labels"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            provenance=dict(data.get("provenance", {})),
        )


def read_model(path: Path) -> LineModel:
    """Load a model artefact; ``ModelError`` when it is missing or does not fit this code."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"structure-text model not found at {path}; run: newsaudit train structure-text") from exc
    except json.JSONDecodeError as exc:
        raise ModelError(f"structure-text model at {path} is not valid JSON: {exc}") from exc
    return LineModel.from_dict(data)


@cache
def shipped_model() -> LineModel:
    """The model shipped in the package (loaded once)."""
    return read_model(MODEL_PATH)
