"""The connection slots of one (host, port) in the raw transport's pool: a bounded count of
connections in use, and the callers waiting for one in arrival order."""

from __future__ import annotations

import asyncio
import collections

__all__ = ["Slots", "hand_over"]


class Slots:
    """Connections to one (host, port) in use, bounded; waiters get freed slots in arrival
    order. ``asyncio.Semaphore`` would do, but its ``locked()`` scans cost more than the call.
    A free slot is taken by the transport itself (``free -= 1`` when ``free`` and no waiters):
    the uncontended path of every call, without a call of its own."""

    __slots__ = ("free", "waiters")

    def __init__(self, limit: int) -> None:
        self.free = limit
        self.waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def take(self, timeout: float) -> None:
        """Wait for a slot; ``TimeoutError`` after ``timeout`` seconds."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter  # give_back() hands its slot over: ``free`` is unchanged
        except BaseException:
            # A waiter cancelled with its task is skipped by give_back(); one that was handed a
            # slot just as the timeout or cancel came must pass the slot on.
            if waiter.done() and not waiter.cancelled():
                self.give_back()
            raise

    def give_back(self) -> None:
        if not hand_over(self.waiters):
            self.free += 1


def hand_over(waiters: collections.deque[asyncio.Future[None]]) -> bool:
    """Wake the oldest waiter still waiting, handing it a freed slot; False when none is."""
    while waiters:
        waiter = waiters.popleft()
        if not waiter.done():
            waiter.set_result(None)
            return True
    return False
