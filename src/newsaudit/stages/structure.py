"""Structure stage: Document -> Article (labelled blocks + metadata), for text or HTML input."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..language.identify import identify_article
from ..structure.html import extract_article
from ..structure.text import label_text
from ..types import Article, Document


class StructureStage:
    name = "structure"
    version = "1.1"  # 1.1: meta.language from the text (language.identify)
    requires: tuple[str, ...] = ("document",)
    provides = "article"
    essential = True

    def run(self, annotations: Mapping[str, object]) -> Article:
        document = annotations["document"]
        assert isinstance(document, Document)
        if document.provenance.kind == "html":
            article = extract_article(document.text, document.provenance)
        else:
            article = label_text(document.text, document.provenance)
        language = identify_article(article).code
        return (
            article
            if language == article.meta.language
            else replace(article, meta=replace(article.meta, language=language))
        )
