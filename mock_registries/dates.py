"""Dates on the wire: every date parameter of the four mocks is read here, one way.

Each registry spells its dates its own way (README "Dates on the wire"): ĐKDN and hộ tịch
``dd/MM/yyyy``, GPLX ``yyyy-MM-dd``, dân cư ``yyyyMMdd``, ``dd/MM/yyyy`` or a year ``yyyy``. A
date is read strictly — the exact shape (two-digit day and month, four-digit year, nothing
around it) and a day the calendar has (``31/02/1980`` has the shape and no day) — and judged
against the registry's simulated today, in Vietnam time (the clock's zone). Each registry then
answers a refusal in its own envelope, with the stable ``reason`` as its code. Messages name
the field, never echo its value (a date of birth is personal data):

    DateError                   NGAY_KHONG_HOP_LE: not a date in the registry's format
    ├── FutureDate              NGAY_TRONG_TUONG_LAI: after the simulated today
    └── ReversedRange           KHOANG_THOI_GIAN_KHONG_HOP_LE: a range whose start is after its end
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

__all__ = [
    "DMY",
    "ISO",
    "YEAR",
    "YMD",
    "DateError",
    "FutureDate",
    "ReversedRange",
    "WireFormat",
    "date_range",
    "schema_code",
    "read_date",
]


class WireFormat:
    """One spelling of a date: how to name it and its exact shape, whose named groups ``y``,
    ``m``, ``d`` are the year, month and day (a year alone has no ``m`` and ``d``)."""

    __slots__ = ("label", "pattern")

    def __init__(self, label: str, pattern: str) -> None:
        self.label = label
        self.pattern = re.compile(pattern, re.ASCII)

    def parse(self, value: str) -> date | None:
        """The date ``value`` spells (``None`` if it lacks the shape); ValueError if the
        calendar has no such day."""
        found = self.pattern.fullmatch(value)
        if found is None:
            return None
        parts = found.groupdict()
        return date(int(parts["y"]), int(parts.get("m", 1)), int(parts.get("d", 1)))


DMY = WireFormat("dd/MM/yyyy", r"(?P<d>[0-9]{2})/(?P<m>[0-9]{2})/(?P<y>[0-9]{4})")
ISO = WireFormat("yyyy-MM-dd", r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
YMD = WireFormat("yyyyMMdd", r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})")
YEAR = WireFormat("yyyy", r"(?P<y>[0-9]{4})")


class DateError(ValueError):
    """``field`` is not a date in the registry's format (or not a day the calendar has)."""

    reason = "NGAY_KHONG_HOP_LE"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class FutureDate(DateError):
    """``field`` is a real date, after the registry's simulated today."""

    reason = "NGAY_TRONG_TUONG_LAI"


class ReversedRange(DateError):
    """A range's first date is after its last."""

    reason = "KHOANG_THOI_GIAN_KHONG_HOP_LE"


def read_date(value: object, formats: tuple[WireFormat, ...], *, field: str, today: date) -> date:
    """The calendar date ``value`` spells in one of ``formats`` (a year alone reads as its
    1 January), not after ``today``; else :class:`DateError` / :class:`FutureDate`."""
    labels = " hoặc ".join(f.label for f in formats)
    if not isinstance(value, str):
        raise DateError(field, f"{field} phải là chuỗi ngày dạng {labels}.")
    for wire in formats:
        try:
            day = wire.parse(value)
        except ValueError:
            raise DateError(field, f"{field} không phải ngày có thật (theo lịch).") from None
        if day is not None:
            break
    else:
        raise DateError(field, f"{field} không đúng định dạng {labels}.")
    if day > today if wire is not YEAR else day.year > today.year:
        raise FutureDate(field, f"{field} sau ngày hiện tại của hệ thống ({today:%d/%m/%Y}).")
    return day


def date_range(
    first: tuple[str, object],
    last: tuple[str, object],
    wire: WireFormat,
    *,
    today: date,
) -> tuple[date, date]:
    """A range of two ``(field, value)`` dates in ``wire``: each read by :func:`read_date`, the
    first not after the last (else :class:`ReversedRange`)."""
    start = read_date(first[1], (wire,), field=first[0], today=today)
    end = read_date(last[1], (wire,), field=last[0], today=today)
    if end < start:
        raise ReversedRange(f"{first[0]}/{last[0]}", f"{first[0]} phải trước hoặc bằng {last[0]}.")
    return start, end


def schema_code(*fields: str) -> Callable[[list[dict[str, Any]]], str]:
    """A registry's code for a request that breaks its schema (a 400): ``NGAY_KHONG_HOP_LE``
    when one of its date ``fields`` lacks the documented shape, else ``DU_LIEU_KHONG_HOP_LE``
    (a date left out is a missing field, not a date of the wrong shape)."""
    names = frozenset(fields)

    def code(errors: list[dict[str, Any]]) -> str:
        for error in errors:
            if error.get("type") == "missing":
                continue
            if names.intersection(str(part) for part in error.get("loc", ())):
                return DateError.reason
        return "DU_LIEU_KHONG_HOP_LE"

    return code
