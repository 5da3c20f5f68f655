"""Consistency stage: headline, kicker, teaser, captions and intertitles checked against the body.

Reads the attribution layer when it ran (sentence voice: attributed/hedged), else falls back to cue words and
mood. The accurate profile compares e5 sentence embeddings (``consistency.embed``) of the display statements and
body sentences: those of whole sentences come from the shared encoder pass (``encoding``), the rest are encoded in
one call.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from ..claims.sentence_vectors import from_article_pass
from ..consistency import Consistency, check_consistency
from ..consistency.embed import embed
from ..encoder import ArticleEncoding
from ..stages.attribution import Attribution
from ..types import Article, Language

VERSION = "0.1"


class ConsistencyStage:
    """Headline-body consistency. Non-essential: a failure is recorded and the rest of the dossier stays."""

    name = "consistency"
    requires: tuple[str, ...] = ("article", "language")
    provides = "consistency"
    essential = False

    def __init__(self, profile: str = "accurate") -> None:
        self.profile = profile
        self.version = f"{VERSION}+{profile}"

    def run(self, annotations: Mapping[str, object]) -> Consistency:
        article = annotations["article"]
        language = annotations["language"]
        assert isinstance(article, Article) and isinstance(language, Language)
        attribution = annotations.get("attribution")
        encoding = annotations.get("encoding")
        embedder = None
        if isinstance(encoding, ArticleEncoding):
            embedder = partial(embed, source=from_article_pass(encoding))
        return check_consistency(
            article,
            language,
            profile=self.profile,
            attribution=attribution if isinstance(attribution, Attribution) else None,
            embedder=embedder,
        )
