"""Attribution stage: quotations, source mentions, and for every sentence who speaks (author, a source, hedged).

The fast profile runs the rules with cue and speaker re-read by the shipped CRF; the accurate profile runs the
encoder head (``attribution/accurate.py``) on the shared encoder pass when the pipeline provides one (an
``encoding`` annotation) and its model is shipped, else the fast extractor. The stage version says which ran
("0.3+rules+crf", "0.4+encoder").

A sentence is ``attributed`` when it carries a quotation that names a speaker or cue (quote, cue or frame
inside it) or a source mention; else ``hedged`` when it holds a hedge cue
of ``resources/de/attribution_hedges.tsv`` ("offenbar", "soll ... gesagt haben"); else ``asserted``: the
author's own voice. A quotation with neither speaker nor cue (scare quotes, a slogan) is listed with its
sentence but does not make it attributed: nobody is named as saying it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from ..attribution import Quotation, SourceMention, find_quotations, find_source_mentions
from ..attribution.extract import uses_learned_model
from ..attribution.speakers import resolve_speakers
from ..lexicons import lexicon_rows
from ..types import Article, Language, Sentence, Span, Token

# The stage version names the extractor that ran: the rules alone, the rules with the fast CRF, or the accurate
# head. The number rises when the quotations found for the same text change (2026-11-26: speaker and cue steps).
VERSION_RULES = "0.3+rules"
VERSION_LEARNED = "0.3+rules+crf"
VERSION_ACCURATE = "0.4+encoder"
HEDGE_FILE = "attribution_hedges.tsv"
# Adjective endings a hedge word may carry ("der mutmaßliche Täter", "angeblichen").
_INFLECTIONS = ("e", "en", "er", "es", "em")
# STTS tags that end the modal's clause: comma, subordinating conjunction, relative pronoun.
_CLAUSE_BOUNDARIES = frozenset({"$,", "KOUS", "PRELS", "PRELAT"})


class SentenceStatus(StrEnum):
    """Whose voice a sentence is in."""

    ASSERTED = "asserted"
    ATTRIBUTED = "attributed"
    HEDGED = "hedged"


@dataclass(frozen=True)
class SentenceAttribution:
    """The status of one sentence of the language layer, with what decided it (indices into the lists)."""

    status: SentenceStatus
    quotations: tuple[int, ...] = ()
    source_mentions: tuple[int, ...] = ()
    hedges: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Attribution:
    """The attribution layer: quotations and source mentions in text order, one status per sentence.

    ``speaker_actors`` runs parallel to ``quotations``: the span of the article's fullest mention of the
    quotation's speaker ("so Berger" -> "Jana Berger, Sprecherin des Bürgermeisters"), None when no speaker is named.
    """

    quotations: tuple[Quotation, ...]
    source_mentions: tuple[SourceMention, ...]
    sentences: tuple[SentenceAttribution, ...]
    speaker_actors: tuple[Span | None, ...] = ()


@dataclass(frozen=True)
class HedgeCues:
    words: frozenset[str]
    modals: frozenset[str]


@cache
def hedge_cues() -> HedgeCues:
    """The hedge lexicon: plain words and modal verbs that hedge with a perfect infinitive."""
    rows = lexicon_rows(HEDGE_FILE)
    return HedgeCues(
        words=frozenset(r[0] for r in rows if r[1] == "word"),
        modals=frozenset(r[0] for r in rows if r[1] == "modal-perfect"),
    )


def _is_hedge_word(tokens: Sequence[Token], i: int, text: str, words: frozenset[str]) -> bool:
    token = tokens[i]
    lower = text[token.span.start : token.span.end].lower()
    if lower not in words and not (
        token.pos == "ADJA" and any(lower.endswith(e) and lower[: -len(e)] in words for e in _INFLECTIONS)
    ):
        return False
    # "vermeintlich günstige Angebote": the word grades the adjective after it, not what the sentence claims
    return i + 1 >= len(tokens) or tokens[i + 1].pos != "ADJA"


def _perfect_infinitive(text: str, tokens: Sequence[Token]) -> Token | None:
    """The auxiliary of a perfect infinitive in the modal's clause (up to a comma or subordinator).

    "gesagt haben", "gewesen sein", "festgenommen worden sein" count; a participle + "sein" ("soll installiert
    sein") is a stative passive, not reportative, so "sein" needs an auxiliary participle (gewesen, worden) before it.
    """
    for previous, token in itertools.pairwise(tokens):
        if token.pos in _CLAUSE_BOUNDARIES:
            return None
        # by surface form: taggers often call a clause-final "haben" VAFIN; after the modal it is the infinitive
        word = text[token.span.start : token.span.end].lower()
        if not token.pos.startswith("VA") or not previous.pos.endswith("PP"):
            continue
        if word == "haben" or (word == "sein" and previous.pos == "VAPP"):
            return token
    return None


def find_hedges(text: str, tokens: Sequence[Token]) -> tuple[Span, ...]:
    """Hedge cues among one sentence's tokens: hedge words, and a reportative modal with a perfect infinitive."""
    cues = hedge_cues()
    found = [t.span for i, t in enumerate(tokens) if _is_hedge_word(tokens, i, text, cues.words)]
    for i, token in enumerate(tokens):
        if token.pos != "VMFIN" or text[token.span.start : token.span.end].lower() not in cues.modals:
            continue
        auxiliary = _perfect_infinitive(text, tokens[i + 1 :])
        if auxiliary is not None:
            found += [token.span, auxiliary.span]
    return tuple(sorted(found))


def _quotation_spans(q: Quotation) -> tuple[Span, ...]:
    return q.quote + q.cue + q.frame


def _overlapping(sentences: Sequence[Sentence], starts: Sequence[int], span: Span) -> range:
    """Indices of the (sorted, disjoint) sentences that overlap ``span``."""
    first = max(0, bisect.bisect_right(starts, span.start) - 1)
    last = bisect.bisect_left(starts, span.end)
    return range(first, last) if len(span) else range(0)


def sentence_statuses(
    text: str, language: Language, quotations: Sequence[Quotation], mentions: Sequence[SourceMention]
) -> tuple[SentenceAttribution, ...]:
    """The status of every sentence of ``language``, given the article's quotations and source mentions."""
    sentences = language.sentences
    starts = [s.span.start for s in sentences]
    inside: list[set[int]] = [set() for _ in sentences]
    sources: list[set[int]] = [set() for _ in sentences]
    for k, quotation in enumerate(quotations):
        for span in _quotation_spans(quotation):
            for i in _overlapping(sentences, starts, span):
                if sentences[i].span.overlaps(span):
                    inside[i].add(k)
    for k, mention in enumerate(mentions):
        for i in _overlapping(sentences, starts, mention.span):
            if sentences[i].span.overlaps(mention.span):
                sources[i].add(k)
    return tuple(
        _status(text, language.tokens_of(sentence), quotations, tuple(sorted(q)), tuple(sorted(m)))
        for sentence, q, m in zip(sentences, inside, sources, strict=True)
    )


def _status(
    text: str,
    tokens: Sequence[Token],
    quotations: Sequence[Quotation],
    inside: tuple[int, ...],
    sources: tuple[int, ...],
) -> SentenceAttribution:
    hedges = find_hedges(text, tokens)
    if sources or any(quotations[i].speaker or quotations[i].cue for i in inside):
        status = SentenceStatus.ATTRIBUTED
    elif hedges:
        status = SentenceStatus.HEDGED
    else:
        status = SentenceStatus.ASSERTED
    return SentenceAttribution(status, inside, sources, hedges)


def attribute(article: Article, language: Language, encoding: object | None = None) -> Attribution:
    """Quotations, source mentions and sentence statuses of an article.

    With ``encoding`` (the shared ``encoder.ArticleEncoding``) the accurate head finds the quotations, else the
    fast extractor; source mentions and statuses are the same rules in both.
    """
    if encoding is not None:
        from ..attribution.accurate import extract_accurate

        quotations = extract_accurate(article, language, encoding)
    else:
        quotations = find_quotations(article, language)
    mentions = find_source_mentions(article, language)
    return Attribution(
        quotations,
        mentions,
        sentence_statuses(article.text, language, quotations, mentions),
        resolve_speakers(article.text, language, quotations, mentions),
    )


class AttributionStage:
    """Who says what. Non-essential: a failure is recorded and the rest of the dossier stays."""

    name = "attribution"
    requires: tuple[str, ...] = ("article", "language")
    provides = "attribution"
    essential = False

    def __init__(self, profile: str = "accurate") -> None:
        self.profile = profile
        self.version = VERSION_LEARNED if uses_learned_model() else VERSION_RULES

    def run(self, annotations: Mapping[str, object]) -> Attribution:
        from ..attribution.accurate import is_available

        article = annotations["article"]
        language = annotations["language"]
        assert isinstance(article, Article) and isinstance(language, Language)
        encoding = annotations.get("encoding") if self.profile == "accurate" and is_available() else None
        # the pipeline stamps the version after ``run``: name the extractor that actually ran
        self.version = (
            VERSION_ACCURATE if encoding is not None else VERSION_LEARNED if uses_learned_model() else VERSION_RULES
        )
        return attribute(article, language, encoding)
