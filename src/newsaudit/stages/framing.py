"""Framing stage: sensational and emotive vocabulary, clickbait devices, intensifiers, hedges, vague and exact
quantities, time expressions, and the explainable sensationalism score (``newsaudit.framing``)."""

from __future__ import annotations

from collections.abc import Mapping

from ..framing import Framing, frame_article
from ..types import Article, Language

VERSION = "0.1+rules"


class FramingStage:
    """How the article is framed. Non-essential: a failure is recorded and the rest of the dossier stays."""

    name = "framing"
    version = VERSION
    requires: tuple[str, ...] = ("article", "language")
    provides = "framing"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> Framing:
        article = annotations["article"]
        language = annotations["language"]
        assert isinstance(article, Article) and isinstance(language, Language)
        return frame_article(article, language)
