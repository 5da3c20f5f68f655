"""The summary stage: top claims and red flags from the layers that ran before it (all optional)."""

from __future__ import annotations

from collections.abc import Mapping

from ..claims.units import Claims
from ..consistency import Consistency
from ..framing import Framing
from ..sourcing import SourceChain
from ..summary import Summary, summarise
from ..types import Article


class SummaryStage:
    name = "summary"
    version = "0.1"
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
        )
