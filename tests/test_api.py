"""The public Python API: a small surface in ``newsaudit.__all__``, typed errors for every kind of bad input."""

from __future__ import annotations

import gzip
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import httpx
import pytest

import newsaudit
from conftest import SMALL_ARTICLE, assert_valid_dossier
from newsaudit import (
    BinaryInputError,
    ContentTypeError,
    Dossier,
    EmptyInputError,
    FetchError,
    InputError,
    InputTooLargeError,
    NewsauditError,
    NoArticleError,
    analyze,
)

PUBLIC_NAMES = {
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
}


def test_all_lists_exactly_the_public_names() -> None:
    """__all__ is the agreed public surface, each name exists, and nothing else public leaks from the package."""
    assert set(newsaudit.__all__) == PUBLIC_NAMES
    assert len(newsaudit.__all__) == len(PUBLIC_NAMES)
    for name in newsaudit.__all__:
        assert hasattr(newsaudit, name), name
    # Public-looking attributes that are neither submodules nor the __future__ import must be in __all__.
    leaked = {
        name
        for name, value in vars(newsaudit).items()
        if not name.startswith("_") and not isinstance(value, ModuleType) and name != "annotations"
    }
    assert leaked <= set(newsaudit.__all__), leaked - set(newsaudit.__all__)


def test_analyze_signature() -> None:
    """analyze(source, *, kind, profile, max_bytes): options are keyword-only with the documented defaults."""
    params = inspect.signature(analyze).parameters
    assert list(params) == ["source", "kind", "profile", "max_bytes"]
    assert all(params[name].kind is inspect.Parameter.KEYWORD_ONLY for name in ("kind", "profile", "max_bytes"))
    assert (params["kind"].default, params["profile"].default, params["max_bytes"].default) == (
        "auto",
        "accurate",
        5 * 1024 * 1024,
    )


def test_every_error_is_a_newsaudit_error() -> None:
    """Callers can catch NewsauditError for everything the input can cause."""
    for cls in (BinaryInputError, EmptyInputError, InputTooLargeError, NoArticleError, ContentTypeError):
        assert issubclass(cls, NewsauditError)
    assert issubclass(ContentTypeError, FetchError) and issubclass(NoArticleError, InputError)


def test_analyze_accepts_path_str_bytes_and_text(tmp_path: Path) -> None:
    """A Path, a str path, bytes and the article text itself give the same article text and blocks."""
    path = tmp_path / "a.txt"
    path.write_text(SMALL_ARTICLE, encoding="utf-8")
    dossiers = [analyze(path), analyze(str(path)), analyze(SMALL_ARTICLE.encode()), analyze(SMALL_ARTICLE)]
    assert {d.text for d in dossiers} == {SMALL_ARTICLE}
    assert len({d.article.blocks for d in dossiers}) == 1
    assert [d.provenance.source for d in dossiers] == [str(path), str(path), "<bytes>", "<text>"]


def test_dossier_records_stages_and_errors() -> None:
    """The dossier names each stage that ran with its version; a failed stage is in errors, not lost."""
    dossier = analyze(SMALL_ARTICLE, profile="fast")
    names = [s.name for s in dossier.stages] + [e.stage for e in dossier.errors]
    assert names[0] == "structure" and "language" in names
    assert all(s.version and s.seconds >= 0 for s in dossier.stages)
    assert (dossier.language is None) == any(e.stage == "language" for e in dossier.errors)


def test_to_dict_from_dict_round_trip_exactly() -> None:
    """to_dict -> JSON -> from_dict -> to_dict is the identity, and the dict validates against the schema."""
    first = analyze(SMALL_ARTICLE).to_dict()
    assert_valid_dossier(first)
    assert Dossier.from_dict(json.loads(json.dumps(first))).to_dict() == first


def test_from_dict_refuses_another_major_schema_version() -> None:
    """A dossier written with another major schema version is refused with a clear message."""
    data = analyze(SMALL_ARTICLE).to_dict()
    with pytest.raises(ValueError, match="not readable"):
        Dossier.from_dict({**data, "schema_version": "2.0"})


def test_unknown_profile_is_a_value_error() -> None:
    """A profile other than accurate/fast is a programming error (ValueError), not bad input."""
    with pytest.raises(ValueError, match="unknown profile"):
        analyze(SMALL_ARTICLE, profile="turbo")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        (b"", EmptyInputError),
        ("   \n\n ", EmptyInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00", BinaryInputError),
        (b"%PDF-1.5\n", BinaryInputError),
        (gzip.compress(SMALL_ARTICLE.encode()), BinaryInputError),
        (b"Startseite\nPolitik\nSport\nWetter\n", NoArticleError),
        ("fehlt/artikel.txt", InputError),
    ],
    ids=["empty", "whitespace", "png", "pdf", "gzip", "no-prose", "missing-file"],
)
def test_bad_input_raises_typed_errors(source: str | bytes, error: type[Exception]) -> None:
    """Bad input raises its own NewsauditError subclass with a one-line message."""
    with pytest.raises(error) as caught:
        analyze(source)
    assert "\n" not in str(caught.value)


def test_size_limit_and_directory(tmp_path: Path) -> None:
    """max_bytes is enforced; a directory is refused."""
    with pytest.raises(InputTooLargeError):
        analyze(SMALL_ARTICLE.encode(), max_bytes=50)
    with pytest.raises(InputError, match="directory"):
        analyze(tmp_path)


def test_legacy_encoding_is_noted_in_the_dossier() -> None:
    """German cp1252 bytes are decoded, and the provenance says so."""
    dossier = analyze(SMALL_ARTICLE.encode("cp1252"))
    assert dossier.text == SMALL_ARTICLE
    assert dossier.provenance.encoding == "cp1252" and dossier.provenance.encoding_note


@pytest.mark.parametrize(
    ("handler", "error"),
    [
        (lambda r: httpx.Response(404), FetchError),
        (lambda r: httpx.Response(200, headers={"content-type": "application/zip"}, content=b"PK"), ContentTypeError),
        (lambda r: (_ for _ in ()).throw(httpx.ConnectError("refused", request=r)), FetchError),
    ],
    ids=["404", "content-type", "unreachable"],
)
def test_url_failures_raise_fetch_errors(
    fake_web: Callable[..., None], handler: Callable[[httpx.Request], httpx.Response], error: type[Exception]
) -> None:
    """A URL that cannot be fetched, or is not a page, raises FetchError (ContentTypeError for the type)."""
    fake_web(handler)
    with pytest.raises(error):
        analyze("https://news.example/x")
