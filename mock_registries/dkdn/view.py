"""The wire shapes of ĐKDN records (NGSP ``apiCSDLDKDN``, UPPER_SNAKE): the one place that reads
:class:`~mock_registries.data.enterprises.Enterprise` and dossier records."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from mock_registries.common import dmy as _d, dmy_time as _dt
from mock_registries.data.dossiers import (
    BO_SUNG,
    DA_TRA_KET_QUA,
    DA_XU_LY_XONG,
    DANG_XU_LY,
    DUNG_XU_LY,
    KHONG_TIEP_NHAN,
    MOI_DANG_KY,
    NGHIA_VU_TAI_CHINH,
    RUT_HO_SO,
    TIEP_NHAN,
    lifecycle_fields,
)
from mock_registries.data.enterprises import Enterprise
from mock_registries.dkdn.dossiers import UNIT, DkdnDossier

__all__ = [
    "PROCESS_STATUSES",
    "dossier_detail",
    "dossier_summary",
    "enterprise",
    "process_status",
    "today_summary",
]

# PROCESS_STATUS as the national business-registration system words it (the DVCQG 1–10
# lifecycle the simulator plans, folded onto its six states).
PROCESS_STATUSES: dict[int, str] = {
    MOI_DANG_KY: "Đã tiếp nhận",
    TIEP_NHAN: "Đã tiếp nhận",
    DANG_XU_LY: "Đang xử lý",
    BO_SUNG: "Yêu cầu bổ sung",
    NGHIA_VU_TAI_CHINH: "Yêu cầu bổ sung",
    KHONG_TIEP_NHAN: "Từ chối",
    RUT_HO_SO: "Từ chối",
    DUNG_XU_LY: "Từ chối",
    DA_XU_LY_XONG: "Đã chấp thuận",
    DA_TRA_KET_QUA: "Đã trả kết quả",
}


def process_status(dossier: DkdnDossier, now: datetime) -> str:
    return PROCESS_STATUSES[dossier.lifecycle.current(now).status]


def enterprise(item: Enterprise) -> dict[str, Any]:
    ward = item.address.ward
    district = ward.district
    members = [] if item.kind == "HKD" else [
        {
            "MEMBER_NAME": item.representative_name.upper(),
            "AMOUNT": item.capital,
            "RATIO_PERCENT": 100.0,
            "COUNTRY": "Việt Nam",
        }
    ]  # fmt: skip
    return {
        "MainInformation": {
            "ENTERPRISE_ID": item.enterprise_id,
            "ENTERPRISE_GDT_CODE": item.code,
            "IMP_BUSINESS_CODE": item.old_code,
            "ENTERPRISE_KIND": item.kind,
            "ENTERPRISE_TYPE_ID": item.type_id,
            "ENTERPRISE_TYPE_NAME": item.type_name,
            "NAME": item.name.upper(),
            "SHORT_NAME": item.short_name,
            "NAME_F": item.foreign_name,
            "FOUNDING_DATE": _d(item.founded),
            "LAST_AMEND_DATE": _d(item.last_amended),
            "NUMBER_CHANGES": item.changes,
            "ENTERPRISE_STATUS": item.status_id,
            "ENTERPRISE_STATUS_NAME": item.status_name,
            "LEGAL_NAMES": item.representative_name.upper(),
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
            "FULL_NAME": item.representative_name.upper(),
            "ID_NO": item.representative_id,
            "POSITION": "Chủ hộ kinh doanh" if item.kind == "HKD" else "Giám đốc",
        },
        "BusinessActivity": [
            {"CODE": line.code, "NAME": line.name, "IS_MAIN": "Y" if line.main else "N"}
            for line in item.lines
        ],
        "Member": members,
    }


def dossier_summary(dossier: DkdnDossier, name: str, now: datetime) -> dict[str, Any]:
    return {
        "IN_JOURNAL_NO": dossier.code,
        "DOCUMENT_TYPE": dossier.procedure.document_type,
        "ENTERPRISE_CODE": dossier.internal_code,
        "ENTERPRISE_KIND": dossier.kind,
        "ENTERPRISE_GDT_CODE": dossier.enterprise_code,
        "NAME": name.upper(),
        "SITE_ID": UNIT,
        "RECEIPT_DATE": _dt(dossier.lifecycle.received),
        "PLAN_DATE": _dt(dossier.lifecycle.due),
        "PROCESS_STATUS": process_status(dossier, now),
    }


def today_summary(dossier: DkdnDossier, name: str, now: datetime) -> dict[str, Any]:
    """An item of ``danhSachHoSoTrongNgay`` (same-day list, times ``HH:mm``)."""
    current = dossier.lifecycle.current(now)
    return {
        "IN_JOURNAL_NO": dossier.code,
        "DOCUMENT_TYPE": dossier.procedure.document_type,
        "ENTERPRISE_GDT_CODE": dossier.enterprise_code,
        "NAME": name.upper(),
        "SITE_ID": UNIT,
        "PROCESS_STATUS": PROCESS_STATUSES[current.status],
        "PROCESSED_DATE": current.at.strftime("%H:%M"),
    }


def _email(name: str) -> str:
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(c for c in folded if c.isascii() and c.isalpha()).lower()
    return f"{letters[:24]}@gmail.com"


def dossier_detail(
    dossier: DkdnDossier, owner: Enterprise | None, contact_phone: str | None, now: datetime
) -> dict[str, Any]:
    """``tinhTrangHoSo``: the summary, the contact person (the legal representative), the
    TTHC, the lifecycle and the files."""
    name = owner.name if owner is not None else dossier.enterprise_name
    contact = owner.representative_name if owner is not None else None
    return {
        **dossier_summary(dossier, name, now),
        "ENTERPRISE_TYPE_ID": owner.type_id if owner is not None else dossier.kind,
        "REGISTRATION_DATE": _dt(dossier.lifecycle.first(DA_XU_LY_XONG, now)),
        "SUPPLEMENT_DATE": _dt(dossier.lifecycle.first(BO_SUNG, now)),
        "SUBMISSION_TYPE": "Trực tuyến" if dossier.online else "Trực tiếp",
        "CONTACT_FULL_NAME": contact.upper() if contact else None,
        "CONTACT_ADDRESS": owner.address.full_text if owner is not None else None,
        "CONTACT_ID_NO": owner.representative_id if owner is not None else None,
        "CONTACT_PHONE": contact_phone,
        "CONTACT_EMAIL": _email(contact) if contact else None,
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.procedure.name,
        **lifecycle_fields(dossier.lifecycle, now),
        "ThanhPhanHoSo": [
            {
                "MaThanhPhan": f.component,
                "TenThanhPhan": f.name.removesuffix(".pdf"),
                "TepDinhKem": [{"FILE_ID": f.file_id, "FILE_NAME": f.name}],
            }
            for f in dossier.components
        ],
        "KetQua": [{"FILE_ID": f.file_id, "FILE_NAME": f.name} for f in dossier.results_at(now)],
    }
