"""The ĐKDN view of the world: enterprises and amendment dossiers in the NGSP ``apiCSDLDKDN``
shapes (UPPER_SNAKE). The only code of this registry that reads the world.

Members, representatives and the contact of a dossier are dân cư people (same names, same
phone); a dossier names a world enterprise, whose ``LAST_AMEND_DATE`` moves once the dossier is
approved. Statuses are reported as they stood ``Delays.status_sync_seconds`` ago (0 unless a
``sync_lag`` fault — Phụ lục V row 13 — is active).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any

from mock_registries.common import dmy as _d, dmy_time as _dt
from mock_registries.world import BusinessDossier, Enterprise, Lifecycle, World, dvcqg

__all__ = [
    "PROCESS_STATUSES",
    "Register",
    "dossier_detail",
    "dossier_summary",
    "enterprise",
    "reported_at",
    "today_summary",
]

# PROCESS_STATUS as the national business-registration system words it (the DVCQG 1–10
# lifecycle, folded onto its six states).
PROCESS_STATUSES: dict[int, str] = {
    dvcqg.MOI_DANG_KY: "Đã tiếp nhận",
    dvcqg.TIEP_NHAN: "Đã tiếp nhận",
    dvcqg.DANG_XU_LY: "Đang xử lý",
    dvcqg.BO_SUNG: "Yêu cầu bổ sung",
    dvcqg.NGHIA_VU_TAI_CHINH: "Yêu cầu bổ sung",
    dvcqg.KHONG_TIEP_NHAN: "Từ chối",
    dvcqg.RUT_HO_SO: "Từ chối",
    dvcqg.DUNG_XU_LY: "Từ chối",
    dvcqg.DA_XU_LY_XONG: "Đã chấp thuận",
    dvcqg.DA_TRA_KET_QUA: "Đã trả kết quả",
}


def reported_at(world: World, now: datetime) -> datetime:
    """The moment whose dossier statuses the registry reports at ``now`` (status sync lag)."""
    return now - timedelta(seconds=world.delays().status_sync_seconds)


def enterprise(item: Enterprise) -> dict[str, Any]:
    ward = item.address.ward
    district = ward.district
    first = item.representatives[0]
    return {
        "MainInformation": {
            "ENTERPRISE_ID": item.enterprise_id,
            "ENTERPRISE_GDT_CODE": item.code,
            "IMP_BUSINESS_CODE": item.old_registration,
            "ENTERPRISE_KIND": item.kind,
            "ENTERPRISE_TYPE_ID": item.form.code,
            "ENTERPRISE_TYPE_NAME": item.form.name,
            "NAME": item.name.upper(),
            "SHORT_NAME": item.short_name,
            "NAME_F": item.foreign_name,
            "FOUNDING_DATE": _d(item.founded),
            "LAST_AMEND_DATE": _d(item.last_amended),
            "NUMBER_CHANGES": item.changes,
            "ENTERPRISE_STATUS": item.status_code,
            "ENTERPRISE_STATUS_NAME": item.status_name,
            "LEGAL_NAMES": ", ".join(r.person.name.upper for r in item.representatives),
            "CAPITAL_AMOUNT": item.capital,
            "PARENT_GDT_CODE": item.branch_of,
        },
        "HOAdress": {
            "CityID": f"{district.province.code:02d}",
            "CityName": district.province.name,
            "DistrictID": f"{district.code:03d}",
            "DistrictName": district.name,
            "WardID": f"{ward.code:05d}",
            "WardName": ward.name,
            "StreetNumber": item.address.street,
            "AddressFullText": item.address.full_text,
        },
        "Representatives": {
            "FULL_NAME": first.person.name.upper,
            "ID_NO": first.person.cccd,
            "POSITION": first.title,
        },
        "BusinessActivity": [
            {"CODE": line.code, "NAME": line.name, "IS_MAIN": "Y" if line.main else "N"}
            for line in item.lines
        ],
        "Member": [
            {
                "MEMBER_NAME": member.name,
                "AMOUNT": member.amount,
                "RATIO_PERCENT": member.ratio,
                "COUNTRY": "Việt Nam" if member.country == "VN" else member.country,
                "ID_NO": member.person.cccd if member.person else member.organisation,
                "MEMBER_TYPE": member.role,
            }
            for member in item.members
        ],
    }


def dossier_summary(dossier: BusinessDossier, seen: datetime) -> dict[str, Any]:
    lifecycle = dossier.lifecycle
    return {
        "IN_JOURNAL_NO": dossier.code,
        "DOCUMENT_TYPE": dossier.procedure.document_type,
        "ENTERPRISE_CODE": dossier.internal_code,
        "ENTERPRISE_KIND": dossier.kind,
        "ENTERPRISE_GDT_CODE": dossier.enterprise_code,
        "NAME": dossier.enterprise.name.upper(),
        "SITE_ID": "000.00.00.G05",
        "RECEIPT_DATE": _dt(lifecycle.received),
        "PLAN_DATE": _dt(lifecycle.due),
        "PROCESS_STATUS": PROCESS_STATUSES[lifecycle.current(seen).status],
    }


def today_summary(dossier: BusinessDossier, seen: datetime) -> dict[str, Any]:
    """An item of ``danhSachHoSoTrongNgay`` (same-day list, times ``HH:mm``)."""
    current = dossier.lifecycle.current(seen)
    return {
        "IN_JOURNAL_NO": dossier.code,
        "DOCUMENT_TYPE": dossier.procedure.document_type,
        "ENTERPRISE_GDT_CODE": dossier.enterprise_code,
        "NAME": dossier.enterprise.name.upper(),
        "SITE_ID": "000.00.00.G05",
        "PROCESS_STATUS": PROCESS_STATUSES[current.status],
        "PROCESSED_DATE": current.at.strftime("%H:%M"),
    }


def _email(name: str) -> str:
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(c for c in folded if c.isascii() and c.isalpha()).lower()
    return f"{letters[:24]}@gmail.com"


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y%m%d%H%M%S")


def lifecycle_fields(lifecycle: Lifecycle, seen: datetime) -> dict[str, object]:
    """The DVCQG-style status block of a dossier (dates ``yyyyMMddHHmmss``)."""
    current = lifecycle.current(seen)
    return {
        "TrangThaiHoSo": str(current.status),
        "TenTrangThaiHoSo": current.name,
        "NgayTiepNhan": _stamp(lifecycle.received),
        "NgayHenTra": _stamp(lifecycle.due),
        "NgayCoKetQua": _stamp(lifecycle.first(dvcqg.DA_XU_LY_XONG, seen)),
        "NgayTraKetQua": _stamp(lifecycle.first(dvcqg.DA_TRA_KET_QUA, seen)),
        "NgayTuChoi": _stamp(lifecycle.first(dvcqg.KHONG_TIEP_NHAN, seen)),
        "QuaHan": lifecycle.overdue(seen),
        "LichSuXuLy": [
            {
                "TrangThaiHoSo": str(e.status),
                "TenTrangThaiHoSo": e.name,
                "ThoiDiemXuLy": _stamp(e.at),
            }
            for e in lifecycle.history(seen)
        ],
    }


def dossier_detail(world: World, dossier: BusinessDossier, now: datetime) -> dict[str, Any]:
    """``tinhTrangHoSo``: the summary, the contact person (the legal representative as dân cư
    knows them), the TTHC, the lifecycle and the files."""
    seen = reported_at(world, now)
    owner = world.enterprise(dossier.enterprise_code, now) or dossier.enterprise
    contact = owner.representatives[0].person
    person = world.person(contact.cccd, now)
    lifecycle = dossier.lifecycle
    return {
        **dossier_summary(dossier, seen),
        "ENTERPRISE_TYPE_ID": owner.form.code,
        "REGISTRATION_DATE": _dt(lifecycle.first(dvcqg.DA_XU_LY_XONG, seen)),
        "SUPPLEMENT_DATE": _dt(lifecycle.first(dvcqg.BO_SUNG, seen)),
        "SUBMISSION_TYPE": "Trực tuyến" if dossier.online else "Trực tiếp",
        "MaHoSoMCDT": dossier.one_stop_code,
        "CONTACT_FULL_NAME": contact.name.upper,
        "CONTACT_ADDRESS": owner.address.full_text,
        "CONTACT_ID_NO": contact.cccd,
        "CONTACT_PHONE": person.phone if person is not None else owner.phone,
        "CONTACT_EMAIL": _email(contact.name.full),
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.procedure.name,
        **lifecycle_fields(lifecycle, seen),
        "ThanhPhanHoSo": [
            {
                "MaThanhPhan": f.component,
                "TenThanhPhan": f.name.removesuffix(".pdf"),
                "TepDinhKem": [{"FILE_ID": f.file_id, "FILE_NAME": f.name}],
            }
            for f in dossier.components
        ],
        "KetQua": [{"FILE_ID": f.file_id, "FILE_NAME": f.name} for f in dossier.results_at(seen)],
    }


class Register:
    """What the ĐKDN registry reads of the world."""

    def __init__(self, world: World) -> None:
        self.world = world
        # The longest province listing asked for in one minute and epoch: an earlier page of it
        # is a slice, not a rebuild of every enterprise on it.
        self._listings: dict[tuple[object, ...], tuple[list[Enterprise], int]] = {}

    def enterprise(self, code: str, now: datetime) -> Enterprise | None:
        return self.world.enterprise(code, now)

    def epoch(self, now: datetime) -> tuple[int, int, int, int, int]:
        return self.world.business_epoch(now)

    def dossier(self, code: str, now: datetime) -> BusinessDossier | None:
        return self.world.business_dossier(code, now)

    def dossiers(self, start: datetime, end: datetime) -> list[BusinessDossier]:
        return self.world.business_dossiers(start, end)

    def listing(
        self, province: int, kinds: tuple[str, ...], count: int, now: datetime
    ) -> tuple[list[Enterprise], int]:
        """A province's enterprises of ``kinds`` (the first ``count``) and the total."""
        key = (province, kinds, int(now.timestamp()) // 60, self.world.business_epoch(now))
        kept = self._listings.get(key)
        if kept is None or len(kept[0]) < count:
            if len(self._listings) >= 64:
                self._listings.clear()
            kept = self._listings[key] = self.world.enterprises_in(province, kinds, count, now)
        return kept[0][:count], kept[1]

    def seen(self, now: datetime) -> datetime:
        return reported_at(self.world, now)
