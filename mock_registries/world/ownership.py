"""Who may own what: one DNTN and one hộ kinh doanh per person, never both (invariant I14).

A doanh nghiệp tư nhân belongs to one individual, who may own no other DNTN and no hộ kinh
doanh (Luật Doanh nghiệp 2020 Điều 188); a person registers at most one hộ kinh doanh
nationwide (NĐ 01/2021 Điều 80). To make both limits hold by construction, the owner of a DNTN
or of a legacy hộ kinh doanh code is *decoded* from the code, through bijections onto disjoint
bands of person indices — so each person maps back to at most one code of each kind:

- legacy HKD codes ``8XXXXXXXXC`` (personal tax codes): the eight digits give the province,
  a birth year 1945–1994, the sex and an index below ``_HKD_BAND``;
- DNTN codes ``PPXXXXXXXC``: the tax prefix gives the province, the seven digits a birth year
  1945–1994, the sex and an index in ``_DNTN_BAND``;
- everyone else's hộ kinh doanh carries their 12-digit số định danh as its code (the rule
  since 1 July 2025, formats note §8.2).

The tax prefix → province table is one-to-one: the pairs known from real codes, the other
provinces on the remaining prefixes in order [INF].
"""

from __future__ import annotations

from mock_registries.data.identity import PROVINCE_CODES, CccdParts, mst_check_digit
from mock_registries.world.business_data import TAX_PREFIX_PROVINCE
from mock_registries.world.keys import Keys

__all__ = [
    "PREFIX_OF",
    "company_code_in",
    "dntn_code",
    "dntn_owner",
    "legacy_hkd_code",
    "legacy_hkd_code_in",
    "legacy_hkd_owner",
    "province_of_prefix",
]

_FIRST_YEAR, _YEARS = 1945, 50
_PROVINCES = tuple(sorted(PROVINCE_CODES))
_HKD_BAND = 10**8 // (len(_PROVINCES) * _YEARS * 2)
_DNTN_START, _DNTN_BAND = 20_000, 10**7 // (_YEARS * 2)

_free = (f"{n:02d}" for n in range(5, 100) if f"{n:02d}" not in TAX_PREFIX_PROVINCE)
_known = set(TAX_PREFIX_PROVINCE.values())
PROVINCE_OF_PREFIX = {
    **TAX_PREFIX_PROVINCE,
    **{next(_free): code for code in _PROVINCES if code not in _known},
}
PREFIX_OF = {province: prefix for prefix, province in PROVINCE_OF_PREFIX.items()}


def province_of_prefix(prefix: str) -> int | None:
    return PROVINCE_OF_PREFIX.get(prefix)


def _with_check(first9: str) -> str | None:
    check = mst_check_digit(first9)
    return None if check is None else f"{first9}{check}"


def legacy_hkd_owner(keys: Keys, base: str) -> CccdParts | None:
    """The owner a legacy ``8…`` code decodes to (whether the HKD exists: ``business.py``)."""
    rest, year_male_band = divmod(int(base[1:9]), _YEARS * 2 * _HKD_BAND)
    if rest >= len(_PROVINCES):
        return None
    year, male_band = divmod(year_male_band, 2 * _HKD_BAND)
    male, index = divmod(male_band, _HKD_BAND)
    return keys.person(_PROVINCES[rest], _FIRST_YEAR + year, bool(male), index)


def legacy_hkd_code(parts: CccdParts, index: int) -> str | None:
    """The legacy HKD code whose owner is this person, if their index lies in the band."""
    if index >= _HKD_BAND or not 0 <= parts.birth_year - _FIRST_YEAR < _YEARS:
        return None
    province = _PROVINCES.index(parts.province_code)
    body = ((province * _YEARS + parts.birth_year - _FIRST_YEAR) * 2 + parts.male) * _HKD_BAND
    return _with_check(f"8{body + index:08d}")


def dntn_owner(keys: Keys, base: str) -> CccdParts | None:
    """The individual a DNTN code decodes to (None for prefixes outside the table)."""
    province = PROVINCE_OF_PREFIX.get(base[:2])
    if province is None:
        return None
    year, male_band = divmod(int(base[2:9]), 2 * _DNTN_BAND)
    male, index = divmod(male_band, _DNTN_BAND)
    return keys.person(province, _FIRST_YEAR + year, bool(male), _DNTN_START + index)


def dntn_code(parts: CccdParts, index: int) -> str | None:
    """The one code under which this person could own a DNTN."""
    band = index - _DNTN_START
    if not 0 <= band < _DNTN_BAND or not 0 <= parts.birth_year - _FIRST_YEAR < _YEARS:
        return None
    body = ((parts.birth_year - _FIRST_YEAR) * 2 + parts.male) * _DNTN_BAND + band
    return _with_check(f"{PREFIX_OF[parts.province_code]}{body:07d}")


def legacy_hkd_code_in(province: int, number: int) -> str | None:
    """A legacy HKD code whose owner was registered in ``province``, the ``number``-th of its
    band (modulo the band; None when the nine digits have no check digit)."""
    band = _YEARS * 2 * _HKD_BAND
    body = _PROVINCES.index(province) * band + number % band
    return _with_check(f"8{body:08d}")


def company_code_in(province: int, number: int) -> str | None:
    """A doanh nghiệp / HTX code under ``province``'s tax prefix (None: no check digit)."""
    return _with_check(f"{PREFIX_OF[province]}{number % 10**7:07d}")
