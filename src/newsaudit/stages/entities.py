"""Entities stage: the article's named entities as per-article clusters with canonical names and mention spans.

Both profiles run the fast NER (CRF) for now; ``recognise`` is the one place that picks the recogniser, so
the accurate NER replaces it there. Clustering (``entities/clusters.py``) is the same for both. The stage
version names the recogniser that ran ("0.1+crf:fast").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..encoder import ArticleEncoding
from ..entities.actors import story_parties, type_actor
from ..entities.clusters import EntityCluster, cluster_mentions
from ..entities.ner import METHOD as FAST_NER_METHOD
from ..entities.ner import EntityMention, find_entities
from ..entities.ner_accurate import METHOD as ACCURATE_NER_METHOD
from ..entities.ner_accurate import MODEL_PATH as ACCURATE_MODEL
from ..entities.ner_accurate import find_entities_accurate
from ..stages.attribution import Attribution
from ..types import Article, Language, Span

BASE_VERSION = "0.1"


@dataclass(frozen=True)
class Entities:
    """The entity layer: clusters in first-mention order (ids ``e1``, ``e2``...)."""

    clusters: tuple[EntityCluster, ...]

    def by_id(self, cluster_id: str) -> EntityCluster | None:
        return next((c for c in self.clusters if c.id == cluster_id), None)


def recognise(
    article: Article, language: Language, profile: str, encoding: ArticleEncoding | None = None
) -> tuple[tuple[EntityMention, ...], str]:
    """The NER mentions for ``profile`` and the method that found them.

    The accurate profile's head reads the shared encoder pass; without one (the encoding stage failed) or
    without its model file, the fast CRF runs, and the method says so.
    """
    if profile == "accurate" and encoding is not None and ACCURATE_MODEL.is_file():
        return find_entities_accurate(article, language, encoding), ACCURATE_NER_METHOD
    return find_entities(article, language), FAST_NER_METHOD


def find_clusters(
    article: Article,
    language: Language,
    profile: str = "accurate",
    source_phrases: Sequence[Span] = (),
    encoding: ArticleEncoding | None = None,
) -> tuple[Entities, str]:
    """NER, then per-article clustering, then actor typing of every cluster that names someone or something.

    ``source_phrases`` are the attribution layer's speaker and source phrases ("die Hamburger 'Morgenpost'"): a
    phrase that contains a cluster's mention is typed with it, so its words (a country adjective, a role) count.
    """
    mentions, method = recognise(article, language, profile, encoding)
    clusters = cluster_mentions(article, language, mentions)
    parties = story_parties(article.text, language)
    typed: list[EntityCluster] = []
    for cluster in clusters:
        if cluster.derived:
            typed.append(cluster)
            continue
        phrases = [p for p in source_phrases if any(p.contains(s) for s in cluster.spans)]
        actor = type_actor(article.text, [*cluster.spans, *phrases], cluster.type, language, parties=parties)
        typed.append(replace(cluster, actor=actor))
    return Entities(tuple(typed)), method


def source_phrases(attribution: Attribution | None) -> tuple[Span, ...]:
    """Speaker and source phrases of the attribution layer (empty when it did not run)."""
    if attribution is None:
        return ()
    speakers = [s for q in attribution.quotations for s in q.speaker]
    sources = [m.source for m in attribution.source_mentions if m.source.end > m.source.start]
    return tuple(sorted({*speakers, *sources}))


class EntitiesStage:
    """Who and what the article names. Non-essential: a failure is recorded and the rest of the dossier stays."""

    name = "entities"
    requires: tuple[str, ...] = ("article", "language")
    provides = "entities"
    essential = False

    def __init__(self, profile: str = "accurate") -> None:
        self.profile = profile
        self.version = f"{BASE_VERSION}+{ACCURATE_NER_METHOD if profile == 'accurate' else FAST_NER_METHOD}"

    def run(self, annotations: Mapping[str, object]) -> Entities:
        article = annotations["article"]
        language = annotations["language"]
        assert isinstance(article, Article) and isinstance(language, Language)
        attribution = annotations.get("attribution")
        phrases = source_phrases(attribution if isinstance(attribution, Attribution) else None)
        encoding = annotations.get("encoding")
        entities, method = find_clusters(
            article, language, self.profile, phrases, encoding if isinstance(encoding, ArticleEncoding) else None
        )
        self.version = f"{BASE_VERSION}+{method}"  # what actually ran (the pipeline records it after run)
        return entities
