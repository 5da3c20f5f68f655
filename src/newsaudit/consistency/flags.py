"""The flags of one statement, from its best supporting body sentences; each with one sentence why and spans."""

from __future__ import annotations

from collections.abc import Sequence

from .cues import Voice
from .features import BodySentence, Statement
from .types import Flag, FlagKind, Support

# A statement is supported when its best body sentence scores at least this (per profile). Set with
# `newsaudit eval consistency --set fundus --table` (true vs mismatched title/teaser-body pairs of the 62 Fundus
# pages, 2026-11-25): the threshold of largest (true supported - mismatched supported) rate, which flags about
# one true statement in ten (fast 10.2%, accurate 9.8%) and nine mismatched ones in ten (fast 91.2%, accurate 91.0%).
SUPPORTED_AT = {"fast": 0.26, "accurate": 0.24}
# The body sentences that support a statement best: within this share of the best score (and supported).
TOP_GROUP_RATIO = 0.8
# "Stronger than the body" needs a body sentence that clearly says the same: at least this lexical support (set by
# reading the reference and 20 Fundus pages: below it the shared words are one noun or a name, too little to say
# that the body states the same thing more weakly).
STRONG_LEXICAL = 0.6
# How many related body sentences a quantity claim is checked against for a figure.
RELATED_FOR_FIGURES = 3

_VOICE_WORDS = {
    Voice.ATTRIBUTED: "attributes it to a source",
    Voice.HEDGED: "hedges it",
    Voice.KONJUNKTIV: "reports it in Konjunktiv",
}


def supported_at(profile: str) -> float:
    """The support score a statement needs under ``profile``."""
    return SUPPORTED_AT[profile]


def top_group(supports: Sequence[Support], threshold: float) -> list[Support]:
    """The supporting sentences that support a statement best (best first); empty when none reaches ``threshold``."""
    if not supports or supports[0].score < threshold:
        return []
    floor = max(threshold, TOP_GROUP_RATIO * supports[0].score)
    return [s for s in supports if s.score >= floor]


def unsupported(statement: Statement, supports: Sequence[Support], threshold: float) -> Flag | None:
    """``unsupported`` when no body sentence reaches ``threshold``; evidence: the statement and the closest sentence."""
    if supports and supports[0].score >= threshold:
        return None
    if not supports:
        reason = "The article has no body text that could support this statement."
        return Flag(FlagKind.UNSUPPORTED, reason, (statement.span,))
    best = supports[0]
    evidence = (statement.span, best.span) if best.score > 0 else (statement.span,)
    return Flag(
        FlagKind.UNSUPPORTED,
        f"No body sentence supports this statement: the closest scores {best.score:.2f}, below {threshold:.2f}.",
        evidence,
    )


def stronger_than_body(text: str, statement: Statement, group: Sequence[Support]) -> Flag | None:
    """``stronger_than_body`` when the statement asserts and every body sentence that says it only reports it."""
    strong = [s for s in group if s.lexical >= STRONG_LEXICAL]
    if not strong or not statement.asserts or any(s.voice is Voice.ASSERTED for s in group):
        return None
    ways = sorted({_VOICE_WORDS[s.voice] for s in strong})
    which = "the body sentence that says it" if len(strong) == 1 else "every body sentence that says it"
    cues = sorted({c for s in strong for c in s.voice_cues})
    shown = "; ".join(f'"{text[c.start : c.end]}"' for c in cues[:3])
    evidence = [statement.span]
    for s in strong:
        evidence += [s.span, *s.voice_cues]
    return Flag(
        FlagKind.STRONGER_THAN_BODY,
        f"The element states this as fact, but {which} {' or '.join(ways)}" + (f" ({shown})." if shown else "."),
        tuple(evidence),
    )


def unquantified(
    statement: Statement, supports: Sequence[Support], sentences: dict[int, BodySentence], threshold: float
) -> Flag | None:
    """``unquantified`` when a quantity or trend claim has no figure in its related body sentences."""
    if not statement.has_verb or not statement.quantities:
        return None  # "Alle Angebote im Überblick" lists, it claims nothing
    if any(f.value is not None and f.quantity for f in statement.figures):
        return None
    related = [s for s in supports[:RELATED_FOR_FIGURES] if s.score >= threshold / 2]
    if any(f.quantity for s in related for f in sentences[s.sentence].figures):
        return None
    phrases = ", ".join(f'"{q.phrase}"' for q in statement.quantities)
    where = "none of the body sentences that support it gives a figure" if related else "no body sentence supports it"
    return Flag(
        FlagKind.UNQUANTIFIED,
        f"The element claims a quantity or trend ({phrases}), but {where}.",
        (statement.span, *(q.span for q in statement.quantities), *(s.span for s in related)),
    )
