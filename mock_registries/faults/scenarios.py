"""Named scenarios built from the catalog: one per province that reported a reproducible
problem (``thanh-hoa``, ``dak-lak`` …) and the ``national-2024`` mix of all of them."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from mock_registries.faults.catalog import REGISTRIES, Catalog, RuleTemplate
from mock_registries.faults.spec import REGISTRY_SITE, FaultSpec
from mock_registries.faults.windows import Always, Window

__all__ = ["Rule", "Scenario", "ad_hoc_rule", "build_scenarios", "slugify"]

# Structural faults are not "sometimes": the national mix keeps them at full strength.
_UNSCALED_KINDS = frozenset({"not_implemented", "maintenance"})


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: ``rule_id`` is stable across runs and enters the decision hash."""

    rule_id: str
    row: int | None
    registry: str
    fault: FaultSpec
    probability: float
    window: Window
    route: str = "*"
    method: str | None = None
    site: str = REGISTRY_SITE

    @property
    def row_label(self) -> str:
        return "-" if self.row is None else str(self.row)

    @property
    def label(self) -> str:
        """``row:kind`` as ``X-Sim-Fault`` names it, ``@site`` added off the registry."""
        label = f"{self.row_label}:{self.fault.name}"
        return label if self.site == REGISTRY_SITE else f"{label}@{self.site}"

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.route == "*" or fnmatchcase(path.lower(), self.route)

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.rule_id,
            "row": self.row_label,
            "at": self.site,
            "registry": self.registry,
            "method": self.method or "*",
            "route": self.route,
            "probability": self.probability,
            "window": self.window.describe(),
            "fault": self.fault.describe(),
        }


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    title: str
    rows: tuple[int, ...]
    rules: tuple[Rule, ...]
    by_site: Mapping[tuple[str, str], tuple[Rule, ...]] = field(init=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[Rule]] = {}
        for rule in self.rules:
            index.setdefault((rule.site, rule.registry), []).append(rule)
        object.__setattr__(self, "by_site", {key: tuple(v) for key, v in index.items()})

    @property
    def by_registry(self) -> dict[str, tuple[Rule, ...]]:
        """The rules each registry mock applies itself (site ``registry``)."""
        return {r: self.by_site.get((REGISTRY_SITE, r), ()) for r in REGISTRIES}

    def has_site(self, site: str, registry: str | None = None) -> bool:
        """Whether any rule fires at ``site`` (for calls to ``registry``, if given)."""
        return any(s == site and (registry is None or r == registry) for s, r in self.by_site)

    def describe(self, *, with_rules: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "title": self.title, "rows": list(self.rows)}
        if with_rules:
            out["rules"] = [rule.describe() for rule in self.rules]
        return out


def slugify(text: str) -> str:
    """``Bà Rịa - Vũng Tàu`` → ``ba-ria-vung-tau`` (đ → d, diacritics dropped)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def _compile(row: int, templates: Iterable[RuleTemplate], scale: float) -> list[Rule]:
    rules = []
    for index, template in enumerate(templates):
        probability = template.probability
        if template.fault.kind not in _UNSCALED_KINDS:
            probability *= scale
        rules.append(
            Rule(
                rule_id=f"{row}.{index}",
                row=row,
                registry=template.registry,
                fault=template.fault,
                probability=probability,
                window=template.window or Always(),
                route=template.route,
                method=template.method,
                site=template.site,
            )
        )
    return rules


def build_scenarios(catalog: Catalog) -> dict[str, Scenario]:
    """Scenario name → scenario; provinces whose rows are all non-technical get none."""
    by_province: dict[str, list[int]] = {}
    provinces: dict[str, str] = {}
    for entry in catalog.entries:
        if not entry.faults:
            continue
        slug = slugify(entry.province)
        by_province.setdefault(slug, []).append(entry.row)
        provinces.setdefault(slug, entry.province)
    scenarios: dict[str, Scenario] = {}
    for slug, rows in sorted(by_province.items()):
        rules = [rule for row in rows for rule in _compile(row, catalog.by_row[row].faults, 1.0)]
        scenarios[slug] = Scenario(
            slug, f"Phụ lục V — {provinces[slug]}", tuple(rows), tuple(rules)
        )
    all_rows = tuple(row for rows in by_province.values() for row in rows)
    national_rules = [
        rule
        for row in sorted(all_rows)
        for rule in _compile(row, catalog.by_row[row].faults, catalog.national_scale)
    ]
    scenarios[catalog.national_name] = Scenario(
        catalog.national_name,
        "Phụ lục V — toàn quốc 2024",
        tuple(sorted(all_rows)),
        tuple(national_rules),
    )
    return scenarios


def ad_hoc_rule(registry: str, fault: FaultSpec, index: int, site: str = REGISTRY_SITE) -> Rule:
    """A rule for an ``x-sim-fault`` override header: no Phụ lục V row, always fires."""
    return Rule(f"override.{index}", None, registry, fault, 1.0, Always(), site=site)
