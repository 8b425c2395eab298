"""Enterprises, hộ kinh doanh and hợp tác xã, each derived from its code, run by world people.

Member counts follow the law (world_model_facts §6.1, §6.3; invariants I12–I15): TNHH một
thành viên exactly one owner; TNHH hai thành viên 2–50 members, mostly 2–3; công ty cổ phần ≥3
founding shareholders, mostly 3–7; công ty hợp danh ≥2 individual general partners (who own no
DNTN or hộ kinh doanh) and optional capital members; DNTN one owner (``ownership.py``); hợp tác
xã ≥5 official members from its own province (listed up to 40, median ≈12 [INF]). Every legal
representative is an individual who is 18 or older and alive on the day asked about: when one
dies, a successor is registered a month later (an amendment). Capital: log-normal, median ≈3
billion VND, σ 1.4 (§6.4). Registration is decided on a working day (NĐ 01/2021 Điều 33).
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from mock_registries.data import fixtures
from mock_registries.data.admin_units import Address, random_address
from mock_registries.data.identity import CccdParts, make_mst, rng_for
from mock_registries.world import business_data as data
from mock_registries.world.calendar import next_working_day
from mock_registries.world.citizens import Relative, relative
from mock_registries.world.facts import Facts, to_parts
from mock_registries.world.people import People, age_on

__all__ = ["BusinessLine", "Enterprise", "Member", "Representative", "draw_adult", "members_of"]

_EPOCH = date(1992, 1, 1)
_SPAN_DAYS = 36 * 365


@dataclass(frozen=True, slots=True)
class BusinessLine:
    code: str  # VSIC
    name: str
    main: bool


@dataclass(frozen=True, slots=True)
class Member:
    """A member, shareholder, partner or owner (``Member[]``: MEMBER_NAME, AMOUNT, RATIO…)."""

    name: str
    person: Relative | None  # an individual
    organisation: str | None  # or an organisation's MST
    role: str
    amount: int  # VND
    ratio: float  # percent
    country: str = "VN"


@dataclass(frozen=True, slots=True)
class Representative:
    person: Relative
    title: str
    since: date


@dataclass(frozen=True, slots=True)
class Enterprise:
    code: str  # ENTERPRISE_GDT_CODE (MST, branch MST, or an HKD's 12-digit code)
    kind: str  # DN, HKD or HTX
    form: data.Form
    enterprise_id: int  # ENTERPRISE_ID, the registry's internal number
    old_registration: str | None  # IMP_BUSINESS_CODE
    name: str
    short_name: str
    foreign_name: str
    founded: date
    last_amended: date
    changes: int
    status_code: str
    status_name: str
    capital: int
    address: Address
    lines: tuple[BusinessLine, ...]
    members: tuple[Member, ...]
    member_count: int
    representatives: tuple[Representative, ...]
    registrar: str
    branch_of: str | None
    branches: tuple[str, ...]
    locations: tuple[str, ...]  # 5-digit business-location numbers (not tax codes)
    phone: str
    email: str


def draw_adult(
    facts: Facts, rng: random.Random, province: int, on: date, ages: tuple[int, int]
) -> CccdParts | None:
    """A generated person of ``province`` aged ``ages`` and alive on ``on``."""
    for _ in range(16):
        year = on.year - rng.randint(*ages)
        parts = CccdParts(province, year, rng.random() < 0.62, rng.randrange(10**6))
        if not 1900 <= year <= 2099 or not facts.generated(parts):
            continue
        if age_on(facts.lives.birth(parts), on) < 18 or facts.lives.death(parts) <= on:
            continue
        return parts
    return None


def founding_date(rng: random.Random) -> date:
    """Registered on a working day; more firms in recent years (new firms grow ≈5 %/year)."""
    offset = int(_SPAN_DAYS * math.sqrt(rng.random()))
    return next_working_day(_EPOCH + timedelta(days=offset))


def capital(rng: random.Random, household: bool) -> int:
    if household:
        return rng.randint(1, 50) * 10_000_000
    value = math.exp(rng.gauss(math.log(3e9), 1.4))
    step = 1_000_000_000 if value >= 1e10 else 100_000_000
    return max(step, round(value / step) * step)


def split(rng: random.Random, total: int, count: int) -> list[int]:
    """``total`` split into ``count`` positive shares (the first, founder's, largest)."""
    weights = sorted((rng.random() + 0.2 for _ in range(count)), reverse=True)
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def members_of(
    people: People,
    rng: random.Random,
    holders: list[tuple[CccdParts, str]],
    total: int,
    organisation: str | None = None,
) -> tuple[Member, ...]:
    """Members with their contributions: individuals first, an organisation last."""
    amounts = split(rng, total, len(holders) + (organisation is not None))
    found = []
    for (parts, role), amount in zip(holders, amounts, strict=False):
        who = relative(people, parts)
        assert who is not None
        ratio = round(100 * amount / total, 2)
        found.append(Member(who.name.upper, who, None, role, amount, ratio))
    if organisation is not None:
        amount = amounts[-1]
        name = f"CÔNG TY CÓ MÃ SỐ {organisation}"
        ratio = round(100 * amount / total, 2)
        found.append(Member(name, None, organisation, "Thành viên là tổ chức", amount, ratio))
    return tuple(found)


def organisation_code(rng: random.Random) -> str:
    return make_mst(rng, rng.choice(("01", "03", "04", "02")))


def stream(seed: int, code: str) -> random.Random:
    return rng_for(seed, "enterprise", code)


def address_in(rng: random.Random, province: int) -> Address:
    return random_address(rng, province)


HKD_SHARE = 0.05  # ≈5 M hộ kinh doanh among ≈70 M adults [INF, §6.4]
COUNTS = {
    data.TNHH2: ((2, 55), (3, 25), (4, 8), (5, 4), (8, 6), (20, 2)),
    data.CTCP: ((3, 40), (4, 20), (5, 18), (7, 12), (12, 8), (25, 2)),
    data.HOP_DANH: ((2, 60), (3, 30), (4, 10)),
}
TITLES = {
    data.TNHH1: "Giám đốc", data.TNHH2: "Chủ tịch Hội đồng thành viên",
    data.CTCP: "Chủ tịch Hội đồng quản trị", data.DNTN: "Chủ doanh nghiệp",
    data.HOP_DANH: "Thành viên hợp danh", data.HTX: "Chủ tịch Hội đồng quản trị",
    data.HKD: "Chủ hộ kinh doanh",
}  # fmt: skip
ROLES = {
    data.TNHH1: "Chủ sở hữu", data.TNHH2: "Thành viên góp vốn", data.CTCP: "Cổ đông sáng lập",
    data.DNTN: "Chủ doanh nghiệp tư nhân", data.HOP_DANH: "Thành viên hợp danh",
    data.HTX: "Thành viên chính thức", data.HKD: "Chủ hộ kinh doanh",
}  # fmt: skip


def pick_count(rng: random.Random, table: tuple[tuple[int, int], ...]) -> int:
    value = rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]
    return value if value < 8 else rng.randint(value // 2 + 2, value * 2)


def pick_status(rng: random.Random) -> tuple[str, str]:
    code, name, _ = rng.choices(data.STATUSES, weights=[s[2] for s in data.STATUSES])[0]
    return code, name


def old_number(rng: random.Random, code: str, founded: date) -> str | None:
    """IMP_BUSINESS_CODE: the business-registration number used before codes merged (2010)."""
    return f"{code[:2]}{rng.randrange(10**8):08d}" if founded.year < 2010 else None


def ascii_upper(text: str) -> str:
    """NAME_F is written without diacritics."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c)).upper()


def person_key(parts: CccdParts) -> str:
    return f"{parts.province_code}:{parts.birth_year}:{parts.male}:{parts.serial}"


def fixed_owner(base: str) -> CccdParts | None:
    fixed = fixtures.ENTERPRISES.get(base)
    return to_parts(fixed.representative) if fixed is not None else None


def branch(seed: int, company: Enterprise, number: int) -> Enterprise | None:
    """Branch ``-NNN`` of ``company``: opened after it, in number order (I16)."""
    code = f"{company.code}-{number:03d}"
    if code not in company.branches:
        return None
    rng = stream(seed, code)
    opened = company.founded + timedelta(days=200 * number + rng.randrange(150))
    return Enterprise(
        **{
            **{f: getattr(company, f) for f in company.__slots__},
            "code": code, "name": f"Chi nhánh {company.name}",
            "founded": next_working_day(opened), "branch_of": company.code, "branches": (),
            "capital": 0, "members": (), "member_count": 0,
            "address": address_in(rng, company.address.ward.district.province.code),
        }
    )  # fmt: skip
