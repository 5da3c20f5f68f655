"""The voice of each body sentence: from the attribution layer when it ran, else from cue words and mood.

With the attribution layer, a sentence is attributed when it carries a named quotation or a source mention and
hedged when it holds a hedge cue (``stages/attribution.py``). Without it, the fallback reads the sentence itself:
a reporting verb ("berichtet", "sagte") makes it attributed, a hedge word ("offenbar") hedged. Either way a
sentence the author states in Konjunktiv ("seien", "hätten ... gehabt") is distanced, not asserted.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..stages.attribution import Attribution, SentenceStatus, find_hedges
from ..types import Span, Token
from .cues import Voice, distance_verbs, reporting_verbs


def _attributed_cues(attribution: Attribution, index: int) -> tuple[Span, ...]:
    status = attribution.sentences[index]
    spans: list[Span] = [attribution.source_mentions[k].span for k in status.source_mentions]
    for k in status.quotations:
        quotation = attribution.quotations[k]
        spans.extend(quotation.cue + quotation.speaker)
    unique = set(spans)
    # a source mention often contains the quotation's cue and speaker: keep the outermost spans only
    return tuple(sorted(s for s in unique if not any(o != s and o.contains(s) for o in unique)))


def sentence_voice(
    text: str, tokens: Sequence[Token], index: int, attribution: Attribution | None
) -> tuple[Voice, tuple[Span, ...]]:
    """The voice of sentence ``index`` of the language layer and the spans that decide it."""
    if attribution is not None and index < len(attribution.sentences):
        status = attribution.sentences[index]
        if status.status is SentenceStatus.ATTRIBUTED:
            return Voice.ATTRIBUTED, _attributed_cues(attribution, index)
        if status.status is SentenceStatus.HEDGED:
            return Voice.HEDGED, status.hedges
    else:
        verbs = reporting_verbs()
        cues = tuple(t.span for t in tokens if t.pos.startswith("VV") and t.lemma.lower() in verbs)
        if cues:
            return Voice.ATTRIBUTED, cues
        hedges = find_hedges(text, tokens)
        if hedges:
            return Voice.HEDGED, hedges
    distance = distance_verbs(text, tokens)
    if distance:
        return Voice.KONJUNKTIV, distance
    return Voice.ASSERTED, ()
