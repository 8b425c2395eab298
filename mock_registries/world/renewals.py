"""GPLX renewal (cấp đổi) dossiers of the DVC GPLX system, tied to the world's licences.

Each day the unit ``000.00.00.G18`` receives a seeded number of renewal dossiers
(``000.00.00.G18-yyMMdd-NNNN``, ``lifecycles.DailyNumbering``). A dossier slot (day, number)
and a licence holder are two ends of one bijection: the slot picks a province and a keyed
affine permutation of the slot gives the holder's birth year (1950–2005), sex and serial — so
the holder decodes back to the slot. A dossier therefore concerns a world licence, and the
licence knows its dossier: once the renewal is approved, the card is re-issued that day (new
serial; every class re-issued on that day with its validity by the law then in force, old
classes converted after 2025 — ``Licences``). A slot whose holder does not exist, holds no
licence at receipt, or dies before the result is returned holds no dossier: numbers have gaps.

The reason follows the licence: "hết hạn" when a class has expired or expires within three
months of the receipt, otherwise a damaged card, a change of personal details or a PET card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from mock_registries.data.identity import PROVINCE_CODES, CccdParts, rng_for
from mock_registries.world.keys import mix
from mock_registries.world.lifecycles import (
    DA_XU_LY_XONG,
    DailyNumbering,
    Lifecycle,
    SlotDossiers,
    plan_lifecycle,
)
from mock_registries.world.slots import SlotBijection

if TYPE_CHECKING:
    from mock_registries.world.licences import Licence, Licences

__all__ = ["RENEWAL_FEE", "UNIT", "RenewalDossier", "Renewals"]

UNIT = "000.00.00.G18"
RENEWAL_WORKING_DAYS = 5
RENEWAL_FEE = 135_000  # lệ phí đổi GPLX (Thông tư 37/2023/TT-BTC)
_SLOTS_PER_DAY = 1024
_FIRST_YEAR, _YEARS = 1950, 56
_SPACE = _YEARS * 2 * 10**6
_PRIMES = (1_000_003, 1_000_033, 1_000_037, 1_000_039, 1_000_081, 1_000_099)
_PROVINCES = tuple(sorted(PROVINCE_CODES))
_CLINICS = ("Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế huyện", "Phòng khám Đa khoa Medlatec",
            "Bệnh viện Giao thông vận tải")  # fmt: skip
_EXPIRED = "GPLX hết hạn sử dụng"
_OTHER_REASONS = ("GPLX bị hỏng", "Đổi GPLX PET", "Thay đổi thông tin cá nhân")


@dataclass(frozen=True, slots=True)
class RenewalDossier:
    code: str
    holder: CccdParts
    licence: Licence  # as it stood when the dossier was received
    lifecycle: Lifecycle
    by_post: bool
    exam_day: date
    clinic: str
    reason: str
    online: bool

    @property
    def licence_number(self) -> str:
        return self.licence.number

    def result_path(self, now: datetime) -> str | None:
        if self.lifecycle.first(DA_XU_LY_XONG, now) is None:
            return None
        return f"{self.code}/KQ1.pdf"


class Renewals(SlotDossiers[RenewalDossier, CccdParts]):
    def __init__(self, seed: int, licences: Licences) -> None:
        self.seed = seed
        self.licences = licences
        self.numbering = DailyNumbering(seed, UNIT, 200, 600)
        affine: dict[int, tuple[int, int]] = {}
        for province in _PROVINCES:
            prime = _PRIMES[mix(seed, 92, province) % len(_PRIMES)]
            affine[province] = (prime, mix(seed, 93, province))
        self.slots = SlotBijection(
            seed, 91, _PROVINCES, affine, _SPACE, _SLOTS_PER_DAY, self.numbering.count
        )
        self.at_slot = lru_cache(maxsize=8192)(self._at_slot)
        self.lifecycle = lru_cache(maxsize=8192)(self._lifecycle)

    # --- slot <-> holder --------------------------------------------------------------------
    def holder_of(self, day: date, number: int) -> CccdParts | None:
        encoded = self.slots.encode(day, number)
        if encoded is None:
            return None
        province, value = encoded
        year_male, serial = divmod(value, 10**6)
        year, male = divmod(year_male, 2)
        return CccdParts(province, _FIRST_YEAR + year, bool(male), serial)

    def slot_of(self, holder: CccdParts) -> tuple[date, int] | None:
        """The (day, number) whose dossier concerns ``holder`` (if it is in use)."""
        if not 0 <= holder.birth_year - _FIRST_YEAR < _YEARS:
            return None
        value = ((holder.birth_year - _FIRST_YEAR) * 2 + holder.male) * 10**6 + holder.serial
        return self.slots.decode(holder.province_code, value)

    # --- dossiers ---------------------------------------------------------------------------
    def _lifecycle(self, day: date, number: int) -> Lifecycle:
        rng = rng_for(self.seed, "gplx-lifecycle", self.numbering.code(day, number))
        return plan_lifecycle(rng, self.numbering.received_at(day, number), RENEWAL_WORKING_DAYS)

    def _at_slot(self, day: date, number: int) -> RenewalDossier | None:
        holder = self.holder_of(day, number)
        if holder is None:
            return None
        received = self.numbering.received_at(day, number)
        held = self.licences.licences_of(holder, received)
        lifecycle = self.lifecycle(day, number)
        last = lifecycle.events[-1].at.date()
        died = self.licences.facts.death_date(holder)
        if not held or (died is not None and died <= last):
            return None
        code = self.numbering.code(day, number)
        rng = rng_for(self.seed, "gplx-dossier", code)
        soon = received.date() + timedelta(days=90)
        expiring = any(c.expires is not None and c.expires <= soon for c in held[0].classes)
        return RenewalDossier(
            code=code,
            holder=holder,
            licence=held[0],
            lifecycle=lifecycle,
            by_post=rng.random() < 0.4,
            exam_day=received.date() - timedelta(days=rng.randint(1, 60)),
            clinic=rng.choice(_CLINICS),
            reason=_EXPIRED if expiring else rng.choice(_OTHER_REASONS),
            online=rng.random() < 0.7,
        )
