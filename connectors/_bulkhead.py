"""A bulkhead per upstream: a hanging registry can hold at most ``max_concurrent`` of the
gateway's in-flight calls, so the others keep their capacity (Phụ lục V rows 20/51/54–56: one
registry answering after 30 s must not stall the rest).

Calls beyond the limit wait in a bounded FIFO queue for at most ``queue_timeout``; a full queue
or an expired wait is rejected at once with :class:`connectors._errors.BulkheadFull` — failing
fast is better than piling up requests the caller has already given up on. The uncontended
path takes a slot without awaiting anything.
"""

from __future__ import annotations

import asyncio
from collections import deque

from connectors._errors import BulkheadFull
from connectors._events import NULL_OBSERVER, UpstreamObserver
from connectors._policy import BulkheadPolicy
from connectors._slots import hand_over

__all__ = ["Bulkhead"]


class Bulkhead:
    """Concurrency limit with a bounded, time-limited queue."""

    def __init__(
        self, name: str, policy: BulkheadPolicy, *, observer: UpstreamObserver = NULL_OBSERVER
    ) -> None:
        self.name = name
        self.policy = policy
        self._observer = observer
        self.in_use = 0
        self.limit = policy.max_concurrent  # plain attributes: Upstream.send reads them inline
        self.waiters: deque[asyncio.Future[None]] = deque()

    @property
    def queued(self) -> int:
        return len(self.waiters)

    def try_acquire(self) -> bool:
        """Take a free slot without awaiting (the uncontended fast path)."""
        if self.in_use < self.limit and not self.waiters:
            self.in_use += 1
            return True
        return False

    async def acquire(self) -> None:
        """Take a slot, waiting in the queue if allowed; raises :class:`BulkheadFull`."""
        if self.try_acquire():
            return
        if len(self.waiters) >= self.policy.max_queued or self.policy.queue_timeout <= 0:
            self._reject("queue full")
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            async with asyncio.timeout(self.policy.queue_timeout):
                await waiter  # release() hands its slot over: in_use is unchanged
        except TimeoutError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot arrived together with the timeout: give it back
            else:
                self._drop(waiter)
            self._reject(f"no slot within {self.policy.queue_timeout}s")
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()
            else:
                self._drop(waiter)
            raise

    def release(self) -> None:
        """Give the slot back, handing it straight to the oldest waiter if there is one."""
        if not hand_over(self.waiters):
            self.in_use -= 1

    def _drop(self, waiter: asyncio.Future[None]) -> None:
        try:
            self.waiters.remove(waiter)
        except ValueError:
            pass
        waiter.cancel()

    def _reject(self, why: str) -> None:
        self._observer.bulkhead_rejected(self.name)
        raise BulkheadFull(
            f"{self.name}: {self.in_use} calls in flight, {len(self.waiters)} queued ({why})",
            upstream=self.name,
            attempts=0,
        )
