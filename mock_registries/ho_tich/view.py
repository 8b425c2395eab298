"""The wire shapes of hộ tịch answers: a registration's state (the ministry's ``trangThai``
1/2/3/4/6), its result, and a registered record (``traHoSo``). The one place that reads
:class:`~mock_registries.ho_tich.registrations.Registration` and the population's records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mock_registries.common import dmy_time as _dt
from mock_registries.data.dossiers import (
    BO_SUNG,
    DA_TRA_KET_QUA,
    DA_XU_LY_XONG,
    DANG_XU_LY,
    DUNG_XU_LY,
    KHONG_TIEP_NHAN,
    NGHIA_VU_TAI_CHINH,
    RUT_HO_SO,
)
from mock_registries.ho_tich.catalogs import STATUSES
from mock_registries.ho_tich.registrations import PROCEDURES, Registration

__all__ = ["OK", "book_record", "registration_result", "registration_state", "trang_thai"]

OK = {"status": "1", "statusDescription": "Thành công"}
# The simulator plans each dossier on the DVCQG 1–10 lifecycle; the ministry reports five states.
_BTP_STATUS = {
    DANG_XU_LY: "3",
    BO_SUNG: "2",
    NGHIA_VU_TAI_CHINH: "2",
    KHONG_TIEP_NHAN: "6",
    RUT_HO_SO: "6",
    DUNG_XU_LY: "6",
    DA_XU_LY_XONG: "4",
    DA_TRA_KET_QUA: "4",
}


def trang_thai(registration: Registration, now: datetime) -> str:
    return _BTP_STATUS.get(registration.lifecycle.current(now).status, "1")


def registration_state(registration: Registration, now: datetime) -> dict[str, Any]:
    """``traTrangThaiHoSo``: the ministry's state of one registration."""
    lifecycle = registration.lifecycle
    current = lifecycle.current(now)
    state = trang_thai(registration, now)
    return {
        **OK,
        "maHoSo": registration.id,
        "maHoSoMCDT": registration.one_stop_code,
        "maHoSoLT": registration.lien_thong_code,
        "maDonVi": registration.unit,
        "module": registration.module,
        "MaTTHC": PROCEDURES[registration.module][0],
        "TenTTHC": PROCEDURES[registration.module][1],
        "trangThai": state,
        "tenTrangThai": STATUSES[state],
        "thoiGianThucHien": _dt(current.at),
        "ngayTiepNhan": _dt(lifecycle.received),
        "ngayHenTra": _dt(lifecycle.due),
        "noiDungBoSung": "Bổ sung bản sao giấy chứng sinh" if state == "2" else None,
        "lyDoTuChoi": "Hồ sơ không đủ điều kiện đăng ký" if state == "6" else None,
        "QuaHan": lifecycle.overdue(now),
    }


def registration_result(registration: Registration, result: dict[str, Any]) -> dict[str, Any]:
    """``ketQuaDangKyHS``: the registered record with its book numbers."""
    return {
        **OK,
        "maHoSo": registration.id,
        "maHoSoMCDT": registration.one_stop_code,
        "module": registration.module,
        "value": {"soDinhDanh": result.get("soDinhDanh"), **result, "hoTich": registration.record},
    }


def book_record(record_id: int, module: str, record: dict[str, Any]) -> dict[str, Any]:
    """An item of ``traHoSo``: ``id``, ``so``, ``quyenSo``, ``trangSo`` and the record fields."""
    fields = dict(record)
    number = fields.pop("soDangKy")
    return {"id": record_id, "module": module, "so": number, **fields}
