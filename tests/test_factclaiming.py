"""Check-worthiness: text features, the shipped models, the evaluation command and a quality floor on GermEval 2021."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from click.testing import Result

from newsaudit.claims import text_features as tf
from newsaudit.claims.checkworthy import claim_scores, claim_threshold
from newsaudit.claims.datasets import read_factclaiming
from newsaudit.claims.sentence_model import MODELS, model_path
from newsaudit.errors import DataError
from newsaudit.evaluate.data import data_root

# Floors a little below the figures measured on 2026-11-25 (see models/factclaiming_*.json.gz provenance):
# a fixed 50/50 split (seed 13), fast model fitted once at threshold 0.5: 0.730 (80/20: 0.739, but twice the time);
# 5-fold CV (slow test, `newsaudit eval factclaiming`) fast 0.739 (fold sd ~0.012), accurate 0.762 (fold sd 0.008).
SPLIT_MACRO_F1_FLOOR = 0.70
CV_FAST_FLOOR = 0.72
CV_ACCURATE_FLOOR = 0.75

CSV_SAMPLE = (
    "comment_id,comment_text,Sub1_Toxic,Sub2_Engaging,Sub3_FactClaiming\n"
    '1,"Laut Statistischem Bundesamt lag die Inflation im Mai 2022 bei 7,9 Prozent.",0,0,1\n'
    '2,"Im Jahr 2019 wurden in Deutschland 1,2 Millionen Autos mehr verkauft als 2018.",0,0,1\n'
    '3,"Ich finde das einfach nur lächerlich!!!",1,0,0\n'
    '4,"@USER Was soll das denn bitte?",0,0,0\n'
)


def _factclaiming_file() -> Path:
    path = data_root() / "factclaiming-de" / "GermEval21_TrainData.csv"
    if not path.is_file():
        pytest.skip(f"factclaiming-de not found at {path} (../shared/data is absent)")
    return path


def test_hand_features_match_their_names() -> None:
    """Every hand feature has a name, and numbers, years, percentages and URLs are counted."""
    text = "Laut einer Studie von 2019 stieg der Anteil um 12 Prozent, siehe https://example.org"
    values = dict(zip(tf.hand_feature_names(), tf.hand_features(text), strict=True))
    assert values["years"] > 0 and values["percent"] > 0 and values["urls"] > 0 and values["numbers"] > 0
    assert values["cue_evidence"] > 0 and values["cue_first_person"] == 0


def test_placeholders_are_dropped_and_digits_folded() -> None:
    """GermEval's @USER/@MEDIUM placeholders never reach the features; digits become 0."""
    cleaned = tf.clean("@USER @MEDIUM   Es waren 2019 genau 42 Fälle.")
    assert "@" not in cleaned and "USER" not in cleaned
    assert "0000" in tf.words(cleaned)
    assert " fä" in tf.char_ngrams(cleaned)


def test_shipped_models_carry_provenance() -> None:
    """Both profiles ship a model with its threshold; probabilities lie in [0, 1]."""
    for profile in ("fast", "accurate"):
        assert model_path("factclaiming", profile).is_file()
        assert 0.2 <= claim_threshold(profile) <= 0.8
    scores = claim_scores(["Die Inflation lag 2022 bei 7,9 Prozent.", "Na toll."], "fast")
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert claim_scores([], "fast") == []


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_numbers_and_sources_score_above_an_insult(profile: str) -> None:
    """A sourced statistic is more check-worthy than an insult, in both profiles."""
    statistic, insult = claim_scores(
        [
            "Laut Statistischem Bundesamt stieg die Zahl der Asylanträge 2016 auf 745.000.",
            "Du bist echt der größte Idiot hier, geh wieder pennen!",
        ],
        profile,
    )
    assert statistic > claim_threshold(profile) > insult


def test_accurate_models_read_the_shared_passage_pass() -> None:
    """Both accurate models read "passage: " vectors, which the one encoder pass per article provides."""
    for task in ("factclaiming", "subjectivity"):
        dense = MODELS.get(model_path(task, "accurate")).dense
        assert dense is not None and dense.prefix == "passage: "
        assert all(1 <= layer <= 12 for layer in dense.layers)


def test_export_reproduces_itself_after_reload() -> None:
    """Loading the same file twice gives the same scores (the cache is per path)."""
    path = model_path("factclaiming", "fast")
    first = MODELS.get(path).probabilities(["Der Bundestag hat das Gesetz 2021 beschlossen."])
    MODELS.forget(path)
    assert MODELS.get(path).probabilities(["Der Bundestag hat das Gesetz 2021 beschlossen."]) == first


def test_reader_refuses_a_file_without_the_label(tmp_path: Path) -> None:
    """A CSV without Sub3_FactClaiming is a DataError naming the columns."""
    path = tmp_path / "bad.csv"
    path.write_text("comment_id,comment_text\n1,Hallo\n", encoding="utf-8")
    with pytest.raises(DataError, match="Sub3_FactClaiming"):
        read_factclaiming(path)


def test_eval_command_scores_the_shipped_model_on_a_file(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """`eval factclaiming --test FILE` prints per-class scores and ends with the macro-F1 line."""
    path = tmp_path / "sample.csv"
    path.write_text(CSV_SAMPLE, encoding="utf-8")
    result = run_cli("eval", "factclaiming", "--profile", "fast", "--test", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("macro-F1 ") and float(lines[-1].split()[1]) >= 0.0
    assert any(line.startswith("claim ") for line in lines)


def test_eval_command_reports_bad_files_in_one_line(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """A --test file with other columns fails with one error line and exit code 2."""
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_cli("eval", "factclaiming", "--profile", "fast", "--test", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_fast_model_floor_on_a_fixed_split() -> None:
    """The fast model trained on half of GermEval 2021 train scores >= the floor on the other half (threshold 0.5)."""
    from newsaudit.claims.train import fit_fast, macro_f1

    data = read_factclaiming(_factclaiming_file())
    rng = np.random.default_rng(13)
    order = rng.permutation(len(data.texts))
    cut = len(order) // 2
    train, test = order[:cut], order[cut:]
    fit = fit_fast([data.texts[i] for i in train], [data.labels[i] for i in train], 3.0)
    predicted = [int(v >= 0) for v in fit.logits([data.texts[i] for i in test])]
    assert macro_f1([data.labels[i] for i in test], predicted) >= SPLIT_MACRO_F1_FLOOR


@pytest.mark.slow
@pytest.mark.parametrize(("profile", "floor"), [("fast", CV_FAST_FLOOR), ("accurate", CV_ACCURATE_FLOOR)])
def test_cross_validated_floor(profile: str, floor: float) -> None:
    """5-fold cross-validation of the whole training procedure stays above the floor."""
    from newsaudit.evaluate.factclaiming import run_factclaiming_eval

    _factclaiming_file()
    assert run_factclaiming_eval(out=io.StringIO(), profile=profile) >= floor
