"""Family plans: the 1,000 life courses a man can follow, and the child slots they fill.

Every issued person index ``i = m·1000 + t`` (``keys.py``) plays two roles. As a child, ``t``
is a slot in the table of sons or daughters: the slot names a plan ``c`` and a birth order
``k``, so the father is the man of plan ``c`` in the same lineage ``m``, born the plan's gap
earlier. As a man, ``σ(t)`` is his own plan. The two tables hold exactly 1,000 sons and 1,000
daughters, so the mapping is a bijection: every child has one father, every father exactly the
children his plan lists — both directions are O(1), nothing is stored.

Plan statistics (world_model_facts §2.4, §2.5, §10.1): ≈92 % of men marry (≈5 % never do,
the rest die young: ``lives.py``), first marriage at ≈N(27.5, 3.5) years and never before 20
(man) / 18 (woman) — one year of slack, because plans count in calendar years; the wife's
birth year differs by the registered-marriage mix (same age 12 %, husband older > 72 %, wife
older ≈16 %); children: mean ≈2 per couple, the first one or two years after the marriage,
spacing 2–5 years, the mother 19–44 at each birth; ≈6 % of marriages end in divorce after the
last child. Sexes are balanced 1:1 (the CCCD space has as many
numbers for each sex), not the 111.5 sex ratio at birth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["CLASSES", "Plan", "Slot", "build_plans"]

CLASSES = 1000
_WIFE_OFFSET = ((-3, 3), (-2, 5), (-1, 8), (0, 12), (1, 12), (2, 11), (3, 10), (4, 10),
                (5, 8), (6, 6), (7, 5), (8, 4), (9, 3), (10, 3))  # fmt: skip
_CHILDREN = ((0, 5), (1, 18), (2, 48), (3, 20), (4, 7), (5, 2))
_FIRST_GAP = ((1, 55), (2, 35), (3, 10))
_SPACING = ((2, 30), (3, 35), (4, 20), (5, 15))
_MAX_MOTHER_AGE = 44
_MIN_MOTHER_AGE = 19


@dataclass(frozen=True, slots=True)
class Plan:
    """A man's life course in calendar years counted from his birth year."""

    marries: bool
    marriage_age: int
    wife_offset: int  # wife's birth year minus his
    children: tuple[tuple[int, bool], ...]  # (his age in the birth year, is a son)
    divorce_after: int | None  # years after the marriage year

    @property
    def last_child_age(self) -> int | None:
        return self.children[-1][0] if self.children else None


@dataclass(frozen=True, slots=True)
class Slot:
    plan: int
    order: int


def _pick(rng: random.Random, table: tuple[tuple[int, int], ...]) -> int:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _ages(rng: random.Random, marriage_age: int, offset: int, count: int) -> list[int]:
    ages: list[int] = []
    age = marriage_age + _pick(rng, _FIRST_GAP)
    while len(ages) < count and age - offset <= _MAX_MOTHER_AGE:
        if age - offset >= _MIN_MOTHER_AGE:
            ages.append(age)
        age += _pick(rng, _SPACING)
    return ages


def _plan(rng: random.Random) -> tuple[bool, int, int, list[int]]:
    offset = _pick(rng, _WIFE_OFFSET)
    age = max(21, 19 + offset, min(45, round(rng.gauss(27.5, 3.5))))
    if rng.random() >= 0.92:
        return False, age, offset, []
    return True, age, offset, _ages(rng, age, offset, _pick(rng, _CHILDREN))


def build_plans(seed: int) -> tuple[tuple[Plan, ...], tuple[Slot, ...], tuple[Slot, ...]]:
    """The plans and the son and daughter slot tables (1,000 entries each) of one world."""
    rng = random.Random(f"plans:{seed}")
    drafts = [_plan(rng) for _ in range(CLASSES)]
    total = sum(len(ages) for *_, ages in drafts)
    while total != 2 * CLASSES:  # a bijection needs exactly one son and one daughter per man
        marries, age, offset, ages = drafts[rng.randrange(CLASSES)]
        if total > 2 * CLASSES and len(ages) >= 3:
            ages.pop()
            total -= 1
        elif total < 2 * CLASSES and marries and 1 <= len(ages) <= 3:
            extra = ages[-1] + _pick(rng, _SPACING)
            if extra - offset <= _MAX_MOTHER_AGE:
                ages.append(extra)
                total += 1
    sexes = [True] * CLASSES + [False] * CLASSES
    rng.shuffle(sexes)
    plans: list[Plan] = []
    sons: list[Slot] = []
    daughters: list[Slot] = []
    for number, (marries, age, offset, ages) in enumerate(drafts):
        children = tuple((a, sexes.pop()) for a in ages)
        for order, (_, son) in enumerate(children):
            (sons if son else daughters).append(Slot(number, order))
        divorce = None
        if marries and rng.random() < 0.06:
            divorce = (ages[-1] - age if ages else 0) + rng.randint(1, 12)
        plans.append(Plan(marries, age, offset, children, divorce))
    rng.shuffle(sons)
    rng.shuffle(daughters)
    return tuple(plans), tuple(sons), tuple(daughters)
