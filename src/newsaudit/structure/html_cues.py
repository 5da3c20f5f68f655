"""Cue lists for structure from HTML, read from ``resources/de/html_cues.tsv`` and ``html_credit_markers.tsv``."""

from __future__ import annotations

import re
from functools import cache

from .outlet import RESOURCE_DIR


@cache
def cue(kind: str) -> re.Pattern[str]:
    """The cue regex of one kind from ``resources/de/html_cues.tsv``."""
    for line in (RESOURCE_DIR / "html_cues.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, _, pattern = line.partition("\t")
        if name == kind:
            return re.compile(pattern, re.IGNORECASE)
    raise KeyError(kind)


@cache
def credit_markers() -> tuple[re.Pattern[str], ...]:
    lines = (RESOURCE_DIR / "html_credit_markers.tsv").read_text("utf-8").splitlines()
    return tuple(re.compile(line) for line in lines if line.strip() and not line.startswith("#"))
