"""Titles of Phụ lục V rows for the report, read from the fault catalog when it is there.

The catalog (``mock_registries/faults/catalog.yaml``) belongs to the fault engine; the report
reads only ``row``, ``province``, ``symptom`` and ``en``/``vi`` from it, as plain YAML, and
degrades to bare row numbers when the file is absent or unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["DEFAULT_CATALOG", "RowInfo", "load_rows"]

DEFAULT_CATALOG = (
    Path(__file__).resolve().parents[2] / "mock_registries" / "faults" / "catalog.yaml"
)


@dataclass(frozen=True, slots=True)
class RowInfo:
    row: int
    province: str
    symptom: str
    en: str
    vi: str


def load_rows(path: Path | None = None) -> dict[int, RowInfo]:
    """Row number → description; empty when the catalog cannot be read."""
    try:
        document = yaml.safe_load((path or DEFAULT_CATALOG).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    rows: dict[int, RowInfo] = {}
    if not isinstance(document, dict):
        return rows
    for raw in document.get("rows") or []:
        if not isinstance(raw, dict) or not isinstance(raw.get("row"), int):
            continue
        rows[raw["row"]] = RowInfo(
            row=raw["row"],
            province=str(raw.get("province", "")),
            symptom=str(raw.get("symptom", "")),
            en=str(raw.get("en", "")),
            vi=str(raw.get("vi", "")),
        )
    return rows
