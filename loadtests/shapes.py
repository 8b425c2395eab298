"""Locust load shapes: steady, step, spike and a compressed office day.

Locust runs the *first* concrete ``LoadTestShape`` it finds in the locustfile, so the four shapes
are declared ``abstract`` and the locustfile exposes one :class:`SelectedShape` that delegates to
the one named by ``--shape`` (default ``steady``). Every shape reads locust's common options
(``use_common_options``): ``--users`` is the peak, ``--spawn-rate`` the ramp, ``--run-time`` the
span the shape is stretched over. The arithmetic is in :mod:`loadtests.profiles`.

    locust -f loadtests/locustfile.py --headless -u 200 -r 20 -t 10m --shape office-day
"""

from __future__ import annotations

import time
from typing import ClassVar

from locust import LoadTestShape

from loadtests.profiles import PROFILES, Plan, Tick

__all__ = ["OfficeDayShape", "SelectedShape", "SpikeShape", "StepShape", "SteadyShape"]

DEFAULT_RUN_TIME = 600.0


class _ProfileShape(LoadTestShape):
    abstract = True
    use_common_options = True
    profile: ClassVar[str] = "steady"

    def elapsed(self) -> float:
        # LoadTestShape.get_run_time, typed (locust leaves it unannotated).
        return float(time.perf_counter() - self.start_time)

    def plan(self) -> Plan:
        options = self.runner.environment.parsed_options if self.runner is not None else None
        return Plan(
            users=int(getattr(options, "num_users", None) or 1),
            spawn_rate=float(getattr(options, "spawn_rate", None) or 1.0),
            run_time=float(getattr(options, "run_time", None) or DEFAULT_RUN_TIME),
            steps=int(getattr(options, "shape_steps", None) or 5),
            spike_factor=float(getattr(options, "spike_factor", None) or 5.0),
        )

    def tick(self) -> Tick | None:
        return PROFILES[self.profile](self.elapsed(), self.plan())


class SteadyShape(_ProfileShape):
    abstract = True
    profile = "steady"


class StepShape(_ProfileShape):
    abstract = True
    profile = "step"


class SpikeShape(_ProfileShape):
    abstract = True
    profile = "spike"


class OfficeDayShape(_ProfileShape):
    abstract = True
    profile = "office-day"


class SelectedShape(_ProfileShape):
    """The shape named by the locustfile's ``--shape`` option."""

    abstract = False

    def tick(self) -> Tick | None:
        options = self.runner.environment.parsed_options if self.runner is not None else None
        name = getattr(options, "shape", None) or "steady"
        if name not in PROFILES:
            raise ValueError(f"unknown --shape {name!r}; choose from {', '.join(PROFILES)}")
        return PROFILES[name](self.elapsed(), self.plan())
