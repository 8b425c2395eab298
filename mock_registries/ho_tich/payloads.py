"""The ``data`` of ``dangKyHoTich``: the civil-status record a one-stop system pushes.

``data`` is a string holding the record — JSON (``{"hoTich": {…}}`` or the fields themselves,
as Thanh Hóa sends) or XML (``<hoTich>…</hoTich>``, as the ministry's guide describes) — or, for
convenience, the JSON object itself. Checks follow the ministry's codes: a missing required
field is 200 RECORD_UNCOMPLETE, a value of the wrong shape 302 DATA_TYPE_INVALID, a birth
province that does not exist 108 PROVINCE_ID_INCORRECT, a value that contradicts the national
population (unknown or wrong-gender parent, a spouse already married) 500 DATA_INCORRECT.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from lxml import etree

from mock_registries.data.citizens import MARRIED, Population
from mock_registries.data.identity import PROVINCE_CODES, parse_cccd
from mock_registries.errors import BusinessError
from mock_registries.ho_tich.catalogs import ERRORS

__all__ = ["btp_error", "check_record", "parse_data"]

_REQUIRED = {
    "LTKS": ("nksHoTen", "nksGioiTinh", "nksNgaySinh", "nksNoiSinh", "meHoTen", "nycHoTen"),
    "LTKT": ("nktHoTen", "nktGioiTinh", "nktNgayChet", "nktSoDDCN", "nycHoTen"),
    "LTKH": ("chongHoTen", "chongNgaySinh", "chongSoDDCN", "voHoTen", "voNgaySinh", "voSoDDCN"),
}
_DATES = ("nksNgaySinh", "nktNgaySinh", "nktNgayChet", "chongNgaySinh", "voNgaySinh")
_IDS = ("meSoDDCN", "chaSoDDCN", "nycSoDDCN", "nktSoDDCN", "chongSoDDCN", "voSoDDCN")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def btp_error(code: str, message: str) -> BusinessError:
    """A ministry refusal: HTTP 200, ``status "0"``, ``errorCode`` and its name."""
    name, _ = ERRORS[code]
    answer = {
        "status": "0",
        "statusDescription": name,
        "errorCode": code,
        "errorDescription": message,
    }
    return BusinessError(name, message, answer)


def _xml(element: etree._Element) -> Any:
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return (element.text or "").strip()
    return {etree.QName(c).localname: _xml(c) for c in children}


def parse_data(raw: str | dict[str, Any]) -> dict[str, Any]:
    """The record fields of ``data`` (JSON string, XML string or object)."""
    value: Any = raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            if text.startswith("<") and "<!DOCTYPE" not in text[:2048].upper():
                value = _xml(etree.fromstring(text.encode(), _PARSER))
            else:
                value = orjson.loads(text)
        except (orjson.JSONDecodeError, etree.XMLSyntaxError):
            raise btp_error("302", "data không phải JSON hoặc XML hợp lệ.") from None
    if isinstance(value, dict) and isinstance(value.get("hoTich"), dict):
        value = value["hoTich"]
    if not isinstance(value, dict):
        raise btp_error("302", "data phải là một bản ghi hộ tịch (đối tượng hoTich).")
    return value


def _date(record: dict[str, Any], name: str) -> date | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise btp_error("302", f"{name} phải là chuỗi dd/MM/yyyy.")
    try:
        return datetime.strptime(value[:10], "%d/%m/%Y").date()
    except ValueError:
        raise btp_error("302", f"{name} không đúng định dạng dd/MM/yyyy.") from None


def _shape(module: str, record: dict[str, Any], today: date) -> dict[str, date | None]:
    missing = [f for f in _REQUIRED[module] if record.get(f) in (None, "", {})]
    if missing:
        raise btp_error("200", f"Thiếu thông tin bắt buộc: {', '.join(missing)}.")
    for name, value in record.items():
        if name.endswith("GioiTinh") and value not in ("1", "2", 1, 2):
            raise btp_error("302", f"{name} phải là 1 (Nam) hoặc 2 (Nữ).")
    for name in _IDS:
        value = record.get(name)
        if value not in (None, "") and (not isinstance(value, str) or parse_cccd(value) is None):
            raise btp_error("302", f"{name} không phải số định danh cá nhân hợp lệ (12 chữ số).")
    dates = {name: _date(record, name) for name in _DATES}
    if any(d is not None and d > today for d in dates.values()):
        raise btp_error("500", "Ngày trong hồ sơ không được sau ngày hiện tại.")
    return dates


def check_record(module: str, record: dict[str, Any], population: Population, today: date) -> None:
    """Raise the ministry's refusal if ``record`` cannot be registered under ``module``."""
    dates = _shape(module, record, today)
    if module == "LTKS":
        place = record["nksNoiSinh"]
        province = place.get("maTinh") if isinstance(place, dict) else None
        if not isinstance(province, str | int) or not str(province).isdigit():
            raise btp_error("302", "nksNoiSinh.maTinh phải là mã tỉnh (chữ số).")
        if int(province) not in PROVINCE_CODES:
            raise btp_error("108", f"Mã tỉnh nơi sinh {str(province)[:4]} không đúng.")
        for parent, female in (("meSoDDCN", True), ("chaSoDDCN", False)):
            cid = record.get(parent)
            person = population.get(cid, today) if cid else None
            if cid and (person is None or person.male == female):
                raise btp_error("500", f"{parent} không khớp CSDLQG về dân cư.")
    elif module == "LTKT":
        person = population.get(record["nktSoDDCN"], today)
        died = dates["nktNgayChet"]
        if person is None or (died is not None and died < person.birth_date):
            raise btp_error("500", "nktSoDDCN không khớp CSDLQG về dân cư.")
    else:
        # Luật Hôn nhân và gia đình 2014, Điều 8: nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi.
        for key, female, age in (("chongSoDDCN", False, 20), ("voSoDDCN", True, 18)):
            person = population.get(record[key], today)
            if person is None or person.male == female:
                raise btp_error("500", f"{key} không khớp CSDLQG về dân cư.")
            if person.tinh_trang_hon_nhan == MARRIED:
                raise btp_error("500", f"{key}: công dân đang có vợ/chồng.")
            born = person.birth_date
            if (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < age:
                raise btp_error("500", f"{key}: chưa đủ tuổi kết hôn ({age}).")
