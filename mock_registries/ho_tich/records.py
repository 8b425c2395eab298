"""Civil-status records (khai sinh, khai tử, kết hôn) derived from the dân cư population.

Birth and marriage records agree with the citizen's dân cư record (names, parents, spouse, dates);
the registry's own details (số, quyển số, trang số, ngày đăng ký) come from the record's hash.
A seeded, age-rising share of elderly citizens has a death record (the dân cư mock does not show
deaths: C06's 20 shared fields carry no date of death).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mock_registries.common import dmy as _d
from mock_registries.data.admin_units import Address
from mock_registries.data.citizens import MARRIED, Citizen, Population
from mock_registries.data.identity import digest_int, rng_for

__all__ = ["CivilRecords", "place"]


def place(address: Address) -> dict[str, str]:
    district = address.ward.district
    return {
        "maTinh": f"{district.province.code:02d}",
        "maHuyen": f"{district.code:03d}",
        "maXa": f"{address.ward.code:05d}",
        "dcChiTiet": address.full_text,
    }


def _book(seed: int, kind: str, key: str, registered: date) -> dict[str, str]:
    rng = rng_for(seed, f"book:{kind}", key)
    return {
        "soDangKy": f"{rng.randint(1, 400)}",
        "quyenSo": f"{rng.randint(1, 3):02d}/{registered.year}",
        "trangSo": f"{rng.randint(1, 200)}",
        "ngayDangKy": _d(registered),
    }


class CivilRecords:
    def __init__(self, population: Population) -> None:
        self.population = population
        self.seed = population.seed

    def birth(self, citizen: Citizen) -> dict[str, Any]:
        rng = rng_for(self.seed, "khai-sinh", citizen.so_dinh_danh)
        registered = citizen.birth_date + timedelta(days=rng.randint(3, 55))
        ward = citizen.birth_place.ward
        return {
            **_book(self.seed, "khai-sinh", citizen.so_dinh_danh, registered),
            "noiDangKy": f"UBND {ward.name}, {ward.district.name}, {ward.district.province.name}",
            "soDinhDanh": citizen.so_dinh_danh,
            "nksHoTen": citizen.name.upper,
            "nksGioiTinh": "1" if citizen.male else "2",
            "nksNgaySinh": _d(citizen.birth_date),
            "nksNoiSinh": place(citizen.birth_place),
            "nksQueQuan": place(citizen.que_quan),
            "nksDanToc": citizen.dan_toc,
            "nksQuocTich": "VN",
            "meHoTen": citizen.mother.name.upper if citizen.mother else None,
            "meSoDDCN": citizen.mother.so_dinh_danh if citizen.mother else None,
            "chaHoTen": citizen.father.name.upper if citizen.father else None,
            "chaSoDDCN": citizen.father.so_dinh_danh if citizen.father else None,
        }

    def death(self, citizen: Citizen, today: date) -> dict[str, Any] | None:
        age = (today - citizen.birth_date).days // 365
        share = max(0, age - 60) / 100
        if digest_int(self.seed, "khai-tu", citizen.so_dinh_danh) >= share * 2**64:
            return None
        rng = rng_for(self.seed, "khai-tu-date", citizen.so_dinh_danh)
        earliest = citizen.birth_date + timedelta(days=60 * 365)
        died = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days - 10)))
        return {
            **_book(
                self.seed, "khai-tu", citizen.so_dinh_danh, died + timedelta(days=rng.randint(1, 9))
            ),
            "nktHoTen": citizen.name.upper,
            "nktGioiTinh": "1" if citizen.male else "2",
            "nktNgaySinh": _d(citizen.birth_date),
            "nktSoDDCN": citizen.so_dinh_danh,
            "nktNgayChet": _d(died),
            "nktNoiChet": place(citizen.thuong_tru),
            "nktNguyenNhanChet": rng.choice(("Bệnh", "Già yếu", "Tai nạn")),
        }

    def marriage(self, citizen: Citizen, today: date) -> dict[str, Any] | None:
        if citizen.tinh_trang_hon_nhan != MARRIED or citizen.spouse is None:
            return None
        spouse = self.population.get(citizen.spouse.so_dinh_danh, today)
        if spouse is None:
            return None
        husband, wife = (citizen, spouse) if citizen.male else (spouse, citizen)
        rng = rng_for(self.seed, "ket-hon", husband.so_dinh_danh)
        earliest = max(husband.birth_date, wife.birth_date) + timedelta(days=20 * 365)
        registered = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days) // 3))
        ward = husband.thuong_tru.ward
        return {
            **_book(self.seed, "ket-hon", husband.so_dinh_danh, min(registered, today)),
            "noiDangKy": f"UBND {ward.name}, {ward.district.name}, {ward.district.province.name}",
            "chongHoTen": husband.name.upper,
            "chongNgaySinh": _d(husband.birth_date),
            "chongSoDDCN": husband.so_dinh_danh,
            "voHoTen": wife.name.upper,
            "voNgaySinh": _d(wife.birth_date),
            "voSoDDCN": wife.so_dinh_danh,
        }
