"""The sourcing stage: the source chain and its evidence profile, read off the attribution layer."""

from __future__ import annotations

from collections.abc import Mapping

from ..sourcing import SourceChain, build_chain, evidence_profile
from ..sourcing.typing import chain_typer
from ..stages.attribution import Attribution
from ..stages.entities import Entities
from ..types import Article, BlockLabel, Language

# Blocks whose sentences count as the article's own text when looking for verification wording.
_BODY_LABELS = frozenset({BlockLabel.PARAGRAPH, BlockLabel.TEASER, BlockLabel.QUOTE_BOX})


def source_chain(
    article: Article, language: Language, attribution: Attribution, entities: Entities | None = None
) -> SourceChain:
    """The article's source chain with its evidence profile (actors typed from ``entities`` where they are named)."""
    nodes, edges = build_chain(article, language, attribution, chain_typer(article, language, entities))
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
        entities = annotations.get("entities")
        return source_chain(article, language, attribution, entities if isinstance(entities, Entities) else None)
