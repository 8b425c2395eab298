"""One timer for all the exchanges of the raw transport on one event loop.

An exchange may time out at the end of its read window (restarted by every byte received) or
at its attempt deadline, whichever comes first. Arming a timer for each exchange and cancelling
it when the answer comes costs a timer handle made, scheduled, cancelled and closed per call,
for timeouts that almost never fire. Instead the sweeper keeps one timer armed for the earliest
moment any watched exchange may time out: a new exchange that is due later than that (nearly
every one: the same limits, started later) costs a set insertion and a comparison. When the
timer fires, each watched connection says whether its exchange is over, failed now, or when to
look again; the timer is armed for the earliest of those.
"""

from __future__ import annotations

import asyncio
import math
from typing import Protocol

__all__ = ["Sweeper", "Watched"]


class Watched(Protocol):
    def overdue(self, now: float) -> float | None:
        """Fail the exchange if it has timed out by ``now``; the next moment it may time out,
        or ``None`` when no exchange is pending (any more)."""


class Sweeper:
    """The timer of one loop's raw-transport exchanges (``active``: connections to look at)."""

    __slots__ = ("active", "at", "loop", "_handle")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.active: set[Watched] = set()
        self.at = math.inf  # when the timer fires
        self._handle: asyncio.TimerHandle | None = None

    def arm(self, when: float) -> None:
        """Fire at ``when``, earlier than the timer now armed (the caller has compared)."""
        if self._handle is not None:
            self._handle.cancel()
        self.at = when
        self._handle = self.loop.call_at(when, self._fire)

    def close(self) -> None:
        """Stop watching (the transport is closed)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self.at = math.inf
        self.active.clear()

    def _fire(self) -> None:
        self._handle = None
        self.at = math.inf
        now = self.loop.time()
        earliest = math.inf
        for connection in list(self.active):
            due = connection.overdue(now)
            if due is None:
                self.active.discard(connection)
            elif due < earliest:
                earliest = due
        if earliest < math.inf:
            self.arm(earliest)
