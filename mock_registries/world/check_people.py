"""The per-person invariants ``check.py`` counts (world_model_facts §10.2, I1–I11, I14, I17, I19)
and the ones the issue found broken: relatives that exist, households that agree from both
ends, names that fit their sex."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from mock_registries.data.identity import CccdParts, format_cccd
from mock_registries.world.check_rules import NEW_CLASSES, OLD_CLASSES, Counter, mask, office_hours
from mock_registries.world.citizens import Person
from mock_registries.world.licences import NEW_LAW, POLICE, minimum_age, validity
from mock_registries.world.people import DIVORCED, MARRIED, SINGLE, WIDOWED, age_on
from mock_registries.world.records import TWO_LEVEL
from mock_registries.world.world import World

__all__ = ["PersonChecks"]


class PersonChecks:
    def __init__(self, world: World, at: datetime, count: Counter) -> None:
        self.world, self.at, self.count = world, at, count

    def check(self, parts: CccdParts) -> None:
        cccd = format_cccd(parts)
        person = self.world.person(cccd, self.at)
        if person is None:
            return
        self.identity(parts, person)
        self.relatives(person)
        self.marriage(person)
        self.household(person)
        self.civil(person)
        self.licences(person)
        self.ownership(person)

    def identity(self, parts: CccdParts, person: Person) -> None:
        ex = mask(person.cccd)
        born = person.birth_date
        ok = born.year == parts.birth_year and person.male == parts.male
        ok = (
            ok
            and person.birth_registration_place.ward.district.province.code == parts.province_code
        )
        self.count("I1 CCCD matches sex, birth year and birth-registration province").add(ok, ex)
        name = person.name
        fits = (
            ("Thị" not in name.middle.split())
            if person.male
            else ("Văn" not in name.middle.split())
        )
        self.count("names fit the sex (no 'Nguyễn Thị Khoa')").add(fits, ex)
        if person.cmnd is not None:
            back = self.world.holder_of_cmnd(person.cmnd)
            self.count("CMND ↔ số định danh both ways").add(back == person.cccd, ex)
        if person.card_issued is not None:
            ok = age_on(born, person.card_issued) >= 14 and person.card_issued <= self.at.date()
            self.count("NgayCapCCCD from age 14, not in the future").add(ok, ex)
        alive = person.alive
        has_home = person.permanent_address is not None
        self.count("I2 the living have exactly one thường trú").add(has_home or not alive, ex)
        if person.died_on is not None:
            self.count("I3 death not before birth").add(person.died_on >= born, ex)

    def relatives(self, person: Person) -> None:
        ex = mask(person.cccd)
        refs = (person.father, person.mother, person.spouse, person.head, person.representative)
        for ref in refs:
            if ref is None:
                continue
            other = self.world.person(ref.cccd, self.at)
            ok = other is not None and other.name.full == ref.name.full
            self.count("relatives named in dân cư exist there, same name").add(ok, ex)
        for ref, female in ((person.father, False), (person.mother, True)):
            if ref is None:
                continue
            parent = self.world.person(ref.cccd, self.at)
            if parent is None:
                continue
            age = age_on(parent.birth_date, person.birth_date)
            ok = parent.male != female and age >= 15 and (not female or age <= 50)
            died = parent.died_on
            ok = ok and (died is None or died >= person.birth_date - timedelta(days=300))
            self.count("I5 parents 15+ at the birth, mother ≤50, alive").add(ok, ex)

    def marriage(self, person: Person) -> None:
        ex = mask(person.cccd)
        status = person.marital_status
        self.count("I8 marital status is one of 1–4").add(
            status in (SINGLE, MARRIED, DIVORCED, WIDOWED), ex
        )
        record = self.world.marriage_record(person.cccd, self.at)
        if status == MARRIED and person.alive:
            spouse = self.world.person(person.spouse.cccd, self.at) if person.spouse else None
            ok = (
                spouse is not None
                and spouse.spouse is not None
                and spouse.spouse.cccd == person.cccd
            )
            ok = ok and spouse is not None and spouse.alive and spouse.marital_status == MARRIED
            other = (
                self.world.marriage_record(person.spouse.cccd, self.at) if person.spouse else None
            )
            ok = ok and record is not None and record == other
            self.count("I7 spouses reference each other with one marriage").add(ok, ex)
        if record is not None:
            day = record.registration.registered_at.date()
            husband, wife = record.husband_birth, record.wife_birth
            ok = age_on(husband, day) >= 20 and age_on(wife, day) >= 18
            ok = ok and record.husband.cccd[3] in "02" and record.wife.cccd[3] in "13"
            ok = ok and (person.died_on is None or person.died_on >= day)
            self.count("I6 at marriage: man ≥20, woman ≥18, opposite sex, alive").add(ok, ex)
            self.count("I17 registrations in office hours on working days").add(
                office_hours(record.registration.registered_at), ex
            )
            if status == WIDOWED:
                late = self.world.person(
                    record.wife.cccd if person.male else record.husband.cccd, self.at
                )
                self.count("I8 a widow's spouse is dead").add(
                    late is not None and not late.alive, ex
                )
        elif status != SINGLE:
            self.count("I8 married, divorced or widowed people have a marriage record").add(
                False, ex
            )

    def household(self, person: Person) -> None:
        ex = mask(person.cccd)
        if person.head is None:
            return
        house = self.world.household(person.head.cccd, self.at)
        ok = house is not None and any(m.person.cccd == person.cccd for m in house.members)
        ok = ok and house is not None and house.number == person.household_number
        self.count("households agree from both ends (ChuHo ↔ members)").add(ok, ex)
        if house is not None:
            minors_alone = (
                house.head.cccd == person.cccd and age_on(person.birth_date, self.at.date()) < 15
            )
            self.count("no child under 15 heads a household").add(not minors_alone, ex)

    def civil(self, person: Person) -> None:
        ex = mask(person.cccd)
        record = self.world.birth_record(person.cccd, self.at)
        ok = record is not None and record.child.cccd == person.cccd
        ok = ok and record is not None and record.child.name.full == person.name.full
        ok = ok and record is not None and record.birth_date == person.birth_date
        ok = (
            ok
            and record is not None
            and record.registration.registered_at.date() >= person.birth_date
        )
        ok = (
            ok
            and record is not None
            and record.birth_place.ward == person.birth_registration_place.ward
        )
        self.count("I4 birth record: same số định danh, name, date; registered after").add(ok, ex)
        if record is not None:
            self.count("I17 registrations in office hours on working days").add(
                office_hours(record.registration.registered_at), ex
            )
            two_level = record.registration.registered_at.date() >= TWO_LEVEL
            district = record.registration.ward.district.name
            ok = not two_level or district not in record.registration.registrar
            self.count("I19 no district-level registrar from 1/7/2025").add(ok, ex)
        death = self.world.death_record(person.cccd, self.at)
        if person.died_on is not None:
            ok = death is not None and death.died_on == person.died_on
            self.count("I3 a death seen in dân cư has its khai tử record").add(ok, ex)

    def licences(self, person: Person) -> None:
        ex = mask(person.cccd)
        for licence in self.world.licences_of(person.cccd, self.at):
            same = licence.holder.name.full == person.name.full
            same = same and licence.holder_birth == person.birth_date
            self.count("I11 GPLX holder = dân cư person (name, birth)").add(same, ex)
            back = self.world.licence(licence.number, self.at)
            self.count("GPLX number ↔ holder both ways").add(
                back is not None and back.holder.cccd == person.cccd, ex
            )
            for klass in licence.classes:
                self._licence_class(
                    person, klass.klass, klass.regime, klass.issued, klass.expires, klass.issuer, ex
                )

    def _licence_class(
        self, person: Person, klass: str, regime: str, issued: date, expires: date | None,
        issuer: str, ex: str,
    ) -> None:  # fmt: skip
        minimum = minimum_age(klass, regime)
        self.count("I9 licence holder old enough for the class").add(
            age_on(person.birth_date, issued) >= minimum, ex
        )
        expected = validity(klass, regime, issued, person.birth_date, person.male)
        classes = NEW_CLASSES if issued >= NEW_LAW else OLD_CLASSES
        ok = (
            expected == expires
            and klass in classes
            and regime == ("2024" if issued >= NEW_LAW else "2008")
        )
        self.count("I10 expiry and classes by the law at issue").add(ok, ex)
        police = issuer.startswith("Phòng Cảnh sát")
        self.count("I10 issuer: Sở GTVT before 1/3/2025, police after").add(
            police == (issued >= POLICE), ex
        )
        self.count("I3 nothing dated after death (licences)").add(
            person.died_on is None or issued <= person.died_on, ex
        )

    def ownership(self, person: Person) -> None:
        dntn, hkd = self.world.owned_by(person.cccd, self.at)
        ok = not (dntn and hkd)
        for code in (dntn, hkd):
            if code is not None:
                found = self.world.enterprise(code, self.at)
                ok = ok and found is not None and found.members[0].person is not None
                ok = ok and found is not None and found.members[0].person.cccd == person.cccd  # type: ignore[union-attr]
        self.count("I14 at most one DNTN and one HKD, never both").add(ok, mask(person.cccd))
