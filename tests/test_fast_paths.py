"""The fast paths of the fast profile give exactly what the plain definitions they replace give."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from newsaudit.attribution.crf import _bucket, _bucket_of, _nearest_anchor
from newsaudit.claims.sentence_model import SparseView
from newsaudit.claims.text_features import _SENTENCE_START_RE, _starts_sentence
from newsaudit.consistency.words import ContentWord, WordKind, could_match, match_credit, name_stem
from newsaudit.entities.actors import _ENDINGS, _head_suffix, role_table
from newsaudit.entities.features import MAX_GAZETTEER_TOKENS, gazetteer, gazetteer_tags
from newsaudit.structure.html import _without_repeated_lines
from newsaudit.structure.html_blocks import Part
from newsaudit.types import BlockLabel, Span

_KEYS = st.text(alphabet="aeinrsu-", min_size=2, max_size=12)


def _word(key: str, kind: WordKind) -> ContentWord:
    parts = tuple(p for p in key.split("-") if p) if "-" in key else ()
    stem = "" if kind is WordKind.VERB else name_stem(key)
    name_like = kind is WordKind.NAME or (kind is WordKind.ADJECTIVE and key.endswith("isch"))
    return ContentWord(Span(0, 1), key, kind, parts, stem, name_like)


@settings(max_examples=500, deadline=None)
@given(_KEYS, st.sampled_from(list(WordKind)), _KEYS, st.sampled_from(list(WordKind)))
def test_could_match_is_necessary_for_a_match(a: str, kind_a: WordKind, b: str, kind_b: WordKind) -> None:
    """Every pair of words that match_credit grades above zero passes the quick could_match test."""
    first, second = _word(a, kind_a), _word(b, kind_b)
    if match_credit(first, second)[0] > 0:
        assert could_match(first, second)


def test_could_match_passes_compounds_and_name_stems() -> None:
    """A compound head and a name-derived adjective pass the quick test, unrelated words do not."""
    assert could_match(_word("schusswechsel", WordKind.NOUN), _word("wechsel", WordKind.NOUN))
    assert could_match(_word("russisch", WordKind.ADJECTIVE), _word("russland", WordKind.NAME))
    assert not could_match(_word("truppe", WordKind.NOUN), _word("video", WordKind.NOUN))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.!?: \n\t\u00a0", max_size=12))
def test_starts_sentence_equals_the_prefix_search(text: str) -> None:
    """The bounded search agrees with the regex on the whole prefix at every position."""
    for start in range(len(text) + 1):
        assert _starts_sentence(text, start) == (_SENTENCE_START_RE.search(text[:start]) is not None)


def _score_by_definition(terms: dict[str, tuple[float, float]], counts: dict[str, int]) -> float:
    dot = norm = 0.0
    for term, count in counts.items():
        known = terms.get(term)
        if known is None:
            continue
        idf, weight = known
        value = (1.0 + math.log(count)) * idf
        dot += value * weight
        norm += value * value
    return dot / math.sqrt(norm) if norm else 0.0


_WEIGHTS = st.tuples(st.floats(0.5, 12.0), st.floats(-3.0, 3.0))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text("abcd", min_size=1, max_size=3), _WEIGHTS, max_size=12),
    st.lists(st.dictionaries(st.text("abcde", min_size=1, max_size=3), st.integers(1, 9), max_size=10), max_size=5),
)
def test_sparse_view_scores_are_the_definition_bit_for_bit(
    terms: dict[str, tuple[float, float]], texts: list[dict[str, int]]
) -> None:
    """Batch scoring gives the very floats of the term-by-term sublinear tf-idf dot product."""
    view = SparseView(terms)
    assert view.scores(texts) == [_score_by_definition(terms, counts) for counts in texts]


@given(st.lists(st.integers(0, 40), min_size=1, max_size=8, unique=True), st.integers(0, 40))
def test_nearest_anchor_is_the_nearest_earlier_on_ties(anchors: list[int], i: int) -> None:
    """Bisection finds the anchor a full scan finds (ties go to the earlier anchor)."""
    ordered = sorted(anchors)
    assert _nearest_anchor(ordered, i) == min(ordered, key=lambda a: (abs(a - i), a))


def test_distance_buckets_are_looked_up_as_computed() -> None:
    """The bucket table agrees with the bucket rule for every distance."""
    assert all(_bucket(d) == _bucket_of(d) for d in range(-2, 40))


def _gazetteer_tags_by_scan(words: list[str]) -> list[str]:
    entries = gazetteer()
    lower = [w.lower() for w in words]
    tags = [""] * len(words)
    i = 0
    while i < len(words):
        matched = 0
        for n in range(min(MAX_GAZETTEER_TOKENS, len(words) - i), 0, -1):
            kind = entries.get(tuple(lower[i : i + n]))
            if kind is None and n == 1 and len(lower[i]) > 3 and lower[i][-1] == "s":
                kind = entries.get((lower[i][:-1],))
            if kind is not None:
                tags[i] = "B-" + kind
                for j in range(i + 1, i + n):
                    tags[j] = "I-" + kind
                matched = n
                break
        i += max(matched, 1)
    return tags


_GAZETTEER_WORDS = ["Sankt", "Petersburg", "Russlands", "Amnesty", "International", "in", "der", "Spiegel", "New"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_GAZETTEER_WORDS), max_size=10))
def test_gazetteer_tags_equal_the_full_scan(words: list[str]) -> None:
    """Bounding the tried lengths by the longest entry per first word changes no tag."""
    assert gazetteer_tags(words) == _gazetteer_tags_by_scan(words)


def test_equal_credit_lines_keep_the_first_in_list_order() -> None:
    """Of two equal credit lines the first in the list stays, whichever object was made first."""
    later = Part(BlockLabel.CREDIT, "dpa | Jens Kalaene", 500, "html:credit")
    earlier = Part(BlockLabel.CREDIT, "dpa | Jens Kalaene", 100, "html:credit")
    assert _without_repeated_lines([earlier, later]) == [earlier]
    kept = _without_repeated_lines([later, earlier])
    assert len(kept) == 1 and kept[0].position == 500


def _head_suffix_by_scan(head: str) -> str | None:
    for suffix in role_table().suffixes:
        index = head.rfind(suffix)
        if index > 0 and head[index + len(suffix) :] in _ENDINGS:
            return suffix
    return None


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_head_suffix_equals_the_scan_over_all_suffixes(data: st.DataObject) -> None:
    """Looking up the head's substrings finds the suffix entry that trying every entry in order finds."""
    suffixes = st.sampled_from(role_table().suffixes)
    pieces = data.draw(st.lists(st.one_of(suffixes, st.sampled_from(["", "s", "bundes", "x", *_ENDINGS])), max_size=4))
    head = "".join(pieces)
    assert _head_suffix(head) == _head_suffix_by_scan(head)
