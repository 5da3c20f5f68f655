"""Write the 1.2 layer sections of ``report/dossier.schema.json`` from the layers' type hints.

Run after changing a layer's dataclasses (and bump ``SCHEMA_VERSION``); ``tests/test_schema_layers.py`` fails
while the shipped file and the code disagree.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsaudit.report.layer_schema import schema_with_layers

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "src" / "newsaudit" / "report" / "dossier.schema.json"

if __name__ == "__main__":
    schema = schema_with_layers(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    SCHEMA_PATH.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
