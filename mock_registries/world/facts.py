"""The effective facts about a person: fixed identities, registered events, generated lives.

Three sources, in order of precedence:

1. the fixed test identities (``mock_registries/data/fixtures.py``): the same under every seed;
2. events registered during the run (``events.Overlay``): a registered death, marriage or birth
   overrides what the plans would have done after it;
3. the generated lives (``lives.py``).

Where a source overrides another, the plans it cancels are *void*: the generated wife of a
fixed man stays single, the planned children of a marriage that no longer happens are never
born (their numbers answer not-found), and so are those of a parent who died first. Fixed
identities void the paternal lineages after them (a cheap, slightly generous rule: a few
cousins' sons go unborn too), so no generated record names a fixed person as a relative.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from mock_registries.data.admin_units import Address, ward_by_code
from mock_registries.data.identity import CccdParts, format_cccd
from mock_registries.world.events import Overlay
from mock_registries.world.fixed import FIXED_PEOPLE, fixed_marriage, ints, to_parts
from mock_registries.world.keys import Memo, mix, record_maker
from mock_registries.world.lives import Lineage, Lives, Union, registration_moment
from mock_registries.world.names import Name, as_name

__all__ = [
    "FIXED",
    "FIXED_PEOPLE",
    "GENERATED",
    "REGISTERED",
    "Death",
    "Facts",
    "Union",
    "to_parts",
]

FIXED, REGISTERED, GENERATED = "fixed", "registered", "generated"
_CONCEPTION = timedelta(days=280)
_NO_LINEAGE = 9999


class Death(NamedTuple):
    died_on: date
    registered_at: datetime
    dossier: str | None


_new_death = record_maker(Death)


class Facts:
    def __init__(self, lives: Lives, overlay: Overlay) -> None:
        self.lives = lives
        self.overlay = overlay
        self.seed = lives.seed
        self._void_lineages: dict[int, int] = {}  # province·1000 + lineage → first void year
        size = max(1, lives.cache_size)
        self._known = Memo(self._generated, size)
        self._unions = Memo(self._union, size)
        # Memo hits are C calls (a look-up asks a dozen times); a filed event empties both.
        self.generated: Callable[[CccdParts], bool] = self._known.__getitem__
        self.union: Callable[[CccdParts], Union | None] = self._unions.__getitem__
        # Fixed identities and births filed in the run: everyone else is generated (or unissued),
        # so one membership test sends most questions straight to ``lives``.
        self._special = frozenset(FIXED_PEOPLE)
        overlay.on_change.append(self._forget)
        # A number's text, formatted again each time: most look-ups name a relative once, and
        # ``format_cccd``'s lru_cache keeps a GC-tracked 1-tuple per entry.
        self.number: Callable[[CccdParts], str] = format_cccd.__wrapped__
        self._issued = lives.keys.issued
        self._name_fields = lives.name_fields
        keys = lives.keys
        self._fixed_women = {
            (p.province_code * 1000 + p.birth_year) * 10**6 + keys.index(p)
            for p in FIXED_PEOPLE
            if p is not None and not p.male
        }
        for parts in FIXED_PEOPLE:
            assert parts is not None
            man, index = parts, keys.index(parts)
            if not parts.male:
                year, index = keys.husband(parts, index)
                man = keys.person(parts.province_code, year, True, index)
            key = man.province_code * 1000 + index // 1000
            self._void_lineages[key] = min(
                self._void_lineages.get(key, _NO_LINEAGE), man.birth_year
            )

    # --- who is there ---------------------------------------------------------------------
    def _forget(self) -> None:
        self._special = frozenset((*FIXED_PEOPLE, *self.overlay.births))
        self._known.clear()
        self._unions.clear()

    def _generated(self, parts: CccdParts) -> bool:
        """Whether ``parts`` is a generated person who exists (issued, not void)."""
        if parts in self._special:
            return False
        index = self.lives.index(parts)
        return index < self._issued and not self._void(parts, index)

    def kind(self, parts: CccdParts) -> str | None:
        if parts not in self._special:
            return GENERATED if self.generated(parts) else None
        return FIXED if parts in FIXED_PEOPLE else REGISTERED  # _special: fixed or born here

    def _void(self, parts: CccdParts, index: int) -> bool:
        keys = self.lives.keys  # the parents' keys (``Lives.parent_keys``), index known
        father = keys.father_key(parts, index)
        if father is None:
            return False
        province, year, _, _ = parts
        mother_year, mother_index = keys.wife_key(province, *father)
        first_void = self._void_lineages.get  # a lineage is void from its first void year
        if year > first_void(province * 1000 + index // 1000, _NO_LINEAGE):
            return True
        if mother_year > first_void(province * 1000 + mother_index // 1000, _NO_LINEAGE):
            return True
        if (province * 1000 + mother_year) * 10**6 + mother_index in self._fixed_women:
            return True
        if not self.overlay.by_dossier:  # no event filed in the run (asked on every look-up)
            return False
        pair = self.lives.parents(parts)
        parents = None if pair is None else self.lives.marriage(pair[0])
        if parents is None:
            return False
        conceived = self.lives.birth(parts) - _CONCEPTION
        for parent in (parents.husband, parents.wife):
            death = self.overlay.deaths.get(parent)
            if death is not None and death.died_on < conceived:
                return True
            married = self.overlay.marriages.get(parent)
            if married is not None and married.registered_at.date() <= parents.registered_on:
                return True
        return False

    # --- identity ---------------------------------------------------------------------------
    def name(self, parts: CccdParts) -> Name:
        if parts not in self._special:
            return as_name(self._name_fields(parts))
        fixed = FIXED_PEOPLE.get(parts)
        if fixed is not None:
            return Name(fixed.name.surname, fixed.name.middle, fixed.name.given)
        born = self.overlay.births.get(parts)
        return born.name if born is not None else self.lives.name(parts)

    def birth(self, parts: CccdParts) -> date:
        if parts not in self._special:
            return self.lives.birth(parts)
        fixed = FIXED_PEOPLE.get(parts)
        if fixed is not None:
            return fixed.birth_date
        born = self.overlay.births.get(parts)
        return born.birth if born is not None else self.lives.birth(parts)

    def birth_registered_at(self, parts: CccdParts) -> datetime:
        if parts not in self._special:
            return self.lives.birth_registered_at(parts)
        born = self.overlay.births.get(parts)
        if born is not None:
            return born.registered_at
        if parts not in FIXED_PEOPLE:
            return self.lives.birth_registered_at(parts)
        h = mix(0, 21, *ints(parts))
        return registration_moment(self.birth(parts) + timedelta(days=1 + h % 30), h >> 20)

    def lineage(self, parts: CccdParts) -> Lineage:
        if parts not in self._special:  # = lives.lineage_of(parts), one frame less
            return self.lives.lineage(parts[0], self.lives.index(parts) // 1000)
        fixed = FIXED_PEOPLE.get(parts)
        if fixed is not None:
            home = Address(ward_by_code(fixed.ward), "")
            return Lineage(fixed.name.surname, "01", "00", home)
        born = self.overlay.births.get(parts)
        if born is not None and born.father is not None:
            return self.lineage(born.father)
        generated = self.lives.lineage_of(parts)
        if born is not None:
            return Lineage(born.name.family, born.ethnicity, generated.religion, generated.home)
        return generated

    def father(self, parts: CccdParts) -> CccdParts | None:
        if parts in self._special:
            return self._parent(parts, 0)
        parents = self.lives.parents(parts)
        return None if parents is None else parents[0]

    def mother(self, parts: CccdParts) -> CccdParts | None:
        if parts in self._special:
            return self._parent(parts, 1)
        parents = self.lives.parents(parts)
        return None if parents is None else parents[1]

    def parents_of(self, parts: CccdParts) -> tuple[CccdParts, ...]:
        """The known parents (father first)."""
        return tuple(p for p in (self._parent(parts, 0), self._parent(parts, 1)) if p is not None)

    def _parent(self, parts: CccdParts, which: int) -> CccdParts | None:
        fixed = FIXED_PEOPLE.get(parts)
        if fixed is not None:
            return to_parts((fixed.father, fixed.mother)[which])
        born = self.overlay.births.get(parts)
        if born is not None:
            return (born.father, born.mother)[which]
        parents = self.lives.parents(parts)
        return None if parents is None else parents[which]

    # --- life events ----------------------------------------------------------------------
    def death_date(self, parts: CccdParts) -> date | None:
        """The date of death, without its registration moment (cheap)."""
        deaths = self.overlay.deaths  # empty in most runs: no key to hash then
        event = deaths.get(parts) if deaths else None
        if event is not None:
            return event.died_on
        return self.lives.death(parts) if self.generated(parts) else None

    def death(self, parts: CccdParts) -> Death | None:
        deaths = self.overlay.deaths
        event = deaths.get(parts) if deaths else None
        if event is not None:
            return Death(event.died_on, event.registered_at, event.dossier)
        if not self.generated(parts):
            return None
        return _new_death((self.lives.death(parts), self.lives.death_registered_at(parts), None))

    def _union(self, parts: CccdParts) -> Union | None:
        """The person's latest effective marriage (possibly ended, possibly in the future):
        :attr:`union`."""
        marriages = self.overlay.marriages
        event = marriages.get(parts) if marriages else None
        if event is not None:
            at = event.registered_at
            return Union(event.husband, event.wife, at.date(), at, None, event.dossier)
        fixed = FIXED_PEOPLE.get(parts)
        if fixed is not None:
            couple = fixed_marriage(parts, fixed.spouse)
            if couple is None:
                return None
            husband, wife, at = couple
            return Union(husband, wife, at.date(), at, None, None)
        if not self.generated(parts):
            return None
        marriage = self.lives.marriage_of(parts)
        if marriage is None:
            return None
        husband, wife = marriage.husband, marriage.wife
        if not self.generated(wife if parts.male else husband):
            return None
        if self.overlay.by_dossier:  # an event filed in the run may void the plan
            for spouse in (husband, wife):
                if self._superseded(spouse, marriage.registered_on):
                    return None
        divorce = marriage.divorce
        if divorce is not None and any(self._dead_by(p, divorce) for p in (husband, wife)):
            return marriage._replace(divorce=None)  # a death ended it first
        return marriage  # the plan's own record: kept once

    def _superseded(self, parts: CccdParts, day: date) -> bool:
        married = self.overlay.marriages.get(parts)
        died = self.overlay.deaths.get(parts)
        return (married is not None and married.registered_at.date() <= day) or (
            died is not None and died.died_on <= day
        )

    def _dead_by(self, parts: CccdParts, day: date) -> bool:
        died = self.death_date(parts)
        return died is not None and died <= day

    def children(self, parts: CccdParts) -> list[CccdParts]:
        """Everyone whose father or mother this person is (born or not yet), oldest first."""
        found: list[CccdParts] = []
        if parts in FIXED_PEOPLE:
            cid = format_cccd(parts)
            found = [p for p, c in FIXED_PEOPLE.items() if p and cid in (c.father, c.mother)]
        elif parts not in self.overlay.births:
            union = self.union(parts)
            if union is not None and union.dossier is None:
                husband = union.husband
                kids = self.lives.keys.children(husband, self.lives.index(husband))
                found = [kid for kid in kids if self.kind(kid) == GENERATED]
        found += [event.child for event in self.overlay.children.get(parts, ())]
        return sorted(found, key=self.birth)
