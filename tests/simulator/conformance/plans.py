"""A short conformance plan for the tests: the default plan's phases, seconds long, on a stack
whose injected delays and deadlines are scaled by ``tests.simulator.scaled.SCALE``."""

from __future__ import annotations

from simulator.conformance import Plan, Thresholds

__all__ = ["SHORT_PLAN"]

SHORT_PLAN = Plan(
    name="short",
    seed=7,
    phases=(
        {"name": "baseline", "duration_s": 0.8},
        {
            "name": "row-20-slow-dkdn",
            "duration_s": 2.5,
            "rows": [
                {
                    "row": 20,
                    "faults": [
                        {
                            "kind": "latency",
                            "delay": {"dist": "uniform", "lower_ms": 36000, "upper_ms": 50000},
                        }
                    ],
                }
            ],
        },
        {
            "name": "row-62-maintenance",
            "duration_s": 2.6,
            "clock": "2024-06-04T10:29:58+07:00",
            "rows": [{"row": 62}],
        },
        {
            "name": "rows-43-48-axis",
            "duration_s": 1.5,
            "rows": [
                {
                    "row": 48,
                    "faults": [{"kind": "reset_before", "at": "lgsp-ndxp", "probability": 0.4}],
                }
            ],
        },
        {
            "name": "quota-exhausted",
            "duration_s": 1.5,
            "rows": [
                {
                    "row": 42,
                    "faults": [
                        {"kind": "overload", "at": "ndxp", "status": 429, "retry_after_s": 1},
                        {
                            "kind": "overload",
                            "at": "ndxp",
                            "status": 429,
                            "retry_after_s": 1,
                            "registry": "dkdn",
                        },
                    ],
                }
            ],
        },
        {
            "name": "rejected-submission-cascade",
            "duration_s": 1.5,
            "rows": [
                {
                    "row": 85,
                    "faults": [
                        {"kind": "http_error", "status": 400, "route": "*dangkyhotich*"},
                        {"kind": "http_error", "status": 404, "route": "*tratrangthaihoso*"},
                    ],
                }
            ],
        },
    ),
    thresholds=Thresholds(
        max_wait_s=1.5,
        min_first_gap_s=0.1,
        retry_after_slack_s=0.2,
        storm_window_s=0.5,
        storm_max_calls=3,
        retry_window_s=5.0,
        poll_min_interval_s=0.3,
        poll_max_count=20,
    ),
)
