"""The identifier arithmetic: every relation is a bijection, computable from either end."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from mock_registries.data.identity import CccdParts
from mock_registries.world.keys import Keys, memo, record_maker
from mock_registries.world.plans import CLASSES, build_plans
from tests.mock_registries.world.conftest import people as any_person

KEYS = Keys(2024, 0.02)
people = any_person(1930)


def test_plan_tables_hold_exactly_one_son_and_one_daughter_per_man() -> None:
    plans, sons, daughters = build_plans(7)
    assert len(sons) == len(daughters) == len(plans) == CLASSES
    assert sum(len(p.children) for p in plans) == 2 * CLASSES
    for plan in plans:
        assert not plan.children or plan.marries
        ages = [age for age, _ in plan.children]
        assert ages == sorted(ages) and all(b - a >= 2 for a, b in itertools.pairwise(ages))
        assert plan.marriage_age >= 21 and plan.marriage_age - plan.wife_offset >= 19
        assert all(plan.marriage_age < age and 19 <= age - plan.wife_offset <= 44 for age in ages)


@settings(max_examples=300, deadline=None)
@given(people)
def test_the_serial_permutation_is_a_bijection(parts: CccdParts) -> None:
    index = KEYS.index(parts)
    assert KEYS.serial(parts.province_code, parts.birth_year, parts.male, index) == parts.serial


@settings(max_examples=300, deadline=None)
@given(people)
def test_a_child_is_among_its_fathers_children(parts: CccdParts) -> None:
    index = KEYS.index(parts)
    father = KEYS.father(parts, index)
    if index >= KEYS.issued or father is None:
        return
    dad, dad_index = father
    assert KEYS.index(dad) == dad_index and dad.male
    assert parts in KEYS.children(dad, dad_index)
    assert dad_index // 1000 == index // 1000  # the paternal lineage is shared


@settings(max_examples=300, deadline=None)
@given(people)
def test_marriage_is_a_bijection_between_men_and_women(parts: CccdParts) -> None:
    index = KEYS.index(parts)
    if index >= KEYS.issued:
        return
    if parts.male:
        year, wife_index = KEYS.wife(parts, index)
        assert KEYS.husband(CccdParts(parts.province_code, year, False, 0), wife_index) == (
            parts.birth_year,
            index,
        )
    else:
        year, husband_index = KEYS.husband(parts, index)
        husband = CccdParts(parts.province_code, year, True, 0)
        assert KEYS.wife(husband, husband_index) == (parts.birth_year, index)


def test_a_memo_computes_each_key_once_and_empties_when_full() -> None:
    calls: list[int] = []

    def square(value: int) -> int:
        calls.append(value)
        return value * value

    cached = memo(square, 3)
    assert [cached(v) for v in (2, 3, 2, 4, 3)] == [4, 9, 4, 16, 9]
    assert calls == [2, 3, 4]
    assert cached(5) == 25 and cached(2) == 4  # full at 3: emptied, then 5 and 2 again
    assert calls == [2, 3, 4, 5, 2]


def test_record_maker_builds_the_same_named_tuple_as_the_class() -> None:
    made = record_maker(CccdParts)((1, 1990, True, 123))
    assert made == CccdParts(1, 1990, True, 123) and type(made) is CccdParts
    assert made.serial == 123
