"""The exception hierarchy. Every error the user can cause is a ``NewsauditError`` with a one-line message."""

from __future__ import annotations


class NewsauditError(Exception):
    """Base class: the CLI prints ``error: <message>`` and exits non-zero for any of these."""

    exit_code = 2


class InputError(NewsauditError):
    """The input cannot be read as an article."""


class EmptyInputError(InputError):
    """Raised when the input is empty or whitespace only."""


class BinaryInputError(InputError):
    """Raised when the input is binary data (NUL bytes, an image, a PDF, an archive)."""


class EncodingError(InputError):
    """Raised when the bytes cannot be decoded as text in any plausible encoding."""


class InputTooLargeError(InputError):
    """Raised when the input exceeds the configured size limit (default 5 MB)."""


class NoArticleError(InputError):
    """Raised when HTML (or text) holds no article text that could be extracted."""


class FetchError(NewsauditError):
    """Raised when a URL cannot be fetched: unreachable, timeout, HTTP error, too many redirects."""

    exit_code = 3


class ContentTypeError(FetchError):
    """Raised when a URL answers with a content type that is not HTML or text."""


class ModelError(NewsauditError):
    """Raised when a shipped model artefact is missing or does not match what the code expects."""

    exit_code = 4


class DataError(NewsauditError):
    """Raised when an evaluation dataset is missing or not in the expected layout."""
