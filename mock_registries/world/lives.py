"""A generated person's lifetime facts: birth, name, lineage, parents, marriage, death.

Pure functions of the seed and the identifier (``keys.py`` gives the relations), each memoised
on its own so that naming a relative does not generate the relative's whole life; most are
drawn from the person's index, so a relative's facts cost no serial permutation. What a
registry shows at a given moment is decided by ``people.py``.

- Birth date: a day of the CCCD's year.
- Marriage: registered on a working day of the year the husband's plan says, at least 300 days
  before the first child's birth; a divorce (≈6 % of plans, after the last child) takes effect
  only if both spouses are alive then.
- Death: Gompertz mortality tuned to life expectancy 71.1 (men) / 76.5 (women) (world_model_facts
  §0); spouses are drawn to outlive their wedding and their last child's birth (a conditional
  draw), so the deaths of infants, children and young adults fall on the ≈8 % whose plan never
  marries — at rates scaled so the whole population sees 14 ‰ infant mortality (§2.5) and ≈3 ‰
  deaths at ages 1–14 [INF].
- Registration: a birth is registered 1–60 days after it (95 %; Luật Hộ tịch Điều 15 allows
  60), a death 1–15 days after it (90 %; Điều 33), in office hours on a working day.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import NamedTuple

from mock_registries.data.admin_units import Address, random_address
from mock_registries.data.identity import CccdParts, new_parts
from mock_registries.world.calendar import (
    next_working_day,
    office_moment,
    prepare_calendar,
    previous_working_day,
)
from mock_registries.world.ethnicity import draw_ethnicity, draw_religion
from mock_registries.world.keys import MASK64, SPREAD, Bits, Keys, Memo, memo, mix, record_maker
from mock_registries.world.names import (
    Name,
    NameFields,
    as_name,
    draw_given,
    draw_surname,
    prepare_names,
)

__all__ = ["Lineage", "Lives", "Union", "registration_moment"]

_GOMPERTZ_B = 0.09
_GOMPERTZ_A = {True: 8.5e-5, False: 5.2e-5}
_YEAR_DAYS = 365.2425
_UNIT = 1.0 / (1 << 64)
_BLOOD = ("00",) * 70 + ("04",) * 13 + ("02",) * 9 + ("01",) * 6 + ("03",) * 2
_BLOOD_SHARES = len(_BLOOD)
_VILLAGES = tuple(f"Thôn {n}" for n in range(1, 16))  # a quê quán's thôn
_JAN_FIRST = {year: date(year, 1, 1).toordinal() for year in range(1899, 2301)}


# What passes down the male line and names a person: (surname, ethnicity, religion). A plain
# tuple of strings, not a NamedTuple: the collector untracks it, and a warm server holds
# tens of thousands.
Clan = tuple[str, str, str]


class Lineage(NamedTuple):
    """What passes down the male line: surname, ethnicity, religion, quê quán."""

    surname: str
    ethnicity: str
    religion: str
    home: Address


class Union(NamedTuple):
    """A marriage: registered on ``registered_on``, ended by divorce or a death.

    A man's plan gives one (:meth:`Lives.marriage`); ``facts.py`` decides whether it takes
    effect and passes the same record on when nothing overrides it, so a person's marriage is
    kept once, not once planned and once effective."""

    husband: CccdParts
    wife: CccdParts
    registered_on: date
    moment: int | datetime  # the registration moment, or the key that picks it (lazily)
    divorce: date | None
    dossier: str | None  # the dossier of a marriage registered during the run
    last_child_year: int | None = None  # a planned marriage's: its spouses outlive the child

    @property
    def registered_at(self) -> datetime:
        if isinstance(self.moment, datetime):
            return self.moment
        return registration_moment(self.registered_on, self.moment)


_new_lineage, _new_address = record_maker(Lineage), record_maker(Address)
_new_union = record_maker(Union)


def registration_moment(day: date, h: int) -> datetime:
    """An office-hours moment on the first working day from ``day`` (``h`` picks the time)."""
    return office_moment(next_working_day(day), (h % 1000) / 1000)


class Lives:
    """Lifetime facts of every issued identifier of one world (memoised, bounded)."""

    def __init__(self, keys: Keys, cache_size: int = 65536) -> None:
        self.keys = keys
        self.seed = keys.seed
        self.cache_size = cache_size
        prepare_names()  # before the first look-up, which should not pay for the tables
        prepare_calendar()
        single = sum(not plan.marries for plan in keys.plans) / len(keys.plans)
        self._infant = 0.014 / single
        self._child = 0.003 / single
        size = max(1, cache_size)
        # The serial permutation, memoised; a relative's index is stored as it is found.
        self._indices = Memo(keys.index, cache_size)
        self.index = self._indices.__getitem__
        self._clans = memo(self._clan, size)
        self._clan_values: dict[Clan, Clan] = {}
        self.name_fields = memo(self._name, size)  # plain tuples: :meth:`name` for a Name
        # The marriage a person's plans give them, one memo for either spouse: a man's own
        # plan's, a woman's the plan of the man it marries her to.
        self.marriage_of = memo(self._marriage_of, size)
        self.marriage = self.marriage_of  # asked of a man
        self.parents = memo(self._parents, size)
        self.death = memo(self._death, size)
        self.birth = memo(self._birth_of, size)
        self.birth_registered_at = memo(self._birth_registered_at, size)
        self.death_registered_at = memo(self._death_registered_at, size)

    # --- identity ---------------------------------------------------------------------------
    def _person(self, province: int, year: int, male: bool, index: int) -> CccdParts:
        parts = new_parts((province, year, male, self.keys.serial(province, year, male, index)))
        if len(self._indices) < self.cache_size:
            self._indices[parts] = index
        return parts

    def issued(self, parts: CccdParts) -> bool:
        return self.index(parts) < self.keys.issued

    def lineage(self, province: int, lineage: int) -> Lineage:
        """The lineage with its quê quán (only a person's own record shows it: a relative's
        name needs the clan alone, :meth:`clan`)."""
        surname, ethnicity, religion = self._clans(province * 1000 + lineage)
        h = hash((self.seed, 20, province, lineage)) & MASK64  # = mix(…), inlined (keys.SPREAD)
        h = (h ^ h >> 32) * SPREAD & MASK64
        h ^= h >> 32
        ward = random_address(Bits(h), province).ward  # the ward takes the first two lanes
        # = rng.randint(1, 15) of the same stream: its third lane
        home = _new_address((ward, _VILLAGES[int((h >> 32 & 0xFFFF) / 65536.0 * 15)]))
        return _new_lineage((surname, ethnicity, religion, home))

    def clan(self, province: int, lineage: int) -> Clan:
        return self._clans(province * 1000 + lineage)

    def _clan(self, key: int) -> Clan:
        """The clan of ``province * 1000 + lineage`` (an int key: not a tuple the collector
        counts); equal clans share one tuple, so a server keeps a few thousand, not one per
        lineage."""
        province, lineage = divmod(key, 1000)
        h = hash((self.seed, 19, province, lineage)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        h ^= h >> 32  # four 16-bit draws, lowest first (as Bits(h) gives them; a clan takes ≤ 4)
        ethnicity = draw_ethnicity((h & 0xFFFF) / 65536.0, province)
        surname, left = draw_surname(h >> 16, province, ethnicity)
        clan = (surname, ethnicity, draw_religion((left & 0xFFFF) / 65536.0, ethnicity, province))
        return self._clan_values.setdefault(clan, clan)

    def lineage_of(self, parts: CccdParts) -> Lineage:
        return self.lineage(parts.province_code, self.index(parts) // 1000)

    def name(self, parts: CccdParts) -> Name:
        return as_name(self.name_fields(parts))

    def _name(self, parts: CccdParts) -> NameFields:
        province, year, male, serial = parts
        surname, ethnicity, _ = self._clans(province * 1000 + self.index(parts) // 1000)
        h = hash((self.seed, 18, province, year, male, serial)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        return draw_given(h ^ h >> 32, surname, male=male, birth_year=year, ethnicity=ethnicity)

    def _birth_of(self, parts: CccdParts) -> date:
        province, year, male, _ = parts  # = birth_at(…, index), inlined: asked of everyone named
        h = hash((self.seed, 12, province, year, male, self.index(parts))) & MASK64
        h = (h ^ h >> 32) * SPREAD & MASK64
        first = _JAN_FIRST[year]
        return date.fromordinal(first + (h ^ h >> 32) % (_JAN_FIRST[year + 1] - first))

    def birth_at(self, province: int, year: int, male: bool, index: int) -> date:
        """The birth date of the person at ``index`` (a plan dates its children without
        knowing their numbers)."""
        h = hash((self.seed, 12, province, year, male, index)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        first = _JAN_FIRST[year]
        return date.fromordinal(first + (h ^ h >> 32) % (_JAN_FIRST[year + 1] - first))

    def blood_group(self, parts: CccdParts) -> str:
        h = hash((self.seed, 13, *parts)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        return _BLOOD[(h ^ h >> 32) % _BLOOD_SHARES]

    # --- relations --------------------------------------------------------------------------
    def parent_keys(self, parts: CccdParts) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """((year, index) of the father, (year, index) of the mother): arithmetic only."""
        father = self.keys.father_key(parts, self.index(parts))
        if father is None:
            return None
        return father, self.keys.wife_key(parts.province_code, *father)

    def _parents(self, parts: CccdParts) -> tuple[CccdParts, CccdParts] | None:
        """The generated father and mother (None before 1900)."""
        keys = self.parent_keys(parts)
        if keys is None:
            return None
        (father_year, father_index), (mother_year, mother_index) = keys
        province = parts.province_code
        if not 1900 <= mother_year <= 2099:
            return None
        return (
            self._person(province, father_year, True, father_index),
            self._person(province, mother_year, False, mother_index),
        )

    def _marriage(self, husband: CccdParts) -> Union | None:
        """The marriage a man's plan gives him (whether it takes effect: ``facts.py``)."""
        index = self.index(husband)
        keys, province, born = self.keys, husband.province_code, husband.birth_year
        number = keys.plan_number(province, index)
        plan = keys.plans[number]
        wife_year = born + plan.wife_offset
        if not plan.marries or not 1900 <= wife_year <= 2099:
            return None
        wife = self._person(province, wife_year, False, keys.wife_index(province, index))
        year = born + plan.marriage_age
        start, latest = _JAN_FIRST[year] + 1, _JAN_FIRST[year + 1] - 12  # 2/1 to 20/12
        last = None
        first = keys.first_child[number]
        if first is not None:
            age, son, slot = first
            child = self.birth_at(province, born + age, son, index // 1000 * 1000 + slot)
            latest = min(latest, child.toordinal() - 300)
            last = born + plan.children[-1][0]
        h = hash((self.seed, 11, province, born, index)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        h ^= h >> 32
        day = start + h % (max(0, latest - start) + 1)
        registered = next_working_day(date.fromordinal(day))
        if registered.toordinal() > latest:
            registered = previous_working_day(date.fromordinal(latest))
        divorce = None
        if plan.divorce_after is not None:
            divorce = date.fromordinal(_JAN_FIRST[year + plan.divorce_after] + (h >> 12) % 360)
        moment = hash((self.seed, 23, *husband)) & MASK64  # = mix(…): hash(True) == hash(1)
        moment = (moment ^ moment >> 32) * SPREAD & MASK64
        moment ^= moment >> 32
        return _new_union((husband, wife, registered, moment, divorce, None, last))

    def _marriage_of(self, parts: CccdParts) -> Union | None:
        if parts.male:
            return self._marriage(parts)
        year, husband_index = self.keys.husband(parts, self.index(parts))
        if not 1900 <= year <= 2099:
            return None
        return self.marriage_of(self._person(parts.province_code, year, True, husband_index))

    # --- death ------------------------------------------------------------------------------
    def _death(self, parts: CccdParts) -> date:
        """A Gompertz lifetime, conditioned on outliving the wedding and the last child."""
        birth = self.birth(parts)
        marriage = self.marriage_of(parts)
        province, year, male, serial = parts
        h = hash((self.seed, 14, province, year, male, serial)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        h ^= h >> 32
        draw = (h >> 11) * (1.0 / (1 << 53))
        minimum = 0.0
        if marriage is not None:
            needed = marriage.registered_on
            if marriage.last_child_year is not None:
                needed = max(needed, date(marriage.last_child_year, 12, 31))
            minimum = max(0.0, (needed - birth).days / _YEAR_DAYS + 0.01)
        elif draw < self._infant:
            return birth + timedelta(days=int(draw / self._infant * 364))
        elif draw < self._infant + self._child:
            return birth + timedelta(days=365 + h % (14 * 365))
        a = _GOMPERTZ_A[male]
        k = hash((self.seed, 15, province, year, serial)) & MASK64
        k = (k ^ k >> 32) * SPREAD & MASK64
        u = (k ^ k >> 32) * _UNIT
        log_u = math.log(max(u, 1e-300)) - a / _GOMPERTZ_B * math.expm1(_GOMPERTZ_B * minimum)
        age = math.log(1 - _GOMPERTZ_B / a * log_u) / _GOMPERTZ_B
        return birth + timedelta(days=int(age * _YEAR_DAYS))

    def _birth_registered_at(self, parts: CccdParts) -> datetime:
        h = mix(self.seed, 16, *parts)
        delay = 1 + h % 60 if (h >> 8) % 100 < 95 else 61 + h % 640
        return registration_moment(self.birth(parts) + timedelta(days=delay), h >> 20)

    def _death_registered_at(self, parts: CccdParts) -> datetime:
        h = mix(self.seed, 17, *parts)
        delay = 1 + h % 15 if (h >> 8) % 100 < 90 else 16 + h % 75
        return registration_moment(self.death(parts) + timedelta(days=delay), h >> 20)
