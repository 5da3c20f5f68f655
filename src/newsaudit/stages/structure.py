"""Structure stage: Document -> Article (labelled blocks + metadata), for text or HTML input."""

from __future__ import annotations

from collections.abc import Mapping

from ..structure.html import extract_article
from ..structure.text import label_text
from ..types import Article, Document


class StructureStage:
    name = "structure"
    version = "1.0"
    requires: tuple[str, ...] = ("document",)
    provides = "article"
    essential = True

    def run(self, annotations: Mapping[str, object]) -> Article:
        document = annotations["document"]
        assert isinstance(document, Document)
        if document.provenance.kind == "html":
            return extract_article(document.text, document.provenance)
        return label_text(document.text, document.provenance)
