"""Cue lists for structure from HTML, read from ``resources/de/html_cues.tsv`` and ``html_credit_markers.tsv``."""

from __future__ import annotations

import re
from functools import cache

from ..lexicons import lexicon_lines, lexicon_rows


@cache
def cue(kind: str) -> re.Pattern[str]:
    """The cue regex of one kind from ``resources/de/html_cues.tsv``."""
    for name, pattern in lexicon_rows("html_cues.tsv"):
        if name == kind:
            return re.compile(pattern, re.IGNORECASE)
    raise KeyError(kind)


@cache
def credit_markers() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(line) for line in lexicon_lines("html_credit_markers.tsv"))
