"""The dossier JSON Schema shipped in the package (``dossier.schema.json``), versioned with SCHEMA_VERSION."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..dossier import SCHEMA_VERSION

SCHEMA_FILE = "dossier.schema.json"


def schema_text() -> str:
    """The schema file as shipped (what ``newsaudit schema`` prints)."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The schema as a dict; fails loudly if the file's version disagrees with the code's SCHEMA_VERSION."""
    schema: dict[str, Any] = json.loads(schema_text())
    if schema.get("x-schema-version") != SCHEMA_VERSION:
        raise RuntimeError(
            f"{SCHEMA_FILE} is version {schema.get('x-schema-version')!r}, the code writes {SCHEMA_VERSION!r}"
        )
    return schema
