"""Renderers of a Dossier: the JSON Schema of its dict form, HTML, Markdown and the terminal view."""

from __future__ import annotations

from .html import render_html
from .markdown import render_markdown
from .schema import load_schema, schema_text
from .terminal import print_terminal, render_text

__all__ = ["load_schema", "print_terminal", "render_html", "render_markdown", "render_text", "schema_text"]
