"""Features of the lines of scraped text, for the line classifier (``structure.text``).

Each line gets features of its own (length, punctuation, capitalisation, share of function words, lexicon
cues such as a date, a credit marker or a share-widget word) and context: its position relative to the
article prose (the first and last prose-like lines), and a summary of the two lines before and after it.
The feature list is fixed and named (``FEATURE_NAMES``); the trained model stores the names it was trained
with, and ``structure.text`` refuses a model whose names differ.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .text_rules import cue_patterns, function_words, furniture_rule_for, is_section_name

# Word-count bins: the upper edges of one-hot length classes (navigation words, kickers, headlines,
# teasers, paragraphs). Chosen from the length distributions of the Fundus renderings.
_WORD_BINS = (1, 3, 6, 12, 25, 50)
# A line is "prose-like" (context anchor) when it has this many words, ends a sentence and has this share
# of function words: body paragraphs do, headlines, captions of 5 words and navigation do not.
PROSE_MIN_WORDS = 12
PROSE_MIN_FUNCTION_SHARE = 0.15
# A prose-like line that is one sentence ending in "?" or "!" is mostly a question or exclamation headline ("Neue Brücke
# für Halle: Wer soll das alles am Ende eigentlich bezahlen?"), a teaser card or an interview question: on the
# Fundus renderings such lines are 21 furniture, 2 headline and 8 (interview-question) paragraph lines. It keeps its
# prose feature, but it does not start or extend the article body (``body_span``) and it may be a heading above the
# body: a question headline above the SEO title's restatement opened the body there and pushed the headline into it.
# Leave-publisher-out (2026-11-26, with MIN_UPPER_HEADLINE_RATIO): headline F1 0.861 -> 0.882, paragraph F1 0.909 ->
# 0.907 and teaser 0.734 -> 0.726 (retraining moves a few lines; accuracy 0.938 either way).
_SINGLE_QUESTION_RE = re.compile(r"[?!][\"“”'»«)\]]*$")
_CONTEXT_WINDOW = 3
# A neighbour counts as a credit line ("Foto: dpa", "© Picture Alliance") when it holds a credit marker and at
# most this many words; a caption with its credit run in ("... ab. Bild: picture alliance/dpa") is longer.
MAX_CREDIT_LINE_WORDS = 12
# Lines with these cues are bylines, datelines or captions, never headings (for the heading rank).
_NOT_HEADING_CUES = frozenset({"credit_marker", "date", "time", "byline_start"})
_CONTEXT_OFFSETS = (-2, -1, 1, 2)

_WORD_RE = re.compile(r"[\wÄÖÜäöüß]+(?:[-'][\wÄÖÜäöüß]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"“”'»«)\]]*$")
_SENTENCE_BREAK_RE = re.compile(r"[.!?][\"“”'»«)]?\s+[A-ZÄÖÜ„\"“]")
_QUOTE_END_RE = re.compile(r"[\"“”'»«]$")
_KICKER_COLON_RE = re.compile(r"^([^:.!?]{2,60}):\s+\S")
_FURNITURE_SUBTYPES = ("share_widget", "related_link", "footer", "navigation", "advertisement")


@dataclass(frozen=True)
class LineStats:
    """Per-line measures reused by context features and by the rules in ``structure.text``."""

    chars: int
    words: int
    ends_sentence: bool
    function_share: float
    prose: bool
    cues: frozenset[str]
    furniture: str | None  # furniture subtype when a furniture rule matches the line
    single_question: bool  # one sentence ending in "?" or "!" (``_SINGLE_QUESTION_RE``)


def line_stats(line: str) -> LineStats:
    """Measures of one stripped line."""
    words = _WORD_RE.findall(line)
    n_words = len(words)
    fw = function_words()
    function_share = sum(1 for w in words if w.lower() in fw) / n_words if n_words else 0.0
    ends_sentence = bool(_SENTENCE_END_RE.search(line))
    cues = frozenset(name for name, pattern in cue_patterns() if pattern.search(line))
    rule = furniture_rule_for(line)
    prose = n_words >= PROSE_MIN_WORDS and ends_sentence and function_share >= PROSE_MIN_FUNCTION_SHARE
    return LineStats(
        chars=len(line),
        words=n_words,
        ends_sentence=ends_sentence,
        function_share=function_share,
        prose=prose and rule is None,
        cues=cues,
        furniture=rule.label if rule else None,
        single_question=bool(_SINGLE_QUESTION_RE.search(line)) and not _SENTENCE_BREAK_RE.search(line),
    )


def _own_features(line: str, stats: LineStats) -> list[float]:
    words = _WORD_RE.findall(line)
    n = max(stats.words, 1)
    first = line[:1]
    features = [
        math.log1p(stats.chars) / 6.0,
        math.log1p(stats.words) / 4.0,
    ]
    lower = 0
    for edge in _WORD_BINS:
        features.append(1.0 if lower < stats.words <= edge or (edge == 1 and stats.words <= 1) else 0.0)
        lower = edge
    features.append(1.0 if stats.words > _WORD_BINS[-1] else 0.0)
    features += [
        1.0 if stats.ends_sentence else 0.0,
        1.0 if line.endswith(":") else 0.0,
        1.0 if _QUOTE_END_RE.search(line) else 0.0,
        1.0 if line[-1:].isalnum() else 0.0,
        1.0 if line.endswith("?") or line.endswith("!") else 0.0,
        math.log1p(len(_SENTENCE_BREAK_RE.findall(line))) / 2.0,
        1.0 if first.isupper() else 0.0,
        1.0 if first.isdigit() else 0.0,
        1.0 if first in "„\"“»«‚'" else 0.0,
        1.0 if first and not first.isalnum() and first not in "„\"“»«‚'" else 0.0,
        sum(1 for w in words if w[:1].isupper()) / n,
        sum(1 for w in words if len(w) > 1 and w.isupper()) / n,
        sum(c.isdigit() for c in line) / max(stats.chars, 1),
        sum(not c.isalnum() and not c.isspace() for c in line) / max(stats.chars, 1),
        stats.function_share,
        1.0 if _KICKER_COLON_RE.match(line) and not stats.ends_sentence else 0.0,
        math.log1p(line.count(",")) / 2.0,
        1.0 if stats.prose else 0.0,
        1.0 if is_section_name(line) else 0.0,
    ]
    features += [1.0 if name in stats.cues else 0.0 for name, _ in cue_patterns()]
    features += [1.0 if stats.furniture == subtype else 0.0 for subtype in _FURNITURE_SUBTYPES]
    return features


def _own_feature_names() -> list[str]:
    names = ["len_log", "words_log"]
    names += [f"words_le_{edge}" for edge in _WORD_BINS] + [f"words_gt_{_WORD_BINS[-1]}"]
    names += [
        "end_sentence",
        "end_colon",
        "end_quote",
        "end_alnum",
        "end_question_exclaim",
        "sentence_breaks_log",
        "start_upper",
        "start_digit",
        "start_quote",
        "start_symbol",
        "capitalised_share",
        "allcaps_share",
        "digit_share",
        "symbol_share",
        "function_share",
        "kicker_colon",
        "commas_log",
        "prose",
        "section_name",
    ]
    names += [f"cue_{name}" for name, _ in cue_patterns()]
    names += [f"rule_{subtype}" for subtype in _FURNITURE_SUBTYPES]
    return names


def _context_summary(stats: LineStats | None) -> list[float]:
    """What a neighbouring line contributes: whether it exists and what kind of line it looks like."""
    if stats is None:
        return [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    return [
        0.0,
        math.log1p(stats.chars) / 6.0,
        1.0 if stats.ends_sentence else 0.0,
        1.0 if stats.prose else 0.0,
        stats.function_share,
        1.0 if "credit_marker" in stats.cues and stats.words <= MAX_CREDIT_LINE_WORDS else 0.0,
        1.0 if "date" in stats.cues or "time" in stats.cues else 0.0,
        1.0 if stats.furniture else 0.0,
        1.0 if stats.words <= 3 else 0.0,
    ]


_CONTEXT_NAMES = (
    "absent",
    "len_log",
    "end_sentence",
    "prose",
    "function_share",
    "credit",
    "date",
    "furniture",
    "short",
)


# Prose lines at most this many lines apart belong to one run; the run with most prose characters is the
# article body (page furniture holds prose-like lines too: cookie notices, teaser texts of other articles).
_BODY_GAP = 12
# A headline's content words recur in the first prose lines after it: compare with this many.
_BODY_WINDOW = 8
# Content words: not function words, at least this long.
_MIN_CONTENT_WORD = 3

_BODY_FEATURE_NAMES = (
    "body_overlap_next",
    "body_overlap_all",
    "before_body",
    "dist_body_start",
    "heading_rank_before_body",
    "body_prose_rank",
    "duplicates_log",
    "headings_to_body_log",
)


def _feature_names() -> tuple[str, ...]:
    names = _own_feature_names()
    names += [
        "rel_position",
        "is_first",
        "is_last",
        "index_log",
        "from_end_log",
        "before_first_prose",
        "after_last_prose",
        "dist_first_prose",
        "dist_last_prose",
        "prose_window_share",
        "title_candidate",
        "repeated_line",
        "doc_lines_log",
    ]
    names += list(_BODY_FEATURE_NAMES)
    for offset in _CONTEXT_OFFSETS:
        tag = f"prev{-offset}" if offset < 0 else f"next{offset}"
        names += [f"{tag}_{name}" for name in _CONTEXT_NAMES]
    return tuple(names)


FEATURE_NAMES: tuple[str, ...] = _feature_names()


def content_words(line: str) -> frozenset[str]:
    """Lower-cased words of a line that are not function words (at least three letters)."""
    fw = function_words()
    return frozenset(
        w for w in (m.lower() for m in _WORD_RE.findall(line)) if len(w) >= _MIN_CONTENT_WORD and w not in fw
    )


def body_span(stats: Sequence[LineStats]) -> tuple[int, int]:
    """First and last line of the main run of prose lines ((n, -1) when there is no prose)."""
    best: tuple[int, int, int] = (0, len(stats), -1)
    run_start, run_end, run_chars = -1, -1, 0
    for i, s in enumerate(stats):
        if not s.prose or s.single_question:
            continue
        if run_start >= 0 and i - run_end <= _BODY_GAP:
            run_end, run_chars = i, run_chars + s.chars
        else:
            run_start, run_end, run_chars = i, i, s.chars
        if run_chars > best[0]:
            best = (run_chars, run_start, run_end)
    return best[1], best[2]


def is_doubled(line: str) -> bool:
    """A button label rendered twice ("Link kopieren Link kopieren"): the line is one phrase repeated."""
    compact = re.sub(r"\s+", "", line)
    half = len(compact) // 2
    return len(compact) % 2 == 0 and half > 0 and compact[:half] == compact[half:]


def _is_heading_like(line: str, s: LineStats) -> bool:
    return (
        2 <= s.words <= 30
        and s.furniture is None
        and (not s.prose or s.single_question)
        and not (s.cues & _NOT_HEADING_CUES)
        and not line_ends_plain_sentence(line)
    )


def _body_features(lines: Sequence[str], stats: Sequence[LineStats]) -> list[list[float]]:
    """Per line: how it relates to the article body (the main prose run).

    A headline sits just above the body and shares its content words with the first prose lines; links
    to other articles do not. The first prose lines of the body are the teaser.
    """
    n = len(lines)
    start, end = body_span(stats)
    words = [content_words(line) for line in lines]
    prose = [i for i, s in enumerate(stats) if s.prose]
    all_prose_words: Counter[str] = Counter()
    for i in prose:
        all_prose_words.update(words[i])
    headings_before = [i for i in range(min(start, n)) if _is_heading_like(lines[i], stats[i])]
    heading_rank = {i: k for k, i in enumerate(reversed(headings_before), start=1)}
    body_prose = [i for i in prose if start <= i <= end]
    prose_rank = {i: k for k, i in enumerate(body_prose)}
    loose = [" ".join(sorted(w)) for w in words]
    dup = Counter(key for key in loose if key)
    rows: list[list[float]] = []
    pos = 0
    for i in range(n):
        while pos < len(prose) and prose[pos] <= i:
            pos += 1
        following: set[str] = set()
        for j in prose[pos : pos + _BODY_WINDOW]:
            following |= words[j]
        own = words[i]
        own_count = len(own)
        in_all = sum(1 for w in own if all_prose_words[w] - (1 if stats[i].prose else 0) > 0)
        rows.append(
            [
                len(own & following) / own_count if own_count else 0.0,
                in_all / own_count if own_count else 0.0,
                1.0 if i < start else 0.0,
                _signed_log_distance(i, start),
                1.0 / heading_rank[i] if i in heading_rank else 0.0,
                1.0 / (1 + prose_rank[i]) if i in prose_rank else 0.0,
                math.log1p(dup[loose[i]] - 1) if loose[i] else 0.0,
                # How many title-like lines lie between this one and the body: the headline is usually the last.
                math.log1p(heading_rank[i] - 1) / 2.0 if i in heading_rank else 0.0,
            ]
        )
    return rows


def _signed_log_distance(i: int, anchor: int) -> float:
    d = i - anchor
    return math.copysign(math.log1p(abs(d)), d) / 4.0


def document_features(lines: Sequence[str], stats: Sequence[LineStats] | None = None) -> npt.NDArray[np.float64]:
    """The feature matrix (one row per stripped line, columns ``FEATURE_NAMES``) of one document."""
    n = len(lines)
    if stats is None:
        stats = [line_stats(line) for line in lines]
    prose = [i for i, s in enumerate(stats) if s.prose]
    first_prose = prose[0] if prose else n
    last_prose = prose[-1] if prose else -1
    # The first heading-like line before the prose: where headlines sit in scraped text.
    title_candidate = next(
        (
            i
            for i, s in enumerate(stats[:first_prose])
            if 3 <= s.words <= 25 and s.furniture is None and not line_ends_plain_sentence(lines[i])
        ),
        -1,
    )
    counts = Counter(lines)
    body = _body_features(lines, stats)
    rows: list[list[float]] = []
    for i, line in enumerate(lines):
        s = stats[i]
        row = _own_features(line, s)
        window = stats[max(0, i - _CONTEXT_WINDOW) : i + _CONTEXT_WINDOW + 1]
        row += [
            i / (n - 1) if n > 1 else 0.0,
            1.0 if i == 0 else 0.0,
            1.0 if i == n - 1 else 0.0,
            math.log1p(i) / 4.0,
            math.log1p(n - 1 - i) / 4.0,
            1.0 if i < first_prose else 0.0,
            1.0 if i > last_prose else 0.0,
            _signed_log_distance(i, first_prose),
            _signed_log_distance(i, last_prose if last_prose >= 0 else n),
            sum(1 for w in window if w.prose) / len(window),
            1.0 if i == title_candidate else 0.0,
            1.0 if counts[line] > 1 else 0.0,
            math.log1p(n) / 6.0,
        ]
        row += body[i]
        for offset in _CONTEXT_OFFSETS:
            j = i + offset
            row += _context_summary(stats[j] if 0 <= j < n else None)
        rows.append(row)
    matrix = np.asarray(rows, dtype=np.float64).reshape(n, len(FEATURE_NAMES))
    return matrix


def line_ends_plain_sentence(line: str) -> bool:
    """Ends with a full stop (not ? or !, which headlines use)."""
    return bool(re.search(r"\.[\"“”'»«)\]]*$", line))
