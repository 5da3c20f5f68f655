"""Which language a text is written in, from its function words, so that a non-German text is flagged.

newsaudit's models are German. A text in another language still runs through them (their output is then
unreliable), and the dossier says so with the words that show it. The decision counts whole-word occurrences of
each language's distinctive function words (``resources/de/language_function_words.tsv``) in the article's prose:
articles, conjunctions and prepositions are a large share of any text's words, so a few sentences decide it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..lexicons import lexicon_rows
from ..types import Article, BlockLabel, Span

GERMAN = "de"
# Another language is named only when at least this many of its function words occur and they outnumber the
# German ones this many times: a German text quoting an English phrase ("the winner takes it all") stays German.
MIN_WORDS = 8
MIN_RATIO = 3.0
_WORD_RE = re.compile(r"[^\W\d_]+")
# The blocks whose words count: the article's own text (navigation and footers are often in English on German
# sites, and a German site's page furniture says nothing about the article).
PROSE_LABELS = frozenset({BlockLabel.HEADLINE, BlockLabel.TEASER, BlockLabel.PARAGRAPH, BlockLabel.INTERTITLE})


@dataclass(frozen=True)
class LanguageGuess:
    """The language (ISO 639-1 code and name) and the occurrences of its function words that decided it."""

    code: str
    name: str
    evidence: tuple[Span, ...]
    counts: tuple[tuple[str, int], ...]  # (code, function words found) per language, most first


@cache
def function_words() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """(language code -> name, language code -> its function words) from the resource file."""
    names: dict[str, str] = {}
    words: dict[str, frozenset[str]] = {}
    for code, name, listed in lexicon_rows("language_function_words.tsv"):
        names[code] = name
        words[code] = frozenset(listed.split())
    return names, words


def identify(text: str, spans: Sequence[Span]) -> LanguageGuess:
    """The language of the parts of ``text`` in ``spans`` (the article's prose); German unless another is clear."""
    names, words = function_words()
    hits: dict[str, list[Span]] = {code: [] for code in words}
    for span in spans:
        for match in _WORD_RE.finditer(text, span.start, span.end):
            word = match.group().lower()
            for code, listed in words.items():
                if word in listed:
                    hits[code].append(Span(match.start(), match.end()))
    counts = tuple(sorted(((code, len(found)) for code, found in hits.items()), key=lambda c: -c[1]))
    best, found = counts[0]
    german = len(hits[GERMAN])
    if best != GERMAN and found >= MIN_WORDS and found >= MIN_RATIO * max(german, 1):
        return LanguageGuess(best, names[best], tuple(hits[best]), counts)
    return LanguageGuess(GERMAN, names[GERMAN], tuple(hits[GERMAN]), counts)


def identify_article(article: Article) -> LanguageGuess:
    """The language of the article's headline, teaser, intertitles and paragraphs."""
    return identify(article.text, [b.span for b in article.blocks if b.label in PROSE_LABELS])
