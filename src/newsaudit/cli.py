"""The ``newsaudit`` command: a thin shell over the Python API (``analyze``, the evaluations, the bench).

Every ``NewsauditError`` becomes one line ``error: <message>`` on stderr and the error's exit code; so do
interrupts (130), a closed output pipe (141) and unexpected exceptions (1). ``NEWSAUDIT_DEBUG=1`` re-raises
instead, with the traceback. Evaluation, bench and training modules are imported inside their commands so
that ``newsaudit --help`` and ``newsaudit analyze`` do not pay for them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import click

from . import __version__
from .errors import DataError, NewsauditError

if TYPE_CHECKING:
    from .dossier import Dossier

FORMATS = ("json", "html", "md", "text")
PROFILES = ("accurate", "fast")
KINDS = ("auto", "text", "html", "url")
# Same default as newsaudit.ingest.DEFAULT_MAX_BYTES (5 MB); repeated here so --help needs no import of it.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "json",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".txt": "text",
}
FORMAT_SUFFIXES = {"json": ".json", "html": ".html", "md": ".md", "text": ".txt"}
EXIT_UNEXPECTED = 1
EXIT_BATCH_FAILED = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, the shell convention
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


def _debug() -> bool:
    return os.environ.get("NEWSAUDIT_DEBUG", "") not in ("", "0")


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _one_line(message: object) -> str:
    return " ".join(str(message).split()) or "(no message)"


class _Group(click.Group):
    """A click group whose ``main`` turns every failure into one ``error:`` line and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:  # --help, --version
            sys.exit(exc.exit_code)
        except click.ClickException as exc:  # usage errors keep click's own message and exit code 2
            exc.show()
            sys.exit(exc.exit_code)
        except NewsauditError as exc:
            if _debug():
                raise
            _fail(_one_line(exc), exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Abort):
            if _debug():
                raise
            _fail("interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:
            if _debug():
                raise
            _quiet_broken_pipe()
            _fail("output closed before everything was written (broken pipe)", EXIT_BROKEN_PIPE)
        except Exception as exc:
            if _debug():
                raise
            _fail(
                f"unexpected {type(exc).__name__}: {_one_line(exc)} (set NEWSAUDIT_DEBUG=1 for the traceback)",
                EXIT_UNEXPECTED,
            )
        sys.exit(result if isinstance(result, int) else 0)


def _quiet_broken_pipe() -> None:
    # Python flushes stdout again at exit and would print a second BrokenPipeError; point it at devnull.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (tests): nothing to silence
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsaudit")
def cli() -> None:
    """newsaudit: turn a German news article into a verification dossier.

    Set NEWSAUDIT_DEBUG=1 to see tracebacks instead of one-line errors.
    """


# ---------------------------------------------------------------------------------------------------- analyze


def _format_for(fmt: str | None, output: Path | None, *, to_terminal: bool) -> str:
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), "json")
    return "text" if to_terminal else "json"


def render(dossier: Dossier, fmt: str) -> str:
    """The dossier in one of FORMATS as a string (text: plain, without colours)."""
    if fmt == "json":
        return json.dumps(dossier.to_dict(), ensure_ascii=False, indent=2) + "\n"
    from . import report

    if fmt == "html":
        return report.render_html(dossier)
    if fmt == "md":
        return report.render_markdown(dossier)
    if fmt == "text":
        return report.render_text(dossier)
    raise ValueError(f"unknown format {fmt!r}")


def _render_in_stream(dossier: Dossier, fmt: str) -> str:
    """One dossier among several written to one stream: JSON Lines for json, a separator line otherwise."""
    if fmt == "json":
        return json.dumps(dossier.to_dict(), ensure_ascii=False) + "\n"
    separator = "\n---\n\n" if fmt == "md" else "\n"
    return render(dossier, fmt) + separator


def _write(path: Path, content: str) -> None:
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise NewsauditError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _output_name(source: str, fmt: str, taken: set[str]) -> str:
    """A file name for one input in --output-dir: the input's stem (or host and path of a URL), made unique."""
    if source == "-":
        stem = "stdin"
    elif re.match(r"^https?://", source, re.IGNORECASE):
        stem = re.sub(r"^https?://", "", source, flags=re.IGNORECASE)
    else:
        stem = Path(source).stem or "input"
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._")[:100] or "input"
    name, n = stem + FORMAT_SUFFIXES[fmt], 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}{FORMAT_SUFFIXES[fmt]}"
    taken.add(name)
    return name


def _output_options(command: Callable[..., None]) -> Callable[..., None]:
    """--format, --profile and -o, shared by ``analyze`` and ``demo``."""
    command = click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE."
    )(command)
    command = click.option(
        "--profile",
        type=click.Choice(PROFILES),
        default="accurate",
        show_default=True,
        help="accurate: the full models (one article); fast: feature models only (corpus scale).",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format. Default: text on a terminal, json when piped; with -o, taken from the file suffix.",
    )(command)


@cli.command("analyze")
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL|-...")
@_output_options
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Batch mode: one report per input in DIR (default format json); failed inputs are listed, the rest go on.",
)
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True, help="What the input is.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Batch mode: analyse this many inputs at once in worker processes (the output keeps the input order).",
)
def analyze_command(
    sources: tuple[str, ...],
    fmt: str | None,
    profile: str,
    output: Path | None,
    output_dir: Path | None,
    kind: str,
    max_bytes: int,
    jobs: int,
) -> None:
    """Analyse articles (files, URLs, or - for stdin) and write their dossiers.

    With several inputs, a failing input is reported (one line on stderr and in the closing summary) and the
    others go on; the exit code is then 1. Several dossiers go to one stream as JSON Lines (json) or one after
    the other (text, md), or with --output-dir to one file each.
    """
    if output is not None and output_dir is not None:
        raise click.UsageError("use either -o/--output (one file) or --output-dir (one file per input), not both")
    if jobs > 1 and "-" in sources:
        raise click.UsageError("stdin (-) cannot be shared by parallel workers: use --jobs 1 or pass files")
    settings = _BatchSettings(profile=profile, kind=kind, max_bytes=max_bytes, jobs=min(jobs, len(sources)))
    if output_dir is not None:
        _analyze_into_dir(sources, output_dir, fmt or "json", settings)
    elif len(sources) == 1:
        _emit(_analyze_one(sources[0], profile=profile, kind=kind, max_bytes=max_bytes), fmt, output)
    else:
        _analyze_into_stream(sources, fmt, output, settings)


@cli.command("demo")
@_output_options
def demo_command(fmt: str | None, profile: str, output: Path | None) -> None:
    """Analyse the bundled example article (fictional, German) and show its dossier; needs no data."""
    from .examples import example_path

    path = example_path()
    with contextlib.suppress(ValueError):  # shown relative to the working directory when it lies below it
        path = path.relative_to(Path.cwd())
    _emit(_analyze_one(str(path), profile=profile, kind="text", max_bytes=DEFAULT_MAX_BYTES), fmt, output)


def _emit(dossier: Dossier, fmt: str | None, output: Path | None) -> None:
    """Write one dossier to ``output`` or stdout (the rich view when stdout is a terminal and fmt is text)."""
    stdout = sys.stdout
    chosen = _format_for(fmt, output, to_terminal=stdout.isatty())
    if output is not None:
        _write(output, render(dossier, chosen))
        click.echo(f"wrote {output}", err=True)
    elif chosen == "text" and stdout.isatty():
        from .report import print_terminal

        print_terminal(dossier)
    else:
        stdout.write(render(dossier, chosen))
        stdout.flush()


def _analyze_one(source: str, *, profile: str, kind: str, max_bytes: int) -> Dossier:
    from .analyze import analyze

    assert profile in PROFILES and kind in KINDS  # click.Choice has checked them
    # On the command line everything that is not a URL or "-" is a file name, never article text.
    target: str | Path = source
    if source != "-" and kind != "url" and not re.match(r"^https?://", source.strip(), re.IGNORECASE):
        target = Path(source)
    return analyze(target, kind=kind, profile=profile, max_bytes=max_bytes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _BatchSettings:
    profile: str
    kind: str
    max_bytes: int
    jobs: int = 1


def _analyze_safely(source: str, settings: _BatchSettings) -> tuple[Dossier | None, str | None]:
    """(dossier, None), or (None, the one-line failure): what a batch needs of one input, picklable both ways."""
    try:
        return _analyze_one(source, profile=settings.profile, kind=settings.kind, max_bytes=settings.max_bytes), None
    except NewsauditError as exc:
        return None, _one_line(exc)
    except Exception as exc:  # one broken input must not stop the batch (convention 5)
        if _debug():
            raise
        return None, f"unexpected {type(exc).__name__}: {_one_line(exc)}"


def _results(sources: Sequence[str], settings: _BatchSettings) -> Iterator[tuple[Dossier | None, str | None]]:
    """Each source's result, in input order: in this process, or with ``jobs`` > 1 in a pool of worker processes
    (each loads the models once; results come back as soon as the next one in order is done)."""
    if settings.jobs <= 1:
        yield from (_analyze_safely(source, settings) for source in sources)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pending = list(sources)
    while pending:
        with ProcessPoolExecutor(max_workers=settings.jobs) as pool:
            futures = [pool.submit(_analyze_safely, source, settings) for source in pending]
            for k, future in enumerate(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    # A worker died (killed for memory, a crash in a native library) on this input or one beside it:
                    # this one is tried alone, the rest go on in a new pool.
                    yield _alone(pending[k], settings)
                    pending = pending[k + 1 :]
                    break
            else:
                pending = []


def _alone(source: str, settings: _BatchSettings) -> tuple[Dossier | None, str | None]:
    """One input in a worker process of its own: its result, or the failure when that worker dies too."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_analyze_safely, source, settings).result()
        except BrokenProcessPool:
            return None, "the worker process analysing this input died"


def _run_batch(
    sources: Sequence[str], handle: Callable[[str, Dossier], str], settings: _BatchSettings
) -> list[tuple[str, str]]:
    """Analyse every source and pass its dossier to ``handle``; a failure is reported and the batch goes on.

    ``handle`` returns where the dossier went (for the ``ok:`` line). Returns the failures.
    """
    failures: list[tuple[str, str]] = []
    results = _results(sources, settings)
    for source in sources:
        try:
            dossier, failure = next(results)
            if dossier is not None:
                click.echo(f"ok: {source} -> {handle(source, dossier)}", err=True)
                continue
        except NewsauditError as exc:  # writing the report failed
            failure = _one_line(exc)
        except Exception as exc:  # writing the report broke: the batch goes on
            if _debug():
                raise
            failure = f"unexpected {type(exc).__name__}: {_one_line(exc)}"
        failures.append((source, failure or "failed"))
        click.echo(f"error: {source}: {failures[-1][1]}", err=True)
    return failures


def _finish_batch(total: int, failures: Sequence[tuple[str, str]], where: str) -> None:
    click.echo(f"analysed {total - len(failures)} of {total} inputs into {where}; {len(failures)} failed", err=True)
    if failures:
        for source, message in failures:
            click.echo(f"  failed: {source}: {message}", err=True)
        sys.exit(EXIT_BATCH_FAILED)


def _analyze_into_dir(sources: Sequence[str], output_dir: Path, fmt: str, settings: _BatchSettings) -> None:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsauditError(f"cannot create {output_dir}: {exc.strerror or exc}") from exc
    taken: set[str] = set()

    def handle(source: str, dossier: Dossier) -> str:
        target = output_dir / _output_name(source, fmt, taken)
        _write(target, render(dossier, fmt))
        return str(target)

    failures = _run_batch(sources, handle, settings)
    _finish_batch(len(sources), failures, str(output_dir))


def _analyze_into_stream(
    sources: Sequence[str], fmt: str | None, output: Path | None, settings: _BatchSettings
) -> None:
    chosen = _format_for(fmt, output, to_terminal=output is None and sys.stdout.isatty())
    if chosen == "html":
        raise click.UsageError("several inputs cannot share one HTML report: use --output-dir DIR")
    try:
        stream = sys.stdout if output is None else output.open("w", encoding="utf-8")
    except OSError as exc:
        raise NewsauditError(f"cannot write {output}: {exc.strerror or exc}") from exc
    where = "stdout" if output is None else str(output)

    def handle(source: str, dossier: Dossier) -> str:
        stream.write(_render_in_stream(dossier, chosen))
        stream.flush()
        return where

    try:
        failures = _run_batch(sources, handle, settings)
    finally:
        if output is not None:
            stream.close()
    _finish_batch(len(sources), failures, where)


# ---------------------------------------------------------------------------------------------------- schema


@cli.command("schema")
def schema_command() -> None:
    """Print the dossier JSON Schema (the layout of `analyze --format json`)."""
    from .report.schema import load_schema, schema_text

    load_schema()  # fails if the shipped file and the code disagree on the version
    click.echo(schema_text(), nl=False)


# ------------------------------------------------------------------------------------------ eval, bench, train


def _stdout() -> TextIO:
    return sys.stdout


def _fundus_root(root: Path | None) -> Path:
    from .evaluate.data import dataset

    if root is None:
        return dataset("html-de", "fundus")
    if not root.is_dir():
        raise DataError(f"dataset not found: {root} (expected a folder of Fundus pages)")
    return root


@cli.group("eval", cls=click.Group)
def eval_group() -> None:
    """Evaluations over the public data (../shared/data or $NEWSAUDIT_DATA); they print per-item and mean scores."""


@eval_group.command("structure-html")
@click.argument("root", required=False, type=click.Path(path_type=Path), metavar="[DIR]")
def eval_structure_html(root: Path | None) -> None:
    """Structure from HTML vs. trafilatura on Fundus pages (default DIR: <data>/html-de/fundus)."""
    from .evaluate.structure_html import run_structure_html_eval

    run_structure_html_eval(_fundus_root(root), out=_stdout())


@eval_group.command("structure-text")
@click.argument("root", required=False, type=click.Path(path_type=Path), metavar="[DIR]")
def eval_structure_text(root: Path | None) -> None:
    """Block labels of raw text rendered from Fundus pages, leave-publisher-out (default DIR: <data>/html-de/fundus)."""
    from .evaluate.structure_text import run_structure_text_eval

    run_structure_text_eval(_fundus_root(root), out=_stdout())


@eval_group.command("main-text")
@click.argument("root", required=False, type=click.Path(path_type=Path), metavar="[DIR]")
def eval_main_text(root: Path | None) -> None:
    """Main text vs. trafilatura on trafilatura's German test pages (default DIR: <data>/html-de/trafilatura-de)."""
    from .evaluate.data import dataset
    from .evaluate.main_text import run_main_text_eval

    if root is not None and not root.is_dir():
        raise DataError(f"dataset not found: {root} (expected the trafilatura-de folder with evaldata.json)")
    run_main_text_eval(root if root is not None else dataset("html-de", "trafilatura-de"), out=_stdout())


@eval_group.command("quotes")
@click.argument("root", required=False, type=click.Path(path_type=Path), metavar="[DIR]")
@click.option("--profile", type=click.Choice(PROFILES), default="fast", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N documents.")
def eval_quotes(root: Path | None, profile: str, limit: int | None) -> None:
    """Quotation attribution on quotes-de: token P/R/F1 by role, type, medium (default DIR: <data>/quotes-de/dev)."""
    from .evaluate.data import dataset
    from .evaluate.quotes import run_quotes_eval

    run_quotes_eval(root or dataset("quotes-de", "dev"), out=_stdout(), profile=profile, limit=limit)


# Profiles with an NER model; "accurate" joins when the encoder head exists (issue 5).
NER_PROFILES = ("fast", "accurate")


@eval_group.command("ner")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE]")
@click.option("--profile", type=click.Choice(NER_PROFILES), default="fast", show_default=True)
def eval_ner(path: Path | None, profile: str) -> None:
    """NER P/R/F1 per type and micro (exact spans): GermEval held-out + EuroParl/XGLUE dev, or FILE (GermEval TSV)."""
    from .evaluate.ner import run_ner_eval

    run_ner_eval(path, out=_stdout(), profile=profile)


@eval_group.command("language")
def eval_language() -> None:
    """Sentences, tokens, POS and mood against the public German sets."""
    from .evaluate.language import run_language_eval

    run_language_eval(out=_stdout())


@eval_group.command("factclaiming")
@click.option("--profile", type=click.Choice(PROFILES), default="accurate", show_default=True)
@click.option(
    "--test",
    "test_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Score the shipped model on FILE (GermEval 2021 CSV columns) instead of cross-validating.",
)
def eval_factclaiming(profile: str, test_path: Path | None) -> None:
    """Check-worthiness: 5-fold CV macro-F1 of "fact-claiming" on GermEval 2021 train, or the shipped model on FILE."""
    from .evaluate.factclaiming import run_factclaiming_eval

    run_factclaiming_eval(out=_stdout(), profile=profile, test=test_path)


@eval_group.command("subjectivity")
@click.option("--profile", type=click.Choice(PROFILES), default="accurate", show_default=True)
@click.option(
    "--test",
    "test_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Score the shipped model on FILE (CheckThat! TSV columns) instead of train -> dev.",
)
def eval_subjectivity(profile: str, test_path: Path | None) -> None:
    """Subjectivity: train on CheckThat! 2025 German train, macro-F1 on dev; or the shipped model on FILE."""
    from .evaluate.subjectivity import run_subjectivity_eval

    run_subjectivity_eval(out=_stdout(), profile=profile, test=test_path)


@eval_group.command("sensationalism")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N articles of each side.")
def eval_sensationalism(limit: int | None) -> None:
    """ROC AUC of the framing score: disinfo-de vs news-de, overall and within one topic, held-out half."""
    from .evaluate.sensationalism import run_sensationalism_eval

    run_sensationalism_eval(out=_stdout(), limit=limit)


@eval_group.command("consistency")
@click.option("--set", "sets", type=click.Choice(["fundus", "disinfo"]), multiple=True, help="Default: both sets.")
@click.option("--profile", "profiles", type=click.Choice(PROFILES), multiple=True, help="Default: both profiles.")
@click.option("--limit", type=click.IntRange(min=2), default=None, help="Only the first N pages of each set.")
@click.option("--table", is_flag=True, help="Also print unsupported-flag rates over a range of thresholds.")
def eval_consistency(sets: tuple[str, ...], profiles: tuple[str, ...], limit: int | None, table: bool) -> None:
    """Headline-body support: ROC AUC of true vs mismatched title/teaser-body pairs, unsupported-flag rates."""
    from .evaluate.consistency import PROFILES as CONSISTENCY_PROFILES
    from .evaluate.consistency import run_consistency_eval

    run_consistency_eval(
        sets=sets or ("fundus", "disinfo"),
        profiles=profiles or CONSISTENCY_PROFILES,
        limit=limit,
        table=table,
        out=_stdout(),
    )


@cli.command("bench")
@click.option("--profile", type=click.Choice(PROFILES), default="accurate", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N pages.")
def bench_command(profile: str, limit: int | None) -> None:
    """Time structure+language per article against trafilatura.extract on the same pages; peak memory."""
    from .bench import run_bench

    run_bench(out=_stdout(), profile=profile, limit=limit)


def _out_option(what: str, shipped: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--out`` option of a train command: where to write ``what`` instead of the shipped file."""
    return click.option(
        "--out",
        "out_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Where to write the {what} (default: the shipped {shipped}).",
    )


@cli.group("train", cls=click.Group)
def train_group() -> None:
    """Retrain the shipped models from the public data (reproducible: fixed seeds)."""


@train_group.command("structure-text")
@click.option("--data", "root", type=click.Path(path_type=Path), default=None, help="Fundus folder (default: data).")
@_out_option("model", "models/structure_text.json")
def train_structure_text_command(root: Path | None, out_path: Path | None) -> None:
    """Train the raw-text block labeller on the Fundus pages and write its JSON artefact."""
    from .structure.train import train_structure_text

    target = out_path or Path(__file__).resolve().parent / "models" / "structure_text.json"
    train_structure_text(_fundus_root(root), target, out=_stdout())
    click.echo(f"wrote {target}", err=True)


@train_group.command("language")
@_out_option("model", "models/language_guesser.json.gz")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N training texts.")
def train_language_command(out_path: Path | None, limit: int | None) -> None:
    """Distil the fast profile's word guesser from the accurate tagger over public German news."""
    from .language.guesser import MODEL_PATH
    from .language.train import train_language

    target = out_path or MODEL_PATH
    train_language(target, out=_stdout(), limit=limit)
    click.echo(f"wrote {target}", err=True)


@train_group.command("consistency")
@_out_option("centre", "models/consistency_centre.npz")
def train_consistency_command(out_path: Path | None) -> None:
    """Compute the accurate consistency check's centre: the mean e5 state of public German news sentences."""
    from .consistency.centre import MODEL_PATH
    from .consistency.train_centre import train_centre

    target = out_path or MODEL_PATH
    train_centre(target, out=_stdout())
    click.echo(f"wrote {target}", err=True)


@train_group.command("ner")
@click.option("--profile", type=click.Choice(NER_PROFILES), default="fast", show_default=True)
@_out_option("model", "models/ner_<profile>.*; its .json beside it")
def train_ner_command(profile: str, out_path: Path | None) -> None:
    """Train the NER (fast: CRF; accurate: head on frozen e5) on GermEval 2014 less its held-out part and more."""
    if profile == "accurate":
        from .entities.ner_accurate import MODEL_PATH as ACCURATE_PATH
        from .entities.train_accurate import train_ner_accurate

        train_ner_accurate(out_path or ACCURATE_PATH, out=_stdout())
        click.echo(f"wrote {out_path or ACCURATE_PATH}", err=True)
        return
    from .entities.ner import MODEL_PATH
    from .entities.train import train_ner

    target = out_path or MODEL_PATH
    train_ner(target, out=_stdout())
    click.echo(f"wrote {target}", err=True)


@train_group.command("quotes")
@click.option("--profile", type=click.Choice(PROFILES), default="fast", show_default=True)
@_out_option("model", "models/quotes_<profile>.*; its .json beside it")
def train_quotes_command(profile: str, out_path: Path | None) -> None:
    """Train the attribution model (fast: CRF; accurate: head on frozen e5) on quotes-de train, score it on dev."""
    if profile == "accurate":
        from .attribution.accurate import MODEL_PATH as ACCURATE_PATH
        from .attribution.train_accurate import DEFAULT_CACHE, train_quotes_accurate

        accurate_target = out_path or ACCURATE_PATH
        train_quotes_accurate(accurate_target, out=_stdout(), cache=DEFAULT_CACHE)
        click.echo(f"wrote {accurate_target}", err=True)
        return
    from .attribution.crf import MODEL_PATH
    from .attribution.train import train_quotes

    target = out_path or MODEL_PATH
    train_quotes(target, out=_stdout())
    click.echo(f"wrote {target}", err=True)


@train_group.command("reported")
@_out_option("model", "models/quotes_reported.json")
def train_reported_command(out_path: Path | None) -> None:
    """Train the reported-speech sentence classifier on quotes-de train (C and threshold by grouped CV), score dev."""
    from .attribution.reported import MODEL_PATH
    from .attribution.train_reported import train_reported

    target = out_path or MODEL_PATH
    train_reported(target, out=_stdout())
    click.echo(f"wrote {target}", err=True)


def _train_sentence_model(task: str, profile: str, out_path: Path | None) -> None:
    from .claims.sentence_model import model_path
    from .claims.train import train_command

    target = train_command(task, profile, out_path or model_path(task, profile), out=_stdout())
    click.echo(f"wrote {target}", err=True)


_SENTENCE_MODEL_OUT = _out_option("model", "models/<task>_<profile>.json.gz")


@train_group.command("factclaiming")
@click.option("--profile", type=click.Choice(PROFILES), default="accurate", show_default=True)
@_SENTENCE_MODEL_OUT
def train_factclaiming_command(profile: str, out_path: Path | None) -> None:
    """Train the check-worthiness classifier on GermEval 2021 train (5-fold CV score in its provenance)."""
    _train_sentence_model("factclaiming", profile, out_path)


@train_group.command("subjectivity")
@click.option("--profile", type=click.Choice(PROFILES), default="accurate", show_default=True)
@_SENTENCE_MODEL_OUT
def train_subjectivity_command(profile: str, out_path: Path | None) -> None:
    """Train the subjectivity classifier on CheckThat! 2025 German train (dev score in its provenance)."""
    _train_sentence_model("subjectivity", profile, out_path)


def main() -> None:
    """Console entry point (``newsaudit``)."""
    cli.main(prog_name="newsaudit")
