"""What a check concludes: passed, failed or not exercised, with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["MAX_EVIDENCE", "Outcome", "Verdict"]

Outcome = Literal["passed", "failed", "skipped"]
MAX_EVIDENCE = 8  # lines of evidence kept per check


@dataclass(frozen=True, slots=True)
class Verdict:
    """One check's result. ``detail`` is a message key of ``simulator.conformance.text`` and
    ``values`` fill it; ``evidence`` cites calls (X-Road-Ids, timings)."""

    check: str
    outcome: Outcome
    detail: str
    values: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "outcome": self.outcome,
            "detail": self.detail,
            "values": self.values,
            "evidence": list(self.evidence),
            "rows": list(self.rows),
        }
