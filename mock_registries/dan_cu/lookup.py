"""How C06 matches a request to a citizen: by số định danh or legacy CMND, then (when given) by
name — case-, diacritic- and spacing-insensitive — and date or year of birth.

A request that is well-formed but matches no one (unknown number, other name, another birth
date) is not an error: C06 answers an empty ``CongdanCollection`` / ``TonTai=false``. A birth
date that is no date at all is: a day the calendar lacks (``19801332``, ``31/02/1980``) is a 400
``NGAY_SINH_KHONG_HOP_LE`` like a wrong format, a date or year after the simulated today a 400
``NGAY_TRONG_TUONG_LAI`` — no one is born in the future, so "not found" would hide the
caller's bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mock_registries.common import normalise_name
from mock_registries.dates import DMY, YEAR, YMD, DateError, FutureDate, read_date
from mock_registries.errors import RegistryError
from mock_registries.world import Person

__all__ = ["Birth", "Query", "birth_of", "error_code", "normalise_name"]

_BIRTH_FORMATS = (YMD, DMY, YEAR)


@dataclass(frozen=True, slots=True)
class Birth:
    year: int | None
    full: date | None

    def matches(self, born: date) -> bool:
        if self.full is not None:
            return born == self.full
        return self.year is None or born.year == self.year


def _read(value: str, field: str, formats: tuple[Any, ...], today: date) -> date:
    try:
        return read_date(value, formats, field=field, today=today)
    except FutureDate as exc:
        raise RegistryError(400, exc.reason, exc.message) from None
    except DateError as exc:
        raise RegistryError(400, "NGAY_SINH_KHONG_HOP_LE", exc.message) from None


def birth_of(value: Any, year: str | None, today: date) -> Birth | None:
    """The birth criterion of a request: ``yyyyMMdd`` | ``yyyy`` | ``dd/MM/yyyy`` | a
    ``{NgayThangNam, Nam}`` block | ``Nam`` alone; ``None`` when none is given. A date the
    calendar lacks, or after ``today``, is refused (:class:`RegistryError`, 400)."""
    field, year_field = "NgayThangNamSinh", "Nam"
    if value is not None and not isinstance(value, str):
        block_year = getattr(value, "Nam", None)
        if block_year:
            year, year_field = block_year, "NgayThangNamSinh.Nam"
        value, field = getattr(value, "NgayThangNam", None), "NgayThangNamSinh.NgayThangNam"
    if value:
        if len(value) == 4:
            return Birth(_read(value, field, (YEAR,), today).year, None)
        return Birth(None, _read(value, field, _BIRTH_FORMATS, today))
    return Birth(_read(year, year_field, (YEAR,), today).year, None) if year else None


@dataclass(frozen=True, slots=True)
class Query:
    so_dinh_danh: str | None
    so_cmnd: str | None
    name: str | None
    birth: Birth | None

    @classmethod
    def of(cls, request: Any, today: date) -> Query:
        return cls(
            request.SoDinhDanh,
            request.SoCMND,
            request.HoVaTen or None,
            birth_of(request.NgayThangNamSinh, request.Nam, today),
        )

    def has_filters(self) -> bool:
        return self.so_cmnd is not None or self.name is not None or self.birth is not None

    def matches(self, person: Person) -> bool:
        if self.so_cmnd is not None and person.cmnd != self.so_cmnd:
            return False
        if self.name is not None and normalise_name(self.name) != normalise_name(person.name.full):
            return False
        return self.birth is None or self.birth.matches(person.birth_date)


_FIELD_CODES = {
    "SoDinhDanh": "SO_DINH_DANH_KHONG_HOP_LE",
    "SoDinhDanhChuHo": "SO_DINH_DANH_KHONG_HOP_LE",
    "SoDinhDanhThanhVien": "SO_DINH_DANH_KHONG_HOP_LE",
    "SoCMND": "SO_CMND_KHONG_HOP_LE",
    "NgayThangNamSinh": "NGAY_SINH_KHONG_HOP_LE",
    "Nam": "NGAY_SINH_KHONG_HOP_LE",
}


def error_code(errors: list[dict[str, Any]]) -> str:
    """The stable code of a rejected request, from its first invalid field (JSON and SOAP)."""
    for error in errors:
        if error.get("type") == "missing":  # before the field's own code: nothing to misread
            return "THIEU_TRUONG_BAT_BUOC"
        names = [str(p) for p in error.get("loc", ())]
        for name in names:
            if name in _FIELD_CODES:
                return _FIELD_CODES[name]
        if error.get("type") == "value_error":
            return "THIEU_SO_DINH_DANH"
    return "DU_LIEU_KHONG_HOP_LE"
