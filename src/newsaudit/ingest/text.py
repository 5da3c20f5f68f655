"""Decode input bytes into text: size limit, binary detection, encoding detection with a note."""

from __future__ import annotations

import re

from ..errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # 5 MB: ten times the largest article page seen in the public data

# Magic numbers of formats people drop by mistake: images, PDF, archives, office files, executables.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
)
# Share of control characters (other than tab/newline/CR/FF) above which decoded text is binary.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_HINT = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p|meta)\b", re.IGNORECASE)


def _check_not_binary(data: bytes, name: str) -> None:
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"{name} is {what}, not an article text or HTML page")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise BinaryInputError(f"{name} contains NUL bytes: binary data, not an article text or HTML page")


def _declared_charset(declared_type: str | None, data: bytes) -> str | None:
    if declared_type:
        header = re.search(r"charset=([\w-]+)", declared_type, re.IGNORECASE)
        if header:
            return header.group(1).lower()
    meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    return meta.group(1).decode("ascii").lower() if meta else None


# Characters German (and other Western) news text is made of; used to choose between legacy encodings.
_GERMAN_EXTRA = set("äöüÄÖÜß„“”‚‘’–—…€«»·•§°²³\u00a0")


def _plausibility(text: str) -> float:
    """Mean weight per character: 1 for ASCII and German letters/typography, 0.5 for other Latin-1 letters
    (mojibake of a wrong single-byte guess is mostly those), 1 for Cyrillic/Greek, 0 for the rest."""
    sample = text[:20000]
    total = 0.0
    for ch in sample:
        code = ord(ch)
        if (32 <= code < 127) or ch in "\t\n\r" or ch in _GERMAN_EXTRA or 0x370 <= code < 0x530:
            total += 1.0
        elif 0xC0 <= code <= 0x17F:
            total += 0.5
    return total / max(1, len(sample))


def _decode_legacy(data: bytes, declared: str | None) -> tuple[str | None, str]:
    """Decode bytes that are not UTF-8: a declared charset if it fits, else the most plausible candidate.

    charset_normalizer alone guesses cp1250 or even cp1006 (Urdu) for short German cp1252 text, so its guess
    competes with cp1252 on how plausible the decoded characters are; cp1252 wins ties (German first).
    """
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    candidates = ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else []
    candidates.append("cp1252")  # the usual suspect for German text that is not UTF-8
    best = from_bytes(data).best()
    if best is not None and best.encoding not in candidates:
        candidates.append(best.encoding)
    decoded: list[tuple[float, int, str, str]] = []
    for rank, candidate in enumerate(candidates):
        try:
            text = data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((_plausibility(text), -rank, candidate, text))
    if not decoded:
        return None, ""
    _, _, encoding, text = max(decoded)
    return text, encoding


def decode_bytes(
    data: bytes, *, max_bytes: int, name: str = "input", declared_type: str | None = None
) -> tuple[str, str, str | None]:
    """Return ``(text, encoding, note)``; ``note`` says when the input was not UTF-8 and how it was read."""
    if len(data) > max_bytes:
        raise InputTooLargeError(f"{name} is over the limit of {max_bytes:,} bytes")
    if not data.strip():
        raise EmptyInputError(f"{name} is empty (no text to analyse)")
    _check_not_binary(data, name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text: str | None = None
    encoding = "utf-8"
    note: str | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data, _declared_charset(declared_type, data))
        if text is not None:
            note = f"not valid UTF-8; decoded as {encoding}"
    if text is None:
        raise EncodingError(f"{name} is not valid UTF-8 and no other encoding fits")
    if text.strip() == "":
        raise EmptyInputError(f"{name} is empty (no text to analyse)")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls / max(1, min(len(text), 65536)) > _MAX_CONTROL_SHARE:
        raise BinaryInputError(f"{name} looks like binary data ({controls} control characters)")
    return text, encoding, note


def looks_like_html(text: str) -> bool:
    """True when the text is HTML markup rather than plain text that happens to contain a '<'."""
    head = text[:4096].lstrip()
    return (bool(_HTML_HINT.search(head)) and head.startswith("<")) or len(_HTML_HINT.findall(text[:20000])) >= 3
