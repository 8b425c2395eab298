"""Synthetic enterprises, hộ kinh doanh and hợp tác xã, one per valid MST.

The kind follows the number: MSTs starting with ``8`` (issued to individuals) are hộ kinh doanh, a
seeded share of the others are hợp tác xã, the rest doanh nghiệp. The legal representative is a
citizen of the dân cư mock (same seed ⇒ same name there), so cross-registry checks agree.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mock_registries.data import fixtures
from mock_registries.data.admin_units import PROVINCES, Address, random_address, ward_by_code
from mock_registries.data.business_tables import STATUSES, VSIC
from mock_registries.data.citizens import Population
from mock_registries.data.identity import (
    CccdParts,
    MstParts,
    digest_int,
    format_cccd,
    is_not_found,
    rng_for,
)

__all__ = ["BusinessLine", "Enterprise", "EnterpriseBook"]

DN_TYPES: tuple[tuple[str, str, str], ...] = (
    ("01", "Công ty trách nhiệm hữu hạn một thành viên", "Công ty TNHH MTV"),
    ("02", "Công ty trách nhiệm hữu hạn hai thành viên trở lên", "Công ty TNHH"),
    ("03", "Công ty cổ phần", "Công ty Cổ phần"),
    ("04", "Doanh nghiệp tư nhân", "Doanh nghiệp tư nhân"),
    ("05", "Công ty hợp danh", "Công ty Hợp danh"),
)
_WORDS = (
    "An Phát",
    "Minh Long",
    "Hưng Thịnh",
    "Thành Công",
    "Việt Tiến",
    "Phú Quý",
    "Đại Dương",
    "Hoàng Gia",
    "Sao Mai",
    "Trường Sơn",
    "Bình Minh",
    "Nam Việt",
    "Hồng Hà",
    "Tân Tiến",
)
_FIELDS = ("Thương mại", "Xây dựng", "Công nghệ", "Dịch vụ", "Vận tải", "Thực phẩm", "Đầu tư")
_TAX_PROVINCE = {"01": 1, "02": 31, "03": 79, "04": 48, "36": 38}


# Nghị định 43/2010/NĐ-CP: from 01/06/2010 the enterprise code is the tax code; older
# enterprises keep their former business-registration certificate number (IMP_BUSINESS_CODE).
MERGED_CODES = date(2010, 6, 1)
_FIELDS_EN = {"Thương mại": "TRADING", "Xây dựng": "CONSTRUCTION", "Công nghệ": "TECHNOLOGY",
              "Dịch vụ": "SERVICES", "Vận tải": "TRANSPORT", "Thực phẩm": "FOOD",
              "Đầu tư": "INVESTMENT"}  # fmt: skip
_TYPES_EN = {"01": "ONE MEMBER COMPANY LIMITED", "02": "COMPANY LIMITED",
             "03": "JOINT STOCK COMPANY", "04": "PRIVATE ENTERPRISE",
             "05": "PARTNERSHIP COMPANY", "HTX": "COOPERATIVE"}  # fmt: skip


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _foreign_name(name: str, kind: str, type_id: str) -> str:
    """NAME_F: the registered foreign-language name (empty for a hộ kinh doanh)."""
    if kind == "HKD":
        return ""
    field = next((en for vi, en in _FIELDS_EN.items() if vi in name), "")
    brand = next((w for w in _WORDS if w in name), " ".join(name.split()[-2:]))
    return " ".join(p for p in (_ascii(brand).upper(), field, _TYPES_EN.get(type_id, "")) if p)


def _old_code(rng: random.Random, base: str) -> str:
    """A pre-2010 certificate number: the tax-authority province, a type digit, 7 digits."""
    return f"{base[:2]}{rng.choice('0123')}{rng.randrange(10**7):07d}"


@dataclass(frozen=True, slots=True)
class BusinessLine:
    code: str
    name: str
    main: bool


@dataclass(frozen=True, slots=True)
class Enterprise:
    code: str
    kind: str  # DN / HKD / HTX
    type_id: str
    type_name: str
    name: str
    short_name: str
    founded: date
    last_amended: date
    changes: int
    status_id: str
    status_name: str
    capital: int
    address: Address
    representative_id: str
    representative_name: str
    lines: tuple[BusinessLine, ...]
    branch_of: str | None
    enterprise_id: int
    old_code: str | None
    foreign_name: str


class EnterpriseBook:
    """Enterprises of one run: a pure function of the seed (plus the fixed identities)."""

    def __init__(self, population: Population, not_found_ratio: float) -> None:
        self.population = population
        self.seed = population.seed
        self.not_found_ratio = not_found_ratio

    def get(self, mst: MstParts, today: date) -> Enterprise | None:
        fixed = fixtures.ENTERPRISES.get(mst.base)
        if fixed is None and is_not_found(self.seed, "enterprise", mst.base, self.not_found_ratio):
            return None
        rng = rng_for(self.seed, "enterprise", mst.base)
        kind = (
            fixed.kind
            if fixed
            else ("HKD" if mst.base[0] == "8" else "HTX" if rng.random() < 0.05 else "DN")
        )
        branches = rng.randint(0, 4) if kind == "DN" else 0
        if mst.branch is not None and (fixed is not None or mst.branch > branches):
            return None
        province = _TAX_PROVINCE.get(mst.base[:2]) or rng.choice(PROVINCES).code
        founded = fixed.founded if fixed else today - timedelta(days=rng.randint(30, 30 * 365))
        if founded > today:
            return None
        if kind == "HKD":
            type_id, type_name, prefix = "HKD", "Hộ kinh doanh", "Hộ kinh doanh"
        elif kind == "HTX":
            type_id, type_name, prefix = "HTX", "Hợp tác xã", "Hợp tác xã"
        else:
            type_id, type_name, prefix = DN_TYPES[0] if fixed else rng.choice(DN_TYPES)
        brand = rng.choice(_WORDS)
        name = fixed.name if fixed else f"{prefix} {rng.choice(_FIELDS)} {brand}"
        status_id, status_name, _ = rng.choices(STATUSES, weights=[s[2] for s in STATUSES])[0]
        if fixed is not None:
            status_id, status_name = "1", "Đang hoạt động"
        representative = (
            fixed.representative if fixed else self._representative(rng, province, today)
        )
        address = (
            Address(ward_by_code(fixed.ward), fixed.street)
            if fixed
            else random_address(rng, province)
        )
        lines = rng.sample(VSIC, k=rng.randint(1, 6))
        changes = rng.randint(0, 8)
        amended = founded + timedelta(
            days=rng.randint(0, max(0, (today - founded).days)) if changes else 0
        )
        enterprise = Enterprise(
            code=mst.base,
            kind=kind,
            type_id=type_id,
            type_name=type_name,
            name=name,
            short_name=f"{brand.upper()} {kind}",
            founded=founded,
            last_amended=amended,
            changes=changes,
            status_id=status_id,
            status_name=status_name,
            capital=rng.randint(1, 500) * 100_000_000
            if kind != "HKD"
            else rng.randint(1, 20) * 10_000_000,
            address=address,
            representative_id=representative,
            representative_name=self.population.name_of(representative).full,
            lines=tuple(BusinessLine(c, n, i == 0) for i, (c, n) in enumerate(lines)),
            branch_of=None,
            enterprise_id=1_000_000 + digest_int(self.seed, "enterprise-id", mst.code) % 10**9,
            old_code=_old_code(rng, mst.base) if founded < MERGED_CODES else None,
            foreign_name=_foreign_name(name, kind, type_id),
        )
        if mst.branch is None:
            return enterprise
        branch_rng = rng_for(self.seed, "branch", mst.code)
        branch_province = rng.choice(PROVINCES).code
        return replace(
            enterprise,
            code=mst.code,
            name=f"Chi nhánh {branch_rng.choice(_WORDS)} - {enterprise.name}",
            address=random_address(branch_rng, branch_province),
            branch_of=mst.base,
            capital=0,
        )

    def _representative(self, rng: random.Random, province: int, today: date) -> str:
        year = rng.randint(today.year - 70, today.year - 20)
        return format_cccd(CccdParts(province, year, rng.random() < 0.7, rng.randrange(10**6)))
