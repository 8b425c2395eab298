"""Identifier formats (CCCD, MST, GPLX) and the hash-seeded randomness behind every record.

Every synthetic record is a pure function of ``(run seed, kind, identifier)``: its random stream is
``random.Random(blake2b(f"{seed}:{kind}:{id}"))``. So the "database" holds ~100 M citizens and
~1 M enterprises in constant memory and the same seed gives byte-identical answers.

CCCD (số định danh cá nhân, TT 59/2021/TT-BCA): ``PPP G YY RRRRRR`` — ``PPP`` the pre-2025 province
of birth registration ("0" + GSO code), ``G`` century and gender (0/1 = 1900s nam/nữ, 2/3 = 2000s…),
``YY`` the birth year, ``RRRRRR`` random; no check digit.

MST (TT 105/2020/TT-BTC): 10 digits whose last is a check digit over the first nine, optionally
``-NNN`` for a branch or dependent unit.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, NamedTuple, cast

from mock_registries.data.admin_units import PROVINCES

__all__ = [
    "PROVINCE_CODES",
    "CccdParts",
    "MstError",
    "MstParts",
    "digest_int",
    "cccd_of_cmnd",
    "cmnd_of",
    "format_cccd",
    "is_not_found",
    "make_mst",
    "new_parts",
    "mst_check_digit",
    "parse_cccd",
    "parse_mst",
    "rng_for",
]

_POOL_BITS = 512
_TWO_POW_MINUS_53 = 1.0 / (1 << 53)
PROVINCE_CODES: frozenset[int] = frozenset(p.code for p in PROVINCES)
_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def digest_int(seed: int, kind: str, identifier: str) -> int:
    raw = hashlib.blake2b(f"{seed}:{kind}:{identifier}".encode(), digest_size=8).digest()
    return int.from_bytes(raw, "big")


class HashDraw(random.Random):
    """A ``random.Random`` whose bits come from a blake2b digest (re-hashed when used up).

    Seeding the Mersenne Twister costs more than generating a whole record, and a look-up seeds
    several streams (the citizen, relatives' names, the household); this stream costs one hash.
    Each refill hashes the seed with a counter. It used to hash the few bits left over, which
    let a long stream fall into a short cycle (a refill from 0 bits left repeats forever): a
    loop drawing distinct shareholders then never ended.
    """

    _pool: int
    _left: int
    _root: bytes
    _refills: int

    def seed(self, a: Any = None, version: int = 2) -> None:
        self._pool = int(a or 0)
        self._left = _POOL_BITS
        self._root = self._pool.to_bytes(_POOL_BITS // 8, "big")
        self._refills = 0

    def getrandbits(self, k: int, /) -> int:
        if k > self._left:
            self._refills += 1
            raw = hashlib.blake2b(self._root + self._refills.to_bytes(8, "big"), digest_size=64)
            self._pool, self._left = int.from_bytes(raw.digest(), "big"), _POOL_BITS
        value = self._pool & ((1 << k) - 1)
        self._pool >>= k
        self._left -= k
        return value

    def random(self) -> float:
        return self.getrandbits(53) * _TWO_POW_MINUS_53


def rng_for(seed: int, kind: str, identifier: str) -> random.Random:
    """The random stream of one record."""
    raw = hashlib.blake2b(f"{seed}:{kind}:{identifier}".encode(), digest_size=_POOL_BITS // 8)
    return HashDraw(int.from_bytes(raw.digest(), "big"))


def is_not_found(seed: int, kind: str, identifier: str, ratio: float) -> bool:
    """Whether a well-formed ``identifier`` is one of the ``ratio`` share that answers not-found."""
    return digest_int(seed, f"{kind}:absent", identifier) < ratio * 2**64


class CccdParts(NamedTuple):
    """The decoded parts of a CCCD (a tuple: hashed and compared at C speed, since the world
    model keys every cache and relation on it)."""

    province_code: int
    birth_year: int
    male: bool
    serial: int


# Built a dozen times per look-up: tuple.__new__ skips the generated __new__'s Python frame.
new_parts = cast(
    Callable[[tuple[int, int, bool, int]], CccdParts], partial(tuple.__new__, CccdParts)
)


@lru_cache(maxsize=65536)
def parse_cccd(value: str) -> CccdParts | None:
    """The decoded parts of a well-formed 12-digit CCCD, or ``None`` (memoised: one look-up
    parses its citizen's and relatives' numbers several times)."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return None
    if value[0] != "0" or int(value[:3]) not in PROVINCE_CODES:
        return None
    century_gender = int(value[3])
    if century_gender > 3:  # 2100s and later cannot be born yet
        return None
    year = 1900 + (century_gender // 2) * 100 + int(value[4:6])
    return new_parts((int(value[:3]), year, century_gender % 2 == 0, int(value[6:])))


@lru_cache(maxsize=65536)
def format_cccd(parts: CccdParts) -> str:
    """The 12 digits ``PPP G YY RRRRRR`` of ``parts`` (born 1900–2099)."""
    province, year, male, serial = parts
    century_gender = (year - 1900) // 100 * 2 + (0 if male else 1)
    # One int printed once, its leading 1 cut: a look-up formats its citizen's and relatives'
    # numbers, and four zero-padded format specs cost several times more than one str().
    number = ((province * 10 + century_gender) * 100 + year % 100) * 1_000_000 + serial
    return str(number + 10**12)[1:]


# Legacy 9-digit CMND: ``PP`` (province) + 7 digits. A keyed affine permutation maps (gender,
# birth year 1900–2001, serial) of a CCCD to a 7-digit local number; the CCCDs whose image falls
# below 10**7 hold a CMND, so a CMND look-up finds its citizen without an index.
_CMND_LAST_YEAR = 2001  # CMND were issued until 2016 (at 14 or older)
_CMND_YEARS = _CMND_LAST_YEAR - 1900 + 1
_CMND_SPAN = 2 * _CMND_YEARS * 1_000_000
_CMND_A = 7919  # coprime with 2**8 * 3 * 5**6 * 17 = _CMND_SPAN
_CMND_A_INV = pow(_CMND_A, -1, _CMND_SPAN)


@lru_cache(maxsize=64)
def _cmnd_offset(seed: int) -> int:
    return digest_int(seed, "cmnd", "offset") % _CMND_SPAN


def cmnd_of(seed: int, parts: CccdParts) -> str | None:
    """The legacy CMND number of the holder of ``parts``, if they had one."""
    province, year, male, serial = parts  # one unpacking, not four field descriptors
    if year > _CMND_LAST_YEAR or province > 99:
        return None
    index = ((0 if male else 1) * _CMND_YEARS + year - 1900) * 1_000_000
    local = (_CMND_A * (index + serial) + _cmnd_offset(seed)) % _CMND_SPAN
    return None if local >= 10**7 else f"{province:02d}{local:07d}"


def cccd_of_cmnd(seed: int, cmnd: str) -> str | None:
    """The CCCD whose holder has the 9-digit ``cmnd`` (inverse of :func:`cmnd_of`), or None."""
    if len(cmnd) != 9 or not (cmnd.isascii() and cmnd.isdigit()):
        return None
    province_code = int(cmnd[:2])
    if province_code not in PROVINCE_CODES:
        return None
    index = (_CMND_A_INV * (int(cmnd[2:]) - _cmnd_offset(seed))) % _CMND_SPAN
    group, serial = divmod(index, 1_000_000)
    female, year = divmod(group, _CMND_YEARS)
    return format_cccd(CccdParts(province_code, 1900 + year, not female, serial))


def mst_check_digit(first9: str) -> int | None:
    """The 10th digit of an MST, or ``None`` when no valid code has these nine digits."""
    remainder = sum(int(c) * w for c, w in zip(first9, _MST_WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else (10 - remainder) % 10


@dataclass(frozen=True, slots=True)
class MstParts:
    base: str
    branch: int | None

    @property
    def code(self) -> str:
        return self.base if self.branch is None else f"{self.base}-{self.branch:03d}"


class MstError(ValueError):
    """Why a string is not an MST: ``format`` or ``check_digit``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_mst(value: str) -> MstParts:
    """A 10-digit MST or a 13-digit branch code ``NNNNNNNNNN-NNN`` (also accepted without dash)."""
    base, branch_text = value[:10], value[10:]
    if branch_text.startswith("-"):
        branch_text = branch_text[1:]
        if not branch_text:
            raise MstError("format")
    if not (base.isascii() and base.isdigit() and len(base) == 10):
        raise MstError("format")
    if branch_text and not (
        len(branch_text) == 3 and branch_text.isascii() and branch_text.isdigit()
    ):
        raise MstError("format")
    if branch_text == "000":
        raise MstError("format")
    if mst_check_digit(base[:9]) != int(base[9]):
        raise MstError("check_digit")
    return MstParts(base, int(branch_text) if branch_text else None)


def make_mst(rng: random.Random, prefix: str) -> str:
    """A valid 10-digit MST starting with ``prefix`` (2-digit tax-authority code)."""
    while True:
        first9 = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
        check = mst_check_digit(first9)
        if check is not None:
            return f"{first9}{check}"
