"""The invariants ``check.py`` counts, one small function per registry relation.

Names follow world_model_facts §10.2 (I1–I19); a few more cover what the issue found broken:
relatives that exist, households that agree from both ends, names that fit their sex.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Protocol

from mock_registries.data.identity import CccdParts, format_cccd, parse_mst
from mock_registries.world import business_data as data
from mock_registries.world.calendar import AFTERNOON, MORNING, is_working_day
from mock_registries.world.declarations import BirthDeclaration, DeathDeclaration
from mock_registries.world.geography import sample_province
from mock_registries.world.names import Name
from mock_registries.world.people import MARRIED, WIDOWED, age_on
from mock_registries.world.world import World

__all__ = ["Counter", "enterprise_checks", "flow_checks", "mask", "office_hours", "sample_people"]


class _Count(Protocol):
    def add(self, ok: bool, example: str = "") -> None: ...


Counter = Callable[[str], _Count]
NEW_CLASSES = {
    "A1",
    "A",
    "B1",
    "B",
    "C1",
    "C",
    "D1",
    "D2",
    "D",
    "BE",
    "C1E",
    "CE",
    "D1E",
    "D2E",
    "DE",
}
OLD_CLASSES = {"A1", "A2", "A3", "A4", "B1", "B2", "C", "D", "E", "FB2", "FC", "FD", "FE"}


def sample_people(rng: random.Random, count: int, now: datetime) -> Iterator[CccdParts]:
    """Identifiers drawn like residents: province by population, birth year 1925–now."""
    for _ in range(count):
        year = rng.randint(1925, now.year)
        yield CccdParts(sample_province(rng), year, rng.random() < 0.5, rng.randrange(10**6))


def mask(cccd: str) -> str:
    return f"{cccd[:3]}*******{cccd[-2:]}"


def office_hours(moment: datetime) -> bool:
    clock = moment.timetz().replace(tzinfo=None)
    in_hours = MORNING[0] <= clock <= MORNING[1] or AFTERNOON[0] <= clock <= AFTERNOON[1]
    return is_working_day(moment.date()) and in_hours


def enterprise_checks(world: World, code: str, at: datetime, count: Counter) -> None:
    enterprise = world.enterprise(code, at)
    if enterprise is None:
        return
    parse_mst(enterprise.code)  # raises on a bad check digit
    count("I16 codes pass the MST checksum").add(True)
    form, members = enterprise.form.code, enterprise.members
    people = [m for m in members if m.person is not None]
    rule = {
        data.TNHH1: len(members) == 1,
        data.TNHH2: 2 <= len(members) <= 50,
        data.CTCP: len(members) >= 3,
        data.DNTN: len(people) == 1 and len(members) == 1,
        data.HOP_DANH: sum(m.role == "Thành viên hợp danh" for m in people) >= 2,
        data.HTX: len(members) >= 5,
    }[form]
    name = "I15 HTX ≥5 members" if form == data.HTX else "I12 member counts by legal form"
    count(name).add(rule, enterprise.code)
    ceased = enterprise.status_code in ("5", "6", "7")
    for rep in enterprise.representatives:
        person = world.person(rep.person.cccd, at)
        ok = person is not None and person.name.full == rep.person.name.full
        ok = ok and person is not None and age_on(person.birth_date, rep.since) >= 18
        ok = ok and person is not None and (person.alive or ceased)
        count("I13 representatives: living individuals ≥18 who exist").add(ok, enterprise.code)
    count("I13 every enterprise has a representative").add(
        bool(enterprise.representatives), enterprise.code
    )
    for member in people:
        person = world.person(member.person.cccd, at)  # type: ignore[union-attr]
        ok = person is not None and person.name.upper == member.name
        count("I11 ĐKDN members = dân cư people (same name)").add(ok, enterprise.code)
    dates = [world.enterprise(b, at) for b in enterprise.branches]
    ok = all(d is not None and d.founded > enterprise.founded for d in dates)
    count("I16 branches -001… in creation order").add(ok, enterprise.code)
    count("I17 registrations on working days").add(
        is_working_day(enterprise.founded), enterprise.code
    )


def flow_checks(
    world: World, rng: random.Random, at: datetime, count: Counter, couples: int
) -> None:
    """File births and deaths for sampled couples; follow them through dân cư (I18)."""
    filed = 0
    for parts in sample_people(rng, couples * 200, at):
        if filed >= couples:
            break
        wife = world.person(format_cccd(parts), at)
        if wife is None or wife.male or not wife.alive or wife.spouse is None:
            continue
        if wife.marital_status != MARRIED:  # a deceased wife is still "đã kết hôn" in dân cư
            continue
        if not 18 <= age_on(wife.birth_date, at.date()) <= 44:
            continue
        husband = world.person(wife.spouse.cccd, at)
        if husband is None or not husband.alive:
            continue
        filed += 1
        born = at.date() - timedelta(days=3)
        name = Name(husband.name.family, "Minh", "Khang")
        dossier = world.register_birth(
            BirthDeclaration(name, True, born, mother=wife.cccd, father=husband.cccd), at
        )
        later = at + timedelta(days=10)
        child = format_cccd(dossier.event.child)  # type: ignore[union-attr]
        seen = world.person(child, later)
        ok = seen is not None and seen.name.full == name.full and seen.birth_date == born
        ok = (
            ok and seen is not None and seen.father is not None and seen.father.cccd == husband.cccd
        )
        legs = [leg.state for leg in dossier.legs(later, world.delays())]
        ok = ok and legs == ["DONE", "DONE", "HANDED_OVER"]
        ok = ok and seen is not None and seen.head is not None
        count("I18 khai sinh → dân cư → thường trú → BHYT handed over").add(ok, mask(child))
        dossier = world.register_death(
            DeathDeclaration(husband.cccd, at.date() - timedelta(days=1)), later
        )
        after = later + timedelta(days=10)
        dead, widow = world.person(husband.cccd, after), world.person(wife.cccd, after)
        ok = dead is not None and not dead.alive and dead.permanent_address is None
        ok = ok and widow is not None and widow.marital_status == WIDOWED
        ok = ok and [leg.state for leg in dossier.legs(after, world.delays())] == [
            "DONE",
            "DONE",
            "HANDED_OVER",
        ]
        count("I18 khai tử → dân cư (spouse widowed) → xóa thường trú → mai táng").add(
            ok, mask(wife.cccd)
        )
