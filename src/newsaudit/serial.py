"""Frozen dataclasses to and from JSON-ready values, and their JSON Schema, driven by the type hints.

The analysis layers added after schema 1.1 (entities, sourcing, framing, consistency, claims, summary) are plain
frozen dataclasses; this module moves them through JSON without a hand-written ``to_dict``/``from_dict`` pair
per class, and derives the schema of their JSON from the same hints, so code, JSON and schema cannot drift.
A ``Span`` is written as ``[start, end]``, an enum as its value, a tuple as a list.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from .types import Span

T = TypeVar("T")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def to_plain(value: Any) -> Any:
    """A JSON-ready value: dataclasses as dicts of their fields, spans as pairs, enums as values, tuples as lists."""
    if isinstance(value, Span):
        return value.to_list()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(hint: Any, data: Any) -> Any:
    """The inverse of ``to_plain`` for a value of type ``hint`` (a dataclass, Span, enum, tuple, dict, primitive)."""
    if data is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return from_plain(options[0], data)
        for option in options:
            if _accepts(option, data):
                return from_plain(option, data)
        raise ValueError(f"no member of {hint} accepts {data!r}")
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in data)
        return tuple(from_plain(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        key_type, value_type = get_args(hint)
        return {key_type(k): from_plain(value_type, v) for k, v in data.items()}
    if origin is typing.Literal:
        return data
    if hint is Span:
        return Span(data[0], data[1])
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        kwargs = {f.name: from_plain(hints[f.name], data[f.name]) for f in dataclasses.fields(hint) if f.name in data}
        return hint(**kwargs)
    if hint is float and isinstance(data, int):
        return float(data)
    return data


def load(cls: type[T], data: Any) -> T:
    """``from_plain`` for a dataclass, typed."""
    value: T = from_plain(cls, data)
    return value


def _accepts(hint: Any, data: Any) -> bool:
    if hint is Span:
        return isinstance(data, list) and len(data) == 2
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return isinstance(data, dict)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return data in {m.value for m in hint}
    if isinstance(hint, type):
        return isinstance(data, hint)
    return True


def schema_of(hint: Any, defs: dict[str, Any], owners: dict[str, type] | None = None) -> dict[str, Any]:
    """The JSON Schema of ``to_plain``'s output for ``hint``; dataclasses go into ``defs`` by class name.

    ``owners`` records which class took each name; two classes of one name are refused (rename one).
    """
    owners = {} if owners is None else owners
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return {"anyOf": [schema_of(a, defs, owners) for a in get_args(hint)]}
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": schema_of(args[0], defs, owners)}
        return {"type": "array", "prefixItems": [schema_of(a, defs, owners) for a in args], "minItems": len(args)}
    if origin is dict:
        return {"type": "object", "additionalProperties": schema_of(get_args(hint)[1], defs, owners)}
    if origin is typing.Literal:
        return {"enum": list(get_args(hint))}
    if hint is type(None):
        return {"type": "null"}
    if hint is Span:
        return {"$ref": "#/$defs/span"}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [m.value for m in hint]}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if owners.setdefault(name, hint) is not hint:
            raise TypeError(f"two dataclasses named {name}: {owners[name]!r} and {hint!r}")
        if name not in defs:
            defs[name] = {}  # placeholder first: recursive types refer to themselves
            hints = _hints(hint)
            fields = dataclasses.fields(hint)
            defs[name] = {
                "type": "object",
                "description": (hint.__doc__ or name).strip().splitlines()[0],
                "additionalProperties": False,
                "required": [f.name for f in fields],
                "properties": {f.name: schema_of(hints[f.name], defs, owners) for f in fields},
            }
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if hint in simple:
        return {"type": simple[hint]} if hint is not float else {"type": "number"}
    if hint is Any or hint is object:
        return {}
    raise TypeError(f"no JSON Schema for {hint!r}")
