"""The wire shapes of GPLX records: the licence, the renewal dossier as the DVC GPLX sync API
lists it (``HoSoGPLX``, camelCase) and details it (``HoSoGPLXChiTiet``, PascalCase), and its
files. The one place that reads the licence, dossier and citizen records."""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from mock_registries.common import dmy as _d, dmy_time as _dt, pdf_document
from mock_registries.data.citizens import Citizen
from mock_registries.data.dossiers import DA_TRA_KET_QUA, DA_XU_LY_XONG
from mock_registries.data.names import PersonName
from mock_registries.gplx.records import (
    RENEWAL_FEE,
    RENEWAL_PROCEDURE,
    UNIT,
    Licence,
    RenewalDossier,
)

__all__ = ["document", "dossier_detail", "dossier_item", "licence"]


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def licence(item: Licence) -> dict[str, Any]:
    return {
        "SoGPLX": item.number,
        "SoSeri": item.serial,
        "HoVaTen": item.holder_name.upper,
        "NgaySinh": (
            item.holder_birth.strftime("%Y%m%d")
            if item.holder_birth
            else f"{item.holder_birth_year:04d}0000"
        ),
        "GioiTinh": "1" if item.male else "2",
        "SoDinhDanh": item.holder_id,
        "HangGPLX": item.licence_class,
        "NgayTrungTuyen": _d(item.passed),
        "NgayCapGPLX": _d(item.issued),
        "NgayHHGPLX": None if item.expires is None else _d(item.expires),
        "NoiCapGPLX": item.issuer,
        "TrangThai": item.state,
        "DiemConLai": item.points,
    }


def _dvhc(citizen: Citizen | None, home: bool) -> tuple[str | None, str | None]:
    """(address text, 10-character tỉnh+huyện+xã code) of residence or permanent home."""
    if citizen is None:
        return None, None
    address = citizen.thuong_tru if home else citizen.noi_o_hien_tai
    ward = address.ward
    code = f"{ward.district.province.code:02d}{ward.district.code:03d}{ward.code:05d}"
    return address.full_text, code


def dossier_item(
    dossier: RenewalDossier, held: Licence | None, citizen: Citizen | None
) -> dict[str, Any]:
    """``HoSoGPLX``: one dossier of ``DanhSachHoSo`` with its applicant and licence."""
    received = dossier.lifecycle.received
    name = held.holder_name if held else PersonName("", "", "")
    home, home_code = _dvhc(citizen, home=True)
    lives, lives_code = _dvhc(citizen, home=False)
    return {
        "maDangKyCu": None,
        "maDangKyDvc": f"DVC-{dossier.code[-11:]}" if dossier.online else None,
        "maHoSo": dossier.code,
        "hoTen": name.full,
        "hoTenIn": name.upper,
        "hoDem": f"{name.surname} {name.middle}".strip(),
        "ten": name.given,
        "gioiTinh": ("1" if held.male else "2") if held else None,
        "ngaySinh": _iso(held.holder_birth) if held else None,
        "quocTich": "VNM",
        "soCmndCu": citizen.so_cmnd if citizen else None,
        "soCmnd": held.holder_id if held else None,
        "noiCapCmnd": "Cục Cảnh sát quản lý hành chính về trật tự xã hội" if citizen else None,
        "ngayCapCmnd": _iso(citizen.card_issued) if citizen else None,
        "noiCuTru": lives,
        "dvhcNoiCuTru": lives_code,
        "noiThuongTru": home,
        "dvhcNoiThuongTru": home_code,
        "soDienThoai": citizen.phone if citizen else None,
        "anhChanDung": None,
        "maDonVi": UNIT,
        "ngayNhanHoSo": _dt(received),
        "nguoiNhanHoSo": "Bộ phận một cửa" if not dossier.online else "Hệ thống DVC",
        "ngayHenTraGplx": _dt(dossier.lifecycle.due),
        "loaiHoSo": "Đổi GPLX",
        "hangDaoTao": held.licence_class if held else None,
        "lyDoDoiGplx": dossier.reason,
        "mucDichDoiGplx": "Đổi GPLX",
        "maDonViVpdk": UNIT,
        **_exam_and_fees(dossier, held),
        "gplxDaCap": [] if held is None else [_licence_held(held)],
        "hoSoDinhKem": [
            {"magiayto": "TP1", "tengiayto": "Đơn đề nghị đổi GPLX", "filedinhkem": None},
            {"magiayto": "TP2", "tengiayto": "Giấy khám sức khỏe", "filedinhkem": None},
        ],
    }


def _exam_and_fees(dossier: RenewalDossier, held: Licence | None) -> dict[str, Any]:
    """The e-health certificate and the fees of a dossier (Phụ lục V row 21's missing fields)."""
    return {
        "giayKhamSucKhoe": {
            "soGiayKSK": f"KSK-{dossier.code[-11:]}",
            "ngayKham": dossier.exam_day.isoformat(),
            "coSoKhamBenh": dossier.clinic,
            "ketLuan": "Đủ điều kiện sức khỏe lái xe hạng " + (held.licence_class if held else "B"),
        },
        "danhSachLePhi": [
            {
                "maPhiLePhi": "LP-GPLX",
                "tenPhiLePhi": "Lệ phí cấp đổi giấy phép lái xe",
                "soTien": RENEWAL_FEE,
                "hinhThucThu": "Trực tuyến" if dossier.online else "Trực tiếp",
            }
        ],
    }


def _licence_held(held: Licence) -> dict[str, Any]:
    return {
        "sogplx": held.number,
        "soserigplx": held.serial,
        "noicapgplx": held.issuer,
        "ngaycapgplx": held.issued.isoformat(),
        "ngayhethangplx": _iso(held.expires),
        "hanggplxgplx": held.licence_class,
        "ngaytrungtuyen": held.passed.isoformat(),
    }


def dossier_detail(dossier: RenewalDossier, held: Licence | None, now: datetime) -> dict[str, Any]:
    """``HoSoGPLXChiTiet``: status, dates and the result file of a dossier (``TraCuuHoSo``)."""
    lifecycle = dossier.lifecycle
    current = lifecycle.current(now)
    result = dossier.result_path(now)
    return {
        "MaTTHC": RENEWAL_PROCEDURE[0],
        "MaDVC": RENEWAL_PROCEDURE[0],
        "TenDVC": RENEWAL_PROCEDURE[1],
        "MaHoSo": dossier.code,
        "SoGPLX": dossier.licence_number,
        "HoTenNguoiNop": held.holder_name.upper if held else "KHÔNG XÁC ĐỊNH",
        "MaTrangThai": str(current.status),
        "TrangThaiHoSo": current.name,
        "DonViXuLy": "Cục Cảnh sát giao thông",
        "MaDonViXuLy": UNIT,
        "NgayNop": _dt(lifecycle.received),
        "NgayTiepNhan": _dt(lifecycle.received),
        "NgayHenTra": _dt(lifecycle.due),
        "NgayCoKetQua": _dt(lifecycle.first(DA_XU_LY_XONG, now)),
        "NgayTraKetQua": _dt(lifecycle.first(DA_TRA_KET_QUA, now)),
        "QuaHan": lifecycle.overdue(now),
        "HinhThucNhanKQ": "1" if dossier.by_post else "0",
        "TepKetQua": []
        if result is None
        else [{"TenTaiLieu": "Giấy phép lái xe (bản điện tử)", "DuongDan": result}],
    }


def document(dossier: RenewalDossier, path: str) -> dict[str, Any]:
    pdf = pdf_document(["Giay phep lai xe (ban dien tu)", f"So GPLX: {dossier.licence_number}"])
    return {"Base64": base64.b64encode(pdf).decode(), "DuongDan": path, "TenTaiLieu": "KQ1.pdf"}
