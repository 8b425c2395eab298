"""Hộ tịch records (khai sinh, khai tử, kết hôn) as the civil-status registry keeps them.

Each record is the registration of an event of the world (generated or filed during the run):
its people are the dân cư people, with the same names and dates. Hộ tịch knows an event from
the moment it registers it — before dân cư does (``events.seen_by_dan_cu``).

The registrar is the commune's People's Committee (Luật Hộ tịch Điều 13, 17, 32): named with its
district before 1 July 2025, and without one after, when the two-level government took over
(NĐ 120/2025/NĐ-CP; world_model_facts §8.2, invariant I19).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from mock_registries.data.admin_units import Address, Ward
from mock_registries.data.identity import CccdParts, format_cccd
from mock_registries.world.citizens import Relative, birth_place, relative
from mock_registries.world.keys import mix
from mock_registries.world.people import People

__all__ = ["BirthRecord", "DeathRecord", "MarriageRecord", "Registration", "registrar_name"]

TWO_LEVEL = date(2025, 7, 1)
_CAUSES = ("Bệnh", "Bệnh", "Bệnh", "Già yếu", "Già yếu", "Tai nạn")


def registrar_name(ward: Ward, day: date) -> str:
    district = ward.district
    if day >= TWO_LEVEL:
        return f"Ủy ban nhân dân {ward.name}, {district.province.name}"
    return f"Ủy ban nhân dân {ward.name}, {district.name}, {district.province.name}"


@dataclass(frozen=True, slots=True)
class Registration:
    number: str  # soDangKy
    book: str  # quyenSo
    page: str  # trangSo
    registered_at: datetime  # ngayDangKy
    registrar: str  # noiDangKy
    ward: Ward
    result_code: str  # maGiayToKetQua
    dossier: str | None  # the run's dossier, for events filed during the run


@dataclass(frozen=True, slots=True)
class BirthRecord:
    registration: Registration
    child: Relative
    male: bool
    birth_date: date
    birth_place: Address
    home_town: Address
    ethnicity: str
    father: Relative | None
    mother: Relative | None


@dataclass(frozen=True, slots=True)
class DeathRecord:
    registration: Registration
    person: Relative
    male: bool
    birth_date: date
    died_on: date
    place: Address
    cause: str


@dataclass(frozen=True, slots=True)
class MarriageRecord:
    registration: Registration
    husband: Relative
    husband_birth: date
    wife: Relative
    wife_birth: date


def _registration(
    people: People, kind: int, key: CccdParts, at: datetime, ward: Ward, dossier: str | None
) -> Registration:
    h = mix(people.seed if dossier is None else 0, kind, *key, len(dossier or ""))
    return Registration(
        number=f"{1 + h % 400}",
        book=f"{1 + (h >> 9) % 3:02d}/{at.year}",
        page=f"{1 + (h >> 11) % 200}",
        registered_at=at,
        registrar=registrar_name(ward, at.date()),
        ward=ward,
        result_code=f"KQ.G15.{(h >> 20) % 10**6:06d}",
        dossier=dossier,
    )


def birth_record(people: People, parts: CccdParts, now: datetime) -> BirthRecord | None:
    facts = people.facts
    if facts.kind(parts) is None or facts.birth_registered_at(parts) > now:
        return None
    born = facts.overlay.births.get(parts)
    place = birth_place(people, parts)
    lineage = facts.lineage(parts)
    at = facts.birth_registered_at(parts)
    dossier = born.dossier if born is not None else None
    return BirthRecord(
        registration=_registration(people, 51, parts, at, place.ward, dossier),
        child=Relative(format_cccd(parts), facts.name(parts)),
        male=parts.male,
        birth_date=facts.birth(parts),
        birth_place=place,
        home_town=lineage.home,
        ethnicity=lineage.ethnicity,
        father=relative(people, facts.father(parts)),
        mother=relative(people, facts.mother(parts)),
    )


def death_record(people: People, parts: CccdParts, now: datetime) -> DeathRecord | None:
    facts = people.facts
    death = facts.death(parts) if facts.kind(parts) is not None else None
    if death is None or death.registered_at > now:
        return None
    event = facts.overlay.deaths.get(parts)
    if event is not None:
        place, cause = event.place, event.cause
    else:
        link = people.membership(parts, death.registered_at)
        home = people.home(link.origin if link is not None else parts)
        place = Address(home.ward, "")
        cause = _CAUSES[mix(people.seed, 52, *parts) % len(_CAUSES)]
    return DeathRecord(
        registration=_registration(
            people, 53, parts, death.registered_at, place.ward, death.dossier
        ),
        person=Relative(format_cccd(parts), facts.name(parts)),
        male=parts.male,
        birth_date=facts.birth(parts),
        died_on=death.died_on,
        place=place,
        cause=cause,
    )


def marriage_record(people: People, parts: CccdParts, now: datetime) -> MarriageRecord | None:
    facts = people.facts
    union = facts.union(parts) if facts.kind(parts) is not None else None
    if union is None or union.registered_at > now:
        return None
    event = facts.overlay.marriages.get(parts)
    ward = event.place.ward if event is not None else people.home(union.husband).ward
    return MarriageRecord(
        registration=_registration(
            people, 54, union.husband, union.registered_at, ward, union.dossier
        ),
        husband=Relative(format_cccd(union.husband), facts.name(union.husband)),
        husband_birth=facts.birth(union.husband),
        wife=Relative(format_cccd(union.wife), facts.name(union.wife)),
        wife_birth=facts.birth(union.wife),
    )
