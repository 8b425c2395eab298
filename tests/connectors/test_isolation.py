"""Isolation: one registry hanging must not slow calls to the others, even though every
upstream shares one aiohttp pool and one event loop (Phụ lục V rows 20/51/54–56)."""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from connectors._errors import BulkheadFull, UpstreamTimeout
from connectors._policy import BulkheadPolicy, ResiliencePolicy
from connectors._timeouts import Timeout
from connectors._transport import AiohttpTransport
from connectors._upstream import Upstream
from tests.connectors.conftest import hang, respond


async def test_a_hanging_registry_does_not_slow_the_others(raw_server) -> None:
    hung = await raw_server(hang(60))
    fast = await raw_server(respond(200, b'{"ok":1}'))
    transport = AiohttpTransport(max_connections=100)
    limits = Timeout(connect=0.5, read=1.0, attempt=1.0, total=1.0)
    policy = ResiliencePolicy(
        bulkhead=BulkheadPolicy(max_concurrent=20, max_queued=10, queue_timeout=0.05)
    )
    dan_cu = Upstream("dan_cu", hung.url, transport=transport, timeout=limits, policy=policy)
    gplx = Upstream("gplx", fast.url, transport=transport, timeout=limits, policy=policy)

    async def to_hung() -> BaseException | None:
        try:
            await dan_cu.send("GET", "/x", [], b"", idempotent=True)
        except (UpstreamTimeout, BulkheadFull) as exc:
            return exc
        return None

    stuck = [asyncio.create_task(to_hung()) for _ in range(60)]
    await asyncio.sleep(0.1)  # the hung registry now holds its bulkhead and queue
    latencies = []
    try:
        for _ in range(100):
            started = time.perf_counter()
            response = await gplx.send("GET", "/x", [], b"", idempotent=True)
            latencies.append(time.perf_counter() - started)
            assert response.status == 200
        outcomes = await asyncio.gather(*stuck)
    finally:
        await transport.aclose()
    assert statistics.median(latencies) < 0.01
    assert max(latencies) < 0.1
    reasons = sorted({type(o).__name__ for o in outcomes})
    assert reasons == ["BulkheadFull", "DeadlineExceeded"]
    # 20 held slots until their deadline; 30 found the queue full, 10 waited 50 ms and gave up
    assert sum(isinstance(o, BulkheadFull) for o in outcomes) == 40
    assert hung.requests == 20


@pytest.mark.parametrize("in_flight", [1, 40])
async def test_fast_upstream_latency_independent_of_hung_calls(raw_server, in_flight) -> None:
    """Sanity: without any protection in the way, the loop itself is not blocked."""
    hung = await raw_server(hang(60))
    fast = await raw_server()
    transport = AiohttpTransport()
    limits = Timeout(connect=0.5, read=2, attempt=0.6, total=0.6)
    slow_up = Upstream("dkdn", hung.url, transport=transport, timeout=limits)
    fast_up = Upstream("ho_tich", fast.url, transport=transport, timeout=limits)
    stuck = [
        asyncio.create_task(slow_up.send("POST", "/x", [], b"", idempotent=False))
        for _ in range(in_flight)
    ]
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    for _ in range(20):
        await fast_up.send("GET", "/x", [], b"", idempotent=True)
    per_call = (time.perf_counter() - started) / 20
    results = await asyncio.gather(*stuck, return_exceptions=True)
    await transport.aclose()
    assert per_call < 0.02
    assert all(isinstance(r, UpstreamTimeout) for r in results)
