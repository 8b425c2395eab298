"""Retry decisions of :class:`connectors._upstream.Upstream` and the pieces in
:mod:`connectors._retry`: what is retried, how long it waits, and the per-upstream budget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

import connectors._upstream as upstream_module
from connectors._errors import (
    ConnectionReset,
    ConnectTimeout,
    ReadTimeout,
    UpstreamBadResponse,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors._policy import BreakerPolicy, ResiliencePolicy, RetryPolicy
from connectors._retry import RetryBudget, backoff, retry_after_seconds
from connectors._timeouts import Timeout
from connectors._upstream import Upstream
from tests.connectors.conftest import RecordingObserver, ScriptedTransport, SleepRecorder, ok

NO_BREAKER = BreakerPolicy(enabled=False)


def make(
    transport: ScriptedTransport,
    retry: RetryPolicy | None = None,
    sleep: SleepRecorder | None = None,
    observer: RecordingObserver | None = None,
    timeout: Timeout | None = None,
) -> Upstream:
    return Upstream(
        "dan_cu",
        "http://reg",
        transport=transport,
        timeout=timeout or Timeout(attempt=1, total=5),
        policy=ResiliencePolicy(retry=retry or RetryPolicy(), breaker=NO_BREAKER),
        observer=observer or RecordingObserver(),
        rng=lambda: 1.0,
        sleep=sleep or SleepRecorder(),
    )


async def test_first_success_never_builds_the_tenacity_loop(monkeypatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("tenacity entered on the fast path")

    monkeypatch.setattr(upstream_module, "AsyncRetrying", forbidden)
    response = await make(ScriptedTransport(ok())).send("GET", "/x", [], b"", idempotent=True)
    assert (response.status, response.attempts) == (200, 1)


@pytest.mark.parametrize(
    "failure",
    [ok(503), ok(502), ok(504), UpstreamUnavailable("x"), ConnectionReset("x"), ReadTimeout("x")],
    ids=["503", "502", "504", "connect", "reset", "read_timeout"],
)
async def test_transient_failures_are_retried_once_then_succeed(failure) -> None:
    transport = ScriptedTransport(failure, ok())
    observer = RecordingObserver()
    response = await make(transport, observer=observer).send("GET", "/x", [], b"", idempotent=True)
    assert (response.status, response.attempts, transport.calls) == (200, 2, 2)
    assert [e for e in observer.events if e[0] == "retry"][0][1] == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 500])
async def test_other_statuses_are_never_retried(status: int) -> None:
    transport = ScriptedTransport(ok(status), ok())
    response = await make(transport).send("GET", "/x", [], b"", idempotent=True)
    assert (response.status, response.attempts, transport.calls) == (status, 1, 1)


async def test_bad_response_is_not_retried() -> None:
    transport = ScriptedTransport(UpstreamBadResponse("garbage"), ok())
    with pytest.raises(UpstreamBadResponse) as caught:
        await make(transport).send("GET", "/x", [], b"", idempotent=True)
    assert (caught.value.attempts, transport.calls) == (1, 1)


async def test_non_idempotent_calls_are_never_retried() -> None:
    transport = ScriptedTransport(UpstreamUnavailable("refused"), ok())
    with pytest.raises(UpstreamUnavailable) as caught:
        await make(transport).send("POST", "/x", [], b"{}", idempotent=False)
    assert (caught.value.attempts, transport.calls, caught.value.upstream) == (1, 1, "dan_cu")


async def test_attempts_are_capped_and_counted_on_the_error() -> None:
    transport = ScriptedTransport(ReadTimeout("slow"))
    sleep = SleepRecorder()
    with pytest.raises(ReadTimeout) as caught:
        await make(transport, RetryPolicy(max_attempts=3), sleep).send(
            "GET", "/x", [], b"", idempotent=True
        )
    assert (caught.value.attempts, transport.calls) == (3, 3)
    # full jitter with rng = 1.0: the ceiling, doubling from the 25 ms base
    assert sleep.delays == pytest.approx([0.025, 0.05])


async def test_429_needs_retry_after_and_it_is_honoured() -> None:
    transport = ScriptedTransport(ok(429), ok())
    response = await make(transport).send("GET", "/x", [], b"", idempotent=True)
    assert (response.status, transport.calls) == (429, 1)

    sleep = SleepRecorder()
    transport = ScriptedTransport(ok(429, [(b"retry-after", b"2")]), ok())
    response = await make(transport, sleep=sleep).send("GET", "/x", [], b"", idempotent=True)
    assert (response.status, response.attempts) == (200, 2)
    assert sleep.delays == [2.0]


async def test_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    transport = ScriptedTransport(ok(503, [(b"retry-after", b"3600")]), ok())
    response = await make(transport).send("GET", "/x", [], b"", idempotent=True)
    assert (response.status, response.attempts, transport.calls) == (503, 1, 1)


async def test_no_retry_when_the_wait_would_pass_the_total_deadline() -> None:
    transport = ScriptedTransport(ok(503, [(b"retry-after", b"2")]), ok())
    upstream = make(transport, timeout=Timeout(attempt=0.5, total=1.0))
    response = await upstream.send("GET", "/x", [], b"", idempotent=True)
    assert (response.status, transport.calls) == (503, 1)


async def test_connect_only_policy_of_the_next_hop() -> None:
    policy = ResiliencePolicy(breaker=NO_BREAKER).for_next_hop().retry
    for failure, retried in [
        (UpstreamUnavailable("refused"), True),
        (ConnectTimeout("syn lost"), True),
        (ConnectionReset("rst"), False),
        (ReadTimeout("slow"), False),
        (UpstreamTimeout("attempt"), False),
        (ok(503), False),
    ]:
        transport = ScriptedTransport(failure, ok())
        try:
            response = await make(transport, policy).send("GET", "/x", [], b"", idempotent=True)
            attempts = response.attempts
        except (UpstreamUnavailable, UpstreamTimeout) as exc:
            attempts = exc.attempts
        assert (transport.calls == 2) is retried, failure
        assert attempts == transport.calls


async def test_budget_keeps_retries_near_twenty_percent_under_a_storm() -> None:
    observer = RecordingObserver()
    transport = ScriptedTransport(UpstreamUnavailable("registry down"))
    upstream = make(
        transport, RetryPolicy(budget_min_per_second=0.0, max_attempts=3), observer=observer
    )
    for _ in range(100):
        with pytest.raises(UpstreamUnavailable):
            await upstream.send("GET", "/x", [], b"", idempotent=True)
    retries = transport.calls - 100
    assert 15 <= retries <= 21  # 0.2 token per request, 1 per retry; 3x without a budget
    assert observer.names().count("budget_exhausted") >= 70


def test_budget_reserve_refills_with_time_but_does_not_bank() -> None:
    now = [0.0]
    budget = RetryBudget(
        RetryPolicy(budget_ratio=0.0, budget_min_per_second=2.0), clock=lambda: now[0]
    )
    assert [budget.try_withdraw() for _ in range(3)] == [True, True, False]
    now[0] = 100.0  # a long quiet period refills the reserve only up to 2 retries
    assert [budget.try_withdraw() for _ in range(3)] == [True, True, False]


def test_backoff_is_full_jitter_capped() -> None:
    policy = RetryPolicy(base_delay=0.1, max_delay=0.3)
    assert backoff(1, policy, lambda: 0.5) == pytest.approx(0.05)
    assert backoff(2, policy, lambda: 1.0) == pytest.approx(0.2)
    assert backoff(9, policy, lambda: 1.0) == pytest.approx(0.3)
    assert backoff(3, policy, lambda: 0.0) == 0.0


def test_retry_after_parsing() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    date = format_datetime(now + timedelta(seconds=30), usegmt=True).encode()
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(date, now=now.timestamp()) == pytest.approx(30.0)
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None
