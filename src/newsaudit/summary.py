"""The dossier summary a person reads first: the top check-worthy claims and the red flags.

Nothing here is a verdict. Each red flag names the spans that show it and says in one sentence why it matters;
each top claim says who stands behind it and through whom it reaches the article. The summary only selects and
orders what the other layers found: the language (a text that is not German), consistency (display elements vs
body), sourcing (the evidence profile), framing (hedges, vague figures, undated time, sensational and clickbait
wording) and claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .claims.units import Claims
from .consistency import Consistency
from .framing import Framing
from .framing.types import Signal, SignalKind
from .language.identify import GERMAN, LanguageGuess
from .sourcing import SourceChain
from .types import Span

TOP_CLAIMS = 5
# Red flags in the order a verification desk reads them: whether newsaudit could read the text at all (German),
# what the headline promises, how the story is sourced, then the wording. Kinds not listed sort last.
FLAG_ORDER = (
    "not_german",
    "headline_body",
    "party_sources_only",
    "foreign_tabloid",
    "second_hand",
    "no_own_verification",
    "no_named_source",
    "unquantified",
    "hedge",
    "unresolved_time",
    "sensational",
    "clickbait",
)
# Framing signals grouped into one flag per kind: (flag kind, title, why it matters).
_GROUPED_SIGNALS: dict[SignalKind, tuple[str, str, str]] = {
    SignalKind.UNQUANTIFIED: (
        "unquantified",
        "Trend or amount without a figure",
        "A trend or share is claimed with no figure to check it by.",
    ),
    SignalKind.VAGUE_QUANTITY: (
        "unquantified",
        "Vague quantity",
        "An order of magnitude stands where a count would be checkable.",
    ),
    SignalKind.HEDGE: (
        "hedge",
        "Hedged statement",
        "The author leaves open whether it is so: the statement rests on someone else or on nothing named.",
    ),
    SignalKind.SENSATIONAL: (
        "sensational",
        "Sensational vocabulary",
        "Dramatising words add emotion, not information.",
    ),
    SignalKind.CLICKBAIT: (
        "clickbait",
        "Clickbait devices in the display text",
        "Headline devices announce a revelation instead of stating the news.",
    ),
}


@dataclass(frozen=True)
class RedFlag:
    """One finding a reader should see first, with its evidence and one sentence why."""

    kind: str
    title: str
    reason: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class TopClaim:
    """A check-worthy claim: which unit, who stands behind it and the chain through which it reaches the article."""

    claim: str  # id in the claims layer
    span: Span
    source: str
    chain: tuple[str, ...]
    status: str
    checkworthiness: float
    features: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """Top claims (most check-worthy first), red flags (most important first) and the sourcing in one sentence."""

    top_claims: tuple[TopClaim, ...]
    red_flags: tuple[RedFlag, ...]
    sourcing: str


def _quote(text: str, span: Span) -> str:
    return "“" + text[span.start : span.end] + "”"


def _consistency_flags(text: str, consistency: Consistency | None) -> list[RedFlag]:
    flags: list[RedFlag] = []
    for element in consistency.elements if consistency else ():
        for statement in element.statements:
            for flag in statement.flags:
                title = f"{element.label.value.capitalize()} vs body: {flag.kind.value.replace('_', ' ')}"
                reason = f"{_quote(text, statement.span)}: {flag.reason}"
                evidence = tuple(dict.fromkeys((statement.span, *flag.evidence)))  # in order, each span once
                flags.append(RedFlag("headline_body", title, reason, evidence))
    return flags


def _sourcing_flags(sourcing: SourceChain | None) -> list[RedFlag]:
    titles = {
        "party_sources_only": "Only parties to the story as sources",
        "foreign_tabloid": "Relayed from a foreign tabloid",
        "second_hand": "Second-hand reporting",
        "no_own_verification": "No sign of own verification",
        "no_named_source": "No named source",
        "says_unverified": "Unverified by the outlet's own account",
    }
    return [
        RedFlag(f.kind, titles.get(f.kind, f.kind), f.reason, f.evidence)
        for f in (sourcing.profile.flags if sourcing else ())
    ]


def _framing_flags(text: str, framing: Framing | None) -> list[RedFlag]:
    if framing is None:
        return []
    grouped: dict[str, tuple[str, str, list[Signal]]] = {}
    for signal in framing.signals:
        if signal.kind in _GROUPED_SIGNALS:
            kind, title, why = _GROUPED_SIGNALS[signal.kind]
            grouped.setdefault(title, (kind, why, []))[2].append(signal)
    flags = [
        RedFlag(
            kind, title, f"{why} ({', '.join(_quote(text, s.span) for s in signals)})", tuple(s.span for s in signals)
        )
        for title, (kind, why, signals) in grouped.items()
    ]
    undated = [s for s in framing.signals if s.kind is SignalKind.TIME and s.unresolved]
    if undated:
        spans = ", ".join(_quote(text, s.span) for s in undated)
        flags.append(
            RedFlag(
                "unresolved_time",
                "Relative time that cannot be dated",
                f"{spans}: the text gives no date to resolve it against, so when it happened cannot be checked.",
                tuple(s.span for s in undated),
            )
        )
    return flags


def _order(flag: RedFlag) -> int:
    return FLAG_ORDER.index(flag.kind) if flag.kind in FLAG_ORDER else len(FLAG_ORDER)


def _top_claims(claims: Claims | None) -> list[TopClaim]:
    if claims is None:
        return []
    ranked = sorted(claims.units, key=lambda c: (-c.checkworthiness, c.span.start))
    chosen = [c for c in ranked if c.checkworthiness >= claims.checkworthy_threshold][:TOP_CLAIMS]
    return [
        TopClaim(c.id, c.span, c.source, c.chain, c.status, c.checkworthiness, c.features)
        for c in sorted(chosen, key=lambda c: -c.checkworthiness)
    ]


def sourcing_sentence(sourcing: SourceChain | None) -> str:
    """The sourcing in one sentence: primary sources, independent sides, media relayed."""
    if sourcing is None:
        return "The source chain is not available."
    profile = sourcing.profile
    names = [sourcing.node(i).name for i in profile.primary_sources]
    if not names:
        return "No source is named."
    relayed = [
        sourcing.node(e.child).name
        for e in sourcing.edges
        if e.relation.value == "reports" and sourcing.node(e.parent).role.value == "outlet"
    ]
    via = f", relayed through {', '.join(relayed)}" if relayed else ""
    sides = (
        "1 independent side" if profile.independent_sources == 1 else f"{profile.independent_sources} independent sides"
    )
    return f"{len(names)} primary source{'s' if len(names) != 1 else ''} ({', '.join(names)}); {sides}{via}."


# Occurrences of the other language's function words quoted in the flag's reason and given as its evidence.
LANGUAGE_EVIDENCE = 6


def _language_flags(text: str, guess: LanguageGuess | None) -> list[RedFlag]:
    """A flag when the article is not German: every German model below read a language it does not know."""
    if guess is None or guess.code == GERMAN:
        return []
    shown = guess.evidence[:LANGUAGE_EVIDENCE]
    counts = dict(guess.counts)
    reason = (
        f"The text reads as {guess.name}: {counts[guess.code]} of its words are {guess.name} function words "
        f"({', '.join(_quote(text, s) for s in shown)}), {counts[GERMAN]} German ones. newsaudit's models are "
        "German, so the findings below are unreliable."
    )
    return [RedFlag("not_german", f"Not German ({guess.name})", reason, shown)]


def summarise(
    text: str,
    *,
    claims: Claims | None,
    consistency: Consistency | None,
    framing: Framing | None,
    sourcing: SourceChain | None,
    language: LanguageGuess | None = None,
) -> Summary:
    """Select and order the findings of the other layers (see the module docstring)."""
    flags: Sequence[RedFlag] = [
        *_language_flags(text, language),
        *_consistency_flags(text, consistency),
        *_sourcing_flags(sourcing),
        *_framing_flags(text, framing),
    ]
    ordered = sorted(flags, key=_order)
    return Summary(tuple(_top_claims(claims)), tuple(ordered), sourcing_sentence(sourcing))
