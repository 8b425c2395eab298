"""Liên thông birth-registration dossiers submitted during a run, kept in memory.

The store is bounded by ``MockSettings.max_stored_dossiers``; when full it refuses new dossiers
(503 ``KHO_HO_SO_DAY``) rather than evicting any: a dossier accepted during a run stays there.
A dossier's lifecycle is planned at submission from its number (deterministic per seed and
submission order) and advances with the simulated clock; once it has a result the newborn's số
định danh cá nhân is issued, consistent with the birth province, gender and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mock_registries.asgi import RegistryError
from mock_registries.data.dossiers import DA_XU_LY_XONG, Lifecycle, plan_lifecycle
from mock_registries.data.identity import CccdParts, digest_int, format_cccd, rng_for

__all__ = ["BirthRegistration", "Registrations"]

WORKING_DAYS = 3
MODULE = "LTKS"
PROCEDURE = (
    "1.001193",
    "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi",
)


@dataclass(frozen=True, slots=True)
class BirthRegistration:
    code: str
    one_stop_code: str
    unit: str
    child_name: str
    child_male: bool
    child_birth: date
    province_code: int
    lifecycle: Lifecycle

    def result(self, seed: int, now: datetime) -> dict[str, Any] | None:
        """``ketQuaXuLy`` once processed: the newborn's số định danh and registration book."""
        done = self.lifecycle.first(DA_XU_LY_XONG, now)
        if done is None:
            return None
        serial = digest_int(seed, "newborn", self.code) % 10**6
        rng = rng_for(seed, "newborn-book", self.code)
        return {
            "soDinhDanh": format_cccd(
                CccdParts(self.province_code, self.child_birth.year, self.child_male, serial)
            ),
            "nksHoTen": self.child_name.upper(),
            "soDangKy": f"{rng.randint(1, 400)}",
            "quyenSo": f"01/{done.year}",
            "trangSo": f"{rng.randint(1, 200)}",
            "ngayDangKy": done.strftime("%d/%m/%Y"),
            "maGiayToKetQua": f"KQ.G15.{digest_int(seed, 'kq', self.code) % 10**6:06d}",
        }


class Registrations:
    def __init__(self, seed: int, capacity: int) -> None:
        self.seed = seed
        self.capacity = capacity
        self._by_code: dict[str, BirthRegistration] = {}
        self._by_one_stop: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._by_code)

    def submit(
        self,
        *,
        one_stop_code: str,
        unit: str,
        child_name: str,
        child_male: bool,
        child_birth: date,
        province_code: int,
        now: datetime,
    ) -> BirthRegistration:
        if one_stop_code in self._by_one_stop:
            raise RegistryError(
                409,
                "HO_SO_DA_TON_TAI",
                f"Hồ sơ {one_stop_code[:40]} đã được tiếp nhận.",
                maHoSoLT=self._by_one_stop[one_stop_code],
            )
        if len(self._by_code) >= self.capacity:
            raise RegistryError(
                503,
                "KHO_HO_SO_DAY",
                "Hệ thống đã đạt giới hạn lưu trữ hồ sơ trong phiên chạy; vui lòng thử lại sau.",
            )
        code = f"G15-{MODULE}-{now:%y%m%d}-{len(self._by_code) + 1:06d}"
        rng = rng_for(self.seed, "lien-thong", code)
        registration = BirthRegistration(
            code=code,
            one_stop_code=one_stop_code,
            unit=unit,
            child_name=child_name,
            child_male=child_male,
            child_birth=child_birth,
            province_code=province_code,
            lifecycle=plan_lifecycle(rng, now, WORKING_DAYS),
        )
        self._by_code[code] = registration
        self._by_one_stop[one_stop_code] = code
        return registration

    def get(self, code: str) -> BirthRegistration | None:
        found = self._by_code.get(code)
        if found is None and code in self._by_one_stop:
            found = self._by_code[self._by_one_stop[code]]
        return found
