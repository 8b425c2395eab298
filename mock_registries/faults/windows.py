"""When a fault rule is live: calendar windows, ramps, fail-first-N, flapping.

Every window reads time from the simulated :class:`~mock_registries.clock.Clock` (through
:class:`WindowContext`), so tests freeze and advance it instead of sleeping. A window returns
the factor (0..1) its rule's probability is multiplied by; ``remaining`` says how long the
current fault period lasts, which becomes ``Retry-After`` for maintenance answers.

    {window: always}
    {window: weekly, slots: [{days: [mon, tue, wed, thu, fri], start: "09:00", end: "10:30"}]}
    {window: ramp, after_s: 0, over_s: 600, from: 0.0, to: 1.0}
    {window: fail_first, n: 3}
    {window: flapping, up_s: 60, down_s: 20}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from mock_registries.clock import VIETNAM_TZ
from mock_registries.faults.errors import FaultSpecError

__all__ = [
    "Always",
    "FailFirst",
    "Flapping",
    "Ramp",
    "WeeklySlot",
    "WeeklyWindow",
    "Window",
    "WindowContext",
    "parse_window",
]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class WindowContext:
    """What a window may look at: simulated now, time since the scenario was enabled, and the
    index of this request among the requests the rule has seen (0-based)."""

    now: datetime
    elapsed: float
    index: int


class Window(Protocol):
    def factor(self, ctx: WindowContext) -> float: ...

    def remaining(self, ctx: WindowContext) -> float | None:
        """Seconds until the current fault period ends, if known."""
        ...

    def describe(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Always:
    def factor(self, ctx: WindowContext) -> float:
        return 1.0

    def remaining(self, ctx: WindowContext) -> float | None:
        return None

    def describe(self) -> dict[str, Any]:
        return {"window": "always"}


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    days: frozenset[int]  # Monday = 0, as datetime.weekday()
    start: time
    end: time

    def seconds_left(self, now: datetime) -> float | None:
        local = now.astimezone(VIETNAM_TZ)
        if local.weekday() not in self.days:
            return None
        begin = local.replace(
            hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0
        )
        finish = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        if begin <= local < finish:
            return (finish - local).total_seconds()
        return None


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """Calendar window in Asia/Ho_Chi_Minh, e.g. upgrades in office hours (Phụ lục V row 62)."""

    slots: tuple[WeeklySlot, ...]

    def factor(self, ctx: WindowContext) -> float:
        return 1.0 if self.remaining(ctx) is not None else 0.0

    def remaining(self, ctx: WindowContext) -> float | None:
        for slot in self.slots:
            left = slot.seconds_left(ctx.now)
            if left is not None:
                return left
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "window": "weekly",
            "timezone": "Asia/Ho_Chi_Minh",
            "slots": [
                {
                    "days": [_DAYS[d] for d in sorted(s.days)],
                    "start": s.start.strftime("%H:%M"),
                    "end": s.end.strftime("%H:%M"),
                }
                for s in self.slots
            ],
        }


@dataclass(frozen=True, slots=True)
class Ramp:
    """Probability factor grows linearly from ``start`` to ``end`` over ``over`` seconds."""

    after: float
    over: float
    start: float
    end: float

    def factor(self, ctx: WindowContext) -> float:
        if ctx.elapsed < self.after:
            return 0.0
        progress = min(1.0, (ctx.elapsed - self.after) / self.over) if self.over > 0 else 1.0
        return self.start + (self.end - self.start) * progress

    def remaining(self, ctx: WindowContext) -> float | None:
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "window": "ramp",
            "after_s": self.after,
            "over_s": self.over,
            "from": self.start,
            "to": self.end,
        }


@dataclass(frozen=True, slots=True)
class FailFirst:
    """The first ``n`` requests the rule sees are faulted, then it recovers.

    "First" is arrival order, which concurrent callers make a race: a rule with this window
    is reproducible only for callers one at a time, so the catalog's rows (replayed by seeded
    demos at any concurrency) do not use it; ad-hoc rules may.
    """

    n: int

    def factor(self, ctx: WindowContext) -> float:
        return 1.0 if ctx.index < self.n else 0.0

    def remaining(self, ctx: WindowContext) -> float | None:
        return None

    def describe(self) -> dict[str, Any]:
        return {"window": "fail_first", "n": self.n}


@dataclass(frozen=True, slots=True)
class Flapping:
    """Healthy for ``up`` seconds, failing for ``down`` seconds, repeating from enablement."""

    up: float
    down: float

    def _phase(self, ctx: WindowContext) -> float:
        return ctx.elapsed % (self.up + self.down)

    def factor(self, ctx: WindowContext) -> float:
        return 1.0 if self._phase(ctx) >= self.up else 0.0

    def remaining(self, ctx: WindowContext) -> float | None:
        phase = self._phase(ctx)
        return self.up + self.down - phase if phase >= self.up else None

    def describe(self) -> dict[str, Any]:
        return {"window": "flapping", "up_s": self.up, "down_s": self.down}


def _number(spec: Mapping[str, Any], key: str, default: float | None = None) -> float:
    value = spec.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise FaultSpecError(f"Cửa sổ thời gian: '{key}' phải là số không âm ({spec!r}).")
    return float(value)


def _clock_time(text: Any) -> time:
    try:
        if text == "24:00":
            return time(23, 59, 59)
        return datetime.strptime(str(text), "%H:%M").time()
    except ValueError:
        raise FaultSpecError(f"Giờ không hợp lệ (HH:MM): {text!r}.") from None


def _slot(raw: Any) -> WeeklySlot:
    if not isinstance(raw, Mapping):
        raise FaultSpecError(f"Khung giờ phải là ánh xạ: {raw!r}.")
    days = raw.get("days", list(_DAYS[:5]))
    if not isinstance(days, Sequence) or any(d not in _DAYS for d in days):
        raise FaultSpecError(f"Ngày trong tuần phải thuộc {_DAYS}: {days!r}.")
    start, end = _clock_time(raw.get("start")), _clock_time(raw.get("end"))
    if end <= start:
        raise FaultSpecError(f"Khung giờ kết thúc trước khi bắt đầu: {raw!r}.")
    return WeeklySlot(frozenset(_DAYS.index(d) for d in days), start, end)


def parse_window(spec: Mapping[str, Any] | None) -> Window:
    """Build a window from its catalog/admin mapping (see the module docstring)."""
    if spec is None:
        return Always()
    kind = spec.get("window", "always")
    if kind == "always":
        return Always()
    if kind == "weekly":
        slots = spec.get("slots")
        if not isinstance(slots, Sequence) or isinstance(slots, str) or not slots:
            raise FaultSpecError(f"Cửa sổ 'weekly' cần danh sách 'slots' ({spec!r}).")
        return WeeklyWindow(tuple(_slot(s) for s in slots))
    if kind == "ramp":
        start, end = _number(spec, "from", 0.0), _number(spec, "to", 1.0)
        if start > 1 or end > 1:
            raise FaultSpecError(f"Hệ số 'from'/'to' của ramp phải trong [0, 1] ({spec!r}).")
        return Ramp(_number(spec, "after_s", 0.0), _number(spec, "over_s"), start, end)
    if kind == "fail_first":
        return FailFirst(int(_number(spec, "n")))
    if kind == "flapping":
        up, down = _number(spec, "up_s"), _number(spec, "down_s")
        if up + down <= 0:
            raise FaultSpecError(f"Cửa sổ 'flapping' cần up_s + down_s > 0 ({spec!r}).")
        return Flapping(up, down)
    raise FaultSpecError(f"Không có loại cửa sổ thời gian '{kind}'.")


def next_start_after(window: WeeklyWindow, moment: datetime) -> datetime | None:
    """The next moment (minute resolution, within 8 days) the window opens; for tests and CLIs."""
    local = moment.astimezone(VIETNAM_TZ).replace(second=0, microsecond=0)
    for minute in range(8 * 24 * 60):
        probe = local + timedelta(minutes=minute)
        if any(slot.seconds_left(probe) is not None for slot in window.slots):
            return probe
    return None
