"""Titles of Phụ lục V rows for the report, from the fault engine's catalog.

The report reads only ``row``, ``province``, ``symptom`` and the Vietnamese/English texts of
the catalog the mocks ship (or of the one it is given).
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_registries import Catalog, load_catalog

__all__ = ["RowInfo", "load_rows"]


@dataclass(frozen=True, slots=True)
class RowInfo:
    row: int
    province: str
    symptom: str
    en: str
    vi: str


def load_rows(catalog: Catalog | None = None) -> dict[int, RowInfo]:
    """Row number → description."""
    catalog = catalog or load_catalog()
    return {
        entry.row: RowInfo(entry.row, entry.province, entry.symptom, entry.en, entry.vi)
        for entry in catalog.entries
    }
