"""One upstream (a registry, or the next gateway hop) as the gateway sees it.

The gateway calls :meth:`Upstream.send`; this module owns how that call is made:

    bulkhead slot ─▶ total deadline ─▶ [attempt ─▶ retry?]* ─▶ answer or UpstreamError
                                          │
                                          └─ breaker permit, attempt deadline, optional hedge

Fast path: the first attempt is a plain ``await transport.send(...)`` with a few counters
around it (the bulkhead's and the retry budget's inline); the total deadline is worked out
only where it is used (a queued, hedged or retried attempt, a failure). Only after a first
retryable failure of an idempotent call does a tenacity loop start; it replays that first
outcome so one predicate makes every retry decision (retryable? attempts left? fits the total
deadline? breaker closed? retry budget?).

Rejections (``CircuitOpen``, ``BulkheadFull``) are raised only when nothing was sent; once an
attempt was sent the caller gets that attempt's real failure, so the ledger and reports see
the registry's symptom (timeout, reset, 503) rather than the protection that followed it —
the protection is visible in its own metrics.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from time import perf_counter

from tenacity import AsyncRetrying, RetryCallState, stop_never

from connectors._breaker import CLOSED, OPEN, CircuitBreaker
from connectors._bulkhead import Bulkhead
from connectors._errors import CircuitOpen, DeadlineExceeded, UpstreamError, UpstreamTimeout
from connectors._events import NULL_OBSERVER, UpstreamObserver, attempt_outcome
from connectors._hedge import LatencyTracker, hedged
from connectors._policy import DEFAULT_RESILIENCE, ResiliencePolicy
from connectors._retry import (
    RetryBudget,
    backoff,
    retry_after_seconds,
    retryable_error,
    retryable_response,
)
from connectors._timeouts import DEFAULT_TIMEOUT, Timeout
from connectors._transport import RawHeaders, Transport, UpstreamResponse
from connectors._xml_contract import is_client_fault

__all__ = ["Upstream"]

Outcome = UpstreamResponse | UpstreamError
_SLACK = 0.002


class Upstream:
    """A named upstream base URL reached through a shared transport, with its own protection.
    ``attempts`` on an answer or an error of :meth:`send` counts every request actually sent."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        transport: Transport,
        timeout: Timeout = DEFAULT_TIMEOUT,
        policy: ResiliencePolicy = DEFAULT_RESILIENCE,
        observer: UpstreamObserver = NULL_OBSERVER,
        rng: Callable[[], float] = random.random,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self.timeout = timeout
        self.policy = policy
        self.observer = observer
        self._rng = rng
        self._sleep = sleep
        self.breaker = (
            CircuitBreaker(name, policy.breaker, observer=observer)
            if policy.breaker.enabled
            else None
        )
        self.bulkhead = (
            Bulkhead(name, policy.bulkhead, observer=observer) if policy.bulkhead.enabled else None
        )
        self.budget = RetryBudget(policy.retry)
        self.latencies = LatencyTracker(policy.hedge) if policy.hedge.enabled else None
        # Statuses worth entering the retry loop for: none when no answer is ever retried
        # (the LGSP → NDXP hop retries only calls that never left).
        retries_answers = policy.retry.enabled and policy.retry.retry_on != "connect"
        self._retry_statuses = policy.retry.retry_statuses if retries_answers else frozenset()
        self._retries = policy.retry.enabled
        self._count_5xx = policy.breaker.count_http_5xx

    def in_flight(self) -> int:
        """Calls holding a bulkhead slot now (read when metrics are scraped)."""
        return self.bulkhead.in_use if self.bulkhead is not None else 0

    @property
    def breaker_state(self) -> str | None:
        """``closed``/``open``/``half_open``, or ``None`` without a breaker (for the ledger)."""
        breaker = self.breaker
        if breaker is None:
            return None
        state = breaker.state  # a closed breaker's state is read, not asked (no call)
        return state if state == CLOSED else breaker.current_state

    async def send(
        self,
        method: str,
        path: str,
        headers: RawHeaders,
        body: bytes,
        *,
        idempotent: bool,
        timeout: Timeout | None = None,
    ) -> UpstreamResponse:
        """One call to ``base_url + path``; raises :class:`UpstreamError` when no answer came.
        Uncontended on a closed breaker, the first attempt begins as the call does (_begin)."""
        limits = timeout or self.timeout
        started = perf_counter()
        url = self.base_url + path
        at = started if self.breaker is None or self.breaker.state == CLOSED else None
        bulkhead = self.bulkhead
        if bulkhead is not None and (bulkhead.in_use >= bulkhead.limit or bulkhead.waiters):
            await bulkhead.acquire()  # contended: queue or reject
            at = None
        elif bulkhead is not None:
            bulkhead.in_use += 1  # Bulkhead.try_acquire, inline
        ended: float | None = None  # the end of the one attempt, when it is the whole call
        try:
            self.budget.deposits += 1  # one request made (per call, not per attempt)
            try:
                if at is None or (self.latencies is not None and idempotent):
                    response, sent = await self._attempt(
                        method, url, headers, body, limits, started, idempotent
                    )
                else:  # the uncontended first attempt, inline: no coroutine frame of its own
                    sent = 1
                    try:
                        response = await self.transport.send(method, url, headers, body, limits)
                    except UpstreamError as exc:
                        raise self._attempt_failed(exc, started, started, limits) from None
                    except asyncio.CancelledError:
                        self._cancelled()
                        raise
                    ended = self._answered(response, started)
            except UpstreamError as exc:
                if not (idempotent and self._retries and retryable_error(exc, self.policy.retry)):
                    raise
                response = await self._retry(
                    exc, exc.attempts, method, url, headers, body, limits, started, idempotent
                )
            else:
                response.attempts = sent  # (the retry loop counts its own when it runs)
                if response.status in self._retry_statuses and idempotent and self._retries:
                    ended = None
                    response = await self._retry(
                        response, sent, method, url, headers, body, limits, started, idempotent
                    )
        finally:
            if bulkhead is not None and bulkhead.waiters:
                bulkhead.release()  # hands the slot to the oldest waiter
            elif bulkhead is not None:
                bulkhead.in_use -= 1  # Bulkhead.release, inline
        response.elapsed = (perf_counter() if ended is None else ended) - started
        return response

    async def _attempt(
        self,
        method: str,
        url: str,
        headers: RawHeaders,
        body: bytes,
        limits: Timeout,
        started: float,
        idempotent: bool,
    ) -> tuple[UpstreamResponse, int]:
        """One attempt (or a hedged pair) under the breaker and the attempt/total deadlines of
        the call ``started`` then."""
        bounded, begun = self._begin(limits, started + limits.total)
        sent = 1
        try:
            if self.latencies is not None and idempotent:
                response, sent = await hedged(
                    lambda: self.transport.send(method, url, headers, body, bounded),
                    self.latencies.delay(),
                    lambda: self.observer.hedge_fired(self.name),
                )
            else:
                response = await self.transport.send(method, url, headers, body, bounded)
        except UpstreamError as exc:
            raise self._attempt_failed(exc, begun, started, limits) from None
        except asyncio.CancelledError:
            self._cancelled()
            raise
        self._answered(response, begun)
        return response, sent

    def _begin(self, limits: Timeout, deadline: float) -> tuple[Timeout, float]:
        """An attempt's permit and deadline: (its timeouts, when it began); raises the rejection
        when the breaker or the total deadline forbids it. :meth:`send` skips it for a first
        attempt on a closed breaker that did not queue: all of the total is left then, and a
        :class:`Timeout` holds ``attempt <= total``, so the answer would be ``limits``."""
        breaker = self.breaker
        # A closed breaker allows without a call (CircuitBreaker.allow's first test).
        if breaker is not None and breaker.state != CLOSED and not breaker.allow():
            raise self._circuit_open()
        begun = perf_counter()
        remaining = deadline - begun
        if remaining <= 0:
            if breaker is not None:
                breaker.release_probe()
            raise DeadlineExceeded(
                f"total deadline {limits.total}s spent", upstream=self.name, attempts=0
            )
        # Retries (and calls that queued in the bulkhead) get only what is left of the total.
        # The 2 ms slack keeps an uncontended first attempt from copying the Timeout on every
        # call when attempt == total (the LGSP -> NDXP hop).
        if remaining >= limits.attempt - _SLACK:
            return limits, begun
        return limits.capped(remaining), begun

    def _cancelled(self) -> None:
        if self.breaker is not None:
            self.breaker.release_probe()

    def _answered(self, response: UpstreamResponse, begun: float) -> float:
        """An attempt's answer, counted by the observer, the breaker and the hedge's tracker;
        returns when it ended."""
        ended = perf_counter()
        seconds = ended - begun
        status = response.status
        # attempt_outcome's common answer, without the call
        outcome = "success" if status < 500 and status != 429 else attempt_outcome(status)
        self.observer.attempt_finished(self.name, outcome, seconds)
        if self.breaker is not None:
            self.breaker.record(
                failed=status >= 500 and self._upstream_failed(response), seconds=seconds
            )
        if self.latencies is not None and status < 500:
            self.latencies.add(seconds)
        return ended

    def _upstream_failed(self, response: UpstreamResponse) -> bool:
        """Whether a 5xx answer counts against the upstream: not when this hop ignores 5xx,
        nor for a SOAP Fault of the ``Client`` kind (the caller's message was wrong; SOAP 1.1
        sends every Fault with 500). Read only for 5xx answers: JSON calls never pay for it."""
        if not self._count_5xx:
            return False
        return not is_client_fault(response.status, response.header(b"content-type"), response.body)

    def _circuit_open(self) -> CircuitOpen:
        self.observer.breaker_rejected(self.name)
        rejected = CircuitOpen(
            f"circuit open for {self.name}: recent calls failed or were too slow",
            upstream=self.name,
            attempts=0,
        )
        if self.breaker is not None:
            # While half-open probes are out the verdict is a full open wait away at most.
            remaining = self.breaker.open_remaining() or self.breaker.policy.open_seconds
            rejected.retry_after = max(1.0, remaining)
        return rejected

    def _attempt_failed(
        self, exc: UpstreamError, begun: float, started: float, limits: Timeout
    ) -> UpstreamError:
        """The failure of one attempt of the call ``started`` then, counted; a timeout that ran
        into the total deadline is reported as the deadline it really is."""
        ended = perf_counter()
        deadline = started + limits.total
        exc.upstream = self.name
        if isinstance(exc, UpstreamTimeout) and ended >= deadline - 0.001:
            exc = DeadlineExceeded(
                f"total deadline {limits.total}s exceeded: {exc.message}",
                upstream=self.name,
                attempts=exc.attempts,
            )
        self.observer.attempt_finished(self.name, exc.reason, ended - begun)
        if self.breaker is not None:
            self.breaker.record(failed=True, seconds=ended - begun)
        return exc

    async def _retry(
        self,
        first: Outcome,
        sent: int,
        method: str,
        url: str,
        headers: RawHeaders,
        body: bytes,
        limits: Timeout,
        started: float,
        idempotent: bool,
    ) -> UpstreamResponse:
        """The tenacity loop after a first retryable failure; ``first`` is replayed into it."""
        deadline = started + limits.total
        attempts = sent
        replay: list[Outcome] = [first]
        next_delay = 0.0

        async def attempt() -> UpstreamResponse:
            nonlocal attempts
            if replay:
                outcome = replay.pop()
                if isinstance(outcome, UpstreamError):
                    raise outcome
                return outcome
            try:
                response, n = await self._attempt(
                    method, url, headers, body, limits, started, idempotent
                )
            except UpstreamError as exc:
                attempts += exc.attempts
                raise
            attempts += n
            return response

        def should_retry(state: RetryCallState) -> bool:
            nonlocal next_delay
            delay = self._retry_delay(state, deadline)
            if delay is None:
                return False
            next_delay = delay
            return True

        retrying = AsyncRetrying(
            retry=should_retry,
            wait=lambda _state: next_delay,
            stop=stop_never,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            response: UpstreamResponse = await retrying(attempt)
        except UpstreamError as exc:
            exc.attempts = attempts
            exc.upstream = self.name
            raise
        response.attempts = attempts
        return response

    def _retry_delay(self, state: RetryCallState, deadline: float) -> float | None:
        """How long to wait before retrying the outcome ``state`` holds, or None: no retry
        (not retryable, attempts or deadline spent, breaker open, retry budget empty)."""
        assert state.outcome is not None
        policy = self.policy.retry
        wait_at_least = 0.0
        if state.outcome.failed:
            exc = state.outcome.exception()
            if not isinstance(exc, UpstreamError) or not retryable_error(exc, policy):
                return None
            reason = exc.reason
        else:
            response: UpstreamResponse = state.outcome.result()
            header = response.header(b"retry-after")
            if not retryable_response(response.status, header, policy):
                return None
            reason = f"http_{response.status}"
            retry_after = retry_after_seconds(header)
            if retry_after is not None:
                if retry_after > policy.retry_after_cap:
                    return None  # the upstream asked for more than we may wait
                wait_at_least = retry_after
        if state.attempt_number >= policy.max_attempts:
            return None
        delay = max(wait_at_least, backoff(state.attempt_number, policy, self._rng))
        if perf_counter() + delay >= deadline:
            return None
        if self.breaker is not None and self.breaker.state == OPEN:
            return None
        if not self.budget.try_withdraw():
            self.observer.retry_budget_exhausted(self.name)
            return None
        self.observer.retry_scheduled(self.name, state.attempt_number, delay, reason)
        return delay
