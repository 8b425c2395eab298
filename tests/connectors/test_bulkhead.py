"""Bulkhead: a concurrency limit per upstream with a bounded, time-limited queue."""

from __future__ import annotations

import asyncio

import pytest

from connectors._bulkhead import Bulkhead
from connectors._errors import BulkheadFull
from connectors._policy import BulkheadPolicy, ResiliencePolicy
from connectors._upstream import Upstream
from tests.connectors.conftest import RecordingObserver, ScriptedTransport, ok


async def test_takes_free_slots_without_waiting_and_rejects_when_queue_full() -> None:
    observer = RecordingObserver()
    bulkhead = Bulkhead(
        "ho_tich",
        BulkheadPolicy(max_concurrent=2, max_queued=1, queue_timeout=1.0),
        observer=observer,
    )
    await bulkhead.acquire()
    await bulkhead.acquire()
    queued = asyncio.create_task(bulkhead.acquire())
    await asyncio.sleep(0)
    assert bulkhead.queued == 1
    with pytest.raises(BulkheadFull) as caught:
        await bulkhead.acquire()
    assert (caught.value.reason, caught.value.attempts) == ("bulkhead_full", 0)
    bulkhead.release()  # handed straight to the queued call
    await asyncio.wait_for(queued, 0.5)
    assert (bulkhead.in_use, bulkhead.queued) == (2, 0)
    bulkhead.release()
    bulkhead.release()
    assert bulkhead.in_use == 0
    assert ("bulkhead_rejected",) in observer.events


async def test_queue_timeout_rejects_and_leaves_no_ghost_waiter() -> None:
    bulkhead = Bulkhead("gplx", BulkheadPolicy(max_concurrent=1, max_queued=5, queue_timeout=0.02))
    await bulkhead.acquire()
    with pytest.raises(BulkheadFull, match="no slot within"):
        await bulkhead.acquire()
    assert bulkhead.queued == 0
    bulkhead.release()
    assert bulkhead.in_use == 0


async def test_cancelled_waiter_does_not_leak_a_slot() -> None:
    bulkhead = Bulkhead("gplx", BulkheadPolicy(max_concurrent=1, max_queued=5, queue_timeout=1))
    await bulkhead.acquire()
    waiter = asyncio.create_task(bulkhead.acquire())
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    bulkhead.release()
    assert (bulkhead.in_use, bulkhead.queued) == (0, 0)


async def test_upstream_holds_a_slot_for_the_whole_call() -> None:
    gate = asyncio.Event()

    async def slow() -> object:
        await gate.wait()
        return ok()

    upstream = Upstream(
        "dkdn",
        "http://reg",
        transport=ScriptedTransport(slow),  # type: ignore[arg-type]
        policy=ResiliencePolicy(
            bulkhead=BulkheadPolicy(max_concurrent=1, max_queued=0, queue_timeout=0)
        ),
    )
    first = asyncio.create_task(upstream.send("GET", "/x", [], b"", idempotent=True))
    await asyncio.sleep(0.01)
    with pytest.raises(BulkheadFull):
        await upstream.send("GET", "/x", [], b"", idempotent=True)
    gate.set()
    assert (await first).status == 200
    assert upstream.bulkhead is not None and upstream.bulkhead.in_use == 0
