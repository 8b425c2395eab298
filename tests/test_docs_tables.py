"""Every Markdown table in the README and docs/ renders as a table: its rows follow one header
and its separator without a blank line — a blank line inside the test identities' citizens
table once turned the walk-through family's four rows into a paragraph of pipes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SEPARATOR = re.compile(r"^\|\s*:?-{3,}")


def _tables(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each run of table lines outside code fences."""
    tables: list[tuple[int, list[str]]] = []
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("|"):
            if tables and tables[-1][0] + len(tables[-1][1]) == number:
                tables[-1][1].append(line)
            else:
                tables.append((number, [line]))
    return tables


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_every_table_has_its_header_separator(doc: Path) -> None:
    for number, lines in _tables(doc.read_text(encoding="utf-8")):
        assert len(lines) >= 2 and SEPARATOR.match(lines[1]), f"{doc.name}:{number}: {lines[0]}"
