"""German named entities of the fast profile: a linear-chain CRF over token features (no transformer).

The model (``models/ner_fast.crfsuite``, its word clusters in ``models/ner_fast.clusters.tsv.gz``, provenance
and held-out scores in ``models/ner_fast.json``) is trained by ``newsaudit train ner --profile fast``
(``train.py``) and loaded lazily, once per process.
Types are GermEval 2014's outer level: PER, ORG, LOC, OTH (``conll.py`` documents the tag mapping).
``find_entities`` tags every sentence of the language layer and returns mentions as character spans into
``Article.text`` with the CRF's confidence (mean marginal probability of the mention's tags).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..model_cache import LoadedModels
from ..types import Article, Language, Span
from .conll import spans
from .features import Clusters, clusters_path, load_clusters, sentence_features

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "ner_fast.crfsuite"
METHOD = "crf:fast"


@dataclass(frozen=True)
class EntityMention:
    """One named-entity mention: ``span`` into ``Article.text``, outer type (PER/ORG/LOC/OTH), confidence."""

    span: Span
    type: str
    confidence: float
    method: str = METHOD


class NerTagger:
    """A CRF tagger loaded from a crfsuite model file; ``tag`` is serialised because crfsuite keeps state."""

    def __init__(self, path: Path) -> None:
        try:
            import pycrfsuite  # type: ignore[import-untyped, unused-ignore]  # no stubs

            tagger: Any = pycrfsuite.Tagger()
            tagger.open(str(path))
        except ImportError as exc:
            raise ModelError("the fast NER profile needs python-crfsuite (pip install python-crfsuite)") from exc
        except Exception as exc:  # a missing or damaged model must name itself
            raise ModelError(f"cannot load the NER model {path}: {exc}") from exc
        self._tagger = tagger
        self._lock = threading.Lock()
        self.clusters: Clusters = load_clusters(clusters_path(path))

    def features(self, words: Sequence[str], pos: Sequence[str]) -> list[list[str]]:
        """The CRF features of one sentence, with this model's word clusters."""
        return sentence_features(words, pos, self.clusters)

    def tag(self, features: list[list[str]]) -> tuple[list[str], list[float]]:
        """BIO tags of one sentence and, per token, the marginal probability of its tag."""
        if not features:
            return [], []
        with self._lock:
            tags: list[str] = self._tagger.tag(features)
            probs = [float(self._tagger.marginal(tag, i)) for i, tag in enumerate(tags)]
        return tags, probs

    def mentions(self, features: list[list[str]]) -> list[tuple[int, int, str, list[float]]]:
        """The mentions of one sentence (first token, end token, type; ``conll.spans`` order) and the marginal
        probability of each mention token's tag: ``tag`` without the marginals of the tokens outside mentions."""
        if not features:
            return []
        with self._lock:
            tags: list[str] = self._tagger.tag(features)
            marginal = self._tagger.marginal
            return [
                (first, end, kind, [float(marginal(tags[i], i)) for i in range(first, end)])
                for first, end, kind in sorted(spans(tags))
            ]


_MODELS: LoadedModels[NerTagger] = LoadedModels(NerTagger)


def get_ner(path: Path = MODEL_PATH) -> NerTagger:
    """The process-wide tagger for ``path``, loaded on first use."""
    return _MODELS.get(path)


def forget_model(path: Path) -> None:
    """Drop a loaded model so that the next use reads the file again (after training rewrote it)."""
    _MODELS.forget(path)


def pos_tags(words: Sequence[str]) -> list[str]:
    """STTS tags of one sentence from the language layer's fast profile (the features' POS)."""
    from ..language.tagger import get_tagger

    return [tw.tag for tw in get_tagger().tag(list(words), "fast")]


def tag_tokens(words: Sequence[str], *, model: Path = MODEL_PATH) -> list[str]:
    """BIO tags (``B-PER``, ``I-LOC``, ``O``...) of one tokenised sentence."""
    if not words:
        return []
    tagger = get_ner(model)
    tags, _ = tagger.tag(tagger.features(words, pos_tags(words)))
    return tags


def find_entities(article: Article, language: Language, *, model: Path = MODEL_PATH) -> tuple[EntityMention, ...]:
    """Named-entity mentions in the language layer's sentences, in text order."""
    tagger = get_ner(model)
    mentions: list[EntityMention] = []
    for sentence in language.sentences:
        tokens = language.tokens_of(sentence)
        if not tokens:
            continue
        words = [article.text[t.span.start : t.span.end] for t in tokens]
        for first, end, kind, probs in tagger.mentions(tagger.features(words, [t.pos for t in tokens])):
            confidence = sum(probs) / (end - first)
            span = Span(tokens[first].span.start, tokens[end - 1].span.end)
            mentions.append(EntityMention(span, kind, round(confidence, 4)))
    return tuple(mentions)
