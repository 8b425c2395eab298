"""The wire shapes of a dân cư record: the ``CongDan`` element as JSON (LGSP wrapper) and as XML
(SOAP, namespace ``http://www.mic.gov.vn/dancu/1.0``). The only place that reads a
:class:`~mock_registries.data.citizens.Citizen`: swap the data source, keep this contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from lxml import etree

from mock_registries.data.citizens import Citizen, Relative

__all__ = ["RESPONSE_NS", "congdan_json", "congdan_xml"]

RESPONSE_NS = "http://www.mic.gov.vn/dancu/1.0"
_R = f"{{{RESPONSE_NS}}}"


def _ymd(value: date | None) -> str | None:
    return None if value is None else f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _relative(person: Relative | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "HoVaTen": person.name.upper,
        "QuocTich": "VN",
        "SoDinhDanh": person.so_dinh_danh,
        "SoCMND": None,
    }


def _twenty(citizen: Citizen, today: date) -> dict[str, Any]:
    """The 20 shared fields, in the order of the XSD (names upper-case, as C06 sends)."""
    name = citizen.name
    minor = (today - citizen.birth_date).days < 18 * 365
    return {
        "SoDinhDanh": citizen.so_dinh_danh,
        "SoCMND": citizen.so_cmnd,
        "HoVaTen": {
            "Ho": name.surname.upper(),
            "ChuDem": name.middle.upper(),
            "Ten": name.given.upper(),
        },
        "GioiTinh": "1" if citizen.male else "2",
        "DanToc": citizen.dan_toc,
        "TonGiao": citizen.ton_giao,
        "TinhTrangHonNhan": citizen.tinh_trang_hon_nhan,
        "NhomMau": citizen.nhom_mau,
        "NgayThangNamSinh": {
            "Nam": f"{citizen.birth_date.year:04d}",
            "NgayThangNam": _ymd(citizen.birth_date),
        },
        "NoiDangKyKhaiSinh": citizen.birth_place.as_c06(),
        "QuocTich": "VN",
        "QueQuan": citizen.que_quan.as_c06(),
        "ThuongTru": citizen.thuong_tru.as_c06(),
        "NoiOHienTai": citizen.noi_o_hien_tai.as_c06(),
        "Cha": _relative(citizen.father),
        "Me": _relative(citizen.mother),
        "VoChong": _relative(citizen.spouse),
        "NguoiDaiDien": _relative(citizen.father or citizen.mother) if minor else None,
        "ChuHo": {
            "QuanHe": citizen.relation_to_head,
            "SoDinhDanh": citizen.head.so_dinh_danh,
            "SoCMND": None,
            "HoVaTen": citizen.head.name.upper,
        },
        "SoSoHoKhau": citizen.so_ho_khau,
    }


def congdan_json(citizen: Citizen, today: date) -> dict[str, Any]:
    """``CongDan`` of the JSON view: the 20 fields and four fields of Luật Căn cước 2023."""
    return {
        **_twenty(citizen, today),
        "SoDienThoai": citizen.phone,
        "NgayCapCCCD": _ymd(citizen.card_issued),
        "NgaySinhCha": _ymd(citizen.father.birth_date) if citizen.father else None,
        "NgaySinhMe": _ymd(citizen.mother.birth_date) if citizen.mother else None,
    }


def _append(parent: etree._Element, name: str, value: Any) -> None:
    if value is None:
        return
    child = etree.SubElement(parent, _R + name)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(child, key, item)
    else:
        child.text = str(value)


def congdan_xml(citizen: Citizen, today: date) -> etree._Element:
    """``<CongDan>`` with exactly the 20 elements of the SOAP contract (absent ones omitted)."""
    element = etree.Element(_R + "CongDan", nsmap={"ns1": RESPONSE_NS})
    for key, value in _twenty(citizen, today).items():
        _append(element, key, value)
    return element
