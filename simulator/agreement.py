"""Whether the components of a deployment agree: one simulated clock, one scenario, one seed.

The control plane (:mod:`simulator.control`) sets every component by fan-out and then reads
each one back; this module judges what it read. A frozen clock must read the same instant on
every component (they were all set to one absolute moment); running clocks may differ by the
fan-out's own latency, at most ``tolerance_s`` of simulated time.

    states = [ComponentState.of("dan_cu", url, status), ...]
    problems = disagreements(states)      # [] when all agree; else codes such as "clock"
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

__all__ = ["CLOCK_TOLERANCE_S", "ComponentState", "disagreements"]

# Running clocks are set one component after another: a second of spread is the fan-out, more
# is a component that missed the set (or runs at another NDXP_MOCKS__CLOCK_SPEED).
CLOCK_TOLERANCE_S = 2.0


@dataclass(frozen=True, slots=True)
class ComponentState:
    """What one component's fault admin said about itself (``error``: why it said nothing)."""

    name: str
    url: str
    now: str | None = None
    frozen: bool | None = None
    scenario: str | None = None
    seed: int | None = None
    error: str | None = None

    @classmethod
    def of(cls, name: str, url: str, status: dict[str, Any]) -> ComponentState:
        clock = status.get("clock") or {}
        active = status.get("active") or {}
        return cls(
            name=name,
            url=url,
            now=clock.get("now"),
            frozen=clock.get("frozen"),
            scenario=active.get("name"),
            seed=status.get("seed"),
        )

    @property
    def reachable(self) -> bool:
        return self.error is None

    def timestamp(self) -> float | None:
        return datetime.fromisoformat(self.now).timestamp() if self.now else None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def disagreements(
    states: list[ComponentState], tolerance_s: float = CLOCK_TOLERANCE_S
) -> list[str]:
    """Codes of what the reachable components disagree on: ``frozen`` (some clocks stopped,
    some running), ``clock`` (instants apart), ``scenario``, ``seed``; ``unreachable`` when a
    component did not answer. Empty: one clock, one scenario, one seed."""
    seen = [s for s in states if s.reachable]
    problems = ["unreachable"] if len(seen) < len(states) else []
    if len({s.frozen for s in seen}) > 1:
        problems.append("frozen")
    stamps = [t for s in seen if (t := s.timestamp()) is not None]
    limit = 0.0005 if seen and all(s.frozen for s in seen) else tolerance_s
    if stamps and max(stamps) - min(stamps) > limit:
        problems.append("clock")
    if len({s.scenario for s in seen}) > 1:
        problems.append("scenario")
    if len({s.seed for s in seen}) > 1:
        problems.append("seed")
    return problems
