"""Shared fixtures: the bundled example, a CLI runner, a fake network and the dossier schema."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

import newsaudit.ingest
from newsaudit.cli import cli
from newsaudit.dossier import Dossier
from newsaudit.evaluate.data import reference_article
from newsaudit.examples import example_path
from newsaudit.ingest import fetch
from newsaudit.types import (
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
    StageError,
    StageRecord,
    Token,
)

# A German article in the shape the raw-text labeller expects: headline, a prose paragraph, furniture.
SMALL_ARTICLE = (
    "Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr\n\n"
    "Die Stadt Halle will im kommenden Frühjahr mit dem Bau der neuen Brücke über die Saale beginnen. "
    "Das sagte ein Sprecher der Stadtverwaltung am Montag. Die Kosten würden nach bisheriger Planung "
    "bei rund zwölf Millionen Euro liegen, der Bund übernehme einen großen Teil davon.\n\n"
    "Impressum | Datenschutz | Kontakt\n"
)

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def example_file() -> Path:
    """The bundled example article."""
    return example_path()


@pytest.fixture
def reference_file() -> Path:
    """The project's reference article; skips when ../shared is not beside the checkout."""
    path = reference_article()
    if not path.is_file():
        pytest.skip(f"reference article not found at {path} (../shared/examples is absent)")
    return path


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run ``newsaudit ARGS`` in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, prog_name="newsaudit")

    return run


@pytest.fixture
def fake_web(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Handler], None]]:
    """Route URL fetches through an ``httpx.MockTransport`` with the given handler: no network."""

    def install(handler: Handler) -> None:
        patched = functools.partial(fetch.fetch_url, transport=httpx.MockTransport(handler))
        monkeypatch.setattr(newsaudit.ingest, "fetch_url", patched)

    yield install


def one_error_line(stderr: str) -> str:
    """The single ``error: ...`` line a failed command must print (and nothing else, no traceback)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one error line, got: {stderr!r}"
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]


@functools.cache
def dossier_schema() -> dict[str, Any]:
    """The shipped dossier schema."""
    from newsaudit.report.schema import load_schema

    return load_schema()


def assert_valid_dossier(data: dict[str, Any]) -> None:
    """Validate a dossier dict against the shipped JSON Schema."""
    import jsonschema

    jsonschema.Draft202012Validator(dossier_schema()).validate(data)


def build_dossier(text: str, *, with_language: bool = True, source: str = "<text>") -> Dossier:
    """A hand-built dossier over ``text``: one paragraph block per non-blank line, one sentence per block and
    one token per word, so renderers and serialisation can be tested without the trained stages."""
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for line in re.finditer(r"[^\n]*\S[^\n]*", text):
        block_index = len(blocks)
        blocks.append(Block(BlockLabel.PARAGRAPH, Span(line.start(), line.end()), 0.9, "test"))
        first = len(tokens)
        for word in re.finditer(r"\S+", line.group()):
            start = line.start() + word.start()
            tokens.append(Token(Span(start, start + len(word.group())), word.group().lower(), "NN", None))
        if len(tokens) > first:
            sentences.append(
                Sentence(Span(tokens[first].span.start, tokens[-1].span.end), block_index, first, len(tokens))
            )
    if tokens:
        tokens[0] = Token(tokens[0].span, tokens[0].lemma, "VVFIN", Mood.KONJUNKTIV_I)
    title = MetaField(text[blocks[0].span.start : blocks[0].span.end], "text", blocks[0].span) if blocks else None
    return Dossier(
        article=Article(text=text, blocks=tuple(blocks), meta=ArticleMeta(title=title, outlet=MetaField("x", "url"))),
        provenance=Provenance(source=source, kind="text", fetched_at="2026-11-25T12:00:00+00:00", size_bytes=len(text)),
        profile="fast",
        language=Language(tuple(sentences), tuple(tokens)) if with_language else None,
        stages=(StageRecord("structure", "1.0", 0.001234567),),
        errors=(StageError("language", "ValueError", "a <b>broken</b> stage"),),
    )
