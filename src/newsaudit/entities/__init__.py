"""Entities and actors: German named-entity recognition (``ner.py``) with its features, training and readers."""

from __future__ import annotations

from .ner import EntityMention, find_entities, tag_tokens

__all__ = ["EntityMention", "find_entities", "tag_tokens"]
