"""``newsaudit bench``: per-article time of structure+language against trafilatura.extract, and peak memory.

For each public Fundus page (``html-de/fundus``) the same HTML goes through ``trafilatura.extract`` and
``newsaudit.analyze(html, kind="html")`` in the same process, one after the other. A warm-up pass over
the bundled example article and the first page loads every model and import first. Then three timed
passes over all pages, each timing trafilatura and newsaudit on every page:

* cold: the language layer's per-word caches are emptied first; a page benefits only from the words of
  the pages before it (a fresh process on a small batch);
* primed: the caches are emptied, then filled from other news (300 10kGNAD articles, ~100k tokens), then
  the pages are timed: a long corpus run meeting pages it has not seen;
* warm: every word of every page is cached (the pages were seen in the primed pass);
* cold for the other profile (``accurate`` when ``--profile fast`` and vice versa), so one run prints both.

The structure and language stages' own times (from the dossier's stage records) are printed beside the
total, so the remaining time can be placed. For the accurate profile the encoder pass is also timed alone up to
the last layer the token heads (attribution, NER) read, without the per-sentence vectors of consistency and
claims, so that "entities + attribution on the shared pass" is measured, not apportioned.

Each pass's ratio uses trafilatura's times from the same pass. Peak memory is the maximum
RSS of a fresh Python process that runs ``newsaudit analyze --format html`` (the CLI, in-process) on the
reference article (``../shared/examples``;
the bundled example when that is absent), read from ``/proc/self/status`` (VmHWM; ``resource.getrusage``
where there is no /proc).

If the HTML path fails on a page (any error), the
page is timed through the generic HTML-to-text dump (``structure.render``) plus the raw-text path
instead and marked ``text`` in the ``path`` column; the bench never stops on one page.
"""

from __future__ import annotations

import csv
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .analyze import Profile, analyze
from .dossier import Dossier
from .encoder import ACCURATE_LAYERS
from .errors import DataError
from .evaluate.data import dataset, reference_article
from .evaluate.fundus import FundusPage, load_fundus
from .examples import example_path
from .language import analyze_text
from .language.tagger import get_tagger

# Limits from the issues' "done when": structure+language <= 2x trafilatura.extract (issue 3); the whole fast
# dossier <= 6x trafilatura, the accurate one <= 1 s per 500-word article, analyze() <= 600 MB (issue 6);
# per 500 words: fast attribution <= 30 ms (issue 4), fast NER + clustering <= 40 ms (issue 5).
MAX_RATIO = 2.0
MAX_WHOLE_RATIO_FAST = 6.0
MAX_WHOLE_MS_ACCURATE = 1000.0
MAX_PEAK_RSS_MB = 600.0
WORDS_PER_ARTICLE = 500
# Other news texts run through the language layer before the "primed" pass: ~100k tokens, ~10 s.
PRIME_ARTICLES = 300

# VmHWM (the peak RSS of this process image) rather than ru_maxrss: on Linux ru_maxrss survives fork and
# exec, so a child started by a large bench process would report the parent's size.
_PEAK_RSS_SCRIPT = """
import json, resource, sys, time


def peak_rss_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


started = time.perf_counter()
import os, tempfile
from newsaudit.cli import main
from newsaudit.language.tagger import get_tagger

path, profile = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    report = os.path.join(tmp, "report.html")
    sys.argv = ["newsaudit", "analyze", path, "--profile", profile, "--format", "html", "-o", report]
    try:
        main()
    except SystemExit as exit:
        if exit.code:
            raise
seconds = time.perf_counter() - started
peak = peak_rss_mb()
import newsaudit
dossier = newsaudit.analyze(path, kind="text", profile=profile)
print(json.dumps({
    "peak_rss_mb": peak,
    "seconds": seconds,
    "model_load_s": get_tagger().load_seconds,
    "tokens": 0 if dossier.language is None else len(dossier.language.tokens),
}))
"""


@dataclass(frozen=True)
class PageTiming:
    name: str
    words: int
    tokens: int
    trafilatura_ms: float
    newsaudit_ms: float
    language_ms: float
    structure_ms: float  # the structure stage alone (HTML -> article), from the dossier's stage record
    path: str  # "html" or "text" (fallback)
    error: str | None = None
    stage_ms: tuple[tuple[str, float], ...] = ()  # every stage's own time, from the dossier's stage records
    token_pass_ms: float = 0.0  # accurate profile: the encoder pass alone up to the token heads' last layer


def _timed_newsaudit(page: FundusPage, profile: Profile) -> tuple[float, Dossier | None, str, str | None]:
    started = time.perf_counter()
    try:
        dossier = analyze(page.html, kind="html", profile=profile)
        return (time.perf_counter() - started) * 1000, dossier, "html", None
    except Exception as exc:  # the bench measures; one failing page is reported, not fatal
        from .structure.render import render_html

        error = f"{type(exc).__name__}: {exc}"[:80]
        started = time.perf_counter()
        try:
            text = render_html(page.html).text
            dossier = analyze(text, kind="text", profile=profile)
        except Exception as exc2:
            return (time.perf_counter() - started) * 1000, None, "failed", f"{error}; text: {exc2}"[:120]
        return (time.perf_counter() - started) * 1000, dossier, "text", error


def _stage_ms(dossier: Dossier | None, name: str) -> float:
    if dossier is None:
        return 0.0
    return sum(s.seconds for s in dossier.stages if s.name == name) * 1000


def _tokens(dossier: Dossier | None) -> int:
    return 0 if dossier is None or dossier.language is None else len(dossier.language.tokens)


def _token_pass_ms(dossier: Dossier | None) -> float:
    """The encoder pass over the dossier's article up to the last layer the token heads read, in ms."""
    if dossier is None or dossier.language is None or not dossier.language.tokens:
        return 0.0
    from .encoder import encode_article
    from .threads import one_blas_thread

    with one_blas_thread():
        started = time.perf_counter()
        encode_article(dossier.article, dossier.language, ACCURATE_LAYERS, pooled_layers=(), reuse=False)
        return (time.perf_counter() - started) * 1000


def _time_page(page: FundusPage, profile: Profile) -> PageTiming:
    import trafilatura

    started = time.perf_counter()
    extracted = trafilatura.extract(page.html) or ""
    traf_ms = (time.perf_counter() - started) * 1000
    ms, dossier, path, error = _timed_newsaudit(page, profile)
    return PageTiming(
        page.name,
        len(extracted.split()),
        _tokens(dossier),
        traf_ms,
        ms,
        _stage_ms(dossier, "language"),
        _stage_ms(dossier, "structure"),
        path,
        error,
        tuple((s.name, s.seconds * 1000) for s in dossier.stages) if dossier else (),
        _token_pass_ms(dossier) if profile == "accurate" else 0.0,
    )


def peak_rss(profile: str) -> dict[str, float]:
    """Peak RSS (MB) and time of ``newsaudit analyze`` (HTML report) on the reference article, in a fresh process."""
    article = reference_article()
    if not article.is_file():
        article = example_path()
    result = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS_SCRIPT, str(article), profile],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"peak-memory subprocess failed: {result.stderr.strip().splitlines()[-1:]}")
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def _summary(values: list[float]) -> tuple[float, float]:
    return (statistics.median(values), statistics.fmean(values)) if values else (0.0, 0.0)


def prime_word_caches(out: TextIO, articles: int = PRIME_ARTICLES, profile: str = "accurate") -> int:
    """Run the language layer over other news (10kGNAD test texts) so its word caches hold common vocabulary.

    Returns the number of tokens seen (0 when the data is absent).
    """
    try:
        path = dataset("news-de", "10kgnad-test.csv")
    except DataError as exc:
        out.write(f"priming skipped: {exc}\n")
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row[1] for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) > 1][:articles]
    return sum(len(analyze_text(text, [(0, len(text), 0)], profile=profile).tokens) for text in texts)


@dataclass(frozen=True)
class PassSummary:
    name: str
    traf_median: float
    traf_mean: float
    na_median: float
    na_mean: float
    tokens_per_s: float
    structure_median: float
    language_median: float
    # structure+language per page (the issue-3 measure); na_* is the whole analyze() with later stages
    stages_median: float

    @property
    def stages_ratio_median(self) -> float:
        return self.stages_median / self.traf_median if self.traf_median else 0.0

    @property
    def ratio_median(self) -> float:
        return self.na_median / self.traf_median if self.traf_median else 0.0

    @property
    def ratio_mean(self) -> float:
        return self.na_mean / self.traf_mean if self.traf_mean else 0.0


def _summarise(name: str, timings: list[PageTiming]) -> PassSummary:
    traf_med, traf_mean = _summary([t.trafilatura_ms for t in timings])
    na_med, na_mean = _summary([t.newsaudit_ms for t in timings])
    lang_s = sum(t.language_ms for t in timings) / 1000
    rate = sum(t.tokens for t in timings) / lang_s if lang_s else 0.0
    struct_med, _ = _summary([t.structure_ms for t in timings])
    lang_med, _ = _summary([t.language_ms for t in timings])
    stages_med, _ = _summary([t.structure_ms + t.language_ms for t in timings])
    return PassSummary(name, traf_med, traf_mean, na_med, na_mean, rate, struct_med, lang_med, stages_med)


def _per_500_words(ms: float, tokens: int) -> float:
    return ms * WORDS_PER_ARTICLE / tokens if tokens else 0.0


def _stage_costs(out: TextIO, passes: dict[str, list[PageTiming]]) -> dict[str, float]:
    """Median time per 500 words (language-layer tokens) of each stage and of the whole dossier, per profile."""
    results: dict[str, float] = {}
    out.write(f"\nper {WORDS_PER_ARTICLE} words (cold passes, median over pages; tokens counted as words):\n")
    for profile, timings in passes.items():
        timed = [t for t in timings if t.tokens]
        names = list(dict.fromkeys(name for t in timed for name, _ in t.stage_ms))
        row = []
        for name in names:
            value = statistics.median(_per_500_words(dict(t.stage_ms).get(name, 0.0), t.tokens) for t in timed)
            results[f"{profile}.per500.{name}_ms"] = value
            row.append(f"{name} {value:.1f}")
        whole = statistics.median(_per_500_words(t.newsaudit_ms, t.tokens) for t in timed) if timed else 0.0
        results[f"{profile}.per500.whole_ms"] = whole
        out.write(f"  {profile}: " + ", ".join(row) + f"; whole analyze() {whole:.1f} ms\n")
        if any(t.token_pass_ms for t in timed):
            heads = statistics.median(
                _per_500_words(
                    t.token_pass_ms + dict(t.stage_ms).get("attribution", 0.0) + dict(t.stage_ms).get("entities", 0.0),
                    t.tokens,
                )
                for t in timed
            )
            results[f"{profile}.per500.token_pass_ms"] = statistics.median(
                _per_500_words(t.token_pass_ms, t.tokens) for t in timed
            )
            results[f"{profile}.per500.entities_attribution_on_pass_ms"] = heads
            out.write(
                f"  {profile}: encoder pass for the token heads alone (to layer {max(ACCURATE_LAYERS)}) "
                f"{results[f'{profile}.per500.token_pass_ms']:.1f} ms; "
                f"entities + attribution on it {heads:.1f} ms\n"
            )
    out.write(
        f"limits: fast whole dossier <= {MAX_WHOLE_RATIO_FAST:.0f}x trafilatura (ratio med above), accurate whole "
        f"<= {MAX_WHOLE_MS_ACCURATE:.0f} ms per {WORDS_PER_ARTICLE} words; fast attribution <= 30 ms, fast "
        "entities (NER + clustering) <= 40 ms; accurate entities + attribution (shared encoder) <= 600 ms\n"
    )
    return results


def run_bench(*, out: TextIO, profile: str, limit: int | None) -> dict[str, float]:
    """Time both systems over the Fundus pages, print per-page rows and aggregates; return the aggregates."""
    if profile not in ("accurate", "fast"):
        raise ValueError(f"unknown profile {profile!r}")
    prof: Profile = "accurate" if profile == "accurate" else "fast"
    pages = load_fundus(dataset("html-de", "fundus"))[:limit]
    out.write(f"newsaudit bench: profile {profile}, {len(pages)} Fundus pages\n")

    # Warm-up: imports, the HanTa model, trafilatura's and lxml's first-call costs.
    import trafilatura

    started = time.perf_counter()
    try:
        analyze(example_path(), kind="text", profile=prof)
    except Exception as exc:  # the raw-text path may be broken while the HTML path works: report, go on
        out.write(f"warm-up on the bundled example failed: {type(exc).__name__}: {exc}\n")
    if pages:
        trafilatura.extract(pages[0].html)
        _timed_newsaudit(pages[0], prof)
    out.write(f"warm-up: {(time.perf_counter() - started) * 1000:.0f} ms (bundled example + first page)\n")

    tagger = get_tagger()
    tagger.clear_caches()
    cold = [_time_page(page, prof) for page in pages]
    tagger.clear_caches()
    started = time.perf_counter()
    # With --limit the priming shrinks with it (10 articles per page) so that smoke runs stay short.
    prime_articles = PRIME_ARTICLES if limit is None else min(PRIME_ARTICLES, 10 * limit)
    primed_tokens = prime_word_caches(out, prime_articles, prof)
    out.write(
        f"primed the word caches with {primed_tokens} tokens of other news (10kGNAD, {prime_articles} articles) "
        f"in {time.perf_counter() - started:.1f} s\n"
    )
    primed = [_time_page(page, prof) for page in pages] if primed_tokens else []
    warm = [_time_page(page, prof) for page in pages]
    # The other profile's cold pass, so that one run shows both side by side.
    other: Profile = "fast" if prof == "accurate" else "accurate"
    tagger.clear_caches()
    cold_other = [_time_page(page, other) for page in pages]
    tagger.clear_caches()

    out.write(
        f"\n{'page':<34} {'words':>5} {'tokens':>6} {'traf ms':>7} {'cold ms':>8} {'struct':>6} {'lang':>6} "
        f"{'primed':>7} {'warm ms':>8} {'r cold':>6} {'r prim':>6} {'r warm':>6} {other + ' cold':>13} path\n"
    )
    for i, a in enumerate(cold):
        p = primed[i] if primed else None
        w = warm[i]
        r_cold = a.newsaudit_ms / a.trafilatura_ms if a.trafilatura_ms else float("nan")
        r_primed = p.newsaudit_ms / p.trafilatura_ms if p and p.trafilatura_ms else float("nan")
        r_warm = w.newsaudit_ms / w.trafilatura_ms if w.trafilatura_ms else float("nan")
        out.write(
            f"{a.name[:34]:<34} {a.words:5d} {a.tokens:6d} {a.trafilatura_ms:7.1f} {a.newsaudit_ms:8.1f} "
            f"{a.structure_ms:6.1f} {a.language_ms:6.1f} {p.newsaudit_ms if p else float('nan'):7.1f} "
            f"{w.newsaudit_ms:8.1f} {r_cold:6.2f} {r_primed:6.2f} {r_warm:6.2f} {cold_other[i].newsaudit_ms:13.1f} "
            f"{a.path}" + (f"  ({a.error})" if a.error else "") + "\n"
        )

    passes = [_summarise("cold", cold)]
    if primed:
        passes.append(_summarise("primed", primed))
    passes.append(_summarise("warm", warm))
    passes.append(_summarise(f"cold.{other}", cold_other))
    out.write(
        f"\n{'pass':<14} {'traf median':>11} {'traf mean':>9} {'na median':>9} {'na mean':>8} {'ratio med':>9} "
        f"{'ratio mean':>10} {'lang tok/s':>10} {'struct med':>10} {'lang med':>8} {'s+l med':>7} {'s+l ratio':>9}\n"
    )
    results: dict[str, float] = {}
    for summary in passes:
        out.write(
            f"{summary.name:<14} {summary.traf_median:11.1f} {summary.traf_mean:9.1f} {summary.na_median:9.1f} "
            f"{summary.na_mean:8.1f} {summary.ratio_median:9.2f} {summary.ratio_mean:10.2f} "
            f"{summary.tokens_per_s:10.0f} {summary.structure_median:10.1f} {summary.language_median:8.1f} "
            f"{summary.stages_median:7.1f} {summary.stages_ratio_median:9.2f}\n"
        )
        results.update(
            {
                f"{summary.name}.trafilatura_median_ms": summary.traf_median,
                f"{summary.name}.trafilatura_mean_ms": summary.traf_mean,
                f"{summary.name}.newsaudit_median_ms": summary.na_median,
                f"{summary.name}.newsaudit_mean_ms": summary.na_mean,
                f"{summary.name}.ratio_median": summary.ratio_median,
                f"{summary.name}.ratio_mean": summary.ratio_mean,
                f"{summary.name}.language_tokens_per_s": summary.tokens_per_s,
                f"{summary.name}.structure_median_ms": summary.structure_median,
                f"{summary.name}.language_median_ms": summary.language_median,
                f"{summary.name}.stages_median_ms": summary.stages_median,
                f"{summary.name}.stages_ratio_median": summary.stages_ratio_median,
            }
        )
    out.write(
        "cold: empty word caches, each page sees only the words of the pages before it; primed: caches filled "
        "from other news first (a long corpus run on unseen pages); warm: every page seen before; "
        f"cold.{other}: the other profile, cold; struct/lang: the structure and language stages alone; "
        "na/ratio: the whole analyze() call (all stages, dossier building); s+l: structure+language stages. "
        f"Limit: ratio <= {MAX_RATIO:.1f}.\n"
    )
    results.update(_stage_costs(out, {prof: cold, other: cold_other}))
    results["html_path_pages"] = float(sum(t.path == "html" for t in cold))
    results["failed_pages"] = float(sum(t.path == "failed" for t in cold))
    out.write(
        f"language tokens per pass: {sum(t.tokens for t in cold)}; pages through the HTML path: "
        f"{int(results['html_path_pages'])} of {len(pages)}; failed: {int(results['failed_pages'])}\n"
    )
    article = reference_article() if reference_article().is_file() else Path(example_path())
    try:
        memory = peak_rss(profile)
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
        out.write(f"peak RSS of `newsaudit analyze` on {article.name}: not measured ({exc})\n")
        return results
    results["peak_rss_mb"] = memory["peak_rss_mb"]
    out.write(
        f"peak RSS of `newsaudit analyze --format html` on {article.name} in a fresh process: "
        f"{memory['peak_rss_mb']:.0f} MB "
        f"(limit {MAX_PEAK_RSS_MB:.0f} MB); {memory['tokens']:.0f} tokens, {memory['seconds']:.2f} s "
        f"including imports and model load ({memory['model_load_s']:.2f} s)\n"
    )
    return results
