"""The bench prints its per-page rows and aggregates (a smoke test: timings are never asserted)."""

from __future__ import annotations

import io

import pytest

from newsaudit.bench import run_bench
from newsaudit.evaluate.data import data_root


def test_bench_prints_the_expected_columns() -> None:
    """run_bench over two Fundus pages prints both systems' times, both profiles, the stage split and memory."""
    fundus = data_root() / "html-de" / "fundus"
    if not fundus.is_dir():
        pytest.skip(f"public data absent: {fundus}")
    out = io.StringIO()
    results = run_bench(out=out, profile="fast", limit=2)
    printed = out.getvalue()
    assert "profile fast, 2 Fundus pages" in printed
    columns = (
        "traf ms",
        "cold ms",
        "struct",
        "lang",
        "primed",
        "warm ms",
        "r cold",
        "r warm",
        "ratio med",
        "lang tok/s",
    )
    for column in (*columns, "accurate cold", "cold.accurate", "struct med"):
        assert column in printed
    assert "primed" in printed and "Limit: ratio" in printed
    assert "peak RSS of `newsaudit analyze" in printed
    assert results["cold.trafilatura_median_ms"] > 0 and results["warm.newsaudit_median_ms"] > 0
    assert results["cold.structure_median_ms"] > 0 and results["cold.accurate.newsaudit_median_ms"] > 0
