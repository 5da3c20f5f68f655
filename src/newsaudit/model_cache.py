"""Process-wide cache of loaded model files: each file is read once, on first use, thread-safely."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

Model = TypeVar("Model")


class LoadedModels(Generic[Model]):
    """Models by file path, loaded with ``load`` on first use; ``forget`` makes the next use read the file again."""

    def __init__(self, load: Callable[[Path], Model]) -> None:
        self._load = load
        self._models: dict[Path, Model] = {}
        self._lock = threading.Lock()

    def get(self, path: Path) -> Model:
        with self._lock:
            model = self._models.get(path)
            if model is None:
                model = self._load(path)
                self._models[path] = model
            return model

    def forget(self, path: Path) -> None:
        """Drop a loaded model (after training rewrote its file)."""
        with self._lock:
            self._models.pop(path, None)
