"""newsaudit: from a German news article to a verification dossier.

The public surface is small: ``analyze()`` returns a ``Dossier``; ``Dossier.to_dict()`` and
``Dossier.from_dict()`` move it to and from JSON. Everything else is private to the package.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .analyze import analyze
from .dossier import SCHEMA_VERSION, Dossier
from .errors import (
    BinaryInputError,
    ContentTypeError,
    EmptyInputError,
    EncodingError,
    FetchError,
    InputError,
    InputTooLargeError,
    ModelError,
    NewsauditError,
    NoArticleError,
)
from .types import (
    Article,
    ArticleMeta,
    Block,
    BlockLabel,
    Language,
    MetaField,
    Mood,
    Provenance,
    Sentence,
    Span,
    Token,
)

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleMeta",
    "BinaryInputError",
    "Block",
    "BlockLabel",
    "ContentTypeError",
    "Dossier",
    "EmptyInputError",
    "EncodingError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "Language",
    "MetaField",
    "ModelError",
    "Mood",
    "NewsauditError",
    "NoArticleError",
    "Provenance",
    "Sentence",
    "Span",
    "Token",
    "__version__",
    "analyze",
]
