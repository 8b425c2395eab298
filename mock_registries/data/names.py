"""Vietnamese personal names: Họ + tên đệm + Tên, surnames weighted by their national frequency.

Given and middle names come from Faker's ``vi_VN`` person provider (read once at import; no Faker
instance is created). Faker has only ten unweighted surnames and puts the given name first, so
the surname shares below (sum ≈ 99 %, the rest spread over rarer surnames) come from the 2021
surname survey summarised in ``../shared/research/vn_registry_contracts_and_formats.md`` §8.5.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from faker.providers.person.vi_VN import Provider as _VietnameseNames

__all__ = ["PersonName", "random_name", "random_surname"]

_SURNAME_SHARES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4), ("Trần", 12.1), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 3.1),
    ("Huỳnh", 2.0), ("Phan", 4.5), ("Vũ", 2.2), ("Võ", 1.7), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Lâm", 0.4),
    ("Đinh", 0.4), ("Đào", 0.4), ("Trịnh", 0.4), ("Trương", 0.4), ("Lương", 0.3), ("Mai", 0.3),
    ("Tạ", 0.2), ("Hà", 0.3), ("Đoàn", 0.3),
)  # fmt: skip
_SURNAMES = tuple(name for name, _ in _SURNAME_SHARES)
_SURNAME_CUMULATIVE = tuple(itertools.accumulate(share for _, share in _SURNAME_SHARES))

_MALE_GIVEN = tuple(
    dict.fromkeys(_VietnameseNames.first_names_male + _VietnameseNames.first_names_unisex)
)
_FEMALE_GIVEN = tuple(
    dict.fromkeys(_VietnameseNames.first_names_female + _VietnameseNames.first_names_unisex)
)
_MIDDLE = tuple(dict.fromkeys(m for m in _VietnameseNames.middle_names if m not in ("Văn", "Thị")))
# "Văn" and "Thị" dominate male and female middle names; Faker lists them once, unweighted.
_MALE_MIDDLE = ("Văn",) * 6 + tuple(m for m in _MIDDLE if m not in ("Mai", "Mai Bảo"))
_FEMALE_MIDDLE = ("Thị",) * 6 + ("Ngọc", "Thu", "Thanh", "Kim", "Mai", "Bảo")


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: str
    middle: str
    given: str

    @property
    def full(self) -> str:
        return f"{self.surname} {self.middle} {self.given}"

    @property
    def upper(self) -> str:
        """C06 answers in upper case, with diacritics."""
        return self.full.upper()


def random_surname(rng: random.Random) -> str:
    return rng.choices(_SURNAMES, cum_weights=_SURNAME_CUMULATIVE)[0]


def random_name(rng: random.Random, *, male: bool, surname: str | None = None) -> PersonName:
    middle = rng.choice(_MALE_MIDDLE if male else _FEMALE_MIDDLE)
    given = rng.choice(_MALE_GIVEN if male else _FEMALE_GIVEN)
    return PersonName(surname or random_surname(rng), middle, given)
