"""The newsaudit command: formats, batches, the demo, and one clear error line for every kind of bad input."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from click.testing import Result

from conftest import SMALL_ARTICLE, assert_valid_dossier, one_error_line
from newsaudit.cli import cli
from newsaudit.dossier import SCHEMA_VERSION

RunCli = Callable[..., Result]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"
README = Path(__file__).resolve().parents[1] / "README.md"


def _write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def test_analyze_writes_schema_valid_json_when_piped(run_cli: RunCli, example_file: Path) -> None:
    """Without --format, piped output is the JSON dossier, valid against the shipped schema."""
    result = run_cli("analyze", str(example_file))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert_valid_dossier(data)
    assert data["provenance"]["source"] == str(example_file)
    assert data["text"] == example_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("html", "<!DOCTYPE html>"), ("md", "# Dossier: "), ("text", "page furniture"), ("json", '"schema_version"')],
)
def test_every_format_renders(run_cli: RunCli, tmp_path: Path, fmt: str, marker: str) -> None:
    """--format json|html|md|text each produce their report."""
    source = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    result = run_cli("analyze", source, "--format", fmt, "--profile", "fast")
    assert result.exit_code == 0, result.stderr
    assert marker in result.stdout


def test_output_file_format_follows_its_suffix(run_cli: RunCli, tmp_path: Path) -> None:
    """-o report.html writes HTML, -o report.md Markdown, unless --format says otherwise."""
    source = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    for name, marker in [("r.html", "<!DOCTYPE html>"), ("r.md", "# Dossier: "), ("r.json", '"blocks"')]:
        result = run_cli("analyze", source, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert marker in (tmp_path / name).read_text(encoding="utf-8")
    result = run_cli("analyze", source, "-o", str(tmp_path / "forced.html"), "--format", "json")
    assert json.loads((tmp_path / "forced.html").read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION


def test_stdin_is_analysed(run_cli: RunCli) -> None:
    """'-' reads the article from stdin, in any encoding."""
    result = run_cli("analyze", "-", "--format", "json", input=SMALL_ARTICLE.encode("cp1252"))
    assert result.exit_code == 0, result.stderr
    provenance = json.loads(result.stdout)["provenance"]
    assert (provenance["source"], provenance["encoding"]) == ("-", "cp1252")
    assert "decoded as cp1252" in provenance["encoding_note"]


def test_german_cp1252_file_is_decoded_not_rejected(run_cli: RunCli, tmp_path: Path) -> None:
    """A Windows-1252 file gets a dossier with the exact text and a note on the encoding."""
    source = _write(tmp_path, "alt.txt", SMALL_ARTICLE.encode("cp1252"))
    result = run_cli("analyze", source, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == SMALL_ARTICLE
    assert data["provenance"]["encoding_note"] == "not valid UTF-8; decoded as cp1252"


def test_profiles_share_the_schema(run_cli: RunCli, tmp_path: Path) -> None:
    """Both profiles write valid dossiers that name their profile."""
    source = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    for profile in ("accurate", "fast"):
        result = run_cli("analyze", source, "--profile", profile, "--format", "json")
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert_valid_dossier(data)
        assert data["profile"] == profile


def test_url_is_fetched(run_cli: RunCli, fake_web: Callable[..., None]) -> None:
    """A URL argument is fetched (here from a fake web) and its final URL kept in the provenance."""
    fake_web(lambda r: httpx.Response(200, headers={"content-type": "text/plain"}, content=SMALL_ARTICLE.encode()))
    result = run_cli("analyze", "https://news.example/brücke", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["provenance"]["final_url"].startswith("https://news.example/")


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leer.txt", b"", "is empty"),
        ("blank.txt", b" \n\n\t \n", "is empty"),
        ("bild.txt", PNG, "PNG image"),
        ("doc.txt", PDF, "PDF file"),
        ("archiv.txt.gz", gzip.compress(SMALL_ARTICLE.encode()), "gzip"),
        ("menu.txt", "Startseite\nPolitik\nSport\nImpressum\n", "no article prose"),
    ],
    ids=["empty", "whitespace", "png", "pdf", "gzip", "no-prose"],
)
def test_bad_files_get_one_error_line(
    run_cli: RunCli, tmp_path: Path, name: str, data: bytes | str, message: str
) -> None:
    """Empty, binary and prose-less files: one 'error:' line on stderr, exit code 2, nothing on stdout."""
    result = run_cli("analyze", _write(tmp_path, name, data))
    assert result.exit_code == 2
    assert message in one_error_line(result.stderr)
    assert result.stdout == ""


def test_missing_file_and_directory_are_errors(run_cli: RunCli, tmp_path: Path) -> None:
    """A path that does not exist or names a directory is one error line, exit 2."""
    for path, message in [(tmp_path / "fehlt.txt", "no such file"), (tmp_path, "is a directory")]:
        result = run_cli("analyze", str(path))
        assert result.exit_code == 2
        assert message in one_error_line(result.stderr)


def test_max_bytes_refuses_large_input(run_cli: RunCli, tmp_path: Path) -> None:
    """--max-bytes refuses files and stdin above the limit, naming it."""
    source = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    result = run_cli("analyze", source, "--max-bytes", "100")
    assert result.exit_code == 2
    assert "over the limit of 100 bytes" in one_error_line(result.stderr)
    result = run_cli("analyze", "-", "--max-bytes", "100", input=SMALL_ARTICLE)
    assert result.exit_code == 2
    assert "over the limit of 100 bytes" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (lambda r: httpx.Response(404), "HTTP 404"),
        (lambda r: httpx.Response(200, headers={"content-type": "image/png"}, content=PNG), "image/png, not an HTML"),
        (lambda r: (_ for _ in ()).throw(httpx.ConnectError("connection refused", request=r)), "cannot fetch"),
        (lambda r: (_ for _ in ()).throw(httpx.ConnectTimeout("no answer", request=r)), "timed out"),
    ],
    ids=["404", "content-type", "unreachable", "timeout"],
)
def test_url_failures_get_one_error_line(
    run_cli: RunCli, fake_web: Callable[..., None], handler: Callable[[httpx.Request], httpx.Response], message: str
) -> None:
    """Unreachable URLs, HTTP errors and non-HTML content types: one error line naming the URL, exit 3."""
    fake_web(handler)
    result = run_cli("analyze", "https://news.example/artikel")
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert "https://news.example/artikel" in line and message in line


def test_usage_errors_exit_2_with_clicks_message(run_cli: RunCli, example_file: Path) -> None:
    """An unknown format or profile is a usage error (exit 2), not an analysis."""
    result = run_cli("analyze", str(example_file), "--format", "pdf")
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.stderr
    result = run_cli("analyze", str(example_file), "--profile", "slow")
    assert result.exit_code == 2 and "Invalid value for '--profile'" in result.stderr
    result = run_cli("analyze")
    assert result.exit_code == 2 and "Missing argument" in result.stderr


def test_unexpected_exceptions_become_one_line(
    run_cli: RunCli, example_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug inside analyze prints one 'error: unexpected ...' line and exits 1; NEWSAUDIT_DEBUG re-raises."""

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    # The package attribute `analyze` is the function, so reach the module through sys.modules.
    monkeypatch.setattr(sys.modules["newsaudit.analyze"], "analyze", broken)
    result = run_cli("analyze", str(example_file))
    assert result.exit_code == 1
    assert "unexpected KeyError" in one_error_line(result.stderr)
    monkeypatch.setenv("NEWSAUDIT_DEBUG", "1")
    result = run_cli("analyze", str(example_file))
    assert isinstance(result.exception, KeyError)


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    """Run as a real process (python -m newsaudit): a binary file gives one error line and exit 2."""
    source = _write(tmp_path, "bild.png", PNG)
    proc = subprocess.run(
        [sys.executable, "-m", "newsaudit", "analyze", source], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "PNG image" in one_error_line(proc.stderr)


PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Neue Brücke über die Saale | Saale-Bote</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr",
"datePublished": "2026-11-20T08:00:00+01:00", "publisher": {"@type": "Organization", "name": "Saale-Bote"}}</script>
</head><body><nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<article><h1>Neue Brücke über die Saale: Bauarbeiten beginnen im Frühjahr</h1>
<p>Die Stadt Halle will im kommenden Frühjahr mit dem Bau der neuen Brücke über die Saale beginnen.
Das sagte ein Sprecher der Stadtverwaltung am Montag.</p>
<h2>Kosten von zwölf Millionen Euro</h2>
<p>Die Kosten würden nach bisheriger Planung bei rund zwölf Millionen Euro liegen, der Bund übernehme einen
großen Teil davon. &lt;script&gt;alert("x")&lt;/script&gt;</p></article>
<footer>Impressum | Datenschutz</footer></body></html>
"""


def test_html_file_gives_a_dossier_of_the_extracted_text(run_cli: RunCli, tmp_path: Path) -> None:
    """An HTML page is recognised, its article text extracted and kept; the dossier validates."""
    result = run_cli("analyze", _write(tmp_path, "seite.html", PAGE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert_valid_dossier(data)
    assert data["provenance"]["kind"] == "html"
    assert "zwölf Millionen Euro liegen" in data["text"] and "<h1>" not in data["text"]
    assert all(0 <= b["span"][0] < b["span"][1] <= len(data["text"]) for b in data["blocks"])


def test_html_report_of_an_html_page_escapes_its_text(run_cli: RunCli, tmp_path: Path) -> None:
    """Article text that reads like markup (an escaped <script> on the page) stays escaped in the report."""
    result = run_cli("analyze", _write(tmp_path, "seite.html", PAGE), "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert "<script" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


def test_html_without_an_article_is_an_error(run_cli: RunCli, tmp_path: Path) -> None:
    """A page with nothing but navigation gets one 'error:' line and exit 2."""
    page = '<!DOCTYPE html><html><body><nav><a href="/">Start</a> <a href="/a">Sport</a></nav></body></html>'
    result = run_cli("analyze", _write(tmp_path, "leer.html", page))
    assert result.exit_code == 2
    assert "no article" in one_error_line(result.stderr)


def test_html_url_is_fetched_and_extracted(run_cli: RunCli, fake_web: Callable[..., None]) -> None:
    """A URL answering text/html is analysed as HTML, with the response's charset."""
    fake_web(
        lambda r: httpx.Response(
            200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE.encode("utf-8")
        )
    )
    result = run_cli("analyze", "https://saale-bote.example/bruecke.html", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["provenance"]["kind"], data["provenance"]["content_type"]) == ("html", "text/html; charset=utf-8")


# ------------------------------------------------------------------------------------------------ batches


def test_batch_goes_on_after_a_failure_and_exits_non_zero(run_cli: RunCli, tmp_path: Path) -> None:
    """With several inputs a bad one is reported on stderr and in the summary; the others are analysed."""
    good = _write(tmp_path, "gut.txt", SMALL_ARTICLE)
    empty = _write(tmp_path, "leer.txt", b"")
    result = run_cli("analyze", good, empty, str(tmp_path / "fehlt.txt"), good, "--format", "json")
    assert result.exit_code == 1
    dossiers = [json.loads(line) for line in result.stdout.splitlines()]  # JSON Lines, one per good input
    assert [d["provenance"]["source"] for d in dossiers] == [good, good]
    assert f"error: {empty}: {empty} is empty" in result.stderr
    assert "analysed 2 of 4 inputs into stdout; 2 failed" in result.stderr
    assert re.search(r"failed: .*fehlt\.txt: no such file", result.stderr)
    assert "Traceback" not in result.stderr


def test_batch_into_a_directory(run_cli: RunCli, tmp_path: Path) -> None:
    """--output-dir writes one report per input, named after it, and exits 0 when all succeed."""
    a = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    b = _write(tmp_path, "b.txt", SMALL_ARTICLE.encode("cp1252"))
    out = tmp_path / "out"
    result = run_cli("analyze", a, b, a, "--output-dir", str(out), "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-2.html", "a.html", "b.html"]
    assert "analysed 3 of 3 inputs" in result.stderr


def test_batch_into_a_directory_records_failures(run_cli: RunCli, tmp_path: Path) -> None:
    """A failing input in --output-dir mode is listed and gets no file; exit code 1."""
    a = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    png = _write(tmp_path, "bild.png", PNG)
    out = tmp_path / "out"
    result = run_cli("analyze", png, a, "--output-dir", str(out))
    assert result.exit_code == 1
    assert [p.name for p in out.iterdir()] == ["a.json"]
    assert_valid_dossier(json.loads((out / "a.json").read_text(encoding="utf-8")))
    assert "analysed 1 of 2 inputs" in result.stderr and "PNG image" in result.stderr


def test_batch_into_one_jsonl_file(run_cli: RunCli, tmp_path: Path) -> None:
    """Several inputs with -o FILE.jsonl: one dossier per line in the file, nothing on stdout."""
    a = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    out = tmp_path / "alle.jsonl"
    result = run_cli("analyze", a, a, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(line)["text"] == SMALL_ARTICLE for line in lines)


def test_parallel_batch_keeps_order_and_failures(run_cli: RunCli, tmp_path: Path) -> None:
    """--jobs 2 writes the same dossiers in the same order as one process, and still reports a bad input."""
    good = _write(tmp_path, "gut.txt", SMALL_ARTICLE)
    other = _write(tmp_path, "anders.txt", SMALL_ARTICLE.replace("Halle", "Bonn"))
    empty = _write(tmp_path, "leer.txt", b"")
    args = ("analyze", good, empty, other, "--format", "json", "--profile", "fast")
    serial, parallel = run_cli(*args), run_cli(*args, "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 1
    texts = [[json.loads(line)["text"] for line in r.stdout.splitlines()] for r in (serial, parallel)]
    assert texts[0] == texts[1] and len(texts[1]) == 2 and "Bonn" in texts[1][1]
    assert f"error: {empty}: {empty} is empty" in parallel.stderr and "Traceback" not in parallel.stderr


def test_parallel_batch_survives_a_dying_worker(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process that dies (here: exits on one input) costs that input only; the others are analysed."""
    import os

    import newsaudit.cli as cli_module

    analyse = cli_module._analyze_one

    def dies_on_b(source: str, **options: Any) -> Any:
        if source.endswith("b.txt"):
            os._exit(3)  # as a worker killed for memory would vanish
        return analyse(source, **options)

    monkeypatch.setattr(cli_module, "_analyze_one", dies_on_b)  # forked workers inherit the patch
    sources = [_write(tmp_path, f"{name}.txt", SMALL_ARTICLE) for name in "abcd"]
    out = tmp_path / "out"
    result = run_cli("analyze", *sources, "--output-dir", str(out), "--jobs", "2", "--profile", "fast")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "c.json", "d.json"]
    assert "b.txt: the worker process analysing this input died" in result.stderr


def test_parallel_batch_refuses_stdin(run_cli: RunCli, tmp_path: Path) -> None:
    """Workers cannot share stdin: "-" with --jobs 2 is a usage error, before anything is analysed."""
    result = run_cli("analyze", "-", _write(tmp_path, "a.txt", SMALL_ARTICLE), "--jobs", "2", input=SMALL_ARTICLE)
    assert result.exit_code == 2 and "stdin" in result.stderr


def test_several_inputs_cannot_share_one_html_file(run_cli: RunCli, tmp_path: Path) -> None:
    """HTML needs one file per input: several inputs with --format html and no --output-dir is a usage error."""
    a = _write(tmp_path, "a.txt", SMALL_ARTICLE)
    result = run_cli("analyze", a, a, "--format", "html")
    assert result.exit_code == 2 and "--output-dir" in result.stderr


# ------------------------------------------------------------------------------------------------ other commands


def test_demo_runs_the_bundled_example(run_cli: RunCli) -> None:
    """`newsaudit demo` needs no data: it analyses the bundled article and writes a valid dossier."""
    result = run_cli("demo", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert_valid_dossier(data)
    assert data["provenance"]["source"].endswith("talsperre_wolfsbrunn.txt")
    assert any(b["label"] == "paragraph" for b in data["blocks"])


def test_evaluation_without_data_is_one_error_line(run_cli: RunCli, tmp_path: Path) -> None:
    """An evaluation pointed at a missing dataset says which path is missing, exit 2, no traceback."""
    result = run_cli("eval", "structure-html", str(tmp_path / "fehlt"))
    assert result.exit_code == 2
    assert "dataset not found" in one_error_line(result.stderr)


def test_bundled_example_has_what_the_demo_should_show(example_file: Path) -> None:
    """The example is German and shaped like a sensational scraped page: kicker, credit, quotes, furniture."""
    text = example_file.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    headline = lines[1]
    assert headline.count(": ") >= 1 and headline.endswith("!"), "a 'Kicker: Headline!' line"
    assert re.search(r"(Foto|Bild): \S", text), "a photo credit"
    assert re.search(r"„[^“]+“, sagte", text), "a direct quote with its speaker"
    assert len(re.findall(r"\b(habe|sei|bestehe|gebe|werde)\b", text)) >= 3, "indirect speech in Konjunktiv I"
    assert re.search(r"\b(Laut|zufolge|Wie .* berichtet)\b", text), "attributed claims"
    for furniture in ("Artikel teilen", "lesen Sie hier", "Folgen Sie", "Impressum"):
        assert furniture in text


def test_schema_command_prints_the_versioned_schema(run_cli: RunCli) -> None:
    """`newsaudit schema` prints the shipped JSON Schema, stamped with the dossier schema version."""
    result = run_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["x-schema-version"] == SCHEMA_VERSION
    assert schema["$schema"].endswith("2020-12/schema")


def test_reference_article_through_the_cli(run_cli: RunCli, reference_file: Path) -> None:
    """The reference article gives a schema-valid dossier whose text is the file, unchanged."""
    result = run_cli("analyze", str(reference_file), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert_valid_dossier(data)
    assert data["text"] == reference_file.read_text(encoding="utf-8")
    assert any(b["label"] == "paragraph" for b in data["blocks"])


def _commands(group: object, prefix: str = "") -> list[str]:
    import click

    assert isinstance(group, click.Group)
    names: list[str] = []
    for name, command in group.commands.items():
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
    return names


def test_readme_documents_every_command_and_option() -> None:
    """The README's CLI reference names every command click knows, and every option of each."""
    import click

    readme = README.read_text(encoding="utf-8")
    for name in _commands(cli):
        assert f"newsaudit {name}" in readme, f"README does not mention `newsaudit {name}`"
        command: click.Command = cli
        for part in name.split():
            assert isinstance(command, click.Group)
            command = command.commands[part]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert opt in readme, f"README does not mention option {opt} of `newsaudit {name}`"


def _refresh_readme_module() -> ModuleType:
    path = README.parent / "scripts" / "refresh_readme.py"
    spec = importlib.util.spec_from_file_location("refresh_readme", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_shows_real_demo_output() -> None:
    """The README carries the terminal view of a real demo run between its markers (scripts/refresh_readme.py)."""
    refresh = _refresh_readme_module()
    readme = README.read_text(encoding="utf-8")
    pasted = readme.split(refresh.START)[1].split(refresh.END)[0]
    assert pasted.startswith("\n```text\n$ newsaudit demo --format text\n")
    assert "* page furniture, not part of the article" in pasted
    assert refresh.refreshed(readme, "NEW") == readme.replace(
        pasted, "\n```text\n$ newsaudit demo --format text\nNEW\n```\n"
    )
    with pytest.raises(SystemExit):
        refresh.refreshed("no markers here", "NEW")
