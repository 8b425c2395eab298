"""The ``data`` of ``dangKyHoTich``: the civil-status record a one-stop system pushes.

``data`` is a string holding the record — JSON (``{"hoTich": {…}}`` or the fields themselves, as
Thanh Hóa sends) or XML (``<hoTich>…</hoTich>``, as the ministry's guide describes) — or, for
convenience, the JSON object itself. Checks here are those of the record's shape, with the
ministry's codes: a missing required field is 200 RECORD_UNCOMPLETE, a value of the wrong shape
302 DATA_TYPE_INVALID (a date that is not ``dd/MM/yyyy`` or no calendar day: 302 with ``MaLoi``
NGAY_KHONG_HOP_LE), a birth province that does not exist 108 PROVINCE_ID_INCORRECT, a date after
the simulated today 500 with ``MaLoi`` NGAY_TRONG_TUONG_LAI. What contradicts the national
population (unknown or wrong-gender parent, a spouse already married, a name that is not the one
dân cư holds) is the world registrar's refusal, also 500 DATA_INCORRECT (``view.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from lxml import etree

from mock_registries.data.identity import PROVINCE_CODES, parse_cccd
from mock_registries.dates import DMY, DateError, FutureDate, read_date
from mock_registries.errors import BusinessError
from mock_registries.ho_tich.catalogs import ERRORS

__all__ = ["btp_error", "check_record", "date_refusal", "parse_data", "record_date"]

_REQUIRED = {
    "LTKS": (
        "nksHoTen",
        "nksGioiTinh",
        "nksNgaySinh",
        "nksNoiSinh",
        "meHoTen",
        "meSoDDCN",
        "nycHoTen",
    ),  # fmt: skip
    "LTKT": ("nktHoTen", "nktGioiTinh", "nktNgayChet", "nktSoDDCN", "nycHoTen"),
    "LTKH": ("chongHoTen", "chongNgaySinh", "chongSoDDCN", "voHoTen", "voNgaySinh", "voSoDDCN"),
}
_DATES = (
    "nksNgaySinh", "nktNgaySinh", "nktNgayChet", "chongNgaySinh", "voNgaySinh", "meNgaySinh",
    "chaNgaySinh", "ngayXacLapQuanHeHonNhan", "ngayCapGCS", "ngayCapGBT", "gbtNgay",
)  # fmt: skip
_IDS = ("meSoDDCN", "chaSoDDCN", "nycSoDDCN", "nktSoDDCN", "chongSoDDCN", "voSoDDCN")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def btp_error(code: str, message: str, reason: str | None = None) -> BusinessError:
    """A ministry refusal: HTTP 200, ``status "0"``, ``errorCode`` and its name; ``reason``
    adds the simulator's finer stable code (``MaLoi``) where one errorCode covers several."""
    name, _ = ERRORS[code]
    answer = {
        "status": "0",
        "statusDescription": name,
        "errorCode": code,
        "errorDescription": message,
    }
    if reason is not None:
        answer["MaLoi"] = reason
    return BusinessError(reason or name, message, answer)


def date_refusal(exc: DateError) -> BusinessError:
    """The ministry's answer to a date: 302 not a date, 500 a date after today."""
    return btp_error("500" if isinstance(exc, FutureDate) else "302", exc.message, exc.reason)


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


def _date(record: dict[str, Any], name: str, today: date = date.max) -> date | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    try:
        return read_date(value, (DMY,), field=name, today=today)
    except DateError as exc:
        raise date_refusal(exc) from None


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
    return {name: _date(record, name, today) for name in _DATES}


def record_date(record: dict[str, Any], name: str) -> date | None:
    """A checked ``dd/MM/yyyy`` field of the record (``None`` when absent)."""
    return _date(record, name)


def check_record(module: str, record: dict[str, Any], today: date) -> None:
    """Raise the ministry's refusal if ``record`` is not a well-formed ``module`` record."""
    _shape(module, record, today)
    if module == "LTKS":
        place = record["nksNoiSinh"]
        province = place.get("maTinh") if isinstance(place, dict) else None
        if not isinstance(province, str | int) or not str(province).isdigit():
            raise btp_error("302", "nksNoiSinh.maTinh phải là mã tỉnh (chữ số).")
        if int(province) not in PROVINCE_CODES:
            raise btp_error("108", f"Mã tỉnh nơi sinh {str(province)[:4]} không đúng.")
    for name in ("nksHoTen", "nktHoTen", "chongHoTen", "voHoTen", "meHoTen", "chaHoTen"):
        value = record.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 100):
            raise btp_error("302", f"{name} phải là chuỗi họ tên (tối đa 100 ký tự).")
