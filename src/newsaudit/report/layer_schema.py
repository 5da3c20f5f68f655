"""The JSON Schema of the dossier's 1.2 layers, derived from their dataclasses (see ``newsaudit.serial``)."""

from __future__ import annotations

import copy
from typing import Any

from ..dossier import LAYER_TYPES, SCHEMA_VERSION
from ..serial import schema_of

LAYER_DESCRIPTIONS = {
    "entities": "Named entities clustered per article, with canonical names, aliases, mentions and actor types.",
    "framing": "Framing signals (sensational words, clickbait devices, hedges, vague quantities, time expressions).",
    "consistency": "Headline, kicker, teaser, captions and intertitles checked against the body sentences.",
    "sourcing": "The source chain from the outlet to cited media and primary sources, with an evidence profile.",
    "claims": "Checkable statements with their sources, entities, check-worthiness and markers.",
    "summary": "What a reader sees first: top claims and red flags, each with evidence spans and a reason.",
}


def schema_with_layers(base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with every layer's property and definitions (re)written and the version set to the code's."""
    schema = copy.deepcopy(base)
    defs: dict[str, Any] = {}
    for name, layer in LAYER_TYPES.items():
        schema["properties"][name] = {
            "description": LAYER_DESCRIPTIONS[name] + " Null when the stage did not run or failed (see errors).",
            "anyOf": [{"type": "null"}, schema_of(layer, defs)],
        }
    kept = {key: value for key, value in schema["$defs"].items() if not key[:1].isupper()}
    schema["$defs"] = {**kept, **dict(sorted(defs.items()))}
    schema["x-schema-version"] = SCHEMA_VERSION
    return schema
