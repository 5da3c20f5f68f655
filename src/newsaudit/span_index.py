"""Which of a sorted run of spans (sentences, blocks; mentions, markers) a span overlaps, found by bisection.

Stages ask "which sentences does this quotation touch" once per quotation, mention or claim; scanning every
sentence each time made the cost grow with the square of the text (a 2 MB text took minutes), bisection keeps it
at log n per question.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from .types import Span


class SpanIndex:
    """Sorted, non-overlapping spans and the overlap questions about them (``Span.overlaps`` semantics)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self._starts = [s.start for s in spans]
        self._ends = [s.end for s in spans]

    def __len__(self) -> int:
        return len(self._starts)

    def overlapping(self, span: Span) -> range:
        """Indices of the spans that overlap ``span`` (for an empty span: those that strictly enclose it)."""
        first = bisect_right(self._ends, span.start)  # the first span ending after span.start
        stop = bisect_left(self._starts, span.end)  # the first span starting at or after span.end
        return range(first, max(first, stop))

    def holding(self, position: int) -> int | None:
        """Index of the span that holds character ``position`` (None between or outside the spans)."""
        k = bisect_right(self._starts, position) - 1
        return k if k >= 0 and position < self._ends[k] else None

    def touching(self, spans: Iterable[Span]) -> list[int]:
        """Indices, in order and once each, of the spans that overlap any of ``spans``."""
        return sorted({i for span in spans for i in self.overlapping(span)})

    def touches(self, index: int, spans: Iterable[Span]) -> bool:
        """Whether span ``index`` overlaps any of ``spans``."""
        return any(index in self.overlapping(span) for span in spans)


class StartIndex:
    """Spans that may overlap one another (mentions, markers), sorted by start: which lie in or overlap a span.

    Answers give positions into the sequence the index was built from, in increasing order.
    """

    def __init__(self, spans: Sequence[Span]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self._spans = [spans[i] for i in self._order]
        self._starts = [s.start for s in self._spans]
        self._longest = max((len(s) for s in spans), default=0)

    def inside(self, span: Span) -> list[int]:
        """Positions of the spans that ``span`` contains."""
        first = bisect_left(self._starts, span.start)
        stop = bisect_right(self._starts, span.end)
        return sorted(self._order[k] for k in range(first, stop) if span.contains(self._spans[k]))

    def overlapping(self, span: Span) -> list[int]:
        """Positions of the spans that overlap ``span`` (``Span.overlaps``)."""
        first = bisect_left(self._starts, span.start - self._longest)
        stop = bisect_right(self._starts, span.end)
        return sorted(self._order[k] for k in range(first, stop) if span.overlaps(self._spans[k]))
