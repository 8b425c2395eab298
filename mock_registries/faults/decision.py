"""What the fault engine decides for one request: the rules that fired (:class:`Fired`) sorted
into the stages of :mod:`mock_registries.faults.spec` (:class:`Decision`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mock_registries.faults.scenarios import Rule

__all__ = ["Decision", "Fired"]


@dataclass(frozen=True, slots=True)
class Fired:
    """A rule that fired for one request, with what it drew."""

    rule: Rule
    delay: float = 0.0
    remaining: float | None = None
    as_kind: str | None = None  # the name it is announced under, when not its kind's

    @property
    def label(self) -> str:
        if self.as_kind is None:
            return self.rule.label
        return self.rule.label.replace(f":{self.rule.fault.name}", f":{self.as_kind}", 1)


@dataclass(slots=True)
class Decision:
    """What to do to one request, stage by stage (see :mod:`mock_registries.faults.spec`)."""

    delay: list[Fired] = field(default_factory=list)
    terminal: Fired | None = None
    body: list[Fired] = field(default_factory=list)
    delivery: Fired | None = None

    @property
    def empty(self) -> bool:
        return not self.delay and self.terminal is None and not self.body and self.delivery is None

    @property
    def total_delay(self) -> float:
        return sum(f.delay for f in self.delay)

    def add(self, fired: Fired) -> None:
        stage = fired.rule.fault.stage
        if stage == "delay":
            self.delay.append(fired)
        elif stage == "terminal":
            if self.terminal is None:
                self.terminal = fired
        elif stage == "body":
            self.body.append(fired)
        elif self.delivery is None:
            self.delivery = fired
