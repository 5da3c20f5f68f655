"""Frozen results of the headline-body consistency check: per display element, its statements, the body sentences
that support each (with the shared words as spans on both sides), and flags with a reason and evidence spans."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..types import BlockLabel, Span
from .cues import Voice
from .words import MatchKind


class FlagKind(StrEnum):
    """What is wrong between a display element and the body."""

    UNSUPPORTED = "unsupported"  # no body sentence supports the statement
    STRONGER_THAN_BODY = "stronger_than_body"  # stated as fact; the body only attributes, hedges or distances it
    UNQUANTIFIED = "unquantified"  # a quantity or trend claim, and no supporting body sentence gives a figure
    ACTOR_SHIFT = "actor_shift"  # the element's actor differs from the actor of the body's supporting sentences


@dataclass(frozen=True)
class SharedWord:
    """A word of the statement (``element``) found again in a body sentence (``body``), and how it matched."""

    element: Span
    body: Span
    match: MatchKind


@dataclass(frozen=True)
class Support:
    """A body sentence that supports a statement: its index in ``Language.sentences``, span and scores.

    ``score`` is what the thresholds read: ``lexical`` alone in the fast profile, lexical and ``cosine`` (e5)
    combined in the accurate one. ``voice`` says whether the body asserts, attributes, hedges or distances it.
    """

    sentence: int
    span: Span
    score: float
    lexical: float
    cosine: float | None
    shared: tuple[SharedWord, ...]
    voice: Voice
    voice_cues: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Flag:
    """One finding: its kind, one sentence why, and the spans that show it (statement first, then the body)."""

    kind: FlagKind
    reason: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class StatementCheck:
    """One statement of a display element (a part of a "X: Y!" headline is one statement) and its findings."""

    span: Span
    supports: tuple[Support, ...]  # best first
    flags: tuple[Flag, ...]

    @property
    def best_score(self) -> float:
        return self.supports[0].score if self.supports else 0.0


@dataclass(frozen=True)
class ElementCheck:
    """A display element (headline, kicker, teaser, caption, intertitle) with its statements."""

    block: int  # index into Article.blocks
    label: BlockLabel
    span: Span
    statements: tuple[StatementCheck, ...]

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(f for s in self.statements for f in s.flags)


@dataclass(frozen=True)
class Consistency:
    """The consistency layer of one article: every display element checked against the body (paragraphs)."""

    profile: str
    elements: tuple[ElementCheck, ...]
    body_sentences: int  # how many body sentences the elements were checked against

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(f for e in self.elements for f in e.flags)


def _support_to_dict(s: Support) -> dict[str, Any]:
    return {
        "sentence": s.sentence,
        "span": s.span.to_list(),
        "score": round(s.score, 4),
        "lexical": round(s.lexical, 4),
        "cosine": None if s.cosine is None else round(s.cosine, 4),
        "voice": str(s.voice),
        "voice_cues": [c.to_list() for c in s.voice_cues],
        "shared": [{"element": w.element.to_list(), "body": w.body.to_list(), "match": str(w.match)} for w in s.shared],
    }


def _element_to_dict(e: ElementCheck) -> dict[str, Any]:
    return {
        "block": e.block,
        "label": str(e.label),
        "span": e.span.to_list(),
        "statements": [
            {
                "span": s.span.to_list(),
                "supports": [_support_to_dict(x) for x in s.supports],
                "flags": [
                    {"kind": str(f.kind), "reason": f.reason, "evidence": [x.to_list() for x in f.evidence]}
                    for f in s.flags
                ],
            }
            for s in e.statements
        ],
    }


def _span(pair: list[int]) -> Span:
    return Span(pair[0], pair[1])


def _support_from_dict(d: dict[str, Any]) -> Support:
    return Support(
        sentence=d["sentence"],
        span=_span(d["span"]),
        score=d["score"],
        lexical=d["lexical"],
        cosine=d["cosine"],
        shared=tuple(SharedWord(_span(w["element"]), _span(w["body"]), MatchKind(w["match"])) for w in d["shared"]),
        voice=Voice(d["voice"]),
        voice_cues=tuple(_span(c) for c in d["voice_cues"]),
    )


def _element_from_dict(d: dict[str, Any]) -> ElementCheck:
    statements = tuple(
        StatementCheck(
            span=_span(s["span"]),
            supports=tuple(_support_from_dict(x) for x in s["supports"]),
            flags=tuple(
                Flag(FlagKind(f["kind"]), f["reason"], tuple(_span(x) for x in f["evidence"])) for f in s["flags"]
            ),
        )
        for s in d["statements"]
    )
    return ElementCheck(block=d["block"], label=BlockLabel(d["label"]), span=_span(d["span"]), statements=statements)
