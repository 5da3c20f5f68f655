"""Attribution: who says what. Quotations (direct, indirect, reported, free indirect) and source mentions.

The ``fast`` profile is rule-based (``rules.py``) over the language layer (tokens, STTS POS, lemma, mood)
with lexicons in ``resources/de/attribution_*.tsv``; a CRF (``crf.py``, trained by ``train.py``) re-reads
cue and speaker (``extract.py`` holds the switch). Every span is ``(start, end)`` into ``Article.text``.
"""

from __future__ import annotations

from .extract import find_quotations
from .rules import find_source_mentions
from .types import Medium, Quotation, QuoteKind, SourceMention

__all__ = ["Medium", "Quotation", "QuoteKind", "SourceMention", "find_quotations", "find_source_mentions"]
