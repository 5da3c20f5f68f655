"""Language stage: sentences, tokens, lemmas, POS and verb mood over the article's prose blocks."""

from __future__ import annotations

from collections.abc import Mapping

from ..language import analyze_language
from ..types import Article, Language


class LanguageStage:
    name = "language"
    version = "1.0"
    requires: tuple[str, ...] = ("article",)
    provides = "language"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> Language:
        article = annotations["article"]
        assert isinstance(article, Article)
        return analyze_language(article)
