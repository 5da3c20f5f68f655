"""The sourcing stage: the source chain and its evidence profile, read off the attribution layer."""

from __future__ import annotations

from collections.abc import Mapping

from ..sourcing import SourceChain, build_chain, evidence_profile
from ..sourcing.typing import chain_typer
from ..stages.attribution import Attribution
from ..types import Article, BlockLabel, Language

# Blocks whose sentences count as the article's own text when looking for verification wording.
_BODY_LABELS = frozenset({BlockLabel.PARAGRAPH, BlockLabel.TEASER, BlockLabel.QUOTE_BOX})


def source_chain(article: Article, language: Language, attribution: Attribution) -> SourceChain:
    """The article's source chain with its evidence profile."""
    nodes, edges = build_chain(article, language, attribution, chain_typer(article, language))
    body = [
        s.span
        for s in language.sentences
        if 0 <= s.block < len(article.blocks) and article.blocks[s.block].label in _BODY_LABELS
    ]
    return SourceChain(nodes, edges, evidence_profile(article.text, body, nodes, edges))


class SourcingStage:
    name = "sourcing"
    version = "0.1"
    requires: tuple[str, ...] = ("article", "language", "attribution")
    provides = "sourcing"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> SourceChain:
        article = annotations["article"]
        language = annotations["language"]
        attribution = annotations["attribution"]
        assert isinstance(article, Article) and isinstance(language, Language) and isinstance(attribution, Attribution)
        return source_chain(article, language, attribution)
