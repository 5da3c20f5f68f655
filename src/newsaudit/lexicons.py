"""The shipped lexicons and rule tables (``resources/de/*.tsv``): one place that finds and reads them.

Every file starts with ``#`` header lines (source, licence, date, columns); blank and ``#`` lines are skipped.
"""

from __future__ import annotations

from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent / "resources" / "de"


def lexicon_lines(name: str) -> list[str]:
    """The data lines of ``resources/de/<name>``: comment and blank lines skipped."""
    text = (RESOURCE_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def lexicon_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of ``resources/de/<name>``."""
    return [line.split("\t") for line in lexicon_lines(name)]
