"""The GPLX view of the world: the licence, the renewal dossier as the DVC GPLX sync API lists
it (``HoSoGPLX``, camelCase) and details it (``HoSoGPLXChiTiet``, PascalCase), and its files.
The only code of this registry that reads the world.

A licence's holder is a dân cư person (same name, date of birth, CMND, phone, addresses); a
renewal dossier concerns a world licence, which shows the new card once the dossier is
approved. Statuses are reported as they stood ``Delays.status_sync_seconds`` ago (0 unless a
``sync_lag`` fault — Phụ lục V row 12 — is active).
"""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta
from typing import Any

from mock_registries.common import dmy as _d, dmy_time as _dt, pdf_document
from mock_registries.data.admin_units import Address
from mock_registries.world import (
    RENEWAL_FEE,
    Licence,
    LicenceClass,
    Person,
    RenewalDossier,
    World,
    dvcqg,
)

__all__ = ["UNIT", "Licensing", "document", "dossier_detail", "dossier_item", "licence"]

UNIT = "000.00.00.G18"
RENEWAL_PROCEDURE = ("1.002804", "Đổi giấy phép lái xe do ngành Công an cấp")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _main(item: Licence) -> LicenceClass:
    return max(item.classes, key=lambda c: c.issued)


def licence(item: Licence) -> dict[str, Any]:
    main = _main(item)
    return {
        "SoGPLX": item.number,
        "SoSeri": item.serial,
        "HoVaTen": item.holder.name.upper,
        "NgaySinh": item.holder_birth.strftime("%Y%m%d"),
        "GioiTinh": "1" if item.holder_male else "2",
        "SoDinhDanh": item.holder.cccd,
        "HangGPLX": ", ".join(c.klass for c in item.classes),
        "NgayTrungTuyen": _d(main.passed),
        "NgayCapGPLX": _d(main.issued),
        "NgayHHGPLX": None if main.expires is None else _d(main.expires),
        "NoiCapGPLX": main.issuer,
        "TrangThai": item.state,
        "DiemConLai": item.points,
        "DanhSachHang": [
            {
                "HangGPLX": c.klass,
                "NgayTrungTuyen": _d(c.passed),
                "NgayCapGPLX": _d(c.issued),
                "NgayHHGPLX": None if c.expires is None else _d(c.expires),
                "NoiCapGPLX": c.issuer,
            }
            for c in item.classes
        ],
    }


def _dvhc(address: Address | None) -> tuple[str | None, str | None]:
    """(address text, 10-character tỉnh+huyện+xã code)."""
    if address is None:
        return None, None
    ward = address.ward
    code = f"{ward.district.province.code:02d}{ward.district.code:03d}{ward.code:05d}"
    return address.full_text, code


def dossier_item(dossier: RenewalDossier, person: Person | None) -> dict[str, Any]:
    """``HoSoGPLX``: one dossier of ``DanhSachHoSo`` with its applicant (as dân cư knows
    them) and the licence held when it was filed."""
    held = dossier.licence
    name = held.holder.name
    home, home_code = _dvhc(person.permanent_address if person else None)
    lives, lives_code = _dvhc(person.current_address if person else None)
    main = _main(held)
    return {
        "maDangKyCu": None,
        "maDangKyDvc": f"DVC-{dossier.code[-11:]}" if dossier.online else None,
        "maHoSo": dossier.code,
        "hoTen": name.full,
        "hoTenIn": name.upper,
        "hoDem": " ".join(p for p in (name.family, name.middle) if p),
        "ten": name.given,
        "gioiTinh": "1" if held.holder_male else "2",
        "ngaySinh": _iso(held.holder_birth),
        "quocTich": "VNM",
        "soCmndCu": person.cmnd if person else None,
        "soCmnd": held.holder.cccd,
        "noiCapCmnd": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "ngayCapCmnd": _iso(person.card_issued) if person else None,
        "noiCuTru": lives,
        "dvhcNoiCuTru": lives_code,
        "noiThuongTru": home,
        "dvhcNoiThuongTru": home_code,
        "soDienThoai": person.phone if person else None,
        "anhChanDung": None,
        "maDonVi": UNIT,
        "ngayNhanHoSo": _dt(dossier.lifecycle.received),
        "nguoiNhanHoSo": "Bộ phận một cửa" if not dossier.online else "Hệ thống DVC",
        "ngayHenTraGplx": _dt(dossier.lifecycle.due),
        "loaiHoSo": "Đổi GPLX",
        "hangDaoTao": main.klass,
        "lyDoDoiGplx": dossier.reason,
        "mucDichDoiGplx": "Đổi GPLX",
        "maDonViVpdk": UNIT,
        **_exam_and_fees(dossier, main.klass),
        "gplxDaCap": [_licence_held(held, c) for c in held.classes],
        "hoSoDinhKem": [
            {"magiayto": "TP1", "tengiayto": "Đơn đề nghị đổi GPLX", "filedinhkem": None},
            {"magiayto": "TP2", "tengiayto": "Giấy khám sức khỏe", "filedinhkem": None},
        ],
    }


def _exam_and_fees(dossier: RenewalDossier, klass: str) -> dict[str, Any]:
    """The e-health certificate and the fees of a dossier (Phụ lục V row 21's missing fields)."""
    return {
        "giayKhamSucKhoe": {
            "soGiayKSK": f"KSK-{dossier.code[-11:]}",
            "ngayKham": dossier.exam_day.isoformat(),
            "coSoKhamBenh": dossier.clinic,
            "ketLuan": f"Đủ điều kiện sức khỏe lái xe hạng {klass}",
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


def _licence_held(held: Licence, klass: LicenceClass) -> dict[str, Any]:
    return {
        "sogplx": held.number,
        "soserigplx": held.serial,
        "noicapgplx": klass.issuer,
        "ngaycapgplx": klass.issued.isoformat(),
        "ngayhethangplx": _iso(klass.expires),
        "hanggplxgplx": klass.klass,
        "ngaytrungtuyen": klass.passed.isoformat(),
    }


def dossier_detail(dossier: RenewalDossier, seen: datetime) -> dict[str, Any]:
    """``HoSoGPLXChiTiet``: status, dates and the result file of a dossier (``TraCuuHoSo``)."""
    lifecycle = dossier.lifecycle
    current = lifecycle.current(seen)
    result = dossier.result_path(seen)
    return {
        "MaTTHC": RENEWAL_PROCEDURE[0],
        "MaDVC": RENEWAL_PROCEDURE[0],
        "TenDVC": RENEWAL_PROCEDURE[1],
        "MaHoSo": dossier.code,
        "SoGPLX": dossier.licence_number,
        "HoTenNguoiNop": dossier.licence.holder.name.upper,
        "MaTrangThai": str(current.status),
        "TrangThaiHoSo": current.name,
        "DonViXuLy": "Cục Cảnh sát giao thông",
        "MaDonViXuLy": UNIT,
        "NgayNop": _dt(lifecycle.received),
        "NgayTiepNhan": _dt(lifecycle.received),
        "NgayHenTra": _dt(lifecycle.due),
        "NgayCoKetQua": _dt(lifecycle.first(dvcqg.DA_XU_LY_XONG, seen)),
        "NgayTraKetQua": _dt(lifecycle.first(dvcqg.DA_TRA_KET_QUA, seen)),
        "QuaHan": lifecycle.overdue(seen),
        "HinhThucNhanKQ": "1" if dossier.by_post else "0",
        "TepKetQua": []
        if result is None
        else [{"TenTaiLieu": "Giấy phép lái xe (bản điện tử)", "DuongDan": result}],
    }


def document(dossier: RenewalDossier, path: str) -> dict[str, Any]:
    pdf = pdf_document(["Giay phep lai xe (ban dien tu)", f"So GPLX: {dossier.licence_number}"])
    return {"Base64": base64.b64encode(pdf).decode(), "DuongDan": path, "TenTaiLieu": "KQ1.pdf"}


class Licensing:
    """What the GPLX registry reads of the world."""

    def __init__(self, world: World) -> None:
        self.world = world

    def licence(self, number: str, now: datetime) -> Licence | None:
        return self.world.licence(number, now)

    def epoch(self, now: datetime) -> tuple[int, int, int]:
        return self.world.epoch(now)

    def seen(self, now: datetime) -> datetime:
        return now - timedelta(seconds=self.world.delays().status_sync_seconds)

    def dossier(self, code: str, now: datetime) -> RenewalDossier | None:
        return self.world.renewal_dossier(code, now)

    def items(self, start: datetime, end: datetime, now: datetime) -> list[RenewalDossier]:
        return self.world.renewal_dossiers(start, end)

    def applicant(self, dossier: RenewalDossier, now: datetime) -> Person | None:
        return self.world.person(dossier.licence.holder.cccd, now)
