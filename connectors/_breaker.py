"""A circuit breaker per upstream: stop calling a registry that is failing or too slow.

    closed ──(failure or slow-call rate ≥ threshold over the last N calls)──▶ open
    open ──(open_seconds elapsed)──▶ half_open ──(probe failure rate < threshold)──▶ closed
                                         └──(probe failure/slow rate ≥ threshold)──▶ open

Half-open judges its probes by rate, as resilience4j does, not by the first bad one: a registry
failing a quarter of its calls (Phụ lục V's usual state) must not keep the breaker open forever.

Why our own ~150 lines and not a library: ``purgatory`` and ``aiobreaker`` are unmaintained and
count consecutive failures (no failure *rate*, no slow calls, no bounded half-open probes);
``pybreaker`` is thread-oriented. The semantics here are resilience4j's count-based sliding
window, which the research notes use as the reference. The breaker is synchronous — no locks,
no awaits — because asyncio runs it on one thread and every decision is O(1): the window is a
ring buffer with running counts, so the cost does not grow with ``window_size``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from connectors._events import NULL_OBSERVER, UpstreamObserver
from connectors._policy import BreakerPolicy

__all__ = ["BREAKER_STATES", "CLOSED", "HALF_OPEN", "OPEN", "CircuitBreaker"]

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"
BREAKER_STATES = (CLOSED, OPEN, HALF_OPEN)


class CircuitBreaker:
    """Failure-rate and slow-call-rate breaker over a count-based sliding window."""

    def __init__(
        self,
        name: str,
        policy: BreakerPolicy,
        *,
        observer: UpstreamObserver = NULL_OBSERVER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.policy = policy
        self._observer = observer
        self._clock = clock
        self.state = CLOSED
        self._size = policy.window_size
        # The policy's thresholds as plain attributes: record() reads them on every answered
        # call, and a pydantic model's attribute read costs several times a plain one's.
        self._slow_seconds = policy.slow_call_seconds
        self._minimum_calls = policy.minimum_calls
        self._failure_rate = policy.failure_rate_threshold
        self._slow_rate = policy.slow_call_rate_threshold
        self._failed = bytearray(self._size)
        self._slow = bytearray(self._size)
        self._next = 0
        self._count = 0
        self._failures = 0
        self._slow_calls = 0
        self._opened_at = 0.0
        self._probes_started = 0
        self._probes_done = 0

    @property
    def current_state(self) -> str:
        """The state, moving open → half_open when the wait is over (for reporting)."""
        if self.state == OPEN and self._clock() - self._opened_at >= self.policy.open_seconds:
            self._transition(HALF_OPEN)
        return self.state

    def open_remaining(self) -> float:
        """Seconds until an open breaker lets probes through (0 when it is not open)."""
        if self.state != OPEN:
            return 0.0
        return max(0.0, self.policy.open_seconds - (self._clock() - self._opened_at))

    def allow(self) -> bool:
        """Whether a call may be made now; in half-open, takes one of the permitted probes."""
        if self.state == CLOSED:
            return True
        if self.current_state == OPEN:
            return False
        if self._probes_started >= self.policy.half_open_calls:
            return False
        self._probes_started += 1
        return True

    def record(self, *, failed: bool, seconds: float) -> None:
        """The result of a permitted call."""
        slow = seconds >= self._slow_seconds
        if self.state == HALF_OPEN:
            self._probes_done += 1
            self._failures += failed
            self._slow_calls += slow
            probes = self.policy.half_open_calls
            # Open as soon as the rate over all probes can no longer stay under the threshold.
            if (
                self._failures / probes >= self._failure_rate
                or self._slow_calls / probes >= self._slow_rate
            ):
                self._open()
            elif self._probes_done >= probes:
                self._transition(CLOSED)
            return
        if self.state == OPEN:
            return  # a call that started before the breaker opened
        # The window's ring, inline: this runs once per answered call.
        i = self._next
        if self._count == self._size:
            self._failures -= self._failed[i]
            self._slow_calls -= self._slow[i]
        else:
            self._count += 1
        self._failed[i] = failed
        self._slow[i] = slow
        self._failures += failed
        self._slow_calls += slow
        self._next = (i + 1) % self._size
        if self._count >= self._minimum_calls and (
            self._failures / self._count >= self._failure_rate
            or self._slow_calls / self._count >= self._slow_rate
        ):
            self._open()

    def release_probe(self) -> None:
        """A permitted half-open call that ended without a verdict (e.g. cancelled)."""
        if self.state == HALF_OPEN and self._probes_started > self._probes_done:
            self._probes_started -= 1

    def _reset_window(self) -> None:
        self._failed = bytearray(self._size)
        self._slow = bytearray(self._size)
        self._next = self._count = self._failures = self._slow_calls = 0
        self._probes_started = self._probes_done = 0

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._transition(OPEN)

    def _transition(self, new: str) -> None:
        old = self.state
        if old == new:
            return
        self.state = new
        self._reset_window()
        self._observer.breaker_state_changed(self.name, old, new)
