"""The source chain's word lists (``resources/de/sourcing_*.tsv``): channels, verification wording, media nouns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicons import lexicon_rows


@dataclass(frozen=True)
class VerificationCue:
    pattern: re.Pattern[str]
    kind: str  # "own" | "unverified"


def _phrase_pattern(phrase: str) -> str:
    """A lowercase phrase as a regex: words at word boundaries, ``*`` standing for up to four words."""
    parts = [r"(?:\S+\s+){0,4}?" if word == "*" else re.escape(word) + r"\s+" for word in phrase.split()]
    return r"(?<!\w)" + "".join(parts).removesuffix(r"\s+") + r"(?!\w)"


@cache
def channel_patterns() -> re.Pattern[str]:
    """Channel phrases followed by their noun phrase (group ``np``: up to the next punctuation or clause word)."""
    phrases = sorted((row[0] for row in lexicon_rows("sourcing_channels.tsv")), key=len, reverse=True)
    alternatives = "|".join(_phrase_pattern(p) for p in phrases)
    # The channel's noun phrase: words up to a comma, a full stop, a quotation mark or a finite clause word.
    return re.compile(
        rf"(?:{alternatives})\s+(?P<np>(?:(?!dass\b|ob\b|wie\b|und\b|sowie\b)[^\s,.;:!?\"„“”«»]+\s*){{1,5}})",
        re.IGNORECASE,
    )


@cache
def verification_cues() -> tuple[VerificationCue, ...]:
    """Verification wording, negated ("unverified") entries first so that they win over the positive ones."""
    rows = sorted(lexicon_rows("sourcing_verification.tsv"), key=lambda row: row[1] != "unverified")
    return tuple(VerificationCue(re.compile(_phrase_pattern(row[0]), re.IGNORECASE), row[1]) for row in rows)


@cache
def media_nouns() -> dict[str, str]:
    """Head noun (lowercase) -> media kind."""
    return {row[0]: row[1] for row in lexicon_rows("sourcing_media_nouns.tsv")}


def media_kind_of_head(phrase: str) -> str | None:
    """The media kind when the phrase's last word (or its last compound part) is a media noun."""
    words = re.findall(r"[\w-]+", phrase.lower())
    if not words:
        return None
    head = words[-1]
    nouns = media_nouns()
    if head in nouns:
        return nouns[head]
    for noun, kind in nouns.items():
        if len(noun) >= 5 and head.endswith(noun):
            return kind
    return None
