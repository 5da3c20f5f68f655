"""Per-token inputs of the accurate attribution head: the fast CRF's non-lexical features over the whole article.

The accurate head (``accurate.py``) reads two things per language-layer token: the shared encoder's states
(``encoder/``), which carry the words and their sentence context, and the symbolic features the fast profile
engineered (``crf.sentence_features``: POS, mood, cue-lexicon class, quotation-mark state, distance to cues,
the rule extractor's reading of the token ...). The word form features of the CRF (``w=``, suffixes, neighbour
words) are left out: the encoder covers words. The lemma (``l=``) stays: with it, dev quote/cue/speaker token F1
went from .766/.680/.645 to .783/.706/.655 (2026-11-25, also with learning rate 3e-3 and 14 epochs).
Two document-level features are added: whether the token opens its sentence's paragraph, and the quotation-mark
parity over the whole block (direct quotes cross sentences).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Article, Language
from .crf import rule_roles, sentence_features
from .phrases import QUOTE_MARKS, TokenView
from .types import Quotation, by_sentence

# CRF feature prefixes that name the word itself (kept out: the encoder states carry the words).
LEXICAL_PREFIXES = ("w=", "s3=", "-2:w=", "-1:w=", "1:w=", "2:w=")


def article_features(article: Article, language: Language, quotations: Sequence[Quotation]) -> list[list[str]]:
    """Feature strings for every token of ``language`` in order (tokens outside any sentence get ``bias`` only).

    ``quotations`` are the rule extractor's (``rules.find_quotations``) on the same article: their roles are
    features (stacking), as in the fast CRF.
    """
    out: list[list[str]] = [["bias"] for _ in language.tokens]
    previous_block = -1
    parity: dict[int, int] = {}
    touching = by_sentence(language.sentence_index, quotations)
    for number, sentence in enumerate(language.sentences):
        tokens = language.tokens_of(sentence)
        if not tokens:
            continue
        s = TokenView(article.text, tokens)
        local = touching.get(number, [])
        features = sentence_features(s, rule_roles(s, local))
        opens_block = sentence.block != previous_block
        previous_block = sentence.block
        marks = parity.get(sentence.block, 0)
        for offset, token_features in enumerate(features):
            kept = [f for f in token_features if not f.startswith(LEXICAL_PREFIXES)]
            kept.append("dinq=" + str(marks % 2 == 1))
            if opens_block:
                kept.append("block_first_sentence")
            if s.words[offset] in QUOTE_MARKS:
                marks += 1
                kept.append("mark=" + s.words[offset])
            out[sentence.token_start + offset] = kept
        parity[sentence.block] = marks
    return out
