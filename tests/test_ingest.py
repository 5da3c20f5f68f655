"""Ingest: paths, stdin, bytes and URLs become a decoded Document with provenance, or a typed error."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from newsaudit.errors import (
    BinaryInputError,
    ContentTypeError,
    EmptyInputError,
    FetchError,
    InputError,
    InputTooLargeError,
)
from newsaudit.ingest import DEFAULT_MAX_BYTES, load_document
from newsaudit.ingest.fetch import MAX_REDIRECTS, fetch_url, looks_like_url
from newsaudit.ingest.text import decode_bytes, looks_like_html

GERMAN = "Grüße aus Köln: Der Bürgermeister äußert sich über die Straßenbahn.\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
HTML_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='windows-1252'><title>Grüße</title></head>"
    "<body><article><h1>Überschrift</h1><p>Ein Absatz über Köln.</p></article></body></html>"
)


def test_text_file_is_read_with_provenance(tmp_path: Path) -> None:
    """A UTF-8 text file is read unchanged and its path, kind, size and time are recorded."""
    path = tmp_path / "artikel.txt"
    path.write_text(GERMAN, encoding="utf-8")
    doc = load_document(path)
    assert doc.text == GERMAN
    p = doc.provenance
    assert (p.source, p.kind, p.encoding, p.encoding_note) == (str(path), "text", "utf-8", None)
    assert p.size_bytes == len(GERMAN.encode("utf-8"))
    assert p.fetched_at is not None and p.fetched_at.endswith("+00:00")


def test_str_path_and_str_text_are_told_apart(tmp_path: Path) -> None:
    """A str naming an existing file is read from disk; any other multi-line str is the article itself."""
    path = tmp_path / "a.txt"
    path.write_text(GERMAN, encoding="utf-8")
    assert load_document(str(path)).provenance.source == str(path)
    inline = load_document(GERMAN + GERMAN)
    assert (inline.provenance.source, inline.text) == ("<text>", GERMAN + GERMAN)


def test_mistyped_file_name_is_not_taken_for_article_text() -> None:
    """A single word with a file suffix that does not exist is a missing file, not a one-word article."""
    with pytest.raises(InputError, match="no such file"):
        load_document("nicht-da.txt")


def test_utf8_bom_is_dropped() -> None:
    """A UTF-8 byte-order mark is not part of the text (offsets would be off by one)."""
    assert load_document(b"\xef\xbb\xbf" + GERMAN.encode("utf-8")).text == GERMAN


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_legacy_encodings_are_decoded_with_a_note(encoding: str) -> None:
    """German text in cp1252, Latin-1 or UTF-16 is decoded correctly and the dossier says how."""
    text, used, note = decode_bytes(GERMAN.encode(encoding), max_bytes=DEFAULT_MAX_BYTES)
    assert text == GERMAN
    assert note is not None and used in note and "not valid UTF-8" in note


def test_declared_charset_of_a_response_wins() -> None:
    """A charset in the Content-Type header is used when the bytes are not UTF-8."""
    data = "Straße in Gießen".encode("iso-8859-15")
    text, used, _ = decode_bytes(data, max_bytes=100, declared_type="text/plain; charset=ISO-8859-15")
    assert (text, used) == ("Straße in Gießen", "iso-8859-15")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInputError),
        (b"  \n\t\r\n  ", EmptyInputError),
        (PNG, BinaryInputError),
        (PDF, BinaryInputError),
        (gzip.compress(GERMAN.encode("utf-8")), BinaryInputError),
        (b"abc\x00def" * 10, BinaryInputError),
        (bytes(range(1, 32)) * 20, BinaryInputError),
    ],
    ids=["empty", "whitespace", "png", "pdf", "gzip", "nul-bytes", "control-chars"],
)
def test_unusable_bytes_raise_typed_errors(data: bytes, error: type[Exception]) -> None:
    """Empty and binary input raise their own InputError subclass with a one-line message."""
    with pytest.raises(error) as caught:
        load_document(data)
    assert "\n" not in str(caught.value)


def test_size_limit_applies_to_files_before_reading(tmp_path: Path) -> None:
    """A file over --max-bytes is refused, naming its size and the limit."""
    path = tmp_path / "big.txt"
    path.write_text(GERMAN * 10, encoding="utf-8")
    with pytest.raises(InputTooLargeError, match="over the limit of 100 bytes"):
        load_document(path, max_bytes=100)


def test_size_limit_applies_to_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin is read only up to the limit and refused when it goes beyond it."""
    fake = io.TextIOWrapper(io.BytesIO(GERMAN.encode("utf-8") * 10), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    with pytest.raises(InputTooLargeError):
        load_document("-", max_bytes=100)


def test_stdin_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """'-' reads the bytes of stdin and records '-' as the source."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GERMAN.encode("cp1252")), encoding="utf-8"))
    doc = load_document("-")
    assert (doc.text, doc.provenance.source, doc.provenance.encoding) == (GERMAN, "-", "cp1252")


def test_directory_and_missing_file_are_input_errors(tmp_path: Path) -> None:
    """A directory or a path that does not exist is an InputError naming the path."""
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "missing.txt")


def test_html_file_is_recognised_and_its_meta_charset_used(tmp_path: Path) -> None:
    """An HTML file is ingested as kind html; its <meta charset> decodes non-UTF-8 bytes."""
    path = tmp_path / "seite.html"
    path.write_bytes(HTML_PAGE.encode("cp1252"))
    doc = load_document(path)
    assert doc.provenance.kind == "html"
    assert doc.provenance.encoding == "windows-1252"
    assert "<h1>Überschrift</h1>" in doc.text


def test_kind_overrides_detection() -> None:
    """kind='text' keeps markup as text; kind='html' forces HTML; an unknown kind is a programming error."""
    assert load_document(HTML_PAGE.encode("utf-8"), kind="text").provenance.kind == "text"
    assert load_document(b"just words\nand more", kind="html").provenance.kind == "html"
    with pytest.raises(ValueError, match="unknown kind"):
        load_document(b"text", kind="pdf")


def test_plain_text_with_angle_brackets_is_not_html() -> None:
    """A '<' in prose ("a < b") does not make text HTML; markup at the start does."""
    assert not looks_like_html("Die Inflation lag bei < 2 Prozent, sagte sie.\nDas ist <viel> weniger.")
    assert looks_like_html(HTML_PAGE)


def test_url_detection() -> None:
    """Only http(s) URLs are fetched; other strings are paths or text."""
    assert looks_like_url("https://example.org/a") and looks_like_url("  HTTP://example.org")
    assert not looks_like_url("ftp://example.org/a") and not looks_like_url("example.org/a")


# ------------------------------------------------------------------------------------------------ fetching


def _fetch(handler: Callable[[httpx.Request], httpx.Response], max_bytes: int = DEFAULT_MAX_BYTES) -> object:
    return fetch_url("https://news.example/artikel", max_bytes=max_bytes, transport=httpx.MockTransport(handler))


def test_fetch_follows_redirects_and_records_the_final_url() -> None:
    """A redirect is followed; the final URL, content type and body are kept."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/artikel":
            return httpx.Response(301, headers={"location": "https://news.example/neu"})
        assert request.headers["user-agent"].startswith("newsaudit/")
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=b"<p>x</p>")

    fetched = fetch_url("https://news.example/artikel", max_bytes=1000, transport=httpx.MockTransport(handler))
    assert (fetched.final_url, fetched.content_type, fetched.body) == (
        "https://news.example/neu",
        "text/html; charset=utf-8",
        b"<p>x</p>",
    )


def test_url_document_keeps_fetch_provenance(fake_web: Callable[..., None]) -> None:
    """load_document on a URL records source URL, final URL, content type and the declared charset."""
    fake_web(
        lambda request: httpx.Response(
            200, headers={"content-type": "text/plain; charset=windows-1252"}, content=GERMAN.encode("cp1252")
        )
    )
    doc = load_document("https://news.example/artikel")
    p = doc.provenance
    assert doc.text == GERMAN
    assert (p.source, p.final_url, p.kind, p.encoding) == (
        "https://news.example/artikel",
        "https://news.example/artikel",
        "text",
        "windows-1252",
    )


@pytest.mark.parametrize(
    ("handler", "error", "message"),
    [
        (lambda r: httpx.Response(404), FetchError, "HTTP 404"),
        (lambda r: httpx.Response(503), FetchError, "HTTP 503"),
        (lambda r: httpx.Response(200, headers={"content-type": "image/png"}, content=PNG), ContentTypeError, "png"),
        (
            lambda r: httpx.Response(200, headers={"content-type": "application/pdf"}, content=PDF),
            ContentTypeError,
            "application/pdf",
        ),
        (
            lambda r: (_ for _ in ()).throw(httpx.ConnectError("Name or service not known", request=r)),
            FetchError,
            "cannot fetch",
        ),
        (lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=r)), FetchError, "timed out"),
        (lambda r: httpx.Response(302, headers={"location": str(r.url)}), FetchError, f"{MAX_REDIRECTS} redirects"),
        (
            lambda r: httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>" + b"x" * 5000),
            InputTooLargeError,
            "over the limit",
        ),
    ],
    ids=["404", "503", "png", "pdf", "unreachable", "timeout", "redirect-loop", "oversized"],
)
def test_fetch_failures_raise_typed_errors(
    handler: Callable[[httpx.Request], httpx.Response], error: type[Exception], message: str
) -> None:
    """Every way a fetch can fail is a FetchError (or size error) with a one-line message naming the cause."""
    with pytest.raises(error, match=message) as caught:
        _fetch(handler, max_bytes=1000)
    assert "\n" not in str(caught.value)
