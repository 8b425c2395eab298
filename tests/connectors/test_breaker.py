"""Circuit breaker: failure-rate and slow-call thresholds, open wait, bounded half-open probes,
and how :class:`Upstream` uses it (rejects without sending; records every attempt)."""

from __future__ import annotations

import pytest

from connectors._breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from connectors._errors import CircuitOpen, UpstreamUnavailable
from connectors._policy import BreakerPolicy, ResiliencePolicy, RetryPolicy
from connectors._timeouts import Timeout
from connectors._upstream import Upstream
from gateway.errors import ServiceFailed
from tests.connectors.conftest import RecordingObserver, ScriptedTransport, SleepRecorder, ok

POLICY = BreakerPolicy(
    window_size=10,
    minimum_calls=4,
    failure_rate_threshold=0.5,
    slow_call_seconds=1.0,
    slow_call_rate_threshold=0.75,
    open_seconds=5.0,
    half_open_calls=2,
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def breaker(
    observer: RecordingObserver | None = None, policy: BreakerPolicy = POLICY
) -> tuple[CircuitBreaker, Clock]:
    clock = Clock()
    return CircuitBreaker(
        "dkdn", policy, observer=observer or RecordingObserver(), clock=clock
    ), clock


def test_no_decision_before_minimum_calls() -> None:
    cb, _ = breaker()
    for _ in range(3):
        assert cb.allow()
        cb.record(failed=True, seconds=0.01)
    assert cb.state == CLOSED


def test_opens_at_failure_rate_and_rejects() -> None:
    observer = RecordingObserver()
    cb, _ = breaker(observer)
    for failed in (False, True, False, True):
        cb.record(failed=failed, seconds=0.01)
    assert cb.state == OPEN
    assert not cb.allow()
    assert observer.events == [("breaker", CLOSED, OPEN)]


def test_below_threshold_stays_closed_and_window_slides() -> None:
    cb, _ = breaker()
    for i in range(40):
        cb.record(failed=i % 3 == 2, seconds=0.01)  # at most 4 of any 10
    assert cb.state == CLOSED
    for _ in range(5):  # the last 10 calls now hold 5+ failures
        cb.record(failed=True, seconds=0.01)
    assert cb.state == OPEN


def test_opens_on_slow_call_rate() -> None:
    cb, _ = breaker()
    for seconds in (1.5, 2.0, 0.1, 1.2):
        cb.record(failed=False, seconds=seconds)
    assert cb.state == OPEN


def test_half_open_permits_limited_probes_then_closes() -> None:
    observer = RecordingObserver()
    cb, clock = breaker(observer)
    for _ in range(4):
        cb.record(failed=True, seconds=0.01)
    clock.now = 4.9
    assert not cb.allow()
    clock.now = 5.0
    assert cb.allow() and cb.allow()
    assert cb.state == HALF_OPEN
    assert not cb.allow()  # only half_open_calls probes
    cb.record(failed=False, seconds=0.01)
    assert cb.state == HALF_OPEN
    cb.record(failed=False, seconds=0.01)
    assert cb.state == CLOSED
    assert [e[2] for e in observer.events] == [OPEN, HALF_OPEN, CLOSED]


def test_a_failed_probe_reopens_for_another_wait() -> None:
    cb, clock = breaker()
    for _ in range(4):
        cb.record(failed=True, seconds=0.01)
    clock.now = 5.0
    assert cb.allow()
    cb.record(failed=True, seconds=0.01)
    assert cb.state == OPEN
    clock.now = 9.0
    assert not cb.allow()
    clock.now = 10.0
    assert cb.allow()


def test_cancelled_probe_gives_its_permit_back() -> None:
    cb, clock = breaker()
    for _ in range(4):
        cb.record(failed=True, seconds=0.01)
    clock.now = 5.0
    assert cb.allow() and cb.allow() and not cb.allow()
    cb.release_probe()
    assert cb.allow()


async def test_upstream_rejects_without_sending_once_open() -> None:
    transport = ScriptedTransport(UpstreamUnavailable("refused"))
    observer = RecordingObserver()
    upstream = Upstream(
        "dkdn",
        "http://reg",
        transport=transport,
        timeout=Timeout(attempt=1, total=2),
        policy=ResiliencePolicy(breaker=POLICY, retry=RetryPolicy(enabled=False)),
        observer=observer,
        sleep=SleepRecorder(),
    )
    for _ in range(4):
        with pytest.raises(UpstreamUnavailable):
            await upstream.send("GET", "/x", [], b"", idempotent=True)
    assert upstream.breaker_state == OPEN
    with pytest.raises(CircuitOpen) as caught:
        await upstream.send("GET", "/x", [], b"", idempotent=True)
    assert (caught.value.attempts, caught.value.reason, transport.calls) == (0, "circuit_open", 4)
    assert ("breaker_rejected",) in observer.events
    # The rejection says when probes will be let through: the gateway answers it as Retry-After.
    assert 4.0 < caught.value.retry_after <= POLICY.open_seconds
    failed = ServiceFailed(caught.value, "NDXP không gọi CSDL dkdn (circuit open)")
    assert failed.status == 503 and failed.headers == [(b"retry-after", b"5")]


def test_open_remaining_counts_down_the_open_wait() -> None:
    cb, clock = breaker()
    assert cb.open_remaining() == 0.0
    for _ in range(4):
        cb.record(failed=True, seconds=0.1)
    clock.now = 3.0
    assert cb.state == OPEN and cb.open_remaining() == 2.0


async def test_relayed_5xx_do_not_open_the_next_hop_breaker() -> None:
    policy = ResiliencePolicy(breaker=POLICY).for_next_hop()
    upstream = Upstream("ndxp", "http://ndxp", transport=ScriptedTransport(ok(504)), policy=policy)
    for _ in range(10):
        assert (await upstream.send("GET", "/x", [], b"", idempotent=True)).status == 504
    assert upstream.breaker_state == CLOSED


def test_breaker_state_is_none_without_a_breaker() -> None:
    upstream = Upstream(
        "gplx",
        "http://reg",
        transport=ScriptedTransport(ok()),
        policy=ResiliencePolicy(breaker=BreakerPolicy(enabled=False)),
    )
    assert upstream.breaker_state is None


def test_policy_rejects_minimum_above_window() -> None:
    with pytest.raises(ValueError, match="minimum_calls"):
        BreakerPolicy(window_size=5, minimum_calls=6)


def test_half_open_judges_probes_by_rate_not_by_the_first_failure() -> None:
    cb, clock = breaker(policy=POLICY.model_copy(update={"half_open_calls": 4}))
    for _ in range(4):
        cb.record(failed=True, seconds=0.01)
    clock.now = 5.0
    for failed in (True, False, False, False):  # 1 of 4 probes fails: 25 % < 50 %
        assert cb.allow()
        cb.record(failed=failed, seconds=0.01)
    assert cb.state == CLOSED
    for _ in range(4):
        cb.record(failed=True, seconds=0.01)
    clock.now = 10.0
    for failed in (True, True):  # 2 of 4 already reach 50 %: open without waiting
        assert cb.allow()
        cb.record(failed=failed, seconds=0.01)
    assert cb.state == OPEN
