"""Wire shapes of hộ tịch answers, from the world's records and dossiers: a registered record
(``nks*`` khai sinh, ``nkt*`` khai tử, ``chong*``/``vo*`` kết hôn), a dossier's state (the
ministry's ``trangThai`` 1/2/3/4/6) and its liên thông legs."""

from __future__ import annotations

from typing import Any

from mock_registries.common import dmy as _d, dmy_time as _dt
from mock_registries.data.admin_units import Address
from mock_registries.world import (
    BirthRecord,
    CivilDossier,
    DeathRecord,
    LegState,
    MarriageRecord,
    Registration,
)

__all__ = ["FIRST_ID", "MODULES", "OK", "PROCEDURES", "book_fields", "dossier_id", "legs", "place"]

OK = {"status": "1", "statusDescription": "Thành công"}
FIRST_ID = 100_000_001  # the ministry's id of the run's first dossier (traHoSo maHoSo)
MODULES = {"KS": "LTKS", "KT": "LTKT", "KH": "LTKH"}
PROCEDURES = {
    "LTKS": ("1.001193", "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT"),
    "LTKT": ("1.000656", "Liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng"),
    "LTKH": ("1.000894", "Đăng ký kết hôn"),
}
_LEG_NAMES = {
    "PENDING": "Đang chờ",
    "DONE": "Đã hoàn thành",
    "HANDED_OVER": "Đã chuyển hệ thống ngoài",
    "REFUSED": "Từ chối",
    "CANCELLED": "Hủy (hồ sơ bị từ chối)",
}


def dossier_id(dossier: CivilDossier) -> int:
    return FIRST_ID + dossier.number - 1


def place(address: Address) -> dict[str, str]:
    district = address.ward.district
    return {
        "maTinh": f"{district.province.code:02d}",
        "maHuyen": f"{district.code:03d}",
        "maXa": f"{address.ward.code:05d}",
        "dcChiTiet": address.full_text,
    }


def _book(registration: Registration) -> dict[str, Any]:
    return {
        "soDangKy": registration.number,
        "quyenSo": registration.book,
        "trangSo": registration.page,
        "ngayDangKy": _d(registration.registered_at.date()),
        "noiDangKy": registration.registrar,
        "maGiayToKetQua": registration.result_code,
    }


def _birth(record: BirthRecord) -> dict[str, Any]:
    father, mother = record.father, record.mother
    return {
        **_book(record.registration),
        "soDinhDanh": record.child.cccd,
        "nksHoTen": record.child.name.upper,
        "nksGioiTinh": "1" if record.male else "2",
        "nksNgaySinh": _d(record.birth_date),
        "nksNoiSinh": place(record.birth_place),
        "nksQueQuan": place(record.home_town),
        "nksDanToc": record.ethnicity,
        "nksQuocTich": "VN",
        "meHoTen": mother.name.upper if mother else None,
        "meSoDDCN": mother.cccd if mother else None,
        "chaHoTen": father.name.upper if father else None,
        "chaSoDDCN": father.cccd if father else None,
    }


def _death(record: DeathRecord) -> dict[str, Any]:
    return {
        **_book(record.registration),
        "nktHoTen": record.person.name.upper,
        "nktGioiTinh": "1" if record.male else "2",
        "nktNgaySinh": _d(record.birth_date),
        "nktSoDDCN": record.person.cccd,
        "nktNgayChet": _d(record.died_on),
        "nktNoiChet": place(record.place),
        "nktNguyenNhanChet": record.cause,
    }


def _marriage(record: MarriageRecord) -> dict[str, Any]:
    return {
        **_book(record.registration),
        "chongHoTen": record.husband.name.upper,
        "chongNgaySinh": _d(record.husband_birth),
        "chongSoDDCN": record.husband.cccd,
        "voHoTen": record.wife.name.upper,
        "voNgaySinh": _d(record.wife_birth),
        "voSoDDCN": record.wife.cccd,
    }


def book_fields(record: BirthRecord | DeathRecord | MarriageRecord) -> dict[str, Any]:
    """A registered record's fields: book numbers, registrar and the event's people."""
    if isinstance(record, BirthRecord):
        return _birth(record)
    if isinstance(record, DeathRecord):
        return _death(record)
    return _marriage(record)


def legs(states: tuple[LegState, ...]) -> list[dict[str, Any]]:
    """``lienThong``: each leg of the package; one run by a system the simulator does not mock
    ends HANDED_OVER, said so in ``ghiChu``."""
    found = []
    for state in states:
        note = None
        if state.state == "HANDED_OVER":
            note = (
                f"Đã chuyển sang {state.leg.system}; hệ thống này nằm ngoài phạm vi mô phỏng, "
                "kết quả không được theo dõi tiếp."
            )
        found.append(
            {
                "maBuoc": state.leg.code,
                "tenBuoc": state.leg.title,
                "heThong": state.leg.system,
                "trangThai": state.state,
                "tenTrangThai": _LEG_NAMES[state.state],
                "thoiDiem": _dt(state.at),
                "ghiChu": note,
            }
        )
    return found
