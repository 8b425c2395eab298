"""Provinces as the world uses them: population weights, regions and migration.

Codes are the pre-2025 GSO province codes that CCCD prefixes carry (admin units in
``mock_registries/data/admin_units.py``). Figures cite ``world_model_facts.md``:

- population, 2019 census, thousands (§2.1) — used to sample identifiers like real people;
- regions (P3) — southern/central surname forms, migration flows;
- migration (§5): destinations of inter-provincial movers (HCMC 25 %, Bình Dương 17 %, Hà Nội
  12 %, Đồng Nai 7 %, Bắc Ninh 5 %…, others 24 % by population); 99.5 % of Mekong movers go to
  the Southeast and 88 % of Northern-Mountain movers to the Red River Delta (P29). The share of
  adults living away (``NoiOHienTai`` ≠ ``ThuongTru``) by origin region is [INF], calibrated to
  the 3.2 % five-year inter-provincial rate and the 10–15 % of HCMC/Bình Dương adults with a
  tạm trú (§5).
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from mock_registries.world.keys import Draws

__all__ = [
    "MIGRANT_SHARE",
    "POPULATION",
    "REGION",
    "destination",
    "is_southern",
    "sample_province",
]

RRD, MOUNTAINS, CENTRAL, HIGHLANDS, SOUTHEAST, MEKONG = (
    "Đồng bằng sông Hồng", "Trung du và miền núi phía Bắc", "Bắc Trung Bộ và duyên hải miền Trung",
    "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long",
)  # fmt: skip

POPULATION: dict[int, int] = {
    1: 8054, 2: 855, 4: 530, 6: 314, 8: 785, 10: 730, 11: 599, 12: 460, 14: 1248, 15: 821,
    17: 854, 19: 1287, 20: 782, 22: 1320, 24: 1804, 25: 1464, 26: 1154, 27: 1369, 30: 1892,
    31: 2029, 33: 1253, 34: 1860, 35: 853, 36: 1780, 37: 982, 38: 3640, 40: 3328, 42: 1289,
    44: 895, 45: 632, 46: 1129, 48: 1134, 49: 1496, 51: 1232, 52: 1487, 54: 873, 56: 1231,
    58: 590, 60: 1231, 62: 540, 64: 1514, 66: 1869, 67: 622, 68: 1297, 70: 995, 72: 1169,
    74: 2427, 75: 3097, 77: 1148, 79: 8993, 80: 1689, 82: 1764, 83: 1288, 84: 1009, 86: 1023,
    87: 1600, 89: 1908, 91: 1723, 92: 1235, 93: 733, 94: 1200, 95: 907, 96: 1194,
}  # fmt: skip

_REGIONS = {
    RRD: (1, 22, 26, 27, 30, 31, 33, 34, 35, 36, 37),
    MOUNTAINS: (2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 24, 25),
    CENTRAL: (38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60),
    HIGHLANDS: (62, 64, 66, 67, 68),
    SOUTHEAST: (70, 72, 74, 75, 77, 79),
    MEKONG: (80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96),
}
REGION: dict[int, str] = {code: name for name, codes in _REGIONS.items() for code in codes}

# Share of adults 18–49 who live outside their home province, by home region [INF].
MIGRANT_SHARE: dict[str, float] = {
    MEKONG: 0.12, CENTRAL: 0.10, MOUNTAINS: 0.08, HIGHLANDS: 0.07, RRD: 0.06, SOUTHEAST: 0.03,
}  # fmt: skip

_NAMED_DESTINATIONS = {79: 25.0, 74: 17.0, 1: 12.0, 75: 7.0, 27: 5.0, 80: 3.0, 48: 2.0,
                       77: 2.0, 92: 1.5, 19: 1.5}  # fmt: skip
_OTHERS = {code: pop for code, pop in POPULATION.items() if code not in _NAMED_DESTINATIONS}
_NATIONAL = {
    **_NAMED_DESTINATIONS,
    **{code: 24.0 * pop / sum(_OTHERS.values()) for code, pop in _OTHERS.items()},
}


def _table(weights: dict[int, float]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    codes = tuple(weights)
    return codes, tuple(accumulate(weights[c] for c in codes))


def _regional(region: str) -> dict[int, float]:
    return {c: w for c, w in _NATIONAL.items() if REGION[c] == region}


_BY_ORIGIN_REGION = {
    MEKONG: _table(_regional(SOUTHEAST)),
    MOUNTAINS: _table(_regional(RRD)),
}
_NATIONAL_TABLE = _table(_NATIONAL)
_POPULATION_TABLE = _table({code: float(pop) for code, pop in POPULATION.items()})


def destination(rng: Draws, home: int) -> int:
    """Where a mover from ``home`` lives: regional flows first, then national weights."""
    region = REGION[home]
    codes, cumulative = _NATIONAL_TABLE
    if region in _BY_ORIGIN_REGION and rng.random() < (0.995 if region == MEKONG else 0.88):
        codes, cumulative = _BY_ORIGIN_REGION[region]
    for _ in range(8):
        chosen = codes[bisect(cumulative, rng.random() * cumulative[-1])]
        if chosen != home:
            return chosen
    return 79 if home != 79 else 74


def sample_province(rng: random.Random) -> int:
    """A province drawn like a resident of Vietnam (2019 census weights)."""
    codes, cumulative = _POPULATION_TABLE
    return rng.choices(codes, cum_weights=cumulative)[0]


def is_southern(province: int) -> bool:
    """Whether surnames take the southern and central forms (Huỳnh, Võ): Huế and south."""
    return province >= 46
