"""Where the public evaluation data lives: ``$NEWSAUDIT_DATA`` or ``../shared/data`` beside the project."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DataError


def data_root() -> Path:
    """The data folder: ``$NEWSAUDIT_DATA``, else ``../shared/data`` from the cwd or the source checkout."""
    env = os.environ.get("NEWSAUDIT_DATA")
    if env:
        return Path(env)
    candidates = [Path.cwd() / ".." / "shared" / "data", Path(__file__).resolve().parents[3] / ".." / "shared" / "data"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    return candidates[0]


def dataset(*parts: str) -> Path:
    """A dataset path under the data root; ``DataError`` naming the path when it is absent."""
    path = data_root().joinpath(*parts)
    if not path.exists():
        raise DataError(f"dataset not found: {path} (set NEWSAUDIT_DATA to the folder holding the public data)")
    return path


def reference_article() -> Path:
    """The project's reference article (tests only): ../shared/examples/000_e802bb6f5783bca5.txt."""
    return data_root().parent / "examples" / "000_e802bb6f5783bca5.txt"
