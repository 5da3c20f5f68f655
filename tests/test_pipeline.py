"""The pipeline runs stages in order, records versions and keeps going when a non-essential stage fails."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from newsaudit.pipeline import Stage, check_order, run_stages


class _Double:
    name = "double"
    version = "1.2"
    requires: tuple[str, ...] = ("number",)
    provides = "doubled"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> int:
        value = annotations["number"]
        assert isinstance(value, int)
        return value * 2


class _Broken:
    name = "broken"
    version = "0.1"
    requires: tuple[str, ...] = ("number",)
    provides = "broken"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> int:
        raise ZeroDivisionError("division by zero")


class _NeedsBroken:
    name = "needs-broken"
    version = "0.1"
    requires: tuple[str, ...] = ("broken",)
    provides = "after"
    essential = False

    def run(self, annotations: Mapping[str, object]) -> int:
        return 1


class _EssentialBroken(_Broken):
    essential = True


def test_stages_run_in_order_and_are_recorded() -> None:
    """Each stage's result lands under its name and its name@version is recorded."""
    result = run_stages([_Double()], {"number": 21})
    assert result.annotations["doubled"] == 42
    assert [(s.name, s.version) for s in result.stages] == [("double", "1.2")]
    assert result.errors == ()


def test_failing_stage_is_recorded_and_the_rest_goes_on() -> None:
    """A non-essential failure becomes an error entry; independent stages still run, dependents are skipped."""
    stages: list[Stage] = [_Broken(), _NeedsBroken(), _Double()]
    result = run_stages(stages, {"number": 2})
    assert result.annotations["doubled"] == 4
    assert [(e.stage, e.error) for e in result.errors] == [("broken", "ZeroDivisionError"), ("needs-broken", "Skipped")]


def test_essential_stage_failure_is_raised() -> None:
    """An essential stage (structure) leaves nothing to report, so its error propagates."""
    with pytest.raises(ZeroDivisionError):
        run_stages([_EssentialBroken()], {"number": 2})


def test_missing_requirement_is_a_programming_error() -> None:
    """A stage list whose requirements no earlier stage provides is rejected before anything runs."""
    with pytest.raises(RuntimeError, match="requires"):
        check_order([_NeedsBroken()], ["number"])


def test_stages_cannot_mutate_annotations() -> None:
    """Stages get a read-only view of earlier annotations."""

    class _Mutator(_Double):
        def run(self, annotations: Mapping[str, object]) -> int:
            annotations["number"] = 0  # type: ignore[index]
            return 0

    result = run_stages([_Mutator()], {"number": 1})
    assert result.annotations["number"] == 1
    assert result.errors[0].error == "TypeError"
