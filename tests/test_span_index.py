"""SpanIndex and StartIndex answer exactly what a scan with ``Span.overlaps`` / ``Span.contains`` answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsaudit.span_index import SpanIndex, StartIndex
from newsaudit.types import Span

_SPANS = st.builds(lambda a, n: Span(a, a + n), st.integers(0, 200), st.integers(0, 30))


@st.composite
def _runs(draw: st.DrawFn) -> list[Span]:
    """Sorted, non-overlapping spans (sentences), some touching, some empty-free gaps."""
    spans, position = [], draw(st.integers(0, 5))
    for _ in range(draw(st.integers(0, 12))):
        length = draw(st.integers(1, 20))
        spans.append(Span(position, position + length))
        position += length + draw(st.integers(0, 4))
    return spans


@settings(max_examples=200, deadline=None)
@given(_runs(), _SPANS)
def test_span_index_matches_a_scan(run: list[Span], span: Span) -> None:
    """overlapping() gives the spans that overlap, by index, as a scan would."""
    expected = [i for i, s in enumerate(run) if s.overlaps(span)]
    assert list(SpanIndex(run).overlapping(span)) == expected


@settings(max_examples=200, deadline=None)
@given(_runs(), st.lists(_SPANS, max_size=4))
def test_touching_is_the_sorted_union(run: list[Span], spans: list[Span]) -> None:
    """touching() gives every span overlapping any of the given spans, once, in order."""
    expected = [i for i, s in enumerate(run) if any(s.overlaps(p) for p in spans)]
    assert SpanIndex(run).touching(spans) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(_SPANS, max_size=15), _SPANS)
def test_start_index_matches_a_scan(spans: list[Span], span: Span) -> None:
    """inside() and overlapping() on spans that may overlap each other give the positions a scan gives."""
    index = StartIndex(spans)
    assert index.inside(span) == [i for i, s in enumerate(spans) if span.contains(s)]
    assert index.overlapping(span) == [i for i, s in enumerate(spans) if span.overlaps(s)]


@settings(max_examples=200, deadline=None)
@given(_runs(), st.integers(0, 260))
def test_holding_matches_a_scan(run: list[Span], position: int) -> None:
    """holding() gives the span whose characters include ``position``, or None."""
    expected = next((i for i, s in enumerate(run) if s.start <= position < s.end), None)
    assert SpanIndex(run).holding(position) == expected
