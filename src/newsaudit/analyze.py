"""``analyze()``: the one public entry point. The CLI, reports and evaluations are thin shells over it."""

from __future__ import annotations

import os
from typing import Literal

from .dossier import LAYER_TYPES, Dossier
from .ingest import DEFAULT_MAX_BYTES, load_document
from .pipeline import run_stages
from .stage_list import stages_for
from .stages.attribution import Attribution
from .threads import one_blas_thread
from .types import Article, Language

Kind = Literal["auto", "text", "html", "url"]
Profile = Literal["accurate", "fast"]
PROFILES: tuple[str, ...] = ("accurate", "fast")


def analyze(
    source: str | bytes | os.PathLike[str],
    *,
    kind: Kind = "auto",
    profile: Profile = "accurate",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Dossier:
    """Analyse one article and return its dossier.

    ``source`` is a path (``os.PathLike`` or a ``str`` naming an existing file), a URL (``http(s)://``),
    ``"-"`` for stdin, raw ``bytes``, or the article itself as a ``str``. ``kind="auto"`` tells text from
    HTML by content. Raises a ``NewsauditError`` subclass for input that cannot be an article.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    document = load_document(source, kind=kind, max_bytes=max_bytes)
    with one_blas_thread():
        result = run_stages(stages_for(profile), {"document": document})
    article = result.annotations["article"]
    assert isinstance(article, Article)
    language = result.annotations.get("language")
    attribution = result.annotations.get("attribution")
    layers = {name: result.annotations.get(name) for name in LAYER_TYPES}
    return Dossier(
        article=article,
        provenance=document.provenance,
        profile=profile,
        language=language if isinstance(language, Language) else None,
        stages=result.stages,
        errors=result.errors,
        attribution=attribution if isinstance(attribution, Attribution) else None,
        **{name: value if isinstance(value, LAYER_TYPES[name]) else None for name, value in layers.items()},  # type: ignore[arg-type]
    )
