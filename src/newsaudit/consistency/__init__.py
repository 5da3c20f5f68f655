"""Headline-body consistency: does the body support what the headline, kicker, teaser, captions and intertitles say?

For each display element, its statements (a "X: Y!" line gives two) are scored against every body (paragraph)
sentence: shared content words with German compound and name-stem matching, shared figures, and in the accurate
profile the e5 sentence-embedding cosine. The best sentences are kept as support, with the shared words as spans
on both sides. Flags, each with one sentence why and evidence spans: ``unsupported``, ``stronger_than_body``
(stated as fact, only attributed/hedged/in Konjunktiv in the body), ``unquantified`` ("immer mehr" with no
figure), ``actor_shift`` (another actor does it in the body; conservative). ``newsaudit eval consistency``
measures the support score on true vs mismatched title-body pairs and sets the threshold.
"""

from __future__ import annotations

from .check import DISPLAY_LABELS, check_consistency
from .types import Consistency, ElementCheck, Flag, FlagKind, SharedWord, StatementCheck, Support

__all__ = [
    "DISPLAY_LABELS",
    "Consistency",
    "ElementCheck",
    "Flag",
    "FlagKind",
    "SharedWord",
    "StatementCheck",
    "Support",
    "check_consistency",
]
