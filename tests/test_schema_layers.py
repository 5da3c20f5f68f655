"""The shipped schema's layer sections match the layers' dataclasses, and the generic JSON mapping round-trips."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

import pytest

from newsaudit.report.layer_schema import schema_with_layers
from newsaudit.report.schema import load_schema
from newsaudit.serial import load, schema_of, to_plain
from newsaudit.types import Span


def test_shipped_schema_is_the_generated_one() -> None:
    """Run scripts/refresh_schema.py after changing a layer's dataclasses."""
    shipped = load_schema()
    assert schema_with_layers(shipped) == shipped


class _Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class _Inner:
    span: Span
    colour: _Colour
    note: str | None = None


@dataclass(frozen=True)
class _Outer:
    items: tuple[_Inner, ...]
    pair: tuple[int, float]
    weights: dict[str, float]
    inner: _Inner | None


def test_round_trip_of_nested_dataclasses() -> None:
    """Spans, enums, optionals, tuples and dicts come back as they went in."""
    value = _Outer((_Inner(Span(1, 4), _Colour.RED, "x"),), (3, 0.5), {"a": 1.0}, None)
    assert load(_Outer, json.loads(json.dumps(to_plain(value)))) == value


def test_two_dataclasses_of_one_name_are_refused() -> None:
    """Schema definitions are keyed by class name, so a second class of the same name is an error."""

    @dataclass(frozen=True)
    class _Inner:  # shadows the module-level one on purpose
        x: int

    defs: dict[str, object] = {}
    owners: dict[str, type] = {}
    schema_of(_Outer, defs, owners)
    with pytest.raises(TypeError, match="two dataclasses named _Inner"):
        schema_of(_Inner, defs, owners)
