"""The language layer: sentences, tokens, lemmas, STTS POS tags and verb mood of an article's prose blocks.

Choices (measured on this machine; ``newsaudit eval language`` and ``newsaudit bench`` print the figures):

* Tokens and sentences: a regex tokenizer and rule-based splitter of our own (``tokenize.py``,
  ``sentences.py``), with German abbreviations as data. SoMaJo is the reference German tokenizer but runs
  at 9-14k tokens/s, too slow for the bench budget (structure+language <= 2x trafilatura.extract, i.e.
  ~25 ms for the language of a 900-word article); ours runs at 130-400k tokens/s, keeps every offset by
  construction, and on the Wikinews quotation set (dev) matches SoMaJo: token F1 0.997 for both, sentence
  F1 0.964 vs 0.965 (2026-11-25).
* POS, lemma, morphology: HanTa's German model (LGPL-3.0, ships in its wheel, no download) through our
  own memoised Viterbi (``tagger.py``): the same tags as HanTa's ``tag_sent``, ~2x faster on new words (its
  morpheme lattice ported with the inner call inlined, ``morphology.py``) and ~10x on words seen before.
* Mood: HanTa's morphemes plus a lexicon and rules (``mood.py``).
* Profiles: ``accurate`` runs HanTa's word analysis on every new form (0.3-1 ms each); ``fast`` never does:
  known forms come from HanTa's precomputed lexicon, the others from a suffix guesser distilled from the
  accurate tagger (``guesser.py``, ``train.py``), so new words cost a few dict lookups.

Only prose blocks (``BlockLabel.is_prose``) are analysed; a sentence never crosses a block boundary.
Every token and sentence span is ``(start, end)`` into ``Article.text``.
"""

from __future__ import annotations

from ..types import Article, Language, Mood, Sentence, Span, Token
from .mood import FINITE_TAGS, verb_mood
from .sentences import split_sentences
from .tagger import PROFILES, get_tagger
from .tokenize import tokenize

__all__ = ["analyze_language", "analyze_text"]


def analyze_text(text: str, regions: list[tuple[int, int, int]], *, profile: str = "accurate") -> Language:
    """Language of ``text`` restricted to ``regions`` ``(start, end, block index)``, in order.

    ``profile``: "accurate" analyses every word form with HanTa; "fast" (corpus scale) looks known forms up
    in HanTa's precomputed lexicon and guesses the others from their suffix (``guesser.py``).
    """
    tagger = get_tagger()
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")

    def stem_mood(form: str, hanta_tag: str, lemma: str) -> Mood | None:
        return tagger.stem_mood(form, hanta_tag, lemma, profile)

    tokens: list[Token] = []
    sentences: list[Sentence] = []
    for start, end, block in regions:
        spans = tokenize(text, start, end)
        for first, last in split_sentences(text, spans):
            sentence_spans = spans[first:last]
            words = [text[a:b] for a, b in sentence_spans]
            tagged = tagger.tag(words, profile)
            token_start = len(tokens)
            for i, ((a, b), tw) in enumerate(zip(sentence_spans, tagged, strict=True)):
                mood = None
                if tw.tag in FINITE_TAGS:
                    mood = verb_mood(words, i, tw.tag, tw.hanta_tag, tw.lemma, stem_mood)
                tokens.append(Token(Span(a, b), tw.lemma, tw.tag, mood))
            sentences.append(
                Sentence(Span(sentence_spans[0][0], sentence_spans[-1][1]), block, token_start, len(tokens))
            )
    return Language(sentences=tuple(sentences), tokens=tuple(tokens))


def analyze_language(article: Article, *, profile: str = "accurate") -> Language:
    """Sentences and tokens of the article's prose blocks, with lemma, STTS tag and mood of finite verbs."""
    regions = [(b.span.start, b.span.end, i) for i, b in enumerate(article.blocks) if b.label.is_prose]
    return analyze_text(article.text, regions, profile=profile)
