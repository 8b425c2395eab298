"""Load profiles as pure functions of elapsed time: ``profile(t, plan) -> Tick | None``.

:mod:`loadtests.shapes` wraps them in locust ``LoadTestShape`` classes; keeping the arithmetic
here lets tests check every shape without a locust runtime (locust monkey-patches with gevent).

A :class:`Plan` is what a run asks for: peak users, the spawn rate, and the run time the shape
is stretched over. ``None`` means "stop the run" (locust's convention).

The office day is compressed: the 07:00–17:30 Vietnamese office day is mapped linearly onto the
run time, so ``--run-time 2m`` replays a day at 315× speed. :func:`office_clock_speed` gives the
factor the simulated clock of the registry mocks must run at so that its maintenance windows
(Phụ lục V row 62) open at the same point of the load curve.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time

__all__ = [
    "OFFICE_DAY_CURVE",
    "OFFICE_DAY_END",
    "OFFICE_DAY_START",
    "PROFILES",
    "Plan",
    "Tick",
    "office_clock_speed",
    "office_day",
    "office_day_seconds",
    "office_time_at",
    "spike",
    "steady",
    "step",
]

Tick = tuple[int, float]


@dataclass(frozen=True, slots=True)
class Plan:
    """Peak users, spawn rate (users/s) and the run time (s) the shape is spread over."""

    users: int
    spawn_rate: float
    run_time: float
    steps: int = 5
    spike_factor: float = 5.0

    def __post_init__(self) -> None:
        if self.users < 1:
            raise ValueError("a load shape needs at least one user")
        if self.spawn_rate <= 0:
            raise ValueError("spawn rate must be positive")
        if self.run_time <= 0:
            raise ValueError("a load shape needs a positive run time (--run-time)")
        if self.steps < 1:
            raise ValueError("a step shape needs at least one step")
        if self.spike_factor < 1:
            raise ValueError("a spike must not be lower than the baseline")


def steady(t: float, plan: Plan) -> Tick | None:
    """Ramp to ``users`` at ``spawn_rate`` and hold — what plain ``locust -u -r -t`` does."""
    if t >= plan.run_time:
        return None
    return plan.users, plan.spawn_rate


def step(t: float, plan: Plan) -> Tick | None:
    """``steps`` equal plateaus climbing to ``users``: finds the load where latency bends."""
    if t >= plan.run_time:
        return None
    width = plan.run_time / plan.steps
    level = min(plan.steps, int(t // width) + 1)
    return max(1, math.ceil(plan.users * level / plan.steps)), plan.spawn_rate


def spike(t: float, plan: Plan) -> Tick | None:
    """Baseline of ``users / spike_factor``; from 40 % to 60 % of the run every user arrives at
    once (a news item, a deadline), then the load falls back: does the system recover?"""
    if t >= plan.run_time:
        return None
    baseline = max(1, math.ceil(plan.users / plan.spike_factor))
    if 0.4 * plan.run_time <= t < 0.6 * plan.run_time:
        # The spike arrives within a couple of seconds whatever the configured spawn rate.
        return plan.users, max(plan.spawn_rate, plan.users / 2.0)
    return baseline, max(plan.spawn_rate, baseline / 2.0)


OFFICE_DAY_START = time(7, 0)
OFFICE_DAY_END = time(17, 30)
# Share of the peak load through a Monday at a one-stop office (bộ phận một cửa): doors open at
# 07:30, the weekend's backlog makes 08:00–09:30 the peak, lunch 11:30–13:30 is near idle, the
# afternoon is a lower second wave. Knots are (hour of day, share); linear in between.
OFFICE_DAY_CURVE: tuple[tuple[float, float], ...] = (
    (7.0, 0.05),
    (7.5, 0.30),
    (8.0, 0.85),
    (8.5, 1.00),
    (9.5, 1.00),
    (10.5, 0.75),
    (11.5, 0.55),
    (12.0, 0.10),
    (13.0, 0.10),
    (13.5, 0.45),
    (14.5, 0.65),
    (16.0, 0.55),
    (17.0, 0.25),
    (17.5, 0.05),
)


def _hours(moment: time) -> float:
    return moment.hour + moment.minute / 60 + moment.second / 3600


def _interpolate(knots: Sequence[tuple[float, float]], x: float) -> float:
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in zip(knots, knots[1:], strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


def office_day_seconds() -> float:
    return (_hours(OFFICE_DAY_END) - _hours(OFFICE_DAY_START)) * 3600


def office_clock_speed(run_time: float) -> float:
    """Simulated seconds per wall second that replay the office day over ``run_time``."""
    if run_time <= 0:
        raise ValueError("run time must be positive")
    return office_day_seconds() / run_time


def office_time_at(t: float, run_time: float) -> time:
    """The office-day time of day reached ``t`` seconds into a run of ``run_time`` seconds."""
    seconds = _hours(OFFICE_DAY_START) * 3600 + min(max(t, 0.0), run_time) * office_clock_speed(
        run_time
    )
    whole = int(seconds)
    return time(whole // 3600 % 24, whole // 60 % 60, whole % 60)


def office_day(t: float, plan: Plan) -> Tick | None:
    """The office day compressed into the run time, scaled so its peak is ``users``."""
    if t >= plan.run_time:
        return None
    share = _interpolate(OFFICE_DAY_CURVE, _hours(office_time_at(t, plan.run_time)))
    users = max(1, round(plan.users * share))
    # Fast enough to follow the curve (it moves at most ~0.3 of the peak per simulated half hour).
    half_hour = 1800 / office_clock_speed(plan.run_time)
    return users, max(plan.spawn_rate, plan.users * 0.75 / max(half_hour, 1.0))


PROFILES: dict[str, Callable[[float, Plan], Tick | None]] = {
    "steady": steady,
    "step": step,
    "spike": spike,
    "office-day": office_day,
}
