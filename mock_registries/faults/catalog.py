"""The Phụ lục V fault catalog: ``catalog.yaml`` parsed, validated, and checked against the TSV.

Each :class:`CatalogEntry` is one report row; its :class:`RuleTemplate` s say which registry
misbehaves how. Rows with no runtime symptom carry a ``reason`` instead of faults.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from mock_registries.faults.errors import CatalogError, FaultError
from mock_registries.faults.spec import REGISTRY_SITE, SITE_KINDS, FaultSpec, parse_fault
from mock_registries.faults.windows import Window, parse_window

__all__ = [
    "REGISTRIES",
    "Catalog",
    "CatalogEntry",
    "parse_rule",
    "RuleTemplate",
    "TsvRow",
    "check_against_tsv",
    "load_catalog",
    "read_tsv",
]

REGISTRIES = ("dan_cu", "dkdn", "ho_tich", "gplx")
_PACKAGE = "mock_registries.faults"


@dataclass(frozen=True, slots=True)
class RuleTemplate:
    """One fault of a row, scoped to a registry, an optional method and a path glob, at one
    site of the path (``at``: the registry itself, a gateway, or a link between them)."""

    registry: str
    fault: FaultSpec
    probability: float = 1.0
    window: Window | None = None
    route: str = "*"
    method: str | None = None
    site: str = REGISTRY_SITE


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    row: int
    province: str
    system: str
    registries: tuple[str, ...]
    symptom: str
    en: str
    vi: str
    faults: tuple[RuleTemplate, ...] = ()
    reason: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Catalog:
    entries: tuple[CatalogEntry, ...]
    symptoms: Mapping[str, Mapping[str, str]]
    national_name: str = "national-2024"
    national_scale: float = 0.25
    by_row: Mapping[int, CatalogEntry] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_row", {e.row: e for e in self.entries})


@dataclass(frozen=True, slots=True)
class TsvRow:
    row: int
    province: str
    system: str
    problem: str
    proposal: str


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: thiếu chuỗi '{key}'.")
    return value


def _rule(raw: Any, default_registry: str | None, where: str) -> RuleTemplate:
    if not isinstance(raw, Mapping):
        raise CatalogError(f"{where}: mỗi lỗi phải là ánh xạ.")
    registry = raw.get("registry", default_registry)
    if registry not in REGISTRIES:
        raise CatalogError(f"{where}: CSDL '{registry}' không thuộc {REGISTRIES}.")
    probability = raw.get("probability", 1.0)
    if not isinstance(probability, int | float) or not 0.0 <= probability <= 1.0:
        raise CatalogError(f"{where}: probability phải trong [0, 1].")
    method = raw.get("method")
    site = str(raw.get("at", REGISTRY_SITE))
    if site not in SITE_KINDS:
        raise CatalogError(f"{where}: nơi xảy ra lỗi '{site}' không thuộc {tuple(SITE_KINDS)}.")
    if raw.get("kind") not in SITE_KINDS[site]:
        raise CatalogError(
            f"{where}: loại lỗi '{raw.get('kind')}' không xảy ra tại '{site}' "
            f"(có: {', '.join(sorted(SITE_KINDS[site]))})."
        )
    try:
        fault = parse_fault(raw)
        window = parse_window(raw["window"]) if "window" in raw else None
    except FaultError as exc:
        raise CatalogError(f"{where}: {exc.message}") from None
    return RuleTemplate(
        registry=str(registry),
        fault=fault,
        probability=float(probability),
        window=window,
        route=str(raw.get("route", "*")).lower(),
        method=str(method).upper() if method is not None else None,
        site=site,
    )


def parse_rule(raw: Any, default_registry: str | None, where: str) -> RuleTemplate:
    """One fault in the catalog's format (a conformance plan writes its own)."""
    return _rule(raw, default_registry, where)


def _entry(raw: Any, symptoms: Mapping[str, Any]) -> CatalogEntry:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("row"), int):
        raise CatalogError(f"Mục danh mục không hợp lệ (thiếu 'row'): {raw!r}.")
    where = f"Dòng {raw['row']}"
    registries = raw.get("registries", [])
    if not isinstance(registries, Sequence) or any(r not in REGISTRIES for r in registries):
        raise CatalogError(f"{where}: 'registries' phải thuộc {REGISTRIES}.")
    symptom = _text(raw, "symptom", where)
    if symptom not in symptoms:
        raise CatalogError(f"{where}: nhóm triệu chứng '{symptom}' chưa khai báo.")
    faults_raw = raw.get("faults", [])
    if not isinstance(faults_raw, Sequence):
        raise CatalogError(f"{where}: 'faults' phải là danh sách.")
    default_registry = registries[0] if registries else None
    faults = tuple(_rule(f, default_registry, where) for f in faults_raw)
    reason = raw.get("reason")
    if not faults and not reason:
        raise CatalogError(f"{where}: không có lỗi nào thì phải ghi 'reason'.")
    return CatalogEntry(
        row=raw["row"],
        province=_text(raw, "province", where),
        system=_text(raw, "system", where),
        registries=tuple(registries),
        symptom=symptom,
        en=_text(raw, "en", where),
        vi=_text(raw, "vi", where),
        faults=faults,
        reason=str(reason) if reason else None,
        note=str(raw["note"]) if raw.get("note") else None,
    )


def parse_catalog(document: Any) -> Catalog:
    if not isinstance(document, Mapping) or not isinstance(document.get("rows"), Sequence):
        raise CatalogError("Danh mục lỗi phải có danh sách 'rows'.")
    symptoms = document.get("symptoms", {})
    entries = tuple(_entry(raw, symptoms) for raw in document["rows"])
    rows = [e.row for e in entries]
    if len(rows) != len(set(rows)):
        raise CatalogError("Danh mục lỗi có số dòng bị trùng.")
    national = document.get("national", {})
    return Catalog(
        entries=tuple(sorted(entries, key=lambda e: e.row)),
        symptoms=symptoms,
        national_name=str(national.get("name", "national-2024")),
        national_scale=float(national.get("probability_scale", 0.25)),
    )


def load_catalog(path: Path | None = None) -> Catalog:
    """The packaged ``catalog.yaml`` (or ``path``), parsed and validated."""
    if path is None:
        text = resources.files(_PACKAGE).joinpath("catalog.yaml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return parse_catalog(yaml.safe_load(text))


def read_tsv(path: Path | None = None) -> dict[int, TsvRow]:
    """Phụ lục V rows by number (the packaged copy unless ``path`` is given)."""
    if path is None:
        text = resources.files(_PACKAGE).joinpath("phu_luc_v.tsv").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    out: dict[int, TsvRow] = {}
    for raw in reader:
        row = int(raw["row"])
        out[row] = TsvRow(
            row, raw["province"], raw["system"], raw["problem"] or "", raw["proposal"] or ""
        )
    return out


def _normalise(text: str) -> str:
    return " ".join(text.split())


def check_against_tsv(catalog: Catalog, tsv: Mapping[int, TsvRow]) -> list[str]:
    """Mismatches between the catalog and the report; empty when they agree."""
    problems: list[str] = []
    for entry in catalog.entries:
        source = tsv.get(entry.row)
        if source is None:
            problems.append(f"row {entry.row}: not in Phụ lục V")
            continue
        if _normalise(entry.province) != _normalise(source.province):
            problems.append(f"row {entry.row}: province {entry.province!r} != {source.province!r}")
        if _normalise(entry.system) != _normalise(source.system):
            problems.append(f"row {entry.row}: system {entry.system!r} != {source.system!r}")
    return problems
