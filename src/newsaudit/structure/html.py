"""In progress (being written)."""

from __future__ import annotations

from typing import Any


def extract_article(*a: Any) -> Any:
    raise NotImplementedError


def label_text(*a: Any) -> Any:
    raise NotImplementedError
