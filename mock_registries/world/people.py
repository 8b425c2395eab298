"""What the population database (C06) shows about a person at a simulated moment.

A registry learns of an event only once hộ tịch has registered it and the sync delay has passed
(``events.seen_by_dan_cu``), so every answer here is "as seen by dân cư at ``now``".

Households (world_model_facts §2.3) follow one rule set, applied from either end so that a
member's ``ChuHo`` and the head's member list always agree:

- a married couple lives in the husband's household (he is CH01, she CH02); a widower keeps it,
  a widow takes it over once the police have removed her husband's thường trú; a divorced woman
  heads a household of her own;
- an unmarried person under 35 lives in a living parent's household (the father's first), as
  CH03, or CH04 in a grandparent's; everyone else heads their own;
- a couple married during the run stays where each lived (a marriage does not move thường trú;
  that is a separate procedure), so their child joins the father's household;
- the dead leave their household when their thường trú is removed (``residence_done``).

Migration (§5): a household's ``NoiOHienTai`` is away from its thường trú while the head is
20–55 for the origin region's share of households, and so is a young single adult's; the
destination follows the national flows (``geography.destination``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from mock_registries.data import fixtures
from mock_registries.data.admin_units import Address, random_address, ward_by_code
from mock_registries.data.identity import CccdParts
from mock_registries.world.events import residence_done, seen_by_dan_cu
from mock_registries.world.facts import GENERATED, Facts, Union, to_parts
from mock_registries.world.geography import MIGRANT_SHARE, REGION, destination
from mock_registries.world.keys import MASK64, SPREAD, Bits, memo, mix, record_maker
from mock_registries.world.settings import Delays

__all__ = ["Household", "Membership", "People"]

SINGLE, MARRIED, DIVORCED, WIDOWED = "1", "2", "3", "4"
HEAD, SPOUSE, CHILD, GRANDCHILD = "CH01", "CH02", "CH03", "CH04"
_LEAVE_HOME_AGE = 35
_FIXED_HOMES = {
    to_parts(cid): Address(ward_by_code(c.ward), c.street)
    for cid, c in fixtures.CITIZENS.items()
    if c.head == cid
}


class Membership(NamedTuple):
    """A person's place in a household: its head, the relation (QuanHe), the origin."""

    head: CccdParts
    relation: str
    origin: CccdParts  # whose household it was founded as: keeps number and address


_new_membership = record_maker(Membership)


class Household(NamedTuple):
    number: str
    head: CccdParts
    address: Address
    members: tuple[tuple[CccdParts, str], ...]  # (member, QuanHe), head first


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class People:
    def __init__(self, facts: Facts, delays: Callable[[], Delays]) -> None:
        self.facts = facts
        self.delays = delays
        self.seed = facts.seed
        self.home = memo(self._home, max(1, facts.lives.cache_size))

    # --- visibility -----------------------------------------------------------------------
    # Registration moments matter only near ``now``: an event far enough in the past has been
    # registered and synced whatever its exact moment (a birth within 700 days, a death within
    # 90, the police within 30 more), so those paths skip computing it.
    def _settled(self, day: date, now: datetime, within_days: int) -> bool:
        slack = within_days + 2 + self.delays().dan_cu_sync_seconds / 86400
        return now.toordinal() - day.toordinal() > slack

    def exists(self, parts: CccdParts, now: datetime) -> bool:
        kind = self.facts.kind(parts)
        if kind is None:
            return False
        if kind == GENERATED and self._settled(self.facts.lives.birth(parts), now, 700):
            return True
        return seen_by_dan_cu(self.facts.birth_registered_at(parts), self.delays()) <= now

    def death_seen(self, parts: CccdParts, now: datetime) -> date | None:
        died = self.facts.death_date(parts)
        if died is None or died > now.date():
            return None
        deaths = self.facts.overlay.deaths  # empty in most runs: no key to hash then
        if (not deaths or parts not in deaths) and self._settled(died, now, 90):
            return died
        death = self.facts.death(parts)
        if death is None or seen_by_dan_cu(death.registered_at, self.delays()) > now:
            return None
        return death.died_on

    def removed(self, parts: CccdParts, now: datetime) -> bool:
        died = self.facts.death_date(parts)
        if died is None or died > now.date():
            return False
        deaths = self.facts.overlay.deaths
        if (not deaths or parts not in deaths) and self._settled(died, now, 130):
            return True
        death = self.facts.death(parts)
        return death is not None and residence_done(death.registered_at, self.delays()) <= now

    # --- marriage ---------------------------------------------------------------------------
    def _in_effect(self, union: Union | None, now: datetime) -> bool:
        """Whether dân cư knows of ``union`` at ``now`` (married, or since divorced/widowed)."""
        if union is None or union.registered_on > now.date():
            return False
        return self._settled(union.registered_on, now, 0) or (
            seen_by_dan_cu(union.registered_at, self.delays()) <= now
        )

    def marital(self, parts: CccdParts, now: datetime) -> tuple[str, CccdParts | None]:
        """(TinhTrangHonNhan, the spouse of the latest marriage or None)."""
        union = self.facts.union(parts)
        if union is None or not self._in_effect(union, now):
            return SINGLE, None
        other = union.wife if parts.male else union.husband
        if union.divorce is not None and union.divorce <= now.date():
            return DIVORCED, other
        if self.death_seen(other, now) is not None:
            return WIDOWED, other
        return MARRIED, other

    # --- households -------------------------------------------------------------------------
    def membership(
        self, parts: CccdParts, now: datetime, marital: tuple[str, CccdParts | None] | None = None
    ) -> Membership | None:
        """The household ``parts`` belongs to (``marital``: :meth:`marital`, if known)."""
        if self.removed(parts, now):
            return None
        births = self.facts.overlay.births
        born = births.get(parts) if births else None
        if born is not None and residence_done(born.registered_at, self.delays()) > now:
            return None  # the police have not registered the newborn's thường trú yet
        union = self.facts.union(parts)
        stays = union is not None and union.dossier is not None
        if marital is None and parts.male and not stays and self._in_effect(union, now):
            # Married, widowed or divorced, a man heads his household: his wife's death —
            # a relative's death look-up — cannot change that.
            return _new_membership((parts, HEAD, parts))
        status, spouse = marital or self.marital(parts, now)
        if status == MARRIED and spouse is not None and not stays:
            husband = parts if parts.male else spouse
            return _new_membership((husband, HEAD if parts.male else SPOUSE, husband))
        if status == WIDOWED and spouse is not None and not stays:
            if parts.male:
                return _new_membership((parts, HEAD, parts))
            if not self.removed(spouse, now):
                return _new_membership((spouse, SPOUSE, spouse))
            return _new_membership((parts, HEAD, spouse))
        if status == DIVORCED:
            return _new_membership((parts, HEAD, parts))
        age = age_on(self.facts.birth(parts), now.date())
        if stays or age < _LEAVE_HOME_AGE:
            parents = [self.facts.father(parts), self.facts.mother(parts)]
            found = self._with(parents, (), now)
            if found is None and age < 18:  # an orphan lives with a grandparent
                grand = [g for p in parents if p for g in self.facts.parents_of(p)]
                found = self._with(grand, grand, now)
            if found is not None:
                return found
        return _new_membership((parts, HEAD, parts))

    def _with(
        self, parents: Sequence[CccdParts | None], grand: Sequence[CccdParts], now: datetime
    ) -> Membership | None:
        """The household of the first of ``parents`` who has one, as their child (grandchild
        when its head is one of ``grand`` or someone else)."""
        for parent in parents:
            if parent is None or not self.exists(parent, now) or self.removed(parent, now):
                continue
            home = self.membership(parent, now)
            if home is not None:
                relation = CHILD if home.head in (parent, self._spouse(parent)) else GRANDCHILD
                if home.head in grand:
                    relation = GRANDCHILD
                return _new_membership((home.head, relation, home.origin))
        return None

    def _spouse(self, parts: CccdParts) -> CccdParts | None:
        union = self.facts.union(parts)
        if union is None:
            return None
        return union.wife if parts.male else union.husband

    def household(self, head: CccdParts, now: datetime) -> Household | None:
        """The household ``head`` heads at ``now`` (None if they head none)."""
        if not self.exists(head, now):
            return None
        own = self.membership(head, now)
        if own is None or own.head != head:
            return None
        candidates: list[CccdParts] = []
        spouse = self._spouse(head)
        if spouse is not None:
            candidates.append(spouse)
        for child in self.facts.children(head):
            candidates.append(child)
            candidates += self.facts.children(child)  # grandchildren: orphans, newborns
        members = [(head, HEAD)]
        for person in dict.fromkeys(candidates):
            if not self.exists(person, now):
                continue
            link = self.membership(person, now)
            if link is not None and link.head == head:
                members.append((person, link.relation))
        return Household(
            self.household_number(own.origin), head, self.home(own.origin), tuple(members)
        )

    def household_number(self, origin: CccdParts) -> str:
        seed = 0 if origin in _FIXED_HOMES else self.seed
        province, year, _, serial = origin
        h = hash((seed, 31, province, year, serial)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        return str((h ^ h >> 32) % 10**9 + 10**9)[1:]  # nine digits, zero-padded

    def _home(self, origin: CccdParts) -> Address:
        fixed = _FIXED_HOMES.get(origin)
        if fixed is not None:
            return fixed
        province, year, _, serial = origin
        h = hash((self.seed, 33, province, year, serial)) & MASK64  # = mix(…), inlined
        h = (h ^ h >> 32) * SPREAD & MASK64
        return random_address(Bits(h ^ h >> 32), province)

    def current_home(self, parts: CccdParts, link: Membership, now: datetime) -> Address:
        """NoiOHienTai: the household's address, or where its members work away from home."""
        home = self.home(link.origin)
        if link.origin in _FIXED_HOMES or self.facts.kind(parts) != "generated":
            return home
        share = MIGRANT_SHARE[REGION[link.origin.province_code]]
        head_age = age_on(self.facts.birth(link.head), now.date())
        age = age_on(self.facts.birth(parts), now.date())
        for who, applies in ((link.origin, 20 <= head_age <= 55), (parts, 18 <= age < 35)):
            if not applies:
                continue
            province, year, _, serial = who
            h = hash((self.seed, 32, province, year, serial)) & MASK64  # = mix(…), inlined
            h = (h ^ h >> 32) * SPREAD & MASK64
            if ((h ^ h >> 32) % 10_000) / 10_000 < share:
                rng = Bits(mix(self.seed, 34, *who))
                return random_address(rng, destination(rng, who.province_code))
        return home
