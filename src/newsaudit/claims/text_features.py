"""Features of one short text (a sentence or a comment) shared by the check-worthiness and subjectivity models.

Three views, computed the same way at training time (with scikit-learn) and at run time (numpy only):
word n-grams (1-2, lower-cased, digits folded to ``0``), character n-grams (2-5 inside word boundaries,
like scikit-learn's ``char_wb``), and a few hand features that carry the signals the issue names: numbers,
dates and years, percentages, acronyms and mid-sentence capitals (entity-like words), quantifiers, modal
verbs, first/second person, opinion and evidence markers, question and exclamation marks, URLs, quotes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from ..lexicons import lexicon_rows

CUES_FILE = "claims_text_cues.tsv"
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
# Anonymisation placeholders of the GermEval 2021 comments (@USER, @MEDIUM, @MODERATOR): dropped so that the
# models learn nothing from them; real text never contains them.
_PLACEHOLDER_RE = re.compile(r"@(?:USER|MEDIUM|MODERATOR)\b")
_TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_DIGIT_RE = re.compile(r"\d")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DATE_RE = re.compile(r"\b\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zäöü]+)")
_PERCENT_RE = re.compile(r"%|\bProzent\b")
_URL_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"\b[A-ZÄÖÜ]{2,}[a-z]?\b|\b[A-Z]+\d+\b")
_QUOTE_RE = re.compile(r"[\"„“”«»]")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:]\s+)$")


def clean(text: str) -> str:
    """The text the features see: placeholders dropped, whitespace collapsed."""
    return " ".join(_PLACEHOLDER_RE.sub(" ", text).split())


def words(text: str) -> list[str]:
    """Lower-cased tokens (words and single punctuation marks) with digits folded to ``0``."""
    if not _DIGIT_RE.search(text):  # most sentences: no token has a digit to fold (lowercasing makes none)
        return [token.lower() for token in _TOKEN_RE.findall(text)]
    return [_DIGIT_RE.sub("0", token.lower()) for token in _TOKEN_RE.findall(text)]


def word_ngrams(tokens: list[str]) -> Counter[str]:
    """Counts of word n-grams (``WORD_NGRAMS``), unigrams as the token, bigrams joined by a space."""
    counts: Counter[str] = Counter()
    low, high = WORD_NGRAMS
    for n in range(low, high + 1):
        for i in range(len(tokens) - n + 1):
            counts[" ".join(tokens[i : i + n])] += 1
    return counts


@lru_cache(maxsize=65536)
def _padded_word_ngrams(word: str) -> tuple[str, ...]:
    """The character n-grams of one word padded with a space each side (words repeat: computed once each)."""
    padded = f" {word} "
    low, high = CHAR_NGRAMS
    return tuple(padded[i : i + n] for n in range(low, min(high, len(padded)) + 1) for i in range(len(padded) - n + 1))


@lru_cache(maxsize=4096)
def char_ngrams(text: str) -> Counter[str]:
    """Counts of character n-grams (``CHAR_NGRAMS``) of each lower-cased word padded with one space each side.

    Cached per text so that the check-worthiness and subjectivity models share one extraction: callers must
    not change the returned counts.
    """
    grams: list[str] = []
    for word in _WORD_RE.findall(_DIGIT_RE.sub("0", text.lower())):
        grams.extend(_padded_word_ngrams(word))
    return Counter(grams)  # one count over all of them: first-occurrence order and counts as word by word


@lru_cache(maxsize=1)
def _cue_classes() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    by_word: dict[str, list[str]] = {}
    classes: list[str] = []
    for row in lexicon_rows(CUES_FILE):
        kind, word = row[0].strip(), row[1].strip()
        if kind not in classes:
            classes.append(kind)
        by_word.setdefault(word, []).append(kind)
    return tuple(classes), {word: tuple(kinds) for word, kinds in by_word.items()}


def hand_feature_names() -> list[str]:
    """The names of ``hand_features`` in their fixed order."""
    classes, _ = _cue_classes()
    return [
        "log_tokens",
        "mean_word_length",
        "numbers",
        "years",
        "dates",
        "percent",
        "urls",
        "acronyms",
        "mid_capitals",
        "question_marks",
        "exclamation_marks",
        "quotes",
        "colon",
        "ellipsis",
        *(f"cue_{kind}" for kind in classes),
    ]


@lru_cache(maxsize=4096)
def word_ngram_counts(text: str) -> Counter[str]:
    """``word_ngrams(words(text))``, cached per text like ``char_ngrams`` (the two models share one extraction):
    callers must not change the returned counts."""
    return word_ngrams(words(text))


@lru_cache(maxsize=4096)
def hand_feature_vector(text: str) -> tuple[float, ...]:
    """``hand_features(text)`` as a tuple, cached per text (the two models share one extraction)."""
    return tuple(hand_features(text))


def _starts_sentence(text: str, start: int) -> bool:
    """Whether ``_SENTENCE_START_RE`` matches ``text[:start]``, without scanning the whole prefix.

    A match ends at ``start`` and is either the text's beginning or ``[.!?:]`` followed by whitespace only, so it
    can begin no earlier than one character before the trailing whitespace run (the whole prefix when that run is
    all of it): searching from there gives the same answer in constant time instead of time linear in ``start``.
    """
    begin = start
    while begin > 0 and text[begin - 1].isspace():
        begin -= 1
    return _SENTENCE_START_RE.search(text, max(0, begin - 1), start) is not None


def hand_features(text: str) -> list[float]:
    """Dense hand features of a cleaned text: log-counts (``log1p``) and two length measures."""
    classes, by_word = _cue_classes()
    found = list(_WORD_RE.finditer(text))
    tokens = [m.group().lower() for m in found]
    mid_capitals = sum(1 for m in found if m.group()[0].isupper() and not _starts_sentence(text, m.start()))
    cue_counts = dict.fromkeys(classes, 0)
    for token in tokens:
        for kind in by_word.get(token, ()):
            cue_counts[kind] += 1
    counts = [
        len(_NUMBER_RE.findall(text)),
        len(_YEAR_RE.findall(text)),
        len(_DATE_RE.findall(text)),
        len(_PERCENT_RE.findall(text)),
        len(_URL_RE.findall(text)),
        len(_ACRONYM_RE.findall(text)),
        mid_capitals,
        text.count("?"),
        text.count("!"),
        len(_QUOTE_RE.findall(text)),
        text.count(":"),
        text.count("...") + text.count("…"),
        *(cue_counts[kind] for kind in classes),
    ]
    mean_length = sum(len(t) for t in tokens) / len(tokens) if tokens else 0.0
    return [math.log1p(len(tokens)), mean_length, *(math.log1p(c) for c in counts)]
