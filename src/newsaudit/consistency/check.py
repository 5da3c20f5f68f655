"""The headline-body check of one article: display statements against the body's sentences."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from ..stages.attribution import Attribution, find_hedges
from ..types import Article, BlockLabel, Language
from .actors import actor_shift
from .features import BodySentence, Statement, body_sentence_of, split_statements, statement_of
from .flags import stronger_than_body, supported_at, top_group, unquantified, unsupported
from .support import names_in_body, support
from .types import Consistency, ElementCheck, Flag, StatementCheck, Support
from .voice import sentence_voice

DISPLAY_LABELS = (BlockLabel.HEADLINE, BlockLabel.KICKER, BlockLabel.TEASER, BlockLabel.CAPTION, BlockLabel.INTERTITLE)
BODY_LABELS = frozenset({BlockLabel.PARAGRAPH})
# How many supporting sentences each statement keeps (best first): enough for a reader to see the context.
KEEP_SUPPORTS = 3

Embedder = Callable[[Sequence[str]], npt.NDArray[np.float32]]


def display_statements(article: Article, language: Language) -> list[tuple[int, list[Statement]]]:
    """Per display block (index into ``article.blocks``), its statements, in text order."""
    by_block: dict[int, list[Statement]] = {}
    display = {i for i, b in enumerate(article.blocks) if b.label in DISPLAY_LABELS}
    for sentence in language.sentences:
        if sentence.block not in display:
            continue
        tokens = language.tokens_of(sentence)
        hedges = find_hedges(article.text, tokens)
        for part, prefix in split_statements(article.text, tokens):
            part_hedges = tuple(h for h in hedges if part[0].span.start <= h.start < part[-1].span.end)
            statement = statement_of(article.text, part, prefix, part_hedges)
            if statement is not None:
                by_block.setdefault(sentence.block, []).append(statement)
    return sorted(by_block.items())


def body_sentences(article: Article, language: Language, attribution: Attribution | None) -> list[BodySentence]:
    """The body's sentences (paragraph blocks) with their words, figures and voice."""
    found = []
    for index, sentence in enumerate(language.sentences):
        if article.blocks[sentence.block].label not in BODY_LABELS:
            continue
        tokens = language.tokens_of(sentence)
        voice, cues = sentence_voice(article.text, tokens, index, attribution)
        found.append(body_sentence_of(article.text, index, sentence.span, tokens, voice, cues))
    return found


def rank_supports(
    statement: Statement, body: Sequence[BodySentence], cosines: npt.NDArray[np.float32] | None
) -> list[Support]:
    """Every body sentence's support for ``statement``, best first (ties: earlier sentence first)."""
    context = names_in_body(statement, body)
    scored = [
        support(statement, s, None if cosines is None else float(cosines[k]), context) for k, s in enumerate(body)
    ]
    return sorted(scored, key=lambda s: (-s.score, s.sentence))


def check_statement(
    text: str,
    language: Language,
    statement: Statement,
    body: Sequence[BodySentence],
    cosines: npt.NDArray[np.float32] | None,
    profile: str,
) -> StatementCheck:
    """One statement against the body: its best supporting sentences and its flags."""
    threshold = supported_at(profile)
    ranked = rank_supports(statement, body, cosines)
    by_index = {s.index: s for s in body}
    group = top_group(ranked, threshold)
    candidates: list[Flag | None] = [
        unsupported(statement, ranked, threshold),
        stronger_than_body(text, statement, group),
        unquantified(statement, ranked, by_index, threshold),
        actor_shift(text, language, statement, group),
    ]
    kept = tuple(s for s in ranked[:KEEP_SUPPORTS] if s.score > 0)
    return StatementCheck(statement.span, kept, tuple(f for f in candidates if f is not None))


def check_consistency(
    article: Article,
    language: Language,
    *,
    profile: str = "fast",
    attribution: Attribution | None = None,
    embedder: Embedder | None = None,
) -> Consistency:
    """Check every display element against the body. ``embedder`` (accurate profile) gives e5 embeddings."""
    if profile not in ("fast", "accurate"):
        raise ValueError(f"unknown profile {profile!r}")
    elements = display_statements(article, language)
    body = body_sentences(article, language, attribution)
    statements = [s for _, block_statements in elements for s in block_statements]
    similarity: npt.NDArray[np.float32] | None = None
    if profile == "accurate" and statements and body:
        if embedder is None:
            from .embed import embed

            embedder = embed
        texts = [article.slice(s.span) for s in statements] + [article.slice(b.span) for b in body]
        vectors = embedder(texts)  # one pass over everything that needs it
        similarity = vectors[: len(statements)] @ vectors[len(statements) :].T
    checks = []
    row = 0
    for block, block_statements in elements:
        statement_checks = []
        for statement in block_statements:
            cosines = None if similarity is None else similarity[row]
            statement_checks.append(check_statement(article.text, language, statement, body, cosines, profile))
            row += 1
        b = article.blocks[block]
        checks.append(ElementCheck(block, b.label, b.span, tuple(statement_checks)))
    return Consistency(profile, tuple(checks), len(body))
