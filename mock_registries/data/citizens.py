"""The synthetic population: any well-formed CCCD resolves to one stable citizen and family.

Relations are derived so that they agree from both ends without storing anything:

- **father** of X: same province, born 22–38 years before X, serial from a hash of X.
- **marriage** is a bijection between men and women of one province: the wife's serial is an
  affine permutation of the husband's (invertible mod 10⁶) and her birth-year offset is read back
  from her own serial, so ``husband_of(wife_of(m)) == m``. Whether the couple is married is decided
  once, from the husband's hash, and both records agree.
- **mother** of X is the wife of X's father; a **surname** belongs to the lineage (province and
  the serial's last three digits, which a father shares with his children), so the name a child's
  record gives for its father is the father's own name, at O(1) cost.
- **household**: a married man heads one; his wife (CH02) and unmarried children under 30 (CH03)
  belong to it; everyone else heads their own.

Fixed test identities (``fixtures.py``) override all of this for their own IDs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from mock_registries.data import fixtures
from mock_registries.data.admin_units import Address, random_address, ward_by_code
from mock_registries.data.identity import (
    CccdParts,
    cccd_of_cmnd,
    cmnd_of,
    digest_int,
    format_cccd,
    is_not_found,
    parse_cccd,
    rng_for,
)
from mock_registries.data.names import PersonName, random_name, random_surname

__all__ = ["Citizen", "Population", "Relative"]

_MOD = 1_000_000
_A = 7919  # odd, not a multiple of 5: invertible mod 10**6
_A_INV = pow(_A, -1, _MOD)
_LINEAGE = 1000  # a father's serial keeps his child's last three digits: the surname's lineage
_ETHNIC = (("01", 85.0), ("02", 1.9), ("03", 1.9), ("06", 1.5), ("05", 1.4), ("08", 1.4),
           ("07", 1.1), ("09", 0.9), ("04", 0.8))  # fmt: skip
_ETHNIC_CODES = tuple(code for code, _ in _ETHNIC)
_ETHNIC_WEIGHTS = tuple(weight for _, weight in _ETHNIC)
HEAD, SPOUSE, CHILD = "CH01", "CH02", "CH03"
SINGLE, MARRIED, DIVORCED = "1", "2", "3"


_MOBILE_PREFIXES = ("32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79",
                    "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "93", "94", "96",
                    "97", "98")  # fmt: skip
CARD_FROM = date(2016, 1, 1)  # first 12-digit CCCD cards
_FIXED_BY_CMND = {c.cmnd: cid for cid, c in fixtures.CITIZENS.items() if c.cmnd}


@dataclass(frozen=True, slots=True)
class Relative:
    so_dinh_danh: str
    name: PersonName
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class Citizen:
    so_dinh_danh: str
    so_cmnd: str | None
    name: PersonName
    male: bool
    birth_date: date
    dan_toc: str
    ton_giao: str
    nhom_mau: str
    tinh_trang_hon_nhan: str
    birth_place: Address
    que_quan: Address
    thuong_tru: Address
    noi_o_hien_tai: Address
    father: Relative | None
    mother: Relative | None
    spouse: Relative | None
    head: Relative
    relation_to_head: str
    so_ho_khau: str
    phone: str
    card_issued: date | None


class Population:
    """Citizens of one run: a pure function of the seed (plus the fixed identities)."""

    def __init__(self, seed: int, not_found_ratio: float) -> None:
        self.seed = seed
        self.not_found_ratio = not_found_ratio
        self._offset = digest_int(seed, "marriage", "offset") % _MOD
        self._surnames: dict[tuple[int, int], str] = {}
        # Names are pure; a household's look-ups name the same relatives again and again.
        self.name_of = lru_cache(maxsize=65536)(self._name_of)

    # --- relations -------------------------------------------------------------------------
    def father_id(self, cid: str, parts: CccdParts) -> str | None:
        fixed = fixtures.CITIZENS.get(cid)
        if fixed is not None:
            return fixed.father
        h = digest_int(self.seed, "father", cid)
        year = parts.birth_year - 22 - h % 17
        if year < 1900:
            return None
        serial = (h >> 8) % (_MOD // _LINEAGE) * _LINEAGE + parts.serial % _LINEAGE
        return format_cccd(CccdParts(parts.province_code, year, True, serial))

    def wife_id(self, husband: CccdParts) -> str:
        serial = (_A * husband.serial + self._offset) % _MOD
        year = husband.birth_year + serial % 6
        return format_cccd(CccdParts(husband.province_code, year, False, serial))

    def husband_id(self, wife: CccdParts) -> str | None:
        year = wife.birth_year - wife.serial % 6
        if year < 1900:
            return None
        serial = (_A_INV * (wife.serial - self._offset)) % _MOD
        return format_cccd(CccdParts(wife.province_code, year, True, serial))

    def marital_status(self, husband_cid: str, husband: CccdParts, today: date) -> str:
        age = today.year - husband.birth_year
        h = digest_int(self.seed, "couple", husband_cid)
        if age < 22 + h % 9 or age - 5 < 18:
            return SINGLE
        return DIVORCED if (h >> 8) % 100 < 8 else MARRIED

    def spouse_id(self, cid: str, parts: CccdParts, today: date) -> tuple[str, str | None]:
        """(TinhTrangHonNhan, current spouse id or None)."""
        fixed = fixtures.CITIZENS.get(cid)
        if fixed is not None:
            return (MARRIED, fixed.spouse) if fixed.spouse else (SINGLE, None)
        husband = cid if parts.male else self.husband_id(parts)
        if husband is None:
            return SINGLE, None
        hparts = parts if parts.male else parse_cccd(husband)
        assert hparts is not None
        status = self.marital_status(husband, hparts, today)
        if status != MARRIED:
            return status, None
        return MARRIED, (self.wife_id(parts) if parts.male else husband)

    def household_of(self, cid: str, today: date) -> tuple[str, str]:
        """(head id, relation code) of ``cid``'s household."""
        fixed = fixtures.CITIZENS.get(cid)
        if fixed is not None:
            return fixed.head, fixed.relation
        parts = parse_cccd(cid)
        assert parts is not None
        status, spouse = self.spouse_id(cid, parts, today)
        if status == MARRIED and spouse is not None:
            return (cid, HEAD) if parts.male else (spouse, SPOUSE)
        father = self.father_id(cid, parts)
        if status == SINGLE and father is not None and today.year - parts.birth_year < 30:
            fparts = parse_cccd(father)
            if fparts is not None and self.spouse_id(father, fparts, today)[0] == MARRIED:
                return father, CHILD
        return cid, HEAD

    # --- names -----------------------------------------------------------------------------
    def surname(self, cid: str, parts: CccdParts) -> str:
        fixed = fixtures.CITIZENS.get(cid)
        if fixed is not None:
            return fixed.name.surname
        lineage = (parts.province_code, parts.serial % _LINEAGE)
        surname = self._surnames.get(lineage)
        if surname is None:
            surname = random_surname(rng_for(self.seed, "lineage", f"{lineage}"))
            self._surnames[lineage] = surname
        return surname

    def _name_of(self, cid: str) -> PersonName:
        fixed = fixtures.CITIZENS.get(cid)
        if fixed is not None:
            return fixed.name
        parts = parse_cccd(cid)
        assert parts is not None
        rng = rng_for(self.seed, "name", cid)
        return random_name(rng, male=parts.male, surname=self.surname(cid, parts))

    def relative(self, cid: str | None, today: date | None = None) -> Relative | None:
        """A relative by number and name; with ``today``, their date of birth too (parents)."""
        if cid is None:
            return None
        born = None if today is None else self.birth_date_of(cid, today)
        return Relative(cid, self.name_of(cid), born)

    def birth_date_of(self, cid: str, today: date) -> date | None:
        """The date of birth on ``cid``'s record (the first draw of its stream), no record built."""
        fixed = fixtures.CITIZENS.get(cid)
        if fixed is not None:
            return fixed.birth_date
        parts = parse_cccd(cid)
        if parts is None or parts.birth_year > today.year:
            return None
        born = _birth_date(rng_for(self.seed, "citizen", cid), parts.birth_year, today)
        return born if born <= today else None

    def cid_of_cmnd(self, cmnd: str) -> str | None:
        """The số định danh of the holder of a legacy CMND number, or None."""
        fixed = _FIXED_BY_CMND.get(cmnd)
        if fixed is not None:
            return fixed
        cid = cccd_of_cmnd(self.seed, cmnd)
        return None if cid is None or cid in fixtures.CITIZENS else cid

    def cmnd(self, cid: str, parts: CccdParts) -> str | None:
        fixed = fixtures.CITIZENS.get(cid)
        return fixed.cmnd if fixed is not None else cmnd_of(self.seed, parts)

    # --- records ---------------------------------------------------------------------------
    def exists(self, cid: str, today: date) -> bool:
        parts = parse_cccd(cid)
        if parts is None or parts.birth_year > today.year:
            return False
        if cid in fixtures.CITIZENS:
            return True
        return not is_not_found(self.seed, "citizen", cid, self.not_found_ratio)

    def get(self, cid: str, today: date) -> Citizen | None:
        """The citizen ``cid`` as of ``today``, or ``None`` (malformed, unborn, absent)."""
        if not self.exists(cid, today):
            return None
        parts = parse_cccd(cid)
        assert parts is not None
        fixed = fixtures.CITIZENS.get(cid)
        rng = rng_for(self.seed, "citizen", cid)
        birth = fixed.birth_date if fixed else _birth_date(rng, parts.birth_year, today)
        if birth > today:
            return None
        status, spouse = self.spouse_id(cid, parts, today)
        head, relation = self.household_of(cid, today)
        home_rng = rng_for(self.seed, "household", head)
        if fixed is not None:
            thuong_tru = Address(ward_by_code(fixed.ward), fixed.street)
        else:
            home_province = parts.province_code if home_rng.random() < 0.8 else 79
            thuong_tru = random_address(home_rng, home_province)
        father = self.father_id(cid, parts)
        fparts = parse_cccd(father) if father else None
        mother = fixed.mother if fixed else (self.wife_id(fparts) if fparts else None)
        return Citizen(
            so_dinh_danh=cid,
            so_cmnd=self.cmnd(cid, parts),
            name=self.name_of(cid),
            male=parts.male,
            birth_date=birth,
            dan_toc=rng.choices(_ETHNIC_CODES, weights=_ETHNIC_WEIGHTS)[0],
            ton_giao="00" if rng.random() < 0.85 else rng.choice(("01", "02", "03")),
            nhom_mau=rng.choice(("00", "00", "01", "02", "03", "04")),
            tinh_trang_hon_nhan=status,
            birth_place=random_address(rng, parts.province_code),
            que_quan=random_address(rng, parts.province_code),
            thuong_tru=thuong_tru,
            noi_o_hien_tai=thuong_tru if rng.random() < 0.85 else random_address(rng, 79),
            father=self.relative(father, today),
            mother=self.relative(mother, today),
            spouse=self.relative(spouse),
            head=Relative(head, self.name_of(head), None),
            relation_to_head=relation,
            so_ho_khau=f"{digest_int(self.seed, 'hokhau', head) % 10**9:09d}",
            phone=self._phone(cid),
            card_issued=self._card_issued(cid, birth, today),
        )

    def _phone(self, cid: str) -> str:
        h = digest_int(self.seed, "phone", cid)
        return f"0{_MOBILE_PREFIXES[h % len(_MOBILE_PREFIXES)]}{(h >> 8) % 10**7:07d}"

    def _card_issued(self, cid: str, birth: date, today: date) -> date | None:
        """Issue date of the current CCCD card: from 14 (or 2016) on; none for a younger child."""
        first = max(CARD_FROM, birth.replace(year=birth.year + 14, day=min(birth.day, 28)))
        if first > today:
            return None
        days = digest_int(self.seed, "card", cid) % ((today - first).days + 1)
        return first + timedelta(days=days)


def _birth_date(rng: random.Random, year: int, today: date) -> date:
    start = date(year, 1, 1)
    days = (date(year, 12, 31) - start).days
    born = start + timedelta(days=rng.randint(0, days))
    return born if born <= today else start + timedelta(days=rng.randint(0, (today - start).days))
