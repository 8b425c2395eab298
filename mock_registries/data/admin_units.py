"""Pre-2025 administrative units (63 tỉnh / huyện / xã, GSO codes), loaded once at import.

CCCD prefixes and every C06/DVCQG sample use the three-level codes in force before the
01/07/2025 reform, so the mocks do too. The table is ``admin_units.tsv`` (see
``build_admin_units.py`` for its source and derivation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple, Protocol, TypeVar, cast

__all__ = [
    "PROVINCES",
    "Address",
    "District",
    "Province",
    "Ward",
    "random_address",
    "ward_by_code",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Province:
    code: int
    name: str


@dataclass(frozen=True, slots=True)
class District:
    code: int
    name: str
    province: Province


@dataclass(frozen=True, slots=True)
class Ward:
    code: int
    name: str
    district: District


class Address(NamedTuple):
    """A street address in one ward; ``as_c06`` is the C06 ``DiaChi`` block (a tuple: built
    on every look-up, so built cheaply)."""

    ward: Ward
    street: str

    @property
    def full_text(self) -> str:
        ward = _WARD_TEXT[self.ward.code][0]
        return f"{self.street}, {ward}" if self.street else ward

    def as_c06(self) -> dict[str, str]:
        """The C06 ``DiaChi`` block (codes zero-padded, text upper-case with diacritics)."""
        _, upper, codes = _WARD_TEXT[self.ward.code]
        detail = f"{self.street.upper()}, {upper}" if self.street else upper
        return {**codes, "ChiTiet": detail, "QuocGia": "VN"}


_new_address = cast(Callable[[tuple[Ward, str]], Address], partial(tuple.__new__, Address))


def _load() -> tuple[dict[int, Province], dict[int, tuple[Ward, ...]], dict[int, Ward]]:
    provinces: dict[int, Province] = {}
    districts: dict[int, District] = {}
    wards: dict[int, Ward] = {}
    by_province: dict[int, list[Ward]] = {}
    path = Path(__file__).with_name("admin_units.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, code, *rest = line.split("\t")
        if kind == "P":
            provinces[int(code)] = Province(int(code), rest[0])
        elif kind == "D":
            districts[int(code)] = District(int(code), rest[1], provinces[int(rest[0])])
        else:
            ward = Ward(int(code), rest[1], districts[int(rest[0])])
            wards[ward.code] = ward
            by_province.setdefault(ward.district.province.code, []).append(ward)
    return provinces, {k: tuple(v) for k, v in by_province.items()}, wards


_PROVINCES, _WARDS_BY_PROVINCE, _WARDS = _load()


def _ward_text(ward: Ward) -> tuple[str, str, dict[str, str]]:
    district = ward.district
    text = f"{ward.name}, {district.name}, {district.province.name}"
    codes = {
        "MaTinhThanh": f"{district.province.code:02d}",
        "MaQuanHuyen": f"{district.code:03d}",
        "MaPhuongXa": f"{ward.code:05d}",
    }
    return text, text.upper(), codes


# Address text is rendered on every look-up; the ward part is the same for everyone in it.
_WARD_TEXT = {code: _ward_text(ward) for code, ward in _WARDS.items()}
PROVINCES: tuple[Province, ...] = tuple(_PROVINCES.values())
"""The 63 provinces, in GSO code order."""

_STREETS = (
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
    "Hùng Vương",
    "Nguyễn Huệ",
    "Lê Duẩn",
    "Phan Chu Trinh",
    "Điện Biên Phủ",
    "Nguyễn Du",
)


def province(code: int) -> Province:
    return _PROVINCES[code]


def ward_by_code(code: int) -> Ward:
    return _WARDS[code]


class Draws(Protocol):
    """A random stream: ``random.Random``, or any cheaper one with these three methods."""

    def random(self) -> float: ...

    def choice(self, seq: Sequence[T]) -> T: ...

    def randint(self, a: int, b: int) -> int: ...


_HOUSES = tuple(f"Số {n} đường {street}" for street in _STREETS for n in range(1, 300))
_VILLAGES = tuple(f"Thôn {n}" for n in range(1, 13))


def random_address(rng: Draws, province_code: int) -> Address:
    """A plausible address in ``province_code`` (a real ward, a synthetic house/street): half
    in a street, half in a village."""
    ward = rng.choice(_WARDS_BY_PROVINCE[province_code])
    draw = rng.random()
    if draw < 0.5:
        return _new_address((ward, _HOUSES[int(draw * 2 * len(_HOUSES))]))
    return _new_address((ward, _VILLAGES[int((draw - 0.5) * 2 * len(_VILLAGES))]))
