"""Hedged requests for idempotent reads: if an attempt is slower than the upstream usually is
(its recent p95), send a second one and take whichever answers first ("The Tail at Scale",
Dean & Barroso 2013; Envoy's ``hedge_on_per_try_timeout``). The loser is cancelled.

Off by default (``HedgePolicy.enabled``): a hedge is extra load sent exactly when an upstream is
slow, so it suits reads on registries with independent replicas, not a single overloaded one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from connectors._errors import UpstreamError
from connectors._policy import HedgePolicy
from connectors._transport import UpstreamResponse

__all__ = ["LatencyTracker", "hedged"]


class LatencyTracker:
    """Recent successful-attempt latencies and the hedge delay derived from them."""

    def __init__(self, policy: HedgePolicy, size: int = 128) -> None:
        self._policy = policy
        self._size = size
        self._samples: list[float] = []
        self._next = 0
        self._since_sorted = 0
        self._delay = policy.delay

    def add(self, seconds: float) -> None:
        if len(self._samples) < self._size:
            self._samples.append(seconds)
        else:
            self._samples[self._next] = seconds
            self._next = (self._next + 1) % self._size
        self._since_sorted += 1

    def delay(self) -> float:
        """The configured delay until ``min_samples`` are seen, then the recent percentile.

        Re-sorted every 16 samples, not per call: the percentile moves slowly anyway."""
        if len(self._samples) < self._policy.min_samples:
            return self._policy.delay
        if self._since_sorted >= 16 or self._delay == self._policy.delay:
            ordered = sorted(self._samples)
            index = min(len(ordered) - 1, int(len(ordered) * self._policy.percentile))
            self._delay = max(self._policy.min_delay, ordered[index])
            self._since_sorted = 0
        return self._delay


def _consume(task: asyncio.Task[UpstreamResponse]) -> None:
    if not task.cancelled():
        task.exception()  # a loser's failure is expected; do not log "never retrieved"


async def hedged(
    call: Callable[[], Awaitable[UpstreamResponse]],
    delay: float,
    on_fire: Callable[[], None],
) -> tuple[UpstreamResponse, int]:
    """The first successful answer of ``call()`` and, after ``delay``, a second ``call()``.

    Returns the answer and how many attempts were sent (1 or 2). When every attempt fails, the
    last failure is raised with ``attempts`` set.
    """
    first = asyncio.ensure_future(call())
    first.add_done_callback(_consume)
    try:
        done, _ = await asyncio.wait({first}, timeout=delay)
    except asyncio.CancelledError:
        first.cancel()
        raise
    if done:
        return first.result(), 1
    on_fire()
    second = asyncio.ensure_future(call())
    second.add_done_callback(_consume)
    pending = {first, second}
    failure: BaseException | None = None
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                failure = task.exception()
                if failure is None:
                    return task.result(), 2
    finally:
        for task in pending:
            task.cancel()
    if isinstance(failure, UpstreamError):
        failure.attempts = 2
    assert failure is not None
    raise failure
