"""Per-consumer rate quota: a token bucket with ``X-RateLimit-*`` headers and 429 on empty."""

from __future__ import annotations

import math
import time

from gateway.catalog import Consumer, Quota

__all__ = ["QuotaDecision", "RateLimiter"]


class _Bucket:
    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, quota: Quota) -> None:
        self.rate = quota.rps
        self.capacity = float(quota.burst)
        self.tokens = self.capacity
        self.stamp = time.monotonic()


class QuotaDecision:
    __slots__ = ("allowed", "headers", "retry_after")

    def __init__(
        self, allowed: bool, headers: list[tuple[bytes, bytes]], retry_after: float
    ) -> None:
        self.allowed = allowed
        self.headers = headers
        self.retry_after = retry_after


class RateLimiter:
    """One bucket per consumer, refilled continuously at ``quota.rps`` up to ``quota.burst``."""

    def __init__(self) -> None:
        self._buckets: dict[str, _Bucket] = {}

    def take(self, consumer: Consumer) -> QuotaDecision:
        bucket = self._buckets.get(consumer.client)
        if bucket is None:
            bucket = self._buckets[consumer.client] = _Bucket(consumer.quota)
        now = time.monotonic()
        bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.stamp) * bucket.rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return _ALLOWED  # the headers are only sent with a refusal: not built per call
        missing = (1.0 - bucket.tokens) / bucket.rate
        reset = math.ceil((bucket.capacity - bucket.tokens) / bucket.rate)
        headers = [
            (b"x-ratelimit-limit", str(int(bucket.capacity)).encode()),
            (b"x-ratelimit-remaining", str(int(bucket.tokens)).encode()),
            (b"x-ratelimit-reset", str(reset).encode()),
            (b"retry-after", str(max(1, math.ceil(missing))).encode()),
        ]
        return QuotaDecision(False, headers, missing)


_ALLOWED = QuotaDecision(True, [], 0.0)
