"""Phụ lục V rows for the report and the console, from the fault engine's catalog.

The report reads ``row``, ``province``, ``symptom`` and the Vietnamese/English texts of the
catalog the mocks ship (or of the one it is given); the console also shows each row's original
wording (problem and proposal), which ships beside the catalog as package data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mock_registries import Catalog, load_catalog

__all__ = ["RowInfo", "load_rows"]


@dataclass(frozen=True, slots=True)
class RowInfo:
    row: int
    province: str
    symptom: str
    en: str
    vi: str
    symptom_vi: str = ""
    symptom_en: str = ""
    problem: str = ""  # the report's own words (Vietnamese), untruncated
    proposal: str = ""

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def symptom_text(self, lang: str) -> str:
        return (self.symptom_en if lang == "en" else self.symptom_vi) or self.symptom


@cache
def _original_wording() -> dict[int, tuple[str, str]]:
    try:
        text = (
            resources.files("mock_registries.faults")
            .joinpath("phu_luc_v.tsv")
            .read_text(encoding="utf-8")
        )
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    return {
        int(raw["row"]): ((raw.get("problem") or "").strip(), (raw.get("proposal") or "").strip())
        for raw in csv.DictReader(text.splitlines(), delimiter="\t")
    }


def load_rows(catalog: Catalog | None = None) -> dict[int, RowInfo]:
    """Row number → description."""
    catalog = catalog or load_catalog()
    wording = _original_wording()
    out = {}
    for entry in catalog.entries:
        symptom = catalog.symptoms.get(entry.symptom, {})
        problem, proposal = wording.get(entry.row, ("", ""))
        out[entry.row] = RowInfo(
            entry.row,
            entry.province,
            entry.symptom,
            entry.en,
            entry.vi,
            symptom_vi=symptom.get("vi", ""),
            symptom_en=symptom.get("en", ""),
            problem=problem,
            proposal=proposal,
        )
    return out
