"""The citizen record: every fact the C06 ``CongDan`` element (20 fields) and its JSON views carry.

``Person`` is what a dân cư view maps to the wire; its fields are named for what they mean, the
C06 element each feeds is in the comment. Relatives are references (number and name) to people
who exist in the same world, so a view can look each of them up and find the same name.

Beside the 20 fields, the JSON view carries four of Luật Căn cước 2023 (``identity.py``): the
phone number, the card's issue date and the parents' dates of birth; and a citizen who held the
old 9-digit CMND keeps its number (``SoCMND``), found again by :meth:`World.person_by_cmnd`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import NamedTuple, cast

from mock_registries.data.admin_units import Address
from mock_registries.data.identity import CccdParts
from mock_registries.world.ethnicity import ETHNIC_NAMES, RELIGIONS
from mock_registries.world.identity import card_issued, cmnd_of, phone_of
from mock_registries.world.keys import record_maker
from mock_registries.world.names import Name
from mock_registries.world.people import MARRIED, People, age_on

__all__ = ["Person", "Relative", "build_person"]


class Relative(NamedTuple):
    """A reference to another person (C06 ``Cha``/``Me``/``VoChong``/``NguoiDaiDien``/``ChuHo``)."""

    cccd: str
    name: Name
    nationality: str = "VN"


_new_relative = cast(Callable[[tuple[str, Name, str]], Relative], partial(tuple.__new__, Relative))


class Person(NamedTuple):
    cccd: str  # SoDinhDanh
    cmnd: str | None  # SoCMND (the 9-digit card of those born by 2001 who had one)
    name: Name  # HoVaTen
    male: bool  # GioiTinh 1/2
    birth_date: date  # NgayThangNamSinh
    ethnicity: str  # DanToc (GSO code)
    religion: str  # TonGiao
    marital_status: str  # TinhTrangHonNhan: 1 single, 2 married, 3 divorced, 4 widowed
    blood_group: str  # NhomMau ("00" unknown)
    birth_registration_place: Address  # NoiDangKyKhaiSinh (commune level: street "")
    home_town: Address  # QueQuan
    nationality: str  # QuocTich
    permanent_address: Address | None  # ThuongTru (None once removed after death)
    current_address: Address | None  # NoiOHienTai
    father: Relative | None  # Cha
    mother: Relative | None  # Me
    spouse: Relative | None  # VoChong (the current spouse)
    representative: Relative | None  # NguoiDaiDien (a minor's parent)
    head: Relative | None  # ChuHo
    relation_to_head: str | None  # ChuHo.QuanHe
    household_number: str | None  # SoSoHoKhau
    died_on: date | None  # not among the 20 fields; C06 keeps the date of death
    phone: str  # SoDienThoai
    card_issued: date | None  # NgayCapCCCD (None: no card yet, under 14)
    father_birth: date | None  # NgaySinhCha
    mother_birth: date | None  # NgaySinhMe

    @property
    def alive(self) -> bool:
        return self.died_on is None

    @property
    def ethnicity_name(self) -> str:
        return ETHNIC_NAMES.get(self.ethnicity, "")

    @property
    def religion_name(self) -> str:
        return RELIGIONS.get(self.religion, "")


_new_address = record_maker(Address)
_new_person = record_maker(Person)  # fields in order: a class call takes 26 keywords as a dict


def relative(people: People, parts: CccdParts | None) -> Relative | None:
    if parts is None:
        return None
    return _new_relative((people.facts.number(parts), people.facts.name(parts), "VN"))


def build_person(people: People, parts: CccdParts, now: datetime) -> Person | None:
    """``parts``'s record as dân cư shows it at ``now`` (None: not issued, not yet known)."""
    if not people.exists(parts, now):
        return None
    facts = people.facts
    birth = facts.birth(parts)
    lineage = facts.lineage(parts)
    status, spouse = people.marital(parts, now)
    link = people.membership(parts, now, (status, spouse))
    father, mother = facts.father(parts), facts.mother(parts)
    representative = None
    if age_on(birth, now.date()) < 18:
        guardian = next(
            (p for p in (father, mother) if p is not None and not people.death_seen(p, now)),
            link.head if link is not None and link.head != parts else None,
        )
        representative = relative(people, guardian)
    permanent = current = None
    if link is not None:
        permanent = people.home(link.origin)
        current = people.current_home(parts, link, now)
    generated = facts.generated(parts)  # not fixed, not registered during the run
    seed = facts.seed if generated else 0
    return _new_person(
        (
            facts.number(parts),  # cccd
            cmnd_of(people, parts),  # cmnd
            facts.name(parts),  # name
            parts.male,  # male
            birth,  # birth_date
            lineage.ethnicity,  # ethnicity
            lineage.religion,  # religion
            status,  # marital_status
            facts.lives.blood_group(parts) if generated else "00",  # blood_group
            birth_place(people, parts),  # birth_registration_place
            lineage.home,  # home_town
            "VN",  # nationality
            permanent,  # permanent_address
            current,  # current_address
            relative(people, father),  # father
            relative(people, mother),  # mother
            relative(people, spouse) if status == MARRIED else None,  # spouse
            representative,  # representative
            relative(people, link.head) if link is not None else None,  # head
            link.relation if link is not None else None,  # relation_to_head
            people.household_number(link.origin) if link is not None else None,  # household_number
            people.death_seen(parts, now),  # died_on
            phone_of(seed, parts),  # phone
            card_issued(seed, parts, birth, now.date()),  # card_issued
            None if father is None else facts.birth(father),  # father_birth
            None if mother is None else facts.birth(mother),  # mother_birth
        )
    )


def birth_place(people: People, parts: CccdParts) -> Address:
    """The commune that registered the birth: the parents' home then (Luật Hộ tịch Điều 13)."""
    births = people.facts.overlay.births  # empty in most runs: no key to hash then
    born = births.get(parts) if births else None
    if born is not None:
        return _new_address((born.place.ward, ""))
    father = people.facts.father(parts)
    return _new_address((people.home(parts if father is None else father).ward, ""))
