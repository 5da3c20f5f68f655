"""How well one body sentence supports one display statement: a score in [0, 1] with the shared words as evidence.

Lexical support is the share of the statement's content that the sentence covers, names and the rest counted
apart and averaged, so that a sentence naming the same person ("Putin") but saying something else about him
covers only half of "Wladimir Putin betrogen". Numbers in the statement count as content and match by value.
The accurate profile mixes in the cosine of the two texts' e5 embeddings (``embed.py``), rescaled to [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence

from .features import BodySentence, Statement
from .numbers import same_value
from .types import SharedWord, Support
from .words import MatchKind, WordKind, could_match, match_credit

# Weights of the statement's non-name content (set by hand: nouns carry a headline's topic, verbs its claim,
# adjectives mostly colour; a figure is as specific as a name).
KIND_WEIGHTS = {WordKind.NOUN: 1.0, WordKind.VERB: 0.8, WordKind.ADJECTIVE: 0.5}
FIGURE_WEIGHT = 1.5
# Share of the lexical score that names carry when a statement has names and other content.
NAME_SHARE = 0.5
# Credit for a name of the statement that the sentence lacks but another body sentence has: articles name a
# person or place once and then say "er", "die Stadt" (set by hand, half of an equal lemma).
CONTEXT_NAME_CREDIT = 0.5
# The accurate profile's mix: LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * rescaled cosine, the cosine (of the
# centred layer-7 embeddings of ``embed.py``) range [COSINE_FLOOR, COSINE_CEILING] mapped to [0, 1]. Set on the
# Fundus pairs of `newsaudit eval consistency` by a grid (weight 0.5-0.7, floor 0-0.3, ceiling 0.8-1.0,
# 2026-11-25): ROC AUC 0.962-0.9635 over weight 0.6-0.7 and floor 0.1-0.2; we took the middle of that plateau,
# whose neighbours all score 0.962-0.963. For scale: those embeddings put the median body sentence at cosine 0.10
# to a statement.
LEXICAL_WEIGHT = 0.7
COSINE_FLOOR = 0.1
COSINE_CEILING = 0.9


def names_in_body(statement: Statement, body: Sequence[BodySentence]) -> frozenset[int]:
    """Positions (in ``statement.words``) of the statement's names that some body sentence has."""
    found = set()
    for k, word in enumerate(statement.words):
        if word.kind is WordKind.NAME and any(
            could_match(word, w) and match_credit(word, w)[0] > 0 for s in body for w in s.words
        ):
            found.add(k)
    return frozenset(found)


def lexical_support(
    statement: Statement, sentence: BodySentence, context_names: frozenset[int] = frozenset()
) -> tuple[float, tuple[SharedWord, ...]]:
    """The lexical score of ``sentence`` for ``statement`` and the words they share.

    ``context_names``: positions of the statement's names found elsewhere in the body (``names_in_body``).
    """
    shared: list[SharedWord] = []
    name_credit = name_total = 0.0
    other_credit = other_total = 0.0
    for k, word in enumerate(statement.words):
        best, best_kind, best_span = 0.0, None, None
        key, stem = word.key, word.stem
        for candidate in sentence.words:
            # ``could_match``, inlined (this loop runs for every statement word and body word): most pairs end here
            other = candidate.key
            if key not in other and other not in key and (not stem or stem != candidate.stem):
                continue
            credit, kind = match_credit(word, candidate)
            if credit > best:
                best, best_kind, best_span = credit, kind, candidate.span
        if best_kind is not None and best_span is not None:
            shared.append(SharedWord(word.span, best_span, best_kind))
        if word.kind is WordKind.NAME:
            name_credit += max(best, CONTEXT_NAME_CREDIT if k in context_names else 0.0)
            name_total += 1.0
        else:
            weight = KIND_WEIGHTS[word.kind]
            other_credit += weight * best
            other_total += weight
    for figure in statement.figures:
        if figure.value is None:
            continue
        other_total += FIGURE_WEIGHT
        match = next((f for f in sentence.figures if same_value(figure, f)), None)
        if match is not None:
            other_credit += FIGURE_WEIGHT
            shared.append(SharedWord(figure.span, match.span, MatchKind.NUMBER))
    if name_total and other_total:
        score = NAME_SHARE * name_credit / name_total + (1 - NAME_SHARE) * other_credit / other_total
    elif name_total:
        score = name_credit / name_total
    elif other_total:
        score = other_credit / other_total
    else:
        score = 0.0
    return score, tuple(shared)


def rescaled_cosine(cosine: float) -> float:
    """The embedding cosine mapped from its typical range to [0, 1] (unrelated sentences score near 0.1)."""
    return min(1.0, max(0.0, (cosine - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR)))


def support(
    statement: Statement, sentence: BodySentence, cosine: float | None, context_names: frozenset[int] = frozenset()
) -> Support:
    """The support of ``sentence`` for ``statement``; ``cosine`` (accurate profile) or None (fast profile)."""
    lexical, shared = lexical_support(statement, sentence, context_names)
    score = lexical if cosine is None else LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * rescaled_cosine(cosine)
    return Support(
        sentence=sentence.index,
        span=sentence.span,
        score=score,
        lexical=lexical,
        cosine=cosine,
        shared=shared,
        voice=sentence.voice,
        voice_cues=sentence.voice_cues,
    )
