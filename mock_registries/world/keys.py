"""The arithmetic that ties identifiers together: who is whose father, wife, child.

A CCCD ``PPP G YY RRRRRR`` fixes a person's birth-registration province, sex and birth year;
the six-digit serial is mapped by a keyed Feistel permutation (per province, year and sex) to
an index ``i = m·1000 + t``:

- ``i`` at or above ``issued`` (the top ``unissued_share`` of each block) was never issued: not
  found, and the pool from which births registered during a run take their numbers;
- ``m`` is the paternal lineage: a father has the same ``m`` as his children, so surname,
  ethnicity and quê quán pass down the male line at O(1) cost;
- ``t`` is the child slot (``plans.py``), and ``σ(t)`` the man's own plan.

Marriage is a bijection between the issued men and women of one province: the wife's index is
an affine permutation of the husband's and her birth year is his plus his plan's offset. Every
relation is therefore computable from either end, and both ends agree by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any, Protocol, TypeVar, cast

from mock_registries.data.identity import PROVINCE_CODES, CccdParts, format_cccd, new_parts
from mock_registries.world.plans import CLASSES, Plan, build_plans

__all__ = ["MASK64", "SPREAD", "Bits", "Draws", "Keys", "Memo", "memo", "mix", "record_maker"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_MASK = (1 << 64) - 1
_SERIALS = 1_000_000
_HALF = 1000
_ROUND_KEYS = (1 << 48) - 1
_LARGE_PRIMES = (1_000_003, 1_000_033, 1_000_037, 1_000_039, 1_000_081, 1_000_099)


class Memo(dict[K, T]):
    """A dict that computes a missing entry, emptied when it holds ``size`` entries."""

    __slots__ = ("_function", "_size")

    def __init__(self, function: Callable[[K], T], size: int) -> None:
        super().__init__()
        self._function = function
        self._size = size

    def __missing__(self, key: K) -> T:
        if len(self) >= self._size:
            self.clear()
        value = self[key] = self._function(key)
        return value


def memo(function: Callable[[K], T], size: int) -> Callable[[K], T]:
    """``function`` memoised in a plain dict, emptied when it holds ``size`` entries.

    The memo is the dict's own ``__getitem__``: a hit is one C call, no Python frame, and only
    a miss runs Python (``__missing__``). Not ``functools.lru_cache``: it keeps a GC-tracked
    link per entry, and with a dozen memos of 65,536 entries the collector's full passes cost
    a quarter of a cold look-up; a dict of tuples costs it far less.
    """
    return Memo(function, size).__getitem__


def record_maker(cls: type[T]) -> Callable[[tuple[Any, ...]], T]:
    """``cls`` (a NamedTuple) built from a tuple of its fields in order, without the class call:
    that runs the generated ``__new__`` as a Python frame, keywords through a dict."""
    return cast(Callable[[tuple[Any, ...]], T], partial(tuple.__new__, cls))


MASK64 = _MASK
SPREAD = 0xD6E8FEB86659FD93
"""The multiplier of :func:`mix`'s round. The draws a cold look-up makes for every person it
names inline that round (``h = hash((…)) & MASK64; h = (h ^ h >> 32) * SPREAD & MASK64;
h ^= h >> 32``): the same value without a Python frame and a varargs tuple."""


def mix(*values: int) -> int:
    """A 64-bit hash of small integers: CPython's tuple hash (xxHash-style lanes, deterministic
    for ints, unlike ``str`` hashes) through one multiply-xorshift round for the low bits."""
    state = hash(values) & _MASK
    state = (state ^ (state >> 32)) * SPREAD & _MASK
    return state ^ (state >> 32)


class Draws(Protocol):
    """What a small choice needs of a random stream (``Bits`` or ``random.Random``)."""

    def random(self) -> float: ...

    def choice(self, seq: Sequence[T]) -> T: ...

    def randint(self, low: int, high: int) -> int: ...


class Bits:
    """A cheap random stream for small choices: 16-bit draws from a splitmix64 state.

    Quality is what a name or an address pick needs; a blake2b stream (``identity.rng_for``)
    costs several times more to start, and a person's look-up starts several.
    """

    __slots__ = ("_left", "_pool", "_state")

    def __init__(self, state: int) -> None:
        """``state``: an already mixed 64-bit value (``mix(...)``), the first four draws."""
        self._state = state
        self._pool = state
        self._left = 4

    def random(self) -> float:
        if not self._left:
            self._state += 1
            self._pool, self._left = mix(self._state), 4
        value = self._pool & 0xFFFF
        self._pool >>= 16
        self._left -= 1
        return value / 65536.0

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randint(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))


class Keys:
    """The permutations of one world (one seed and one unissued share)."""

    def __init__(self, seed: int, unissued_share: float) -> None:
        self.seed = seed
        self.plans, self.sons, self.daughters = build_plans(seed)
        self.slot_of = {(s.plan, s.order, True): t for t, s in enumerate(self.sons)}
        self.slot_of |= {(s.plan, s.order, False): t for t, s in enumerate(self.daughters)}
        # Per plan, the first child (his age then, a son?, the child's slot t) and the last
        # child's age: a marriage is dated from them on every cold look-up.
        self.first_child: tuple[tuple[int, bool, int] | None, ...] = tuple(
            (p.children[0][0], p.children[0][1], self.slot_of[(n, 0, p.children[0][1])])
            if p.children
            else None
            for n, p in enumerate(self.plans)
        )
        self.issued = (_HALF - max(1, round(_HALF * unissued_share))) * CLASSES
        # The three 16-bit round keys of a (province, year, sex) in one int: no tuple per
        # entry for the collector to count and walk (a server fills ~25,000 of them).
        self._rounds: dict[int, int] = {}
        self._plan_affine: dict[int, tuple[int, int, int]] = {}
        self._wife_affine: dict[int, tuple[int, int, int]] = {}
        for province in PROVINCE_CODES:
            a = 2 * (mix(seed, province, 1) % 400) + 1
            a = a + 2 if a % 5 == 0 else a
            self._plan_affine[province] = (a, pow(a, -1, CLASSES), mix(seed, province, 2))
            h = mix(seed, province, 3)
            prime = _LARGE_PRIMES[h % len(_LARGE_PRIMES)]
            self._wife_affine[province] = (prime, pow(prime, -1, self.issued), (h >> 8))

    # --- serial <-> index ------------------------------------------------------------------
    def _round_keys(self, province: int, year: int, male: bool) -> int:
        """The round keys of a (province, year, sex) its callers did not find in ``_rounds``."""
        h = hash((self.seed, province, year, male)) & _MASK  # = mix(…): hash(True) == 1
        h = (h ^ h >> 32) * SPREAD & _MASK
        keys = (h ^ h >> 32) & _ROUND_KEYS
        self._rounds[(province * 1024 + year - 1800) * 2 + male] = keys
        return keys

    # Three Feistel rounds, unrolled (a look-up runs a dozen of them): round function
    # ((value + key) · 0x9E3779B1 mod 2³²) >> 11, halves mod 1000; the round keys are the
    # low, middle and high 16 bits of ``keys``.
    def index(self, parts: CccdParts) -> int:
        province, year, male, serial = parts
        keys = self._rounds.get((province * 1024 + year - 1800) * 2 + male)
        if keys is None:
            keys = self._round_keys(province, year, male)
        left, right = divmod(serial, _HALF)
        a = keys & 0xFFFF
        left, right = right, (left + (((right + a) * 0x9E3779B1 & 0xFFFFFFFF) >> 11)) % _HALF
        b = keys >> 16 & 0xFFFF
        left, right = right, (left + (((right + b) * 0x9E3779B1 & 0xFFFFFFFF) >> 11)) % _HALF
        c = keys >> 32
        left, right = right, (left + (((right + c) * 0x9E3779B1 & 0xFFFFFFFF) >> 11)) % _HALF
        return left * _HALF + right

    def serial(self, province: int, year: int, male: bool, index: int) -> int:
        keys = self._rounds.get((province * 1024 + year - 1800) * 2 + male)
        if keys is None:
            keys = self._round_keys(province, year, male)
        left, right = divmod(index, _HALF)
        c = keys >> 32
        left, right = (right - (((left + c) * 0x9E3779B1 & 0xFFFFFFFF) >> 11)) % _HALF, left
        b = keys >> 16 & 0xFFFF
        left, right = (right - (((left + b) * 0x9E3779B1 & 0xFFFFFFFF) >> 11)) % _HALF, left
        a = keys & 0xFFFF
        left, right = (right - (((left + a) * 0x9E3779B1 & 0xFFFFFFFF) >> 11)) % _HALF, left
        return left * _HALF + right

    def person(self, province: int, year: int, male: bool, index: int) -> CccdParts:
        return new_parts((province, year, male, self.serial(province, year, male, index)))

    # --- plans -----------------------------------------------------------------------------
    def plan_number(self, province: int, index: int) -> int:
        a, _, b = self._plan_affine[province]
        return (a * (index % CLASSES) + b) % CLASSES

    def slot_for_plan(self, province: int, plan: int) -> int:
        """The ``t`` whose man follows ``plan`` (inverse of :meth:`plan_number`)."""
        _, inverse, b = self._plan_affine[province]
        return (inverse * (plan - b)) % CLASSES

    def plan_of(self, parts: CccdParts, index: int) -> Plan:
        return self.plans[self.plan_number(parts.province_code, index)]

    # --- relations -------------------------------------------------------------------------
    def father_key(self, parts: CccdParts, index: int) -> tuple[int, int] | None:
        """(birth year, index) of an issued person's generated father (``None`` before 1900)."""
        province, born, male, _ = parts
        lineage, t = divmod(index, CLASSES)
        slot = (self.sons if male else self.daughters)[t]
        year = born - self.plans[slot.plan].children[slot.order][0]
        if year < 1900:
            return None
        _, inverse, b = self._plan_affine[province]  # = slot_for_plan, inlined (per relative)
        return year, lineage * CLASSES + inverse * (slot.plan - b) % CLASSES

    def father(self, parts: CccdParts, index: int) -> tuple[CccdParts, int] | None:
        """The generated father of an issued person and his index (``None`` before 1900)."""
        found = self.father_key(parts, index)
        if found is None:
            return None
        year, father_index = found
        return self.person(parts.province_code, year, True, father_index), father_index

    def children(self, parts: CccdParts, index: int, limit: int = 99) -> list[CccdParts]:
        """The children a man's plan gives him (born or not yet), in birth order."""
        plan_number = self.plan_number(parts.province_code, index)
        lineage = index // CLASSES
        found = []
        for order, (age, son) in enumerate(self.plans[plan_number].children[:limit]):
            t = self.slot_of[(plan_number, order, son)]
            year = parts.birth_year + age
            found.append(self.person(parts.province_code, year, son, lineage * CLASSES + t))
        return found

    def wife(self, parts: CccdParts, index: int) -> tuple[int, int]:
        """(birth year, index) of the woman a man's plan marries (whether or not he does)."""
        return self.wife_key(parts.province_code, parts.birth_year, index)

    def wife_index(self, province: int, index: int) -> int:
        a, _, b = self._wife_affine[province]
        return (a * index + b) % self.issued

    def wife_key(self, province: int, year: int, index: int) -> tuple[int, int]:
        a, _, b = self._plan_affine[province]  # = plan_number, inlined (per relative)
        offset = self.plans[(a * (index % CLASSES) + b) % CLASSES].wife_offset
        a, _, b = self._wife_affine[province]
        return year + offset, (a * index + b) % self.issued

    def husband(self, parts: CccdParts, index: int) -> tuple[int, int]:
        """(birth year, index) of the man whose plan marries this woman."""
        _, inverse, b = self._wife_affine[parts.province_code]
        husband_index = inverse * (index - b) % self.issued
        offset = self.plans[self.plan_number(parts.province_code, husband_index)].wife_offset
        return parts.birth_year - offset, husband_index

    @staticmethod
    def cccd(parts: CccdParts) -> str:
        return format_cccd(parts)
