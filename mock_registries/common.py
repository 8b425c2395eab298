"""Helpers shared by the registry mocks: answer cache, calendar dates, day windows, PDFs."""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Hashable
from datetime import date, datetime, time
from typing import Any, Generic, TypeVar

from pydantic import BeforeValidator, ConfigDict, StringConstraints

from mock_registries.clock import VIETNAM_TZ

__all__ = [
    "CONTROL_CHARACTER",
    "DEFAULT_CACHE_SIZE",
    "NO_CONTROLS",
    "AnswerCache",
    "day_window",
    "dmy",
    "dmy_time",
    "normalise_name",
    "WHOLE_NUMBER",
    "parse_day",
    "request_config",
    "pdf_document",
]

T = TypeVar("T")
DEFAULT_CACHE_SIZE = 4096


def _integral(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


# An integer as JSON Schema means it: 216 and 216.0, never "216" or true (request models are
# strict, so a schema-invalid value is refused and a schema-valid one accepted). Use it as
# ``Annotated[int, Field(ge=…, le=…), WHOLE_NUMBER]`` (bounds before the validator).
WHOLE_NUMBER = BeforeValidator(_integral)


# No C0 control character and no DEL in what a client sends as an identifier or free text: no
# XML 1.0 message (the registries' SOAP side, the LGSP's XML wrapper) can carry one, so the real
# services refuse it rather than echo it. Refused by the schema: each registry's own 400 and code.
# Use it as ``Annotated[str, Field(...), NO_CONTROLS]``; ``CONTROL_CHARACTER`` finds one in
# text a registry takes outside a schema.
_CONTROLS = r"\x00-\x1f\x7f"
NO_CONTROLS = StringConstraints(pattern=rf"^[^{_CONTROLS}]*$")
CONTROL_CHARACTER = re.compile(rf"[{_CONTROLS}]")


def request_config(*examples: dict[str, Any], **schema: Any) -> ConfigDict:
    """A request model's config: strict (a value the schema refuses is refused, one it allows is
    accepted), unknown fields ignored, ``examples`` taken from the test identities."""
    extra = {**schema, "examples": list(examples)} if examples else schema
    return ConfigDict(extra="ignore", strict=True, json_schema_extra=extra or None)


def normalise_name(value: str) -> str:
    """A name as registries compare it: case, diacritics and spacing ignored (đ = d)."""
    stripped = "".join(
        c
        for c in unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(c)
    )
    return " ".join(stripped.casefold().split())


def dmy(value: date) -> str:
    """``dd/MM/yyyy``: the date format of ĐKDN, BTP and the GPLX details."""
    return value.strftime("%d/%m/%Y")


def dmy_time(value: datetime | None) -> str | None:
    """``dd/MM/yyyy HH:mm:ss`` (``None`` stays ``None``: a date that has not happened yet)."""
    return None if value is None else value.strftime("%d/%m/%Y %H:%M:%S")


def parse_day(value: str, fmt: str) -> date | None:
    """A calendar date in format ``fmt``, or ``None`` (the schema checks the shape; this the
    calendar: ``30/02/2026`` has the shape and no day)."""
    try:
        return datetime.strptime(value, fmt).date()
    except ValueError:
        return None


def day_window(start: date, end: date, now: datetime) -> tuple[datetime, datetime]:
    """From ``start`` 00:00 to the end of ``end`` (but not past ``now``), Vietnam time."""
    return (
        datetime.combine(start, time(0), tzinfo=VIETNAM_TZ),
        min(now, datetime.combine(end, time(23, 59, 59), tzinfo=VIETNAM_TZ)),
    )


class AnswerCache(Generic[T]):
    """A bounded LRU of generated answers for one moment of the simulated world.

    An answer is a pure function of its key and the moment (the simulated minute and the
    world's epoch); a moment once past is not asked for again, so the cache empties when the
    moment moves on instead of holding past minutes' answers until the bound evicts them —
    memory stays flat in a long run, and the whole bound serves the current moment.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._moment: Hashable = None

    def get(self, key: Hashable, moment: Hashable) -> T | None:
        if moment != self._moment:
            self._items.clear()
            self._moment = moment
            return None
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, moment: Hashable, value: T) -> None:
        if self._size <= 0 or moment != self._moment:
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
