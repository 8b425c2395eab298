"""Rate limits as token buckets: the per-consumer quota of service calls (``X-RateLimit-*``
headers and 429 on empty), and :class:`KeyedLimiter` for limits keyed by what a caller claims
or where it comes from (``/token`` per client id and per source address)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict

from gateway.catalog import Consumer, Quota

__all__ = ["Bucket", "KeyedLimiter", "QuotaDecision", "RateLimiter"]


class Bucket:
    """One consumer's token bucket (:meth:`take` one token at a time)."""

    __slots__ = ("capacity", "limit", "rate", "stamp", "tokens")

    def __init__(self, quota: Quota, share: float) -> None:
        self.rate = quota.rps * share
        self.capacity = max(1.0, quota.burst * share)
        self.limit = quota.burst  # what the caller is told: the quota, not this worker's part
        self.tokens = self.capacity
        self.stamp = time.perf_counter()

    def take(self, now: float | None = None) -> QuotaDecision:
        """One token at ``now`` (``time.perf_counter``'s), or the refusal with its headers."""
        if now is None:
            now = time.perf_counter()
        # An arrival time can precede the bucket's stamp (a new bucket stamps itself later, and
        # calls are admitted in no strict arrival order): time never runs backwards here.
        elapsed = now - self.stamp
        if elapsed > 0:
            self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
            self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return _ALLOWED  # the headers are only sent with a refusal: not built per call
        missing = (1.0 - self.tokens) / self.rate
        reset = math.ceil((self.capacity - self.tokens) / self.rate)
        headers = [
            (b"x-ratelimit-limit", str(self.limit).encode()),
            (b"x-ratelimit-remaining", str(int(self.tokens)).encode()),
            (b"x-ratelimit-reset", str(reset).encode()),
            (b"retry-after", str(max(1, math.ceil(missing))).encode()),
        ]
        return QuotaDecision(False, headers, missing)


class QuotaDecision:
    __slots__ = ("allowed", "headers", "retry_after")

    def __init__(
        self, allowed: bool, headers: list[tuple[bytes, bytes]], retry_after: float
    ) -> None:
        self.allowed = allowed
        self.headers = headers
        self.retry_after = retry_after


class RateLimiter:
    """One bucket per consumer, refilled continuously at ``quota.rps`` up to ``quota.burst``
    (times ``share``: this worker's part of the quota). Times are ``time.perf_counter``'s:
    :meth:`take` is given the request's arrival (``Inbound.started``) rather than reading the
    clock again."""

    def __init__(self, share: float = 1.0) -> None:
        self.share = share
        self._buckets: dict[str, Bucket] = {}

    def bucket(self, consumer: Consumer) -> Bucket:
        """``consumer``'s bucket, made full on first use (a caller may keep it: it lives as long
        as this limiter)."""
        bucket = self._buckets.get(consumer.client)
        if bucket is None:
            bucket = self._buckets[consumer.client] = Bucket(consumer.quota, self.share)
        return bucket

    def take(self, consumer: Consumer, now: float | None = None) -> QuotaDecision:
        return self.bucket(consumer).take(now)


_ALLOWED = QuotaDecision(True, [], 0.0)


class KeyedLimiter:
    """A token bucket per key (``rate`` per second up to ``burst``), for keys a caller chooses.

    The keys are the caller's to invent (any client id, any address), so at most ``max_keys``
    buckets are kept, least recently used first out: a forgotten key starts again with a full
    bucket, which lets through at most one burst more — never more memory."""

    def __init__(self, *, rate: float, burst: int, max_keys: int = 10_000) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, list[float]] = OrderedDict()  # key -> [tokens, stamp]

    def take(self, key: str) -> float | None:
        """``None`` when allowed (one token taken), else the seconds until one is free."""
        now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = [self.burst, now]
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket[0] = min(self.burst, bucket[0] + (now - bucket[1]) * self.rate)
            bucket[1] = now
        if bucket[0] >= 1.0:
            bucket[0] -= 1.0
            return None
        return (1.0 - bucket[0]) / self.rate

    def __len__(self) -> int:
        return len(self._buckets)
