"""A direct quotation inside an indirect one shares its cue: quotes-de marks both with the outer reporting verb.

"Hatzius kritisiert, die Aktion erinnere „fatal an die Bücherverbrennung …“": the quoted words are part of what
Hatzius says, so their cue is "kritisiert", not "erinnere" (a verb of the reported content that the CRF reads as a
cue). Both profiles run this after the speaker steps.

Measured 2026-11-26 (token F1, quotes-de): fast cue train .7554 -> .7555, dev .7146 -> .7222 (train: 14 changed cues
now the gold one, 8 no longer, 16 neither; dev: 5 of 5 now the gold one); accurate dev unchanged (its nested
quotations carry the outer cue already); fast frame F1 train .5809 -> .5768, dev .5617 -> .5684. Not adopted: the
outer speaker as well (fast speaker train .6830 -> .6796; the outer speaker is the wrong one as often as the inner),
or only replacing inner cues that lie inside the outer quote (train .7547).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..types import Language
from .types import Quotation, QuoteKind, frame_over

NESTED_DIRECT_CUES = True


def _outer_indirect(q: Quotation, quotations: Sequence[Quotation]) -> Quotation | None:
    """The first indirect quotation with a cue whose quote holds all of ``q``'s quote."""
    for other in quotations:
        if other is q or other.kind != QuoteKind.INDIRECT or not other.cue:
            continue
        if all(any(outer.contains(part) for outer in other.quote) for part in q.quote):
            return other
    return None


def nested_direct_cues(text: str, language: Language, quotations: Sequence[Quotation]) -> list[Quotation]:
    """Direct quotations inside an indirect quotation take its cue. ``text`` and ``language`` are unused: every
    finishing step has the same signature."""
    if not NESTED_DIRECT_CUES:
        return list(quotations)
    out = []
    for q in quotations:
        outer = _outer_indirect(q, quotations) if q.kind == QuoteKind.DIRECT else None
        if outer is not None and outer.cue != q.cue:
            frame = outer.frame if outer.speaker == q.speaker else frame_over([*outer.cue, *q.speaker])
            q = replace(q, cue=outer.cue, frame=frame)
        out.append(q)
    return out
