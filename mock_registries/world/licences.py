"""Driving licences (GPLX): one card per person, its classes by the law in force at issue.

Numbering [INF; the real one is unpublished, world_model_facts §7.4]: 12 digits — the issuing
province's GSO code (the holder's birth-registration province), nine digits that encode the
holder (birth year 1920–2019, sex, serial, through a keyed permutation) and a Luhn check digit.
So a number names exactly one holder and a holder one number: ``licences_of`` and ``licence``
agree by construction, and a random 12-digit string is mostly "not issued".

Law (world_model_facts §7): from 1 January 2025 the 15 classes of Luật 36/2024 (Điều 57, 59):
A1, A, B1, B, C1 from 18; C, BE from 21; D1, D2, C1E, CE from 24; D, D1E, D2E, DE from 27;
A1/A/B1 never expire, B/C1 last 10 years, the rest 5; bus classes D and DE end at 57 (men) /
55 (women). Before 2025 the 2008 law and TT 12/2017: A1, A2 no expiry; B2 10 years; B1 to age 60
(men) / 55 (women), or 10 years if issued after 50 / 45; C, D, E 5 years, E ending at 55 / 50;
minimum ages 18 (A1, A2, B1, B2), 21 (C), 24 (D), 27 (E). A renewal after 2025 converts old
classes (Điều 89: B1 → B, B2 → B, C → C, D → D2, E → D). Issuer: the provincial Sở Giao thông
vận tải until 28 February 2025, the police (Phòng CSGT) from 1 March 2025 (NĐ 02/2025).
Holding shares are [INF] (no statistic found): a motorbike class for ≈75 % of men and 60 % of
women, a car class for ≈16 % / 5 %, a professional class for a quarter of male car drivers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mock_registries.data import fixtures
from mock_registries.data.admin_units import province as province_named
from mock_registries.data.identity import PROVINCE_CODES, CccdParts, format_cccd
from mock_registries.world.calendar import next_working_day
from mock_registries.world.citizens import Relative, relative
from mock_registries.world.facts import FIXED_PEOPLE, Facts, to_parts
from mock_registries.world.keys import mix
from mock_registries.world.people import People

__all__ = ["Licence", "LicenceClass", "Licences", "luhn_digit", "minimum_age", "validity"]

NEW_LAW, POLICE = date(2025, 1, 1), date(2025, 3, 1)
_FIRST_YEAR, _HOLDERS = 1920, 2 * 10**8
_MIN_AGE = {
    "2024": {"C": 21, "BE": 21, "D1": 24, "D2": 24, "C1E": 24, "CE": 24, "D": 27, "D1E": 27,
             "D2E": 27, "DE": 27},
    "2008": {"C": 21, "FB2": 21, "D": 24, "FC": 24, "E": 27, "FD": 27, "FE": 27},
}  # fmt: skip
_CONVERT = {"B1": "B", "B2": "B", "C": "C", "D": "D2", "E": "D", "A2": "A"}
_OLD_PRO = (("C", 21, 70), ("D", 24, 20), ("E", 27, 10))
_NEW_PRO = (("C1", 18, 40), ("C", 21, 40), ("D2", 24, 15), ("D", 27, 5))


@dataclass(frozen=True, slots=True)
class LicenceClass:
    klass: str  # HangGPLX
    regime: str  # "2008" (Luật GTĐB 2008) or "2024" (Luật TTATGTĐB 2024)
    passed: date  # NgayTrungTuyen
    issued: date  # NgayCapGPLX
    expires: date | None  # NgayHHGPLX (None: no expiry)
    issuer: str  # NoiCapGPLX


@dataclass(frozen=True, slots=True)
class Licence:
    number: str  # SoGPLX
    holder: Relative
    holder_birth: date
    holder_male: bool
    classes: tuple[LicenceClass, ...]
    serial: str  # SoSeri (printed card)
    state: str  # Còn hiệu lực / Hết hạn / Thu hồi (người được cấp đã chết)
    points: int  # 12 under the 2024 law

    @property
    def issued(self) -> date:
        return max(c.issued for c in self.classes)


def minimum_age(klass: str, regime: str) -> int:
    """Điều 59 of Luật 36/2024 or Điều 60 of Luật GTĐB 2008: 18 unless listed."""
    return _MIN_AGE[regime].get(klass, 18)


def birthday(birth: date, years: int) -> date:
    """The day one turns ``years`` (1 March for those born on 29 February)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def luhn_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def issuer(province: int, day: date) -> str:
    name = province_named(province).name
    if day >= POLICE:
        return f"Phòng Cảnh sát giao thông Công an {name}"
    return f"Sở Giao thông vận tải {name.removeprefix('Tỉnh ').removeprefix('Thành phố ')}"


def validity(klass: str, regime: str, issued: date, birth: date, male: bool) -> date | None:
    def at_age(age: int) -> date:
        return birthday(birth, age)

    def years(n: int) -> date:
        return issued.replace(year=issued.year + n, day=min(issued.day, 28))

    if regime == "2024":
        if klass in ("A1", "A", "B1"):
            return None
        end = years(10) if klass in ("B", "C1") else years(5)
        return min(end, at_age(57 if male else 55)) if klass in ("D", "DE") else end
    if klass in ("A1", "A2"):
        return None
    if klass == "B1":
        late = issued >= at_age(50 if male else 45)
        return years(10) if late else at_age(60 if male else 55)
    if klass == "B2":
        return years(10)
    return min(years(5), at_age(55 if male else 50)) if klass == "E" else years(5)


class Licences:
    def __init__(self, people: People) -> None:
        self.people = people
        self.facts: Facts = people.facts
        self.seed = people.seed
        # Set by the world: the day the holder's listed renewal dossier was approved.
        self.renewals: Callable[[CccdParts, datetime], date | None] | None = None

    def _permute(self, province: int, value: int, inverse: bool = False) -> int:
        a = 2 * (mix(self.seed, 61, province) % 10**6) + 1
        a += 2 if a % 5 == 0 else 0
        b = mix(self.seed, 62, province) % _HOLDERS
        if inverse:
            return pow(a, -1, _HOLDERS) * (value - b) % _HOLDERS
        return (a * value + b) % _HOLDERS

    def number_of(self, parts: CccdParts) -> str | None:
        if not 0 <= parts.birth_year - _FIRST_YEAR < 100:
            return None
        holder = ((parts.birth_year - _FIRST_YEAR) * 2 + parts.male) * 10**6 + parts.serial
        body = f"{parts.province_code:02d}{self._permute(parts.province_code, holder):09d}"
        return f"{body}{luhn_digit(body)}"

    def holder_of(self, number: str) -> CccdParts | None:
        if len(number) != 12 or not number.isascii() or not number.isdigit():
            return None
        province = int(number[:2])
        if province not in PROVINCE_CODES or luhn_digit(number[:11]) != int(number[11]):
            return None
        value = int(number[2:11])
        if value >= _HOLDERS:
            return None
        year_male, serial = divmod(self._permute(province, value, inverse=True), 10**6)
        year, male = divmod(year_male, 2)
        return CccdParts(province, _FIRST_YEAR + year, bool(male), serial)

    # --- look-ups ---------------------------------------------------------------------------
    def licence(self, number: str, at: datetime) -> Licence | None:
        fixed = fixtures.LICENCES.get(number)
        if fixed is not None:
            return self._fixed(number, fixed, at)
        holder = self.holder_of(number)
        if holder is None or not self.facts.generated(holder):
            return None
        if not self.people.exists(holder, at):
            return None
        classes = self._classes(holder, at.date())
        renewed = self.renewals(holder, at) if self.renewals is not None and classes else None
        if renewed is not None:
            classes = [self._reissue(holder, c, renewed) for c in classes]
        return None if not classes else self._card(number, holder, classes, at, renewed)

    def licences_of(self, parts: CccdParts, at: datetime) -> tuple[Licence, ...]:
        cid = format_cccd(parts)
        if cid in fixtures.CITIZENS:
            fixed = [n for n, f in fixtures.LICENCES.items() if f.holder == cid]
            return tuple(x for n in fixed if (x := self.licence(n, at)) is not None)
        number = self.number_of(parts)
        found = self.licence(number, at) if number is not None else None
        return (found,) if found is not None else ()

    def _fixed(self, number: str, fixed: fixtures.FixedLicence, at: datetime) -> Licence | None:
        holder = to_parts(fixed.holder)
        assert holder is not None
        regime = "2024" if fixed.issued >= NEW_LAW else "2008"
        passed = fixed.issued - timedelta(days=14)
        place = issuer(int(number[:2]), fixed.issued)
        klass = LicenceClass(
            fixed.licence_class, regime, passed, fixed.issued, fixed.expires, place
        )
        return self._card(number, holder, [klass], at)

    def _reissue(self, holder: CccdParts, held: LicenceClass, day: date) -> LicenceClass:
        """A class on the card re-issued on ``day`` (a renewal dossier's result)."""
        if held.issued >= day:
            return held
        klass, regime = held.klass, held.regime
        if day >= NEW_LAW and regime == "2008":
            klass, regime = _CONVERT.get(klass, klass), "2024"
        expires = validity(klass, regime, day, self.facts.birth(holder), holder.male)
        if expires is not None and expires <= day:
            return held  # past the class's age limit: not renewable
        place = issuer(holder.province_code, day)
        return LicenceClass(klass, regime, held.passed, day, expires, place)

    def _card(
        self, number: str, holder: CccdParts, classes: list[LicenceClass], at: datetime,
        renewed: date | None = None,
    ) -> Licence:  # fmt: skip
        who = relative(self.people, holder)
        assert who is not None
        today = at.date()
        dead = self.people.death_seen(holder, at) is not None
        valid = any(c.expires is None or c.expires >= today for c in classes)
        state = (
            "Thu hồi (người được cấp đã chết)" if dead else "Còn hiệu lực" if valid else "Hết hạn"
        )
        fixed = holder in FIXED_PEOPLE  # the same card under every seed, a clean record
        seed = 0 if fixed else self.seed
        h = mix(seed, 63, *holder)
        points = 12 - (0 if today < NEW_LAW or fixed else (0, 0, 0, 0, 2, 4, 6)[h % 7])
        if renewed is not None:  # a new card, a new serial
            h = mix(seed, 67, *holder, renewed.toordinal())
        return Licence(
            number, who, self.facts.birth(holder), holder.male, tuple(classes),
            f"{h % 10**11:011d}", state, points,
        )  # fmt: skip

    # --- the plan ---------------------------------------------------------------------------
    def _classes(self, holder: CccdParts, today: date) -> list[LicenceClass]:
        """The holder's classes as of ``today``: first issue, renewals, conversions."""
        birth, male = self.facts.birth(holder), holder.male
        death = self.facts.lives.death(holder)
        h = mix(self.seed, 64, *holder)
        draws = [((h >> (8 * k)) & 0xFF) / 256 for k in range(8)]
        found = []
        if draws[0] < (0.75 if male else 0.6):
            age = 18 + int(-4 * _log(draws[1]))
            found.append(self._first(holder, "A1", "A1", birth, age, draws[2], today, death))
        if draws[3] < (0.16 if male else 0.05):
            age = 19 + int(draws[4] * 20)
            old = "B2" if draws[5] < 0.85 else "B1"
            found.append(self._first(holder, old, "B", birth, age, draws[6], today, death))
            if male and draws[7] < 0.25:
                found.append(self._professional(holder, birth, age, h, today, death))
        return [c for c in found if c is not None]

    def _first(
        self, holder: CccdParts, old: str, new: str, birth: date, age: int, draw: float,
        today: date, death: date,
    ) -> LicenceClass | None:  # fmt: skip
        issued = birthday(birth, age)
        issued = next_working_day(max(issued, date(1996, 1, 2)) + timedelta(days=int(draw * 300)))
        return self._renewed(holder, old if issued < NEW_LAW else new, issued, today, death)

    def _professional(
        self, holder: CccdParts, birth: date, base_age: int, h: int, today: date, death: date
    ) -> LicenceClass | None:
        table: tuple[tuple[str, int, int], ...] = _OLD_PRO
        age = base_age + 3 + (h >> 40) % 8
        issued = next_working_day(birthday(birth, age))
        if issued >= NEW_LAW:
            table = _NEW_PRO
        weights = [w for *_, w in table]
        pick = (h >> 48) % sum(weights)
        for klass, minimum, weight in table:
            if pick < weight:
                if age < minimum:
                    issued = next_working_day(birthday(birth, minimum) + timedelta(days=40))
                return self._renewed(holder, klass, issued, today, death)
            pick -= weight
        return None

    def _renewed(
        self, holder: CccdParts, klass: str, issued: date, today: date, death: date
    ) -> LicenceClass | None:
        """Follow renewals (85 % renew at expiry) up to ``today``; convert after 2025."""
        if issued > today or issued >= death:
            return None
        birth, male = self.facts.birth(holder), holder.male
        regime = "2024" if issued >= NEW_LAW else "2008"
        expires = validity(klass, regime, issued, birth, male)
        renewals = 0
        while expires is not None and expires < today and renewals < 12:
            renewed = next_working_day(expires - timedelta(days=20))
            if mix(self.seed, 65, *holder, renewals) % 100 >= 85 or renewed >= death:
                break
            if klass in ("D", "DE") and regime == "2024":
                break  # bus classes end at the age limit
            issued, renewals = renewed, renewals + 1
            if issued >= NEW_LAW and regime == "2008":
                klass, regime = _CONVERT.get(klass, klass), "2024"
            expires = validity(klass, regime, issued, birth, male)
        passed = issued - timedelta(days=7 + mix(self.seed, 66, *holder) % 20)
        return LicenceClass(
            klass, regime, passed, issued, expires, issuer(holder.province_code, issued)
        )


def _log(value: float) -> float:
    return math.log(max(value, 1e-6))
