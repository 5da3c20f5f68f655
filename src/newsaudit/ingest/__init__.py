"""Ingest: turn a path, URL, stdin or raw bytes into a ``Document`` (decoded text + provenance)."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError
from ..types import Document, Provenance
from .fetch import fetch_url, looks_like_url
from .text import DEFAULT_MAX_BYTES, decode_bytes, looks_like_html

__all__ = ["DEFAULT_MAX_BYTES", "load_document"]


def _read_path(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not an article file")
    size = path.stat().st_size
    if size > max_bytes:
        # Checked before reading so an oversized file never lands in memory.
        from ..errors import InputTooLargeError

        raise InputTooLargeError(f"{path} is {size:,} bytes, over the limit of {max_bytes:,} bytes")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _read_stdin(max_bytes: int) -> bytes:
    data = sys.stdin.buffer.read(max_bytes + 1)
    return data


def load_document(
    source: str | bytes | os.PathLike[str], *, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read ``source`` (see ``newsaudit.analyze``) and decode it, checking size, binary data and encoding."""
    if kind not in ("auto", "text", "html", "url"):
        raise ValueError(f"unknown kind {kind!r}")
    fetched_at: str | None = None
    final_url: str | None = None
    content_type: str | None = None
    if isinstance(source, bytes):
        origin, data = "<bytes>", source
    elif kind == "url" or (isinstance(source, str) and looks_like_url(source)):
        fetched = fetch_url(str(source), max_bytes=max_bytes)
        origin, data = str(source), fetched.body
        fetched_at, final_url, content_type = fetched.fetched_at, fetched.final_url, fetched.content_type
    elif isinstance(source, str) and source == "-":
        origin, data = "-", _read_stdin(max_bytes)
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and _is_existing_path(source)):
        path = Path(source)
        origin, data = str(path), _read_path(path, max_bytes)
    elif isinstance(source, str) and _looks_like_path(source):
        raise InputError(f"no such file: {source}")
    else:
        origin, data = "<text>", str(source).encode("utf-8")
    text, encoding, note = decode_bytes(data, max_bytes=max_bytes, name=origin, declared_type=content_type)
    doc_kind = kind if kind in ("text", "html") else ("html" if _is_html(content_type, text) else "text")
    provenance = Provenance(
        source=origin,
        kind=doc_kind,
        fetched_at=fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
        final_url=final_url,
        content_type=content_type,
        encoding=encoding,
        encoding_note=note,
        size_bytes=len(data),
    )
    return Document(text=text, provenance=provenance)


def _is_existing_path(source: str) -> bool:
    # A long string or one with newlines is article text, not a file name.
    if "\n" in source or len(source) > 4096:
        return False
    try:
        return Path(source).exists()
    except OSError:
        return False


_FILE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".md", ".json", ".jsonl", ".warc", ".gz")


def _looks_like_path(source: str) -> bool:
    # One word with a file suffix or a path separator is a file name the user mistyped, not an article.
    stripped = source.strip()
    if not stripped or len(stripped) > 4096 or any(ch.isspace() for ch in stripped):
        return False
    return stripped.lower().endswith(_FILE_SUFFIXES) or "/" in stripped or "\\" in stripped


def _is_html(content_type: str | None, text: str) -> bool:
    if content_type is not None and "html" in content_type:
        return True
    return looks_like_html(text)
