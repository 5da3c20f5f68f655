"""Paste the real output of ``newsaudit demo --format text`` into README.md, between the demo-output markers.

Run from anywhere: ``python scripts/refresh_readme.py`` (or ``make readme``). The demo runs from the project
root, so the example's path in the output is relative. Exits non-zero, changing nothing, when the demo fails
or the markers are missing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START = "<!-- demo-output:start -->"
END = "<!-- demo-output:end -->"
COMMAND = ["newsaudit", "demo", "--format", "text"]


def demo_output() -> str:
    """The demo's terminal view as plain text, produced by the installed package in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-m", *COMMAND], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"error: `{' '.join(COMMAND)}` failed (exit {proc.returncode}): {proc.stderr.strip()}")
    # Trailing spaces are rich's padding of table cells; they carry nothing and trip editors and linters.
    return "\n".join(line.rstrip() for line in proc.stdout.rstrip("\n").splitlines())


def refreshed(readme: str, output: str) -> str:
    """``readme`` with the part between the markers replaced by ``output`` in a text code block."""
    if readme.count(START) != 1 or readme.count(END) != 1 or readme.index(START) > readme.index(END):
        raise SystemExit(f"error: {README} needs exactly one {START} ... {END} pair")
    head, rest = readme.split(START)
    _, tail = rest.split(END)
    block = f"{START}\n```text\n$ {' '.join(COMMAND)}\n{output}\n```\n{END}"
    return head + block + tail


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    updated = refreshed(readme, demo_output())
    if updated == readme:
        print(f"{README.name}: demo output unchanged")
        return
    README.write_text(updated, encoding="utf-8")
    print(f"{README.name}: demo output refreshed")


if __name__ == "__main__":
    main()
