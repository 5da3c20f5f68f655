"""Types the actors of the source chain: media from the outlet registry and media nouns; others "unknown"."""

from __future__ import annotations

from ..structure.outlet import outlet_registry
from ..types import Article, Language, Span
from .chain import ActorTyper, display_name
from .lexicon import media_kind_of_head
from .types import ActorProfile


def chain_typer(article: Article, language: Language) -> ActorTyper:
    """An ``ActorTyper`` over the article's text."""
    names = {outlet.name.lower(): outlet for outlet in outlet_registry().values()}

    def typer(span: Span) -> ActorProfile:
        phrase = article.text[span.start : span.end]
        outlet = names.get(display_name(phrase).lower())
        if outlet is not None:
            return ActorProfile(
                "media", outlet.kind, outlet.country, None, f"{outlet.name} is in the outlet registry.", (span,)
            )
        kind = media_kind_of_head(phrase)
        if kind is not None:
            return ActorProfile("media", kind, None, None, "Its head noun names a medium.", (span,))
        return ActorProfile()

    return typer
