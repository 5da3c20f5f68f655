"""Types the actors of the source chain with the entity layer's actor types, else ``type_actor`` on the phrase.

A source phrase that belongs to an entity cluster gets the cluster's type (typed once, from all its mentions);
other phrases ("ein Sprecher des Amtes", "ukrainischen Reportern") are typed on their own words. The outlet is
looked up in the outlet registry by the name the structure stage found.
"""

from __future__ import annotations

from ..entities.actors import ActorType, story_parties, type_actor
from ..entities.outlets import match_outlet, outlet_for_domain
from ..stages.entities import Entities
from ..types import Article, Language, Span
from .chain import ActorTyper
from .lexicon import media_kind_of_head


def _outlet_type(name: str) -> ActorType:
    outlet = outlet_for_domain(name) or match_outlet(name)
    if outlet is None:
        return ActorType("media", reason="The publisher of the article.")
    return ActorType(
        "media", outlet.kind, outlet.country, reason=f"{outlet.name} is in the outlet registry.", outlet=outlet.name
    )


def _overlap(spans: tuple[Span, ...], span: Span) -> int:
    """Characters of ``span`` covered by the best-overlapping one of ``spans``."""
    return max((min(s.end, span.end) - max(s.start, span.start) for s in spans), default=0)


def chain_typer(article: Article, language: Language, entities: Entities | None) -> ActorTyper:
    """An ``ActorTyper`` over the article's text."""
    text = article.text
    parties = story_parties(text, language)
    typed = [c for c in (entities.clusters if entities else ()) if not c.derived]

    def typer(span: Span) -> ActorType:
        if span.end <= span.start:
            return _outlet_type(article.meta.outlet.value if article.meta.outlet else "")
        best = max(
            typed,
            key=lambda c: max(
                (min(m.span.end, span.end) - max(m.span.start, span.start) for m in c.mentions), default=0
            ),
            default=None,
        )
        if best is not None and _overlap(best.spans, span) > 0:
            # The whole source phrase joins the cluster's mentions: its words ("der britische 'Express'") can
            # decide between outlets of one name or add a role the bare name lacks.
            actor = type_actor(text, [*best.spans, span], best.type, language, parties=parties)
        else:
            actor = type_actor(text, [span], None, language, parties=parties)
        if actor.kind != "media":
            kind = media_kind_of_head(text[span.start : span.end])
            if kind is not None:
                return ActorType("media", kind, actor.country, evidence=(span,), reason="Its head noun names a medium.")
        return actor

    return typer
