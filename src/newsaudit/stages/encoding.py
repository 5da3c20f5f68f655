"""The shared encoder pass (accurate profile): multilingual-e5-small states for every token and sentence, once.

Attribution and NER read its token states, consistency and claims its sentence vectors
(``annotations["encoding"]``), so one article costs one pass (``encoder.encode_article``) whatever the number
of stages that use it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..encoder import ACCURATE_LAYERS, POOLED_LAYERS, ArticleEncoding, encode_article
from ..types import Article, Language


class EncodingStage:
    """Non-essential: without it the accurate stages fall back to their feature models (recorded in errors)."""

    name = "encoding"
    version = (
        f"e5-small-q4+tokens{ACCURATE_LAYERS[0]}-{ACCURATE_LAYERS[-1]}+pooled{POOLED_LAYERS[0]}-{POOLED_LAYERS[-1]}"
    )
    requires: tuple[str, ...] = ("article", "language")
    provides = "encoding"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> ArticleEncoding:
        article = annotations["article"]
        language = annotations["language"]
        assert isinstance(article, Article) and isinstance(language, Language)
        return encode_article(article, language, ACCURATE_LAYERS, pooled_layers=POOLED_LAYERS)
