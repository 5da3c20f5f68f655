"""The bundled example article (fictional, written for the project) so the demo runs without the public data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE_NAME = "talsperre_wolfsbrunn.txt"


def example_path() -> Path:
    """The path of the bundled example article (a plain-text scrape of a fictional news page)."""
    path = Path(str(resources.files(__package__).joinpath(EXAMPLE_NAME)))
    if not path.is_file():  # only when the package was installed without its data files
        raise FileNotFoundError(f"bundled example missing: {path}")
    return path


def example_text() -> str:
    """The bundled example article as text."""
    return example_path().read_text(encoding="utf-8")
