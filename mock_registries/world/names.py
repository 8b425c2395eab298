"""Vietnamese personal names: Họ + tên đệm + Tên, by sex, birth cohort, region and ethnicity.

Rules (world_model_facts §1): surnames by region (Huỳnh/Võ from Huế south) and lineage (a child
carries the father's surname); given names come from sex-specific lists, so a woman is never
"Nguyễn Thị Khoa"; "Thị" and "Văn" follow cohort weights — Thị for women born before 1970 ≈85 %,
1970–89 ≈65 %, 1990–2004 ≈45 %, from 2005 ≈20 %; Văn for men 60/35/15/5 % — and ≈16 % of names
have four syllables ("Thị Như Quỳnh"). Minority names follow §1's surname lists; Ê Đê and
M'Nông names put the clan last ("Y Ngông Niê"), Gia Rai women's given names take "H'", and the
Kon Tum groups use "A"/"Y" without a surname [INF].
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate
from typing import NamedTuple, TypeVar, cast

from mock_registries.world import ethnicity as eth, name_lists as lists
from mock_registries.world.geography import is_southern
from mock_registries.world.keys import Bits, Draws

__all__ = [
    "Draws",
    "Name",
    "NameFields",
    "as_name",
    "draw_given",
    "draw_surname",
    "parse_name",
    "prepare_names",
]

T = TypeVar("T")


class Name(NamedTuple):
    """A name as registered: ``family`` (họ, or the clan), ``middle`` (tên đệm), ``given``."""

    family: str
    middle: str
    given: str
    family_last: bool = False

    @property
    def full(self) -> str:
        family, middle, given, last = self
        return " ".join(filter(None, (middle, given, family) if last else (family, middle, given)))

    @property
    def upper(self) -> str:
        """C06 and hộ tịch answer in upper case, with diacritics. ``full``'s line again, not a
        call of it: a dân cư record reads up to five names, and a frame each is measurable."""
        family, middle, given, last = self
        joined = " ".join(
            filter(None, (middle, given, family) if last else (family, middle, given))
        )
        return joined.upper()


# A name as a world memo keeps it: a plain tuple of atoms, which the collector untracks (a
# NamedTuple instance it walks on every pass, and a warm server keeps tens of thousands).
NameFields = tuple[str, str, str, bool]

as_name = cast(Callable[[NameFields], Name], partial(tuple.__new__, Name))
"""The ``Name`` of memoised fields, without the class call's Python frame."""


@dataclass(frozen=True, slots=True)
class _Pool:
    values: tuple[str, ...]
    cumulative: tuple[float, ...]
    total: float

    def draw(self, rng: Draws) -> str:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


def _ranked(values: tuple[str, ...], flatten: int = 25) -> _Pool:
    unique = tuple(dict.fromkeys(values))
    cumulative = tuple(accumulate(1.0 / (rank + flatten) for rank in range(len(unique))))
    return _Pool(unique, cumulative, cumulative[-1])


def _weighted(pairs: tuple[tuple[str, float], ...]) -> _Pool:
    cumulative = tuple(accumulate(w for _, w in pairs))
    return _Pool(tuple(p for p, _ in pairs), cumulative, cumulative[-1])


_MALE = (_ranked(lists.MALE_GIVEN), _ranked(lists.MALE_GIVEN_OLD), _ranked(lists.MALE_GIVEN_NEW))
_FEMALE = (
    _ranked(lists.FEMALE_GIVEN),
    _ranked(lists.FEMALE_GIVEN_OLD),
    _ranked(lists.FEMALE_GIVEN_NEW),
)
_MALE_MIDDLE = _weighted(lists.MALE_MIDDLE)
_FEMALE_MIDDLE = _weighted(lists.FEMALE_MIDDLE)
_SECOND_MIDDLE = _ranked(lists.FEMALE_SECOND_MIDDLE, flatten=3)
_SURNAMES = {False: _weighted(lists.SURNAMES_NORTH), True: _weighted(lists.SURNAMES_SOUTH)}
_SOUTH = next(code for code in range(100) if is_southern(code))  # geography.is_southern
_THI = (0.85, 0.65, 0.45, 0.20)
_VAN = (0.60, 0.35, 0.15, 0.05)


def _cohort(birth_year: int) -> int:
    return 0 if birth_year < 1970 else 1 if birth_year < 1990 else 2 if birth_year < 2005 else 3


@dataclass(frozen=True, slots=True)
class _Naming:
    surnames: tuple[str, ...]
    male_prefix: tuple[str, ...] = ()
    female_prefix: tuple[str, ...] = ()
    male_given: tuple[str, ...] = ()
    female_given: tuple[str, ...] = ()
    clan_last: bool = False


_MINORITY: dict[str, _Naming] = {
    eth.HMONG: _Naming(
        ("Giàng", "Vừ", "Thào", "Lầu", "Sùng", "Mùa", "Vàng", "Lý", "Hạng", "Chang"),
        ("A", "Seo", "Văn", "Mí"),
        ("Thị",),
        tuple("Páo Sử Dình Chứ Lử Chá Pó Mua Dế Tủa Súa Sình Cở Chư Tráng Vảng Lùng Nủ".split()),
        tuple("Mỷ Dợ Chà Pàng Máy Súa Say Dung Mai Sua Chở Dính Mang Xía Lan".split()),
    ),  # fmt: skip
    eth.THAI: _Naming(("Lò", "Lường", "Quàng", "Tòng", "Cầm", "Vì", "Hà", "Lừ")),
    eth.TAY: _Naming(("Nông", "Bế", "Hoàng", "Vi", "Chu", "Triệu", "Lương", "Ma", "Đàm")),
    eth.NUNG: _Naming(("Nông", "Hoàng", "Vi", "Chu", "Lục", "Mông", "Hứa", "Lương")),
    eth.MUONG: _Naming(("Bùi", "Đinh", "Quách", "Bạch", "Hà", "Xa")),
    eth.DAO: _Naming(("Bàn", "Triệu", "Đặng", "Lý", "Phùng", "Chảo", "Tẩn")),
    eth.KHMER: _Naming(
        ("Thạch", "Danh", "Sơn", "Kim", "Lâm", "Châu", "Lý", "Trà"),
        ("",),
        ("Thị",),
        tuple("Sóc Phol Sa Chanh Tha Ny Phiên Rinh Sang Sết Kha Ren Sà Phươl Khenl".split()),
        tuple("Sa Rên Ni Phia Sóc Kha Thi Sa Ly Chanh Sô Phia Mai Ngọc Sơ Phin".split()),
    ),  # fmt: skip
    eth.HOA: _Naming(("Lý", "Trần", "Lâm", "Quách", "Trương", "Hứa", "Lưu", "Mã", "Tăng", "Diệp")),
    eth.CHAM: _Naming(("Đàng", "Chế", "Trà", "Thiên", "Quảng", "Phú", "Lưu", "Dụng", "Báo")),
    eth.RA_GLAI: _Naming(("Pinăng", "Katơr", "Chamaléa", "Mấu", "Bo Bo")),
    eth.EDE: _Naming(
        ("Niê", "Êban", "Mlô", "Ktla", "Byă", "Ayŭn", "Hđơk", "Adrơng", "Knul", "Êñuôl"),
        ("Y",),
        ("H'",),
        tuple("Ngông Moan Bhin Khu Jut Bih Wang Thuôn Blô Nuê Djao Kông Tlam Hin".split()),
        tuple("Hen Linh Mai Nhi Yâm Ra Luân Bia Lan Duyên Zơ Yến Nga".split()),
        clan_last=True,
    ),  # fmt: skip
    eth.GIA_RAI: _Naming(
        ("Ksor", "Rơ Châm", "Siu", "Rơ Mah", "Kpă", "Nay", "Rahlan", "Puih", "Rơ Ô", "Rơ Lan"),
        ("",),
        ("H'",),
        tuple("Phước Thuận Blang Ơn Dơng Hyuh Lin Kin Tuh Yơr Aly Nhưr".split()),
        tuple("Luân Mai Nhi Phi Bia Wen Jen Ngai Hiao Yung".split()),
    ),  # fmt: skip
}
_MINORITY[eth.MNONG] = _Naming(
    ("Bkrông", "Điểu", "Niê", "Bon", "Lơ"),
    ("Y",),
    ("H'",),
    _MINORITY[eth.EDE].male_given,
    _MINORITY[eth.EDE].female_given,
    clan_last=True,
)
_KON_TUM = _Naming(
    ("",), ("A",), ("Y",),
    tuple("Pớt Dơn Thuyên Nhoi Khâm Sang Tơr Blúp Rin Kun Hơi Giáo".split()),
    tuple("Mửi Xuân Hơng Bia Lan Đôn Rơ Liên Nhí Thảo".split()),
)  # fmt: skip
for _code in (eth.BA_NA, eth.XO_DANG, eth.GIE_TRIENG):
    _MINORITY[_code] = _KON_TUM


def draw_surname(lanes: int, province: int, ethnicity: str) -> tuple[str, int]:
    """The surname of a lineage: by ethnicity, else by region. Drawn from ``lanes``, 16-bit
    draws lowest first as ``Bits`` gives them (a minority's takes two); returns the surname
    and the lanes left."""
    naming = _MINORITY.get(ethnicity)
    if naming is not None:
        if (lanes & 0xFFFF) / 65536.0 < 0.9:
            surnames = naming.surnames
            return surnames[int((lanes >> 16 & 0xFFFF) / 65536.0 * len(surnames))], lanes >> 32
        lanes >>= 16
    pool = _SURNAMES[province >= _SOUTH]
    return pool.values[bisect(pool.cumulative, (lanes & 0xFFFF) / 65536.0 * pool.total)], (
        lanes >> 16
    )


def draw_given(key: int, surname: str, *, male: bool, birth_year: int,
               ethnicity: str) -> NameFields:  # fmt: skip
    """A full name for someone of ``surname``'s lineage (:func:`as_name` makes it a ``Name``),
    drawn from ``key`` (a mixed 64-bit value) as from ``Bits(key)``."""
    naming = _MINORITY.get(ethnicity)
    if naming is not None and naming.male_given and surname in naming.surnames:
        rng = Bits(key)
        prefix = rng.choice(naming.male_prefix if male else naming.female_prefix)
        given = rng.choice(naming.male_given if male else naming.female_given)
        if prefix == "H'":
            return (surname, "", f"H'{given}", naming.clan_last)
        return (surname, prefix, given, naming.clan_last)
    table = _TABLES.get(birth_year * 2 + male)
    if table is None:
        table = _TABLES[birth_year * 2 + male] = _table(male, _cohort(birth_year))
    # = int(Bits(key).random() * _TABLE_SIZE): a 16-bit draw scaled by a power of two, exact
    at = (key & 0xFFFF) >> _DRAW_SHIFT
    middle, given = table[at]
    if given == surname:  # "Hà Thu Hà": the next name of the table
        middle, given = table[(at + 1) % _TABLE_SIZE]
    return (surname, middle, given, False)


# A Kinh name is drawn from a table of 8,192 tên đệm + tên pairs pre-drawn (seed-independent)
# from the cohort's distribution above: one draw instead of five, the same shares, a tail cut
# at 1/8192 [INF: ≈3,000 distinct pairs per sex and cohort, as many as the real distribution
# shows in a sample of that size].
_TABLE_SIZE = 8192
_DRAW_SHIFT = 16 - 13  # a 16-bit draw to a table index: 8192 = 2¹³
_TABLES: dict[int, tuple[tuple[str, str], ...]] = {}  # birth year · 2 + male


def prepare_names() -> None:
    """Build the eight tables (two sexes, four cohorts) now, once per process, so that no
    look-up pays for them (a birth year's entry of ``_TABLES`` then costs a dict store)."""
    for male in (True, False):
        for cohort in range(4):
            _table(male, cohort)


@lru_cache(maxsize=8)
def _table(male: bool, cohort: int) -> tuple[tuple[str, str], ...]:
    rng = random.Random(f"names:{male}:{cohort}")
    pools = _MALE if male else _FEMALE
    special = pools[1] if cohort == 0 else pools[2] if cohort == 3 else None
    share = 0.3 if cohort == 0 else 0.45
    found = []
    for _ in range(_TABLE_SIZE):
        middle = _middle(rng, male, cohort)
        taken = middle.split()
        for _ in range(4):
            pool = special if special is not None and rng.random() < share else pools[0]
            given = pool.draw(rng)
            if given not in taken:
                break
        found.append((middle, given))
    return tuple(found)


def _middle(rng: Draws, male: bool, cohort: int) -> str:
    draw = rng.random()
    if draw < 0.01:
        return ""
    if male:
        if draw < _VAN[cohort]:
            return "Văn"
        return _compound(rng, _MALE_MIDDLE, 0.04)
    if draw < _THI[cohort]:
        return f"Thị {_SECOND_MIDDLE.draw(rng)}" if rng.random() < 0.22 else "Thị"
    return _compound(rng, _FEMALE_MIDDLE, 0.08)


def _compound(rng: Draws, pool: _Pool, share: float) -> str:
    first = pool.draw(rng)
    if rng.random() >= share:
        return first
    second = pool.draw(rng)
    return first if second == first else f"{first} {second}"


def parse_name(text: str) -> Name:
    """A declared full name ("NGUYỄN VĂN AN", "Nguyễn Thị Thu Hà") as Họ / đệm / Tên."""
    words = [word.capitalize() for word in text.split()]
    if not words:
        raise ValueError("empty name")
    if len(words) == 1:
        return Name("", "", words[0])
    return Name(words[0], " ".join(words[1:-1]), words[-1])
