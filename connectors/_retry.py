"""Retry decisions: what is retryable, how long to wait, and whether the upstream can afford it.

The loop itself lives in :mod:`connectors._upstream` (tenacity, entered only after a first
failure). This module holds the pieces it needs, each testable alone:

* :func:`retryable_error` / :func:`retryable_response` — connect errors, resets, read/attempt
  timeouts, 502/503/504, and 429 only with a Retry-After; never other 4xx, never a bad
  response, never a rejection (the breaker or bulkhead said no), never the total deadline.
* :func:`backoff` — exponential backoff with full jitter (AWS "Exponential Backoff And
  Jitter"; Envoy's default): uniform in ``[0, min(max_delay, base · 2^(n-1))]``.
* :func:`retry_after_seconds` — RFC 9110 §10.2.3 (delay-seconds or HTTP-date).
* :class:`RetryBudget` — a token bucket like Finagle's ``RetryBudget``/Envoy's
  ``retry_budget``: every request deposits ``budget_ratio`` tokens, every retry withdraws one,
  and a small per-second reserve keeps a quiet upstream retryable. When a registry is sick,
  all requests fail and retries stay at ≈ 20 % extra load instead of 3×.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

from connectors._errors import (
    ConnectionReset,
    ConnectTimeout,
    DeadlineExceeded,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors._policy import RetryPolicy

__all__ = [
    "RetryBudget",
    "backoff",
    "retry_after_seconds",
    "retryable_error",
    "retryable_response",
]


def retryable_error(exc: UpstreamError, policy: RetryPolicy) -> bool:
    """Whether a failed attempt may be retried under ``policy.retry_on``."""
    if isinstance(exc, DeadlineExceeded):
        return False
    if policy.retry_on == "connect":
        # The request provably never reached the upstream: no duplicate work downstream.
        return isinstance(exc, ConnectTimeout) or (
            type(exc) is UpstreamUnavailable and not isinstance(exc, ConnectionReset)
        )
    return isinstance(exc, UpstreamUnavailable | UpstreamTimeout)


def retryable_response(status: int, retry_after: bytes | None, policy: RetryPolicy) -> bool:
    """Whether an HTTP answer is a transient failure worth another attempt."""
    if policy.retry_on == "connect" or status not in policy.retry_statuses:
        return False
    return status != 429 or retry_after is not None


def retry_after_seconds(value: bytes | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value; ``None`` when absent or unparsable."""
    if value is None:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, float(when.timestamp()) - (time.time() if now is None else now))


def backoff(
    retry_number: int, policy: RetryPolicy, rng: Callable[[], float] = random.random
) -> float:
    """Full-jitter delay before retry ``retry_number`` (1 for the first retry)."""
    ceiling = min(policy.max_delay, policy.base_delay * 2.0 ** (retry_number - 1))
    return ceiling * rng()


class RetryBudget:
    """Token bucket limiting retries to a fraction of recent requests, per upstream."""

    def __init__(self, policy: RetryPolicy, *, clock: Callable[[], float] = time.monotonic):
        self._ratio = policy.budget_ratio
        self._per_second = policy.budget_min_per_second
        self._cap = policy.budget_max_tokens
        self._clock = clock
        self._tokens = min(self._cap, policy.budget_min_per_second)
        self._refilled_at = clock()
        # Requests made since the tokens were last brought up to date: a counter the caller
        # bumps once per call (``Upstream.send``, inline), folded into the tokens when they are
        # read. Deposits are positive and only capped, so k of them folded at once are the same
        # (to the rounding of a float).
        self.deposits = 0

    @property
    def tokens(self) -> float:
        self._fold()
        return self._tokens

    def _fold(self) -> None:
        if self.deposits:
            self._tokens = min(self._cap, self._tokens + self.deposits * self._ratio)
            self.deposits = 0

    def try_withdraw(self) -> bool:
        """Take one retry from the budget; ``False`` when the budget is spent."""
        self._fold()
        now = self._clock()
        elapsed = now - self._refilled_at
        self._refilled_at = now
        if self._tokens < self._per_second:  # the reserve refills, but never banks beyond it
            self._tokens = min(self._per_second, self._tokens + elapsed * self._per_second)
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False
