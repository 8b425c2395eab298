"""Request parsing and answer caching shared by the registry mocks.

Every parse failure is a :class:`RegistryError` (400, stable ``MaLoi``, Vietnamese ``MoTaLoi``),
so garbage from a caller can never become a 500.
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Hashable
from datetime import date, datetime, time
from typing import Any, Generic, TypeVar

from mock_registries.asgi import RegistryError, Request
from mock_registries.clock import VIETNAM_TZ

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "AnswerCache",
    "day_window",
    "int_query",
    "json_object",
    "optional_str",
    "pdf_document",
    "parse_date",
    "query_dates",
    "require_str",
]

_MAX_FIELD = 256
T = TypeVar("T")
DEFAULT_CACHE_SIZE = 4096


def json_object(request: Request) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise RegistryError(
            400, "DU_LIEU_KHONG_HOP_LE", "Nội dung yêu cầu phải là một đối tượng JSON."
        )
    return body


def optional_str(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RegistryError(400, "KIEU_DU_LIEU_KHONG_HOP_LE", f"Trường {name} phải là chuỗi ký tự.")
    text = str(value).strip()
    if len(text) > _MAX_FIELD:
        raise RegistryError(400, "KIEU_DU_LIEU_KHONG_HOP_LE", f"Trường {name} quá dài.")
    return text


def require_str(body: dict[str, Any], name: str) -> str:
    value = optional_str(body, name)
    if value is None:
        raise RegistryError(400, "THIEU_TRUONG_BAT_BUOC", f"Thiếu trường bắt buộc {name}.")
    return value


def int_query(request: Request, name: str, default: int, maximum: int) -> int:
    """A non-negative integer query parameter (offset, limit), bounded."""
    raw = request.query.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) > maximum:
        raise RegistryError(
            400, "THAM_SO_KHONG_HOP_LE", f"Tham số {name} phải là số từ 0 đến {maximum}."
        )
    return int(raw)


def parse_date(value: str, name: str, *, today: date, formats: tuple[str, ...]) -> date:
    """A calendar date in one of ``formats``; never in the future."""
    for fmt in formats:
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if parsed > today:
            raise RegistryError(
                400, "NGAY_TRONG_TUONG_LAI", f"{name} không được lớn hơn ngày hiện tại."
            )
        return parsed
    raise RegistryError(400, "NGAY_KHONG_HOP_LE", f"{name} không đúng định dạng ngày.")


def query_dates(
    request: Request, first: str, last: str, *, now: datetime, formats: tuple[str, ...]
) -> tuple[date, date]:
    """The two dates of a list query (``from``/``to``), each parsed by :func:`parse_date`."""
    today = now.date()
    return (
        parse_date(request.query.get(first, ""), first, today=today, formats=formats),
        parse_date(request.query.get(last, ""), last, today=today, formats=formats),
    )


def day_window(start: date, end: date, now: datetime) -> tuple[datetime, datetime]:
    """From ``start`` 00:00 to the end of ``end`` (but not past ``now``), Vietnam time."""
    return (
        datetime.combine(start, time(0), tzinfo=VIETNAM_TZ),
        min(now, datetime.combine(end, time(23, 59, 59), tzinfo=VIETNAM_TZ)),
    )


class AnswerCache(Generic[T]):
    """A bounded LRU of generated records: hot identities skip regeneration (records are pure)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()

    def get(self, key: Hashable) -> T | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: T) -> None:
        if self._size <= 0:
            return
        self._items[key] = value
        if len(self._items) > self._size:
            self._items.popitem(last=False)


def pdf_document(lines: list[str]) -> bytes:
    """A small valid one-page PDF showing ``lines`` (ASCII-folded: base fonts lack Vietnamese)."""
    folded = [
        "".join(
            c
            for c in unicodedata.normalize("NFD", line.replace("đ", "d").replace("Đ", "D"))
            if not unicodedata.combining(c)
        )
        .encode("ascii", "replace")
        .decode()
        .replace("\\", "\\\\")
        .replace("(", "\\(")
        .replace(")", "\\)")
        for line in lines
    ]
    text = "".join(f"({line}) Tj 0 -16 Td " for line in folded)
    stream = f"BT /F1 11 Tf 50 780 Td {text}ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
