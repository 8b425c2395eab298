"""Driving licences (GPLX) and licence-renewal dossiers, derived from their numbers.

A 12-digit licence number starts with the GSO code of the issuing province; its holder is a
citizen of that province from the dân cư mock (same seed ⇒ same name there). Classes follow the
law in force at issue: the old A1…FE set before 01/01/2025, the 15 classes of Luật TTATGTĐB 2024
after. A renewal (cấp đổi) dossier ``000.00.00.G18-yyMMdd-NNNN`` concerns one licence and
follows the DVCQG lifecycle; its result file exists once it has a result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mock_registries.data import fixtures
from mock_registries.data.admin_units import PROVINCES, province
from mock_registries.data.citizens import Population
from mock_registries.data.dossiers import DA_XU_LY_XONG, DailyNumbering, Lifecycle, plan_lifecycle
from mock_registries.data.identity import (
    PROVINCE_CODES,
    CccdParts,
    format_cccd,
    is_not_found,
    parse_cccd,
    rng_for,
)
from mock_registries.data.names import PersonName

__all__ = [
    "RENEWAL_FEE",
    "Licence",
    "LicenceBook",
    "RenewalDossier",
    "RenewalDossiers",
    "parse_licence_number",
]

NEW_LAW = date(2025, 1, 1)
# (class, share, validity in years or None for no expiry)
_OLD_CLASSES = (("A1", 55, None), ("A2", 3, None), ("B1", 4, 10), ("B2", 25, 10), ("C", 8, 5),
                ("D", 2, 5), ("E", 1, 5), ("FC", 2, 5))  # fmt: skip
_NEW_CLASSES = (("A1", 50, None), ("A", 5, None), ("B", 32, 10), ("C1", 6, 10), ("C", 4, 5),
                ("D2", 2, 5), ("CE", 1, 5))  # fmt: skip
VALID, EXPIRED, REVOKED = "Còn hiệu lực", "Hết hạn", "Bị thu hồi"
UNIT = "000.00.00.G18"
RENEWAL_PROCEDURE = ("1.002804", "Đổi giấy phép lái xe do ngành Công an cấp")
RENEWAL_WORKING_DAYS = 5


def parse_licence_number(value: str) -> int | None:
    """The issuing province of a well-formed 12-digit licence number, or ``None``."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return None
    code = int(value[:2])
    return code if code in PROVINCE_CODES else None


@dataclass(frozen=True, slots=True)
class Licence:
    number: str
    holder_id: str
    holder_name: PersonName
    holder_birth: date | None
    holder_birth_year: int
    male: bool
    licence_class: str
    passed: date
    issued: date
    expires: date | None
    issuer: str
    serial: str
    state: str
    points: int


class LicenceBook:
    def __init__(self, population: Population, not_found_ratio: float) -> None:
        self.population = population
        self.seed = population.seed
        self.not_found_ratio = not_found_ratio

    def get(self, number: str, today: date) -> Licence | None:
        code = parse_licence_number(number)
        if code is None:
            return None
        fixed = fixtures.LICENCES.get(number)
        if fixed is None and is_not_found(self.seed, "licence", number, self.not_found_ratio):
            return None
        rng = rng_for(self.seed, "licence", number)
        if fixed is not None:
            holder = fixed.holder
            klass, issued, expires = fixed.licence_class, fixed.issued, fixed.expires
        else:
            holder = format_cccd(
                CccdParts(code, rng.randint(today.year - 75, today.year - 19), rng.random() < 0.6,
                          rng.randrange(10**6))
            )  # fmt: skip
            klass, issued, expires = self._class_and_dates(rng, holder, today)
        holder_parts = parse_cccd(holder)
        assert holder_parts is not None
        expired = expires is not None and expires < today
        revoked = fixed is None and rng.random() < 0.02
        return Licence(
            number=number,
            holder_id=holder,
            holder_name=self.population.name_of(holder),
            holder_birth=fixed_birth(self.population, holder, today),
            holder_birth_year=holder_parts.birth_year,
            male=holder_parts.male,
            licence_class=klass,
            passed=issued - timedelta(days=rng.randint(7, 30)),
            issued=issued,
            expires=expires,
            issuer=f"Sở GTVT {province(code).name.removeprefix('Tỉnh ')}"
            if issued < NEW_LAW
            else f"Công an {province(code).name}",
            serial=f"{rng.randrange(10**11):011d}",
            state=REVOKED if revoked else EXPIRED if expired else VALID,
            points=0 if revoked else 12 - (0 if fixed else rng.choice((0, 0, 0, 0, 2, 4, 6))),
        )

    @staticmethod
    def _class_and_dates(
        rng: random.Random, holder: str, today: date
    ) -> tuple[str, date, date | None]:
        parts = parse_cccd(holder)
        assert parts is not None
        adult = date(parts.birth_year + 18, 6, 1)
        first = max(adult, date(1995, 1, 1))
        issued = first + timedelta(days=rng.randint(0, max(0, (today - first).days)))
        table = _NEW_CLASSES if issued >= NEW_LAW else _OLD_CLASSES
        klass, _, years = rng.choices(table, weights=[c[1] for c in table])[0]
        expires = (
            None
            if years is None
            else issued.replace(year=issued.year + years, day=min(issued.day, 28))
        )
        return klass, issued, expires


_CLINICS = ("Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế huyện", "Phòng khám Đa khoa Medlatec",
            "Bệnh viện Giao thông vận tải")  # fmt: skip
_REASONS = ("GPLX hết hạn sử dụng", "GPLX bị hỏng", "Đổi GPLX PET", "Thay đổi thông tin cá nhân")
RENEWAL_FEE = 135_000  # lệ phí đổi GPLX (Thông tư 37/2023/TT-BTC)


@dataclass(frozen=True, slots=True)
class RenewalDossier:
    code: str
    licence_number: str
    lifecycle: Lifecycle
    by_post: bool
    exam_day: date
    clinic: str
    reason: str
    online: bool

    def result_path(self, now: datetime) -> str | None:
        if self.lifecycle.first(DA_XU_LY_XONG, now) is None:
            return None
        return f"{self.code}/KQ1.pdf"


class RenewalDossiers:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.numbering = DailyNumbering(seed, UNIT, 200, 600)

    def get(self, code: str, now: datetime) -> RenewalDossier | None:
        received = self.numbering.received(code, now)
        if received is None:
            return None
        rng = rng_for(self.seed, "gplx-dossier", code)
        issuer = rng.choice(PROVINCES).code
        number = f"{issuer:02d}{rng.randrange(10**10):010d}"
        lifecycle = plan_lifecycle(rng, received, RENEWAL_WORKING_DAYS)
        by_post = rng.random() < 0.4
        return RenewalDossier(
            code=code,
            licence_number=number,
            lifecycle=lifecycle,
            by_post=by_post,
            exam_day=received.date() - timedelta(days=rng.randint(1, 60)),
            clinic=rng.choice(_CLINICS),
            reason=rng.choice(_REASONS),
            online=rng.random() < 0.7,
        )


def fixed_birth(population: Population, holder: str, today: date) -> date | None:
    """The holder's date of birth as dân cư knows it (``None`` for its not-found share)."""
    citizen = population.get(holder, today)
    return None if citizen is None else citizen.birth_date
