"""Free indirect speech that has a cue after all: re-frame it as indirect speech around the CRF's cue.

The rules call a subjunctive sentence without a cue they know free indirect speech (``IndirectFreeIndirect``,
or ``FreeIndirect`` for hearsay "soll"), and its quote is the whole sentence. When the CRF tags a cue inside
that sentence ("So sagte der Koordinator, Deftalgne Tessema, gegenüber …, dass …", "teilte auch mit, Tony Blair
„steht bereit“"), quotes-de annotates the sentence as ``Indirect``: cue and speaker in the frame, the quote is
the clause the cue introduces. In quotes-de train, 130 gold cue tokens sat inside such whole-sentence quotes.

The quote after re-framing: the clause after the first comma that follows the frame (cue first), or the part
before the last comma that precedes the frame (cue last: "…, sagte X."), or, with no comma around the frame
("Anschließend sei laut X die Bearbeitung erfolgt"), the sentence without the frame.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from ..types import Span
from .cues import cue_lexicon
from .phrases import TokenView
from .types import Quotation, QuoteKind

REFRAMED_KINDS = frozenset({QuoteKind.INDIRECT_FREE_INDIRECT, QuoteKind.FREE_INDIRECT})
METHOD_SUFFIX = "+reframed"


def _indices(s: TokenView, spans: Sequence[Span]) -> list[int]:
    return [i for i, t in enumerate(s.tokens) if any(t.span.overlaps(p) for p in spans)]


def _quote_tokens(s: TokenView, frame: Sequence[int]) -> list[int]:
    """The quote's tokens around the frame (see the module doc); sentence-final punctuation left out."""
    n = len(s)
    end = n - 1 if n and s.tokens[n - 1].pos == "$." else n
    first, last = min(frame), max(frame)
    after = next((k for k in range(last + 1, end) if s.is_comma(k)), None)
    before = next((k for k in range(first - 1, -1, -1) if s.is_comma(k)), None)
    if after is not None and (before is None or first <= 1):
        return list(range(after + 1, end))
    if before is not None:
        return list(range(0, before))
    taken = set(frame)
    return [k for k in range(end) if k not in taken]


def reframe(
    quotations: Sequence[Quotation],
    sentences: Sequence[Span],
    views: Sequence[TokenView],
    cues: Sequence[Sequence[Span]],
    speakers: Sequence[Sequence[Span]],
) -> list[Quotation]:
    """Free indirect quotations of one sentence with a CRF cue inside become Indirect ones around that cue.

    ``cues``/``speakers``: the CRF's cue and speaker spans per sentence (parallel to ``sentences``/``views``).
    """
    starts = [sent.start for sent in sentences]
    taken = [p for q in quotations for p in q.cue]
    lexicon = cue_lexicon()
    out = []
    for q in quotations:
        if q.kind not in REFRAMED_KINDS or q.cue or not q.quote:
            out.append(q)
            continue
        k = bisect.bisect_right(starts, q.quote[0].start) - 1
        if k < 0 or not sentences[k].contains(q.quote[-1]):
            out.append(q)
            continue
        own = [c for c in cues[k] if any(p.contains(c) for p in q.quote) and not any(c.overlaps(t) for t in taken)]
        if not own:
            out.append(q)
            continue
        s = views[k]
        cue_tokens = _indices(s, own)
        local = [p for p in speakers[k] if not any(p.overlaps(c) for c in own)]
        speaker = min(local, key=lambda p: min(abs(p.start - c.end) + abs(c.start - p.end) for c in own), default=None)
        frame = sorted(set(cue_tokens) | set(_indices(s, [speaker] if speaker else [])))
        quote = _quote_tokens(s, frame)
        if not quote:
            out.append(q)
            continue
        verb = next((lexicon[t.lemma] for t in (s.tokens[i] for i in cue_tokens) if t.lemma in lexicon), None)
        cue_spans = s.spans_of(cue_tokens)
        speaker_spans = (speaker,) if speaker else q.speaker  # none in the sentence: keep the inherited one
        out.append(
            replace(
                q,
                kind=QuoteKind.INDIRECT,
                quote=s.spans_of(quote),
                cue=cue_spans,
                speaker=speaker_spans,
                medium=verb.medium if verb else q.medium,
                frame=(s.span(frame[0], frame[-1]),),
                method=q.method + METHOD_SUFFIX,
            )
        )
    return out
