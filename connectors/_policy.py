"""Resilience policies as small typed objects with named defaults, like ``httpx.Timeout``.

    ResiliencePolicy(retry=RetryPolicy(max_attempts=2), hedge=HedgePolicy(enabled=True))

Layering (why there are two named defaults): retries belong at the hop nearest the registry —
the NDXP, or the LGSP for a consumer routed ``direct``. The LGSP → NDXP hop uses
:meth:`ResiliencePolicy.for_next_hop`, which retries connect errors only (the request never
left, so a retry cannot duplicate work) and whose breaker ignores HTTP 5xx answers (those are
the NDXP relaying one registry's failure; the NDXP's per-registry breaker handles them, and an
LGSP breaker opening on them would cut off every registry at once). Without this a call could
be tried 3 × 3 = 9 times against a sick registry.

Defaults follow Envoy (25 ms fully-jittered backoff, 20 % retry budget, 3 retries/s reserve) and
resilience4j (50 % failure rate over a window of calls, 5 s open wait, 3 half-open probes).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

__all__ = [
    "DEFAULT_RESILIENCE",
    "BreakerPolicy",
    "BulkheadPolicy",
    "HedgePolicy",
    "ResiliencePolicy",
    "RetryPolicy",
]


class RetryPolicy(BaseModel, frozen=True):
    """Which failures are retried, how long to wait, and how many retries an upstream may get.

    ``retry_on="transient"`` retries connect errors, resets, read/attempt timeouts and the
    statuses in ``retry_statuses``; ``"connect"`` retries only failures where the request
    provably never reached the upstream. Only idempotent calls are ever retried.
    """

    enabled: bool = True
    max_attempts: int = Field(3, ge=1, le=10, description="First attempt included")
    retry_on: Literal["transient", "connect"] = "transient"
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    base_delay: float = Field(0.025, gt=0, description="Full-jitter backoff base (seconds)")
    max_delay: float = Field(1.0, gt=0)
    retry_after_cap: float = Field(
        5.0, ge=0, description="A Retry-After longer than this is not waited for: no retry"
    )
    budget_ratio: float = Field(
        0.2, ge=0, le=1, description="Retries allowed per request (token deposit per request)"
    )
    budget_min_per_second: float = Field(
        3.0, ge=0, description="Retries per second always allowed, so a quiet upstream can retry"
    )
    budget_max_tokens: float = Field(
        10.0, gt=0, description="Bucket cap: a long healthy period cannot bank a retry storm"
    )


class BreakerPolicy(BaseModel, frozen=True):
    """Count-based sliding window breaker (resilience4j semantics)."""

    enabled: bool = True
    window_size: int = Field(50, ge=1, description="Last N calls evaluated")
    minimum_calls: int = Field(10, ge=1, description="No decision before this many calls")
    failure_rate_threshold: float = Field(0.5, gt=0, le=1)
    slow_call_seconds: float = Field(5.0, gt=0)
    slow_call_rate_threshold: float = Field(1.0, gt=0, le=1)
    open_seconds: float = Field(5.0, gt=0, description="Wait in open before half-open probes")
    half_open_calls: int = Field(
        10, ge=1, description="Probes permitted in half-open (resilience4j's default)"
    )
    count_http_5xx: bool = Field(
        True, description="Count 5xx answers as failures (off for the LGSP → NDXP hop)"
    )

    @model_validator(mode="after")
    def _window_fits(self) -> BreakerPolicy:
        if self.minimum_calls > self.window_size:
            raise ValueError("minimum_calls cannot exceed window_size")
        return self


class BulkheadPolicy(BaseModel, frozen=True):
    """At most ``max_concurrent`` calls in flight per upstream, a bounded queue behind them."""

    enabled: bool = True
    max_concurrent: int = Field(100, ge=1)
    max_queued: int = Field(100, ge=0)
    queue_timeout: float = Field(1.0, ge=0, description="Longest wait for a slot (seconds)")


class HedgePolicy(BaseModel, frozen=True):
    """A second attempt for a slow idempotent call; the first answer wins. Off by default:
    it doubles load exactly when an upstream is slow, so it is opt-in per deployment."""

    enabled: bool = False
    delay: float = Field(0.5, gt=0, description="Delay used until enough latencies are seen")
    percentile: float = Field(0.95, gt=0, lt=1)
    min_delay: float = Field(0.01, gt=0)
    min_samples: int = Field(20, ge=1)


class ResiliencePolicy(BaseModel, frozen=True):
    """Everything that protects one upstream; one instance per hop kind."""

    retry: RetryPolicy = RetryPolicy()
    breaker: BreakerPolicy = BreakerPolicy()
    bulkhead: BulkheadPolicy = BulkheadPolicy()
    hedge: HedgePolicy = HedgePolicy()

    def for_next_hop(self) -> ResiliencePolicy:
        """This policy for a gateway → gateway hop: connect-only retries, no hedging, and a
        breaker blind to relayed 5xx answers (see the module docstring)."""
        return self.model_copy(
            update={
                "retry": self.retry.model_copy(update={"retry_on": "connect"}),
                "breaker": self.breaker.model_copy(update={"count_http_5xx": False}),
                "hedge": self.hedge.model_copy(update={"enabled": False}),
            }
        )


DEFAULT_RESILIENCE = ResiliencePolicy()
