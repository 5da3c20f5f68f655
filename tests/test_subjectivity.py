"""Subjectivity: the shipped models, the evaluation command and quality floors on CheckThat! 2025 German dev."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from newsaudit.claims.datasets import read_subjectivity
from newsaudit.claims.sentence_model import MODELS, model_path
from newsaudit.claims.subjectivity import subjectivity_scores, subjectivity_threshold
from newsaudit.claims.train import macro_f1
from newsaudit.errors import DataError
from newsaudit.evaluate.data import data_root

# Floors a little below the dev macro-F1 measured on 2026-11-25 (`newsaudit eval subjectivity`; provenance in
# models/subjectivity_*.json.gz): fast 0.656 (the shipped model, trained on train only), accurate 0.756 (trained on
# train only by the evaluation: the shipped accurate model also saw dev, see claims.train.SHIP_WITH_DEV).
DEV_FAST_FLOOR = 0.62
DEV_ACCURATE_FLOOR = 0.73

TSV_SAMPLE = (
    "sentence_id\tsentence\tlabel\n"
    "a\tDie Regierung hat am Dienstag ein neues Gesetz beschlossen.\tOBJ\n"
    "b\tDas ist der größte Skandal, den dieses Land je erlebt hat!\tSUBJ\n"
)


def _dev_file() -> Path:
    path = data_root() / "subjectivity-de" / "dev_de.tsv"
    if not path.is_file():
        pytest.skip(f"subjectivity-de not found at {path} (../shared/data is absent)")
    return path


def test_shipped_models_load_with_thresholds() -> None:
    """Both profiles ship a model whose scores are probabilities."""
    for profile in ("fast", "accurate"):
        assert model_path("subjectivity", profile).is_file()
        assert 0.2 <= subjectivity_threshold(profile) <= 0.8
        scores = subjectivity_scores(["Der Zug fuhr um 8 Uhr ab.", "Was für eine Blamage!"], profile)
        assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_an_opinion_scores_above_a_report(profile: str) -> None:
    """An evaluative exclamation is more subjective than a plain report of an event."""
    report, opinion = subjectivity_scores(
        [
            "Der Stadtrat hat am Montag den Haushalt für das kommende Jahr beschlossen.",
            "Diese Regierung ist eine einzige Katastrophe und sollte sich schämen!",
        ],
        profile,
    )
    assert opinion > report


def test_reader_refuses_unknown_labels(tmp_path: Path) -> None:
    """A label other than SUBJ/OBJ is a DataError naming the line."""
    path = tmp_path / "bad.tsv"
    path.write_text("sentence_id\tsentence\tlabel\nx\tHallo.\tMAYBE\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        read_subjectivity(path)


def test_eval_command_scores_the_shipped_model_on_a_file(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """`eval subjectivity --test FILE` prints OBJ/SUBJ rows and ends with the macro-F1 line."""
    path = tmp_path / "sample.tsv"
    path.write_text(TSV_SAMPLE, encoding="utf-8")
    result = run_cli("eval", "subjectivity", "--profile", "fast", "--test", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("macro-F1 ")
    assert any(line.startswith("SUBJ ") for line in lines) and any(line.startswith("OBJ ") for line in lines)


def test_shipped_fast_model_floor_on_dev() -> None:
    """The shipped fast model (trained on train only) scores >= the floor on CheckThat! German dev."""
    dev = read_subjectivity(_dev_file())
    model = MODELS.get(model_path("subjectivity", "fast"))
    predicted = [int(p >= model.threshold) for p in model.probabilities(list(dev.texts))]
    assert macro_f1(dev.labels, predicted) >= DEV_FAST_FLOOR


# Encodes train and dev unless the training cache holds them (about a minute on a busy machine): slow.
@pytest.mark.slow
def test_accurate_procedure_floor_on_dev() -> None:
    """The accurate procedure trained on train only (`newsaudit eval subjectivity`) scores >= the floor on dev."""
    from newsaudit.evaluate.subjectivity import run_subjectivity_eval

    _dev_file()
    assert run_subjectivity_eval(out=io.StringIO(), profile="accurate") >= DEV_ACCURATE_FLOOR


def test_shipped_accurate_model_states_that_it_saw_dev() -> None:
    """The accurate model's provenance names train + dev as its data and the held-out dev figure."""
    path = model_path("subjectivity", "accurate")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        provenance = json.load(handle)["provenance"]
    assert "dev_de.tsv" in provenance["data"] and "train only" in provenance["scores"]["dev_macro_f1_note"]
    assert provenance["scores"]["dev_macro_f1"] >= DEV_ACCURATE_FLOOR
