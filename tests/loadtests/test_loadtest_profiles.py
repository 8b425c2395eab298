"""Load shapes as pure functions: the numbers locust's shape worker will see each second."""

from __future__ import annotations

from datetime import time

import pytest

from loadtests.profiles import (
    PROFILES,
    Plan,
    office_clock_speed,
    office_day,
    office_time_at,
    spike,
    steady,
    step,
)

PLAN = Plan(users=100, spawn_rate=10.0, run_time=100.0)


def users_over_run(profile_name: str, plan: Plan) -> list[int]:
    ticks = [PROFILES[profile_name](float(t), plan) for t in range(int(plan.run_time))]
    return [tick[0] for tick in ticks if tick is not None]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_shape_stops_at_the_run_time_and_never_exceeds_the_peak(name: str) -> None:
    assert PROFILES[name](PLAN.run_time, PLAN) is None
    assert PROFILES[name](PLAN.run_time + 5, PLAN) is None
    users = users_over_run(name, PLAN)
    assert len(users) == 100
    assert min(users) >= 1
    assert max(users) <= PLAN.users


def test_steady_holds_the_users_at_the_spawn_rate() -> None:
    assert steady(0.0, PLAN) == (100, 10.0)
    assert steady(99.9, PLAN) == (100, 10.0)


def test_step_climbs_in_equal_plateaus() -> None:
    plan = Plan(users=100, spawn_rate=5.0, run_time=100.0, steps=4)
    assert [step(t, plan) for t in (0.0, 24.9, 25.0, 50.0, 75.0, 99.0)] == [
        (25, 5.0), (25, 5.0), (50, 5.0), (75, 5.0), (100, 5.0), (100, 5.0)
    ]  # fmt: skip
    assert sorted(set(users_over_run("step", plan))) == [25, 50, 75, 100]


def test_spike_jumps_to_the_peak_between_40_and_60_percent_then_recovers() -> None:
    plan = Plan(users=100, spawn_rate=2.0, run_time=100.0, spike_factor=5.0)
    assert spike(39.0, plan) == (20, 10.0)
    users, rate = spike(40.0, plan) or (0, 0.0)
    assert users == 100
    assert rate >= 50  # the spike arrives in about two seconds, not at the ramp's 2 users/s
    assert spike(59.9, plan) == (100, 50.0)
    assert spike(60.0, plan) == (20, 10.0)


def test_office_day_maps_the_day_onto_the_run_time() -> None:
    assert office_clock_speed(120.0) == pytest.approx(10.5 * 3600 / 120)
    assert office_time_at(0.0, 120.0) == time(7, 0)
    assert office_time_at(120.0, 120.0) == time(17, 30)
    # 09:00 is 2 h into a 10.5 h day: 2 / 10.5 of the run.
    assert office_time_at(120.0 * 2 / 10.5, 120.0) == time(9, 0)


def test_office_day_peaks_on_monday_morning_and_idles_at_lunch() -> None:
    plan = Plan(users=200, spawn_rate=1.0, run_time=105.0)  # 10 s of run per office hour

    def at(hour: float) -> int:
        tick = office_day((hour - 7.0) * 10.0, plan)
        assert tick is not None
        return tick[0]

    assert at(7.0) == 10
    assert at(9.0) == 200  # the Monday-morning peak
    assert at(12.5) == 20  # lunch
    assert at(9.0) > at(14.5) > at(12.5)  # the afternoon is a lower second wave
    assert at(17.4) < 30
    # Ramp fast enough to follow the curve even when the configured spawn rate is low.
    tick = office_day(10.0, plan)
    assert tick is not None and tick[1] > 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"users": 0, "spawn_rate": 1.0, "run_time": 10.0}, "one user"),
        ({"users": 1, "spawn_rate": 0.0, "run_time": 10.0}, "spawn rate"),
        ({"users": 1, "spawn_rate": 1.0, "run_time": 0.0}, "run time"),
        ({"users": 1, "spawn_rate": 1.0, "run_time": 1.0, "steps": 0}, "step"),
        ({"users": 1, "spawn_rate": 1.0, "run_time": 1.0, "spike_factor": 0.5}, "spike"),
    ],
)
def test_plans_reject_nonsense(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Plan(**kwargs)  # type: ignore[arg-type]
