"""Runs the stages in order, checks what each requires and provides, records versions, times and errors.

A stage is a small object with ``name``, ``version``, ``requires`` (names of annotations it reads),
``provides`` (the name of the one annotation it returns) and ``run(annotations)``. It never mutates
what it reads. The pipeline owns the dict of annotations; stages only see a read-only view.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from .errors import ModelError, NewsauditError
from .types import StageError, StageRecord


class Stage(Protocol):
    name: str
    version: str
    requires: tuple[str, ...]
    provides: str
    # A stage whose failure leaves nothing to report (e.g. structure) is essential: its error is raised.
    essential: bool

    def run(self, annotations: Mapping[str, object]) -> object: ...


@dataclass(frozen=True)
class PipelineResult:
    annotations: Mapping[str, object]
    stages: tuple[StageRecord, ...]
    errors: tuple[StageError, ...]


def check_order(stages: Sequence[Stage], initial: Sequence[str]) -> None:
    """Fail early (a programming error, not user input) if a stage needs what no earlier stage gives."""
    available = set(initial)
    for stage in stages:
        missing = [name for name in stage.requires if name not in available]
        if missing:
            raise RuntimeError(f"stage {stage.name} requires {missing}, not provided before it")
        available.add(stage.provides)


def run_stages(stages: Sequence[Stage], initial: Mapping[str, object]) -> PipelineResult:
    """Run ``stages`` in order. Non-essential stage failures are recorded and skipped, with their dependents."""
    check_order(stages, list(initial))
    annotations: dict[str, object] = dict(initial)
    records: list[StageRecord] = []
    errors: list[StageError] = []
    for stage in stages:
        if any(name not in annotations for name in stage.requires):
            errors.append(StageError(stage.name, "Skipped", "an earlier stage it depends on failed"))
            continue
        started = time.perf_counter()
        try:
            result = stage.run(MappingProxyType(annotations))
        except Exception as exc:  # a bug, bad data or a missing model inside one stage must not lose the others' work
            if stage.essential or (isinstance(exc, NewsauditError) and not isinstance(exc, ModelError)):
                raise
            errors.append(StageError(stage.name, type(exc).__name__, str(exc) or repr(exc)))
            continue
        annotations[stage.provides] = result
        records.append(StageRecord(stage.name, stage.version, time.perf_counter() - started))
    return PipelineResult(MappingProxyType(annotations), tuple(records), tuple(errors))
