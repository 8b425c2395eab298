"""Grading: every check over the consumer's calls, into one :class:`Report`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.conformance.calls import Call
from simulator.conformance.checks_calls import (
    ids_unique,
    polling_cadence,
    stops_on_4xx,
    timeout_bounded,
)
from simulator.conformance.checks_retry import (
    backoff_jitter,
    idempotent_submissions,
    no_storm,
    retries_bounded,
    retry_after_honoured,
)
from simulator.conformance.plan import Plan
from simulator.conformance.verdicts import Verdict

__all__ = ["CHECKS", "PhaseRun", "Report", "grade"]

CHECKS = (
    "timeout_bounded",
    "retries_bounded",
    "backoff_jitter",
    "retry_after_honoured",
    "no_storm",
    "idempotent_submissions",
    "polling_cadence",
    "ids_unique",
    "stops_on_4xx",
)


@dataclass(frozen=True, slots=True)
class PhaseRun:
    name: str
    start: float  # unix seconds
    end: float
    rows: tuple[int, ...]


@dataclass(slots=True)
class Report:
    consumer: str
    sandbox: str
    plan: Plan
    phases: list[PhaseRun]
    calls: int
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No check failed (a check not exercised does not fail the client)."""
        return all(v.outcome != "failed" for v in self.verdicts)

    def counts(self) -> dict[str, int]:
        out = {"passed": 0, "failed": 0, "skipped": 0}
        for verdict in self.verdicts:
            out[verdict.outcome] += 1
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "consumer": self.consumer,
            "sandbox": self.sandbox,
            "plan": self.plan.name,
            "seed": self.plan.seed,
            "passed": self.passed,
            "counts": self.counts(),
            "calls": self.calls,
            "phases": [
                {"name": p.name, "start": p.start, "end": p.end, "rows": list(p.rows)}
                for p in self.phases
            ],
            "thresholds": self.plan.thresholds.model_dump(mode="json"),
            "checks": [v.as_dict() for v in self.verdicts],
        }


def grade(
    calls: Sequence[Call],
    plan: Plan,
    *,
    consumer: str,
    sandbox: str,
    phases: list[PhaseRun],
    non_idempotent: frozenset[str],
) -> Report:
    """The report of ``calls`` against ``plan``'s thresholds."""
    t = plan.thresholds
    verdicts = [
        timeout_bounded(calls, t),
        retries_bounded(calls, t),
        backoff_jitter(calls, t),
        retry_after_honoured(calls, t),
        no_storm(calls, t),
        idempotent_submissions(calls, t, non_idempotent),
        polling_cadence(calls, t),
        ids_unique(calls, t),
        stops_on_4xx(calls, t),
    ]
    return Report(consumer, sandbox, plan, phases, len(calls), verdicts)
