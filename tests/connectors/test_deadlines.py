"""Deadlines against a real loopback server: a body trickled one byte every 0.2 s keeps each
socket read under the read timeout forever; only the attempt/total deadlines end it."""

from __future__ import annotations

import asyncio
import time

import pytest

from connectors._errors import DeadlineExceeded, UpstreamTimeout
from connectors._policy import BreakerPolicy, ResiliencePolicy, RetryPolicy
from connectors._timeouts import Timeout
from connectors._transport import Transport
from connectors._upstream import Upstream
from tests.connectors.conftest import trickle


def upstream(transport: Transport, url: str, timeout: Timeout, retries: int = 3) -> Upstream:
    return Upstream(
        "ho_tich",
        url,
        transport=transport,
        timeout=timeout,
        policy=ResiliencePolicy(
            retry=RetryPolicy(max_attempts=retries, base_delay=0.001, max_delay=0.002),
            breaker=BreakerPolicy(enabled=False),
        ),
    )


async def test_trickle_is_cut_by_the_attempt_deadline(transport, raw_server) -> None:
    server = await raw_server(trickle(0.2))
    limits = Timeout(connect=0.5, read=0.5, attempt=0.45, total=0.45)
    started = time.perf_counter()
    with pytest.raises(DeadlineExceeded) as caught:
        await upstream(transport, server.url, limits).send("GET", "/x", [], b"", idempotent=True)
    elapsed = time.perf_counter() - started
    assert 0.4 <= elapsed < 0.8
    assert caught.value.attempts == 1
    assert caught.value.reason == "deadline_exceeded"


async def test_retries_of_a_trickle_stop_at_the_total_deadline(transport, raw_server) -> None:
    server = await raw_server(trickle(0.2))
    limits = Timeout(connect=0.5, read=0.5, attempt=0.3, total=0.75)
    started = time.perf_counter()
    with pytest.raises(UpstreamTimeout) as caught:
        await upstream(transport, server.url, limits, retries=5).send(
            "GET", "/x", [], b"", idempotent=True
        )
    elapsed = time.perf_counter() - started
    assert 0.7 <= elapsed < 1.1  # 0.3 + 0.3 + the 0.15 left, not 5 x 0.3
    assert caught.value.attempts == 3 == server.requests
    assert isinstance(caught.value, DeadlineExceeded)


async def test_non_idempotent_trickle_gets_one_attempt(transport, raw_server) -> None:
    server = await raw_server(trickle(0.2))
    limits = Timeout(connect=0.5, read=0.5, attempt=0.25, total=1.0)
    with pytest.raises(UpstreamTimeout) as caught:
        await upstream(transport, server.url, limits).send(
            "POST", "/x", [], b"{}", idempotent=False
        )
    assert (caught.value.attempts, server.requests) == (1, 1)
    assert not isinstance(caught.value, DeadlineExceeded)  # the attempt ran out, not the total


def test_attempt_deadline_cannot_exceed_total() -> None:
    with pytest.raises(ValueError, match="per-attempt deadline"):
        Timeout(attempt=5, total=1)


async def test_first_attempt_reuses_the_timeout_and_retries_get_what_is_left() -> None:
    from connectors._errors import UpstreamUnavailable
    from tests.connectors.conftest import ScriptedTransport, SleepRecorder, ok

    limits = Timeout(attempt=2.0, total=2.0)  # the LGSP -> NDXP shape: attempt == total

    async def refused_after_10ms() -> object:
        await asyncio.sleep(0.01)
        raise UpstreamUnavailable("refused")

    transport = ScriptedTransport(refused_after_10ms, ok())  # type: ignore[arg-type]
    upstream = Upstream(
        "ndxp",
        "http://ndxp",
        transport=transport,
        timeout=limits,
        policy=ResiliencePolicy(breaker=BreakerPolicy(enabled=False)),
        sleep=SleepRecorder(),
    )
    response = await upstream.send("GET", "/x", [], b"", idempotent=True)
    assert response.attempts == 2
    first, retry = transport.timeouts
    assert first is limits  # no per-call copy on the fast path
    assert retry.total < 2.0 and retry.attempt == retry.total
