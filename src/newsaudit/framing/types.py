"""The framing layer's types: one ``Signal`` per finding, each with its span, cue and a reason in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..types import Span


class SignalKind(StrEnum):
    """What a signal says about the text."""

    SENSATIONAL = "sensational"  # dramatising or emotive vocabulary
    CLICKBAIT = "clickbait"  # headline device that withholds the news or announces a revelation
    RHETORICAL = "rhetorical"  # exclamation or question in the author's own body text
    INTENSIFIER = "intensifier"  # degree word that adds strength, not information
    HEDGE = "hedge"  # epistemic marker: the author leaves open whether it is so
    DISTANCE = "distance"  # Konjunktiv: reported or hypothetical, not the author's assertion
    UNQUANTIFIED = "unquantified"  # trend or share without a figure ("immer mehr")
    VAGUE_QUANTITY = "vague_quantity"  # order of magnitude instead of a count ("mehrere Dutzend")
    QUANTITY = "quantity"  # a number with a unit or count ("30 Soldaten")
    TIME = "time"  # a time expression, absolute or relative


@dataclass(frozen=True)
class Signal:
    """One framing or epistemic finding.

    ``cue`` names the rule or lexicon entry that fired (``schock-`` for the prefix entry, ``exclamation`` for a
    headline rule), not the evidence text, which ``Article.slice(span)`` gives. ``value`` is a normalised reading
    where one exists: the number of a quantity, the ISO date (or ``YYYY-MM``, ``YYYY``, ``YYYY-Www``) of a time
    expression. ``unresolved`` marks a relative time expression that cannot be dated: the article has no
    publication date, or the expression is vague ("kürzlich").
    """

    kind: SignalKind
    span: Span
    cue: str
    reason: str
    value: str | None = None
    unresolved: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signal:
        start, end = data["span"]
        return cls(
            SignalKind(data["kind"]),
            Span(start, end),
            data["cue"],
            data["reason"],
            data.get("value"),
            bool(data.get("unresolved", False)),
        )
