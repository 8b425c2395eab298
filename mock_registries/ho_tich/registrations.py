"""Civil-status registrations pushed during a run (``dangKyHoTich``), kept in memory.

Three record types, by ``module``: ``LTKS`` khai sinh (liên thông khai sinh), ``LTKT`` khai tử,
``LTKH`` kết hôn. A registration gets a numeric id (``maHoSo`` of ``traHoSo``, below 10⁹; ids
from 10⁹ up are the records of the generated population, see ``records.py``). Its lifecycle is
planned at submission (deterministic per seed and submission order) and advances with the
simulated clock; once completed, its result exists — for a birth, the newborn's số định danh
cá nhân, consistent with the birth province, gender and year.

The store is bounded by ``MockSettings.max_stored_dossiers``; when full it refuses new
registrations (503 ``KHO_HO_SO_DAY``) rather than evicting any.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from mock_registries.data.dossiers import DA_XU_LY_XONG, Lifecycle, plan_lifecycle
from mock_registries.data.identity import CccdParts, digest_int, format_cccd, rng_for
from mock_registries.errors import RegistryError

__all__ = ["FIRST_ID", "MODULES", "Module", "Registration", "Registrations"]

Module = Literal["LTKS", "LTKT", "LTKH"]
MODULES: dict[str, str] = {"LTKS": "khai sinh", "LTKT": "khai tử", "LTKH": "kết hôn"}
FIRST_ID = 100_000_001
WORKING_DAYS = {"LTKS": 3, "LTKT": 3, "LTKH": 5}
PROCEDURES = {
    "LTKS": ("1.001193", "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT"),
    "LTKT": ("1.000656", "Liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng"),
    "LTKH": ("1.000894", "Đăng ký kết hôn"),
}


@dataclass(frozen=True, slots=True)
class Registration:
    id: int
    module: str
    unit: int
    one_stop_code: str
    lien_thong_code: str | None
    received: datetime
    record: dict[str, Any]  # the hoTich payload as sent (validated)
    lifecycle: Lifecycle

    def result(self, seed: int, now: datetime) -> dict[str, Any] | None:
        """The registered record once completed: book numbers, and for a birth the newborn's
        số định danh cá nhân."""
        done = self.lifecycle.first(DA_XU_LY_XONG, now)
        if done is None:
            return None
        rng = rng_for(seed, "btp-book", str(self.id))
        result: dict[str, Any] = {
            "soDangKy": f"{rng.randint(1, 400)}",
            "quyenSo": f"01/{done.year}",
            "trangSo": f"{rng.randint(1, 200)}",
            "ngayDangKy": done.strftime("%d/%m/%Y"),
            "maGiayToKetQua": f"KQ.G15.{digest_int(seed, 'kq', str(self.id)) % 10**6:06d}",
        }
        if self.module == "LTKS":
            born = datetime.strptime(self.record["nksNgaySinh"], "%d/%m/%Y").date()
            serial = digest_int(seed, "newborn", str(self.id)) % 10**6
            province = int(self.record["nksNoiSinh"]["maTinh"])
            male = self.record["nksGioiTinh"] == "1"
            result["soDinhDanh"] = format_cccd(CccdParts(province, born.year, male, serial))
        return result


class Registrations:
    def __init__(self, seed: int, capacity: int) -> None:
        self.seed = seed
        self.capacity = capacity
        self._by_id: dict[int, Registration] = {}
        self._by_one_stop: dict[tuple[int, str], int] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def find(self, unit: int | None, code: str) -> Registration | None:
        """By the one-stop dossier code (of ``unit``, or any unit) or by the numeric id."""
        if unit is not None and (unit, code) in self._by_one_stop:
            return self._by_id[self._by_one_stop[(unit, code)]]
        if code.isascii() and code.isdigit() and len(code) < 12:
            found = self._by_id.get(int(code))
            if found is not None and (unit is None or found.unit == unit):
                return found
        if unit is None:
            matches = [i for (_, c), i in self._by_one_stop.items() if c == code]
            return self._by_id[matches[0]] if matches else None
        return None

    def get(self, registration_id: int) -> Registration | None:
        return self._by_id.get(registration_id)

    def duplicate(self, unit: int, one_stop_code: str) -> Registration | None:
        found = self._by_one_stop.get((unit, one_stop_code))
        return None if found is None else self._by_id[found]

    def submit(
        self,
        *,
        module: str,
        unit: int,
        one_stop_code: str,
        lien_thong_code: str | None,
        record: dict[str, Any],
        now: datetime,
    ) -> Registration:
        if len(self._by_id) >= self.capacity:
            raise RegistryError(
                503,
                "KHO_HO_SO_DAY",
                "Hệ thống đã đạt giới hạn lưu trữ hồ sơ trong phiên chạy; vui lòng thử lại sau.",
            )
        registration_id = FIRST_ID + len(self._by_id)
        rng = rng_for(self.seed, "btp-registration", str(registration_id))
        registration = Registration(
            id=registration_id,
            module=module,
            unit=unit,
            one_stop_code=one_stop_code,
            lien_thong_code=lien_thong_code,
            received=now,
            record=record,
            lifecycle=plan_lifecycle(rng, now, WORKING_DAYS[module]),
        )
        self._by_id[registration_id] = registration
        self._by_one_stop[(unit, one_stop_code)] = registration_id
        return registration

    def updated_on(self, day: date) -> list[Registration]:
        return [r for r in self._by_id.values() if r.received.date() == day]
