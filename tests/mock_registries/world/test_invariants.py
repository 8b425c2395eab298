"""Property tests: every cross-registry invariant holds for any identifier hypothesis picks."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from mock_registries.data.identity import CccdParts, mst_check_digit
from mock_registries.world import World, check_world
from mock_registries.world.check import Count
from mock_registries.world.check_people import PersonChecks
from mock_registries.world.check_rules import enterprise_checks
from tests.mock_registries.world.conftest import MOMENT, people as any_person

people = any_person(1925)
msts = (
    st.tuples(
        st.sampled_from(("01", "03", "04", "28", "36", "37", "29", "55")), st.integers(0, 9_999_999)
    )
    .map(lambda p: f"{p[0]}{p[1]:07d}")
    .filter(lambda first9: mst_check_digit(first9) is not None)
    .map(lambda first9: f"{first9}{mst_check_digit(first9)}")
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class Strict:
    """A counter that fails the test at the first contradiction, naming the invariant."""

    def __call__(self, name: str) -> Count:
        outer = self

        class _One(Count):
            def add(self, ok: bool, example: str = "") -> None:
                assert ok, f"{name}: {example}"
                outer.checked += 1

        return _One()

    checked = 0


@SETTINGS
@given(people)
def test_every_person_invariant_holds(shared_world: World, parts: CccdParts) -> None:
    PersonChecks(shared_world, MOMENT, Strict()).check(parts)


@SETTINGS
@given(msts)
def test_every_enterprise_invariant_holds(shared_world: World, code: str) -> None:
    enterprise_checks(shared_world, code, MOMENT, Strict())


def test_check_world_counts_every_invariant_with_no_contradiction() -> None:
    counts = check_world(2024, 300, sample_seed=5)
    assert len(counts) >= 30
    assert all(c.checked > 0 for c in counts.values())
    assert {name: c.contradictions for name, c in counts.items() if c.contradictions} == {}


def test_same_seed_same_world_other_seed_other_people(shared_world: World) -> None:
    again = World(2024, clock=shared_world.clock)
    other = World(7, clock=shared_world.clock)
    same = [shared_world.person(c) == again.person(c) for c in ("079092123456", "040085123456")]
    assert all(same)
    generated = "040085123456"
    assert shared_world.person(generated) != other.person(generated)
