"""The summary stage: top claims and red flags from the layers that ran before it (all optional)."""

from __future__ import annotations

from collections.abc import Mapping

from ..claims.units import Claims
from ..consistency import Consistency
from ..framing import Framing
from ..language.identify import GERMAN, identify_article
from ..sourcing import SourceChain
from ..summary import Summary, summarise
from ..types import Article


class SummaryStage:
    name = "summary"
    version = "0.2"  # 0.2: the not_german flag
    requires: tuple[str, ...] = ("article",)
    provides = "summary"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> Summary:
        article = annotations["article"]
        assert isinstance(article, Article)
        claims = annotations.get("claims")
        consistency = annotations.get("consistency")
        framing = annotations.get("framing")
        sourcing = annotations.get("sourcing")
        return summarise(
            article.text,
            claims=claims if isinstance(claims, Claims) else None,
            consistency=consistency if isinstance(consistency, Consistency) else None,
            framing=framing if isinstance(framing, Framing) else None,
            sourcing=sourcing if isinstance(sourcing, SourceChain) else None,
            language=identify_article(article) if article.meta.language != GERMAN else None,
        )
