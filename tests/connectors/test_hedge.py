"""Hedged reads: a second attempt after the delay, first answer wins, the loser is cancelled."""

from __future__ import annotations

import asyncio

import pytest

from connectors._errors import ReadTimeout
from connectors._hedge import LatencyTracker
from connectors._policy import HedgePolicy, ResiliencePolicy, RetryPolicy
from connectors._upstream import Upstream
from tests.connectors.conftest import RecordingObserver, ScriptedTransport, ok

HEDGE = HedgePolicy(enabled=True, delay=0.02)


def hedged_upstream(transport: ScriptedTransport, observer: RecordingObserver) -> Upstream:
    return Upstream(
        "dan_cu",
        "http://reg",
        transport=transport,
        policy=ResiliencePolicy(hedge=HEDGE, retry=RetryPolicy(enabled=False)),
        observer=observer,
    )


async def test_slow_first_attempt_is_hedged_and_cancelled() -> None:
    cancelled = asyncio.Event()

    async def slow() -> object:
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return ok(200)

    async def fast() -> object:
        return ok(203)

    observer = RecordingObserver()
    transport = ScriptedTransport(slow, fast)  # type: ignore[arg-type]
    response = await hedged_upstream(transport, observer).send(
        "GET", "/x", [], b"", idempotent=True
    )
    assert (response.status, response.attempts, transport.calls) == (203, 2, 2)
    await asyncio.wait_for(cancelled.wait(), 0.5)
    assert ("hedge",) in observer.events


async def test_fast_answer_is_not_hedged_and_writes_are_never_hedged() -> None:
    observer = RecordingObserver()
    transport = ScriptedTransport(ok())
    upstream = hedged_upstream(transport, observer)
    assert (await upstream.send("GET", "/x", [], b"", idempotent=True)).attempts == 1

    async def slow() -> object:
        await asyncio.sleep(0.06)
        return ok(201)

    transport = ScriptedTransport(slow)  # type: ignore[arg-type]
    upstream = hedged_upstream(transport, observer)
    response = await upstream.send("POST", "/x", [], b"{}", idempotent=False)
    assert (response.status, response.attempts, transport.calls) == (201, 1, 1)
    assert ("hedge",) not in observer.events


async def test_both_failing_raise_with_two_attempts() -> None:
    async def slow_fail() -> object:
        await asyncio.sleep(0.05)
        raise ReadTimeout("slow")

    transport = ScriptedTransport(slow_fail)  # type: ignore[arg-type]
    with pytest.raises(ReadTimeout) as caught:
        await hedged_upstream(transport, RecordingObserver()).send(
            "GET", "/x", [], b"", idempotent=True
        )
    assert (caught.value.attempts, transport.calls) == (2, 2)


def test_delay_follows_the_recent_percentile() -> None:
    tracker = LatencyTracker(HedgePolicy(enabled=True, delay=0.5, min_samples=20))
    for _ in range(19):
        tracker.add(0.01)
    assert tracker.delay() == 0.5  # not enough samples yet
    for i in range(81):
        tracker.add(0.01 if i < 75 else 0.2)
    assert tracker.delay() == pytest.approx(0.2)
