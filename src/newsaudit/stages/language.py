"""Language stage: sentences, tokens, lemmas, POS and verb mood over the article's prose blocks."""

from __future__ import annotations

from collections.abc import Mapping

from ..language import analyze_language
from ..types import Article, Language

BASE_VERSION = "1.1"


class LanguageStage:
    """The language layer under a profile; the version records which ran ("1.1+fast", "1.1+accurate")."""

    name = "language"
    requires: tuple[str, ...] = ("article",)
    provides = "language"
    essential = False

    def __init__(self, profile: str = "accurate") -> None:
        self.profile = profile
        self.version = f"{BASE_VERSION}+{profile}"

    def run(self, annotations: Mapping[str, object]) -> Language:
        article = annotations["article"]
        assert isinstance(article, Article)
        return analyze_language(article, profile=self.profile)
