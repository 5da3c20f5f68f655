"""The claims stage: checkable statements with who stands behind them, entities, check-worthiness and markers."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from ..claims.checkworthy import claim_scores, claim_threshold
from ..claims.sentence_vectors import from_article_pass
from ..claims.subjectivity import subjectivity_scores
from ..claims.units import Claims, claim_units
from ..encoder import ArticleEncoding
from ..framing import Framing
from ..sourcing import SourceChain
from ..stages.attribution import Attribution
from ..stages.entities import Entities
from ..types import Article, Language


class ClaimsStage:
    """Claim units. Reads attribution, entities, framing and sourcing when they ran (all optional), and the shared
    encoder pass (accurate profile) for the classifiers' sentence vectors."""

    name = "claims"
    requires: tuple[str, ...] = ("article", "language")
    provides = "claims"
    essential = False

    def __init__(self, profile: str = "accurate") -> None:
        self.profile = profile
        self.version = f"0.1+{profile}"

    def run(self, annotations: Mapping[str, object]) -> Claims:
        article = annotations["article"]
        language = annotations["language"]
        assert isinstance(article, Article) and isinstance(language, Language)
        attribution = annotations.get("attribution")
        entities = annotations.get("entities")
        framing = annotations.get("framing")
        sourcing = annotations.get("sourcing")
        encoding = annotations.get("encoding")
        vectors = from_article_pass(encoding) if isinstance(encoding, ArticleEncoding) else None
        return claim_units(
            article,
            language,
            attribution=attribution if isinstance(attribution, Attribution) else None,
            entities=entities if isinstance(entities, Entities) else None,
            framing=framing if isinstance(framing, Framing) else None,
            sourcing=sourcing if isinstance(sourcing, SourceChain) else None,
            checkworthiness=partial(claim_scores, profile=self.profile, vectors=vectors),
            subjectivity=partial(subjectivity_scores, profile=self.profile, vectors=vectors),
            threshold=claim_threshold(self.profile),
        )
