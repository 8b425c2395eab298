"""Simulated clock shared by dossier lifecycles and fault time windows.

Tests freeze and advance it instead of sleeping; ``up`` uses the wall clock, optionally scaled
(``speed=60`` makes one real second one simulated minute) so an office day can be replayed.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone

VIETNAM_TZ = timezone(timedelta(hours=7), name="Asia/Ho_Chi_Minh")

__all__ = ["SANDBOX_CLOCK", "VIETNAM_TZ", "Clock"]


class Clock:
    """A clock that can run at wall speed, run scaled, or be frozen and advanced by hand.

    While a request of a per-consumer sandbox is served, :data:`SANDBOX_CLOCK` holds that
    sandbox's clock and every other clock reads it: the registries' world (dossier deadlines,
    ``Date``) then runs on the sandbox's time, not the process's."""

    def __init__(
        self,
        *,
        start: datetime | None = None,
        speed: float = 1.0,
        frozen: bool = False,
    ) -> None:
        self._origin_wall = time.time()
        origin = start if start is not None else datetime.now(tz=VIETNAM_TZ)
        if origin.tzinfo is None:
            raise ValueError("Clock start must be timezone-aware")
        self._origin_sim = origin.timestamp()
        self._speed = speed
        self._frozen_at: float | None = self._origin_sim if frozen else None

    @classmethod
    def frozen_at(cls, moment: datetime) -> Clock:
        """A clock stopped at ``moment``; it moves only through :meth:`advance`."""
        return cls(start=moment, frozen=True)

    def timestamp(self) -> float:
        """Simulated POSIX time in seconds."""
        sandbox = SANDBOX_CLOCK.get()
        if sandbox is not None and sandbox is not self:
            return sandbox.timestamp()
        if self._frozen_at is not None:
            return self._frozen_at
        return self._origin_sim + (time.time() - self._origin_wall) * self._speed

    def now(self) -> datetime:
        """Simulated time in Asia/Ho_Chi_Minh."""
        return datetime.fromtimestamp(self.timestamp(), tz=VIETNAM_TZ)

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def is_frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze(self) -> None:
        self._frozen_at = self.timestamp()

    def resume(self) -> None:
        if self._frozen_at is None:
            return
        self._origin_sim = self._frozen_at
        self._origin_wall = time.time()
        self._frozen_at = None

    def advance(self, seconds: float) -> None:
        """Move simulated time forward (frozen or running)."""
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        if self._frozen_at is not None:
            self._frozen_at += seconds
        else:
            self._origin_sim += seconds

    def state(self) -> tuple[float, float, float | None]:
        """Everything that places this clock (its speed comes from settings): another process
        on the same host given this state reads the same simulated time (``restore``)."""
        return (self._origin_wall, self._origin_sim, self._frozen_at)

    def restore(self, state: tuple[float, float, float | None]) -> None:
        self._origin_wall, self._origin_sim, self._frozen_at = state

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (keeps the frozen/running state)."""
        if self._frozen_at is not None:
            self._frozen_at = moment.timestamp()
        else:
            self._origin_sim = moment.timestamp()
            self._origin_wall = time.time()


SANDBOX_CLOCK: ContextVar[Clock | None] = ContextVar("ndxp_sandbox_clock", default=None)
