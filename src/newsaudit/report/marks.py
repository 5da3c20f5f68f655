"""A highlighted stretch of the article, as the HTML report draws it."""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Span


@dataclass(frozen=True)
class Mark:
    """A highlighted stretch of the article: ``css_class`` styles it, ``title`` shows on hover."""

    span: Span
    css_class: str
    title: str = ""
