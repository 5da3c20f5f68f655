"""Entities stage: the article's named entities as per-article clusters with canonical names and mention spans.

Both profiles run the fast NER (CRF) for now; ``recognise`` is the one place that picks the recogniser, so
the accurate NER replaces it there. Clustering (``entities/clusters.py``) is the same for both. The stage
version names the recogniser that ran ("0.1+crf:fast").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..entities.clusters import EntityCluster, cluster_mentions
from ..entities.ner import METHOD as FAST_NER_METHOD
from ..entities.ner import EntityMention, find_entities
from ..types import Article, Language

BASE_VERSION = "0.1"


@dataclass(frozen=True)
class Entities:
    """The entity layer: clusters in first-mention order (ids ``e1``, ``e2``...)."""

    clusters: tuple[EntityCluster, ...]

    def by_id(self, cluster_id: str) -> EntityCluster | None:
        return next((c for c in self.clusters if c.id == cluster_id), None)

    def to_dict(self) -> dict[str, object]:
        return {"clusters": [c.to_dict() for c in self.clusters]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entities:
        return cls(tuple(EntityCluster.from_dict(c) for c in data["clusters"]))


def recognise(article: Article, language: Language, profile: str) -> tuple[EntityMention, ...]:
    """The NER mentions for ``profile``: the fast CRF for both profiles until the accurate NER is wired here."""
    return find_entities(article, language)


def recogniser_method(profile: str) -> str:
    """The method name of the recogniser ``recognise`` uses for ``profile`` (for the stage version)."""
    return FAST_NER_METHOD


def find_clusters(article: Article, language: Language, profile: str = "accurate") -> Entities:
    """NER, then per-article clustering."""
    return Entities(cluster_mentions(article, language, recognise(article, language, profile)))


class EntitiesStage:
    """Who and what the article names. Non-essential: a failure is recorded and the rest of the dossier stays."""

    name = "entities"
    requires: tuple[str, ...] = ("article", "language")
    provides = "entities"
    essential = False

    def __init__(self, profile: str = "accurate") -> None:
        self.profile = profile
        self.version = f"{BASE_VERSION}+{recogniser_method(profile)}"

    def run(self, annotations: Mapping[str, object]) -> Entities:
        article = annotations["article"]
        language = annotations["language"]
        assert isinstance(article, Article) and isinstance(language, Language)
        return find_clusters(article, language, self.profile)
