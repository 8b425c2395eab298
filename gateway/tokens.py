"""The OAuth2 client-credential tokens of ``POST /token``: issued, looked up, expired, bounded.

Every token lives ``ttl`` seconds. A client's tokens are kept in issue order, which is also
expiry order (one TTL for all), so expired tokens are swept from the front of that client's
queue, each in O(1): on every issue for that client, and for all clients once a minute. A
client already holding ``max_per_client`` live tokens loses its oldest one when it asks for
another — as an authorization server caps a client's sessions — so no caller can grow the table
without bound, or push another client's tokens out: the table holds at most
consumers × ``max_per_client`` tokens, whatever callers do. How fast tokens may be asked for is
``gateway.quota``'s business (``/token`` is rate-limited per client id and per address).
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable

from gateway.catalog import Consumer

__all__ = ["IssuedToken", "TokenStore"]

_SWEEP_EVERY_SECONDS = 60.0


class IssuedToken:
    __slots__ = ("consumer", "expires_at", "value")

    def __init__(self, value: str, consumer: Consumer, expires_at: float) -> None:
        self.value = value
        self.consumer = consumer
        self.expires_at = expires_at


class TokenStore:
    """Live tokens by value, and per client in expiry order."""

    def __init__(
        self,
        *,
        ttl: float,
        max_per_client: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_per_client = max_per_client
        self._clock = clock
        self._tokens: dict[str, IssuedToken] = {}
        self._by_client: dict[str, deque[IssuedToken]] = {}
        self._next_sweep = clock() + _SWEEP_EVERY_SECONDS

    def __len__(self) -> int:
        return len(self._tokens)

    def issue(self, consumer: Consumer) -> IssuedToken:
        now = self._clock()
        queue = self._by_client.setdefault(consumer.client, deque())
        self._expire(queue, now)
        while len(queue) >= self.max_per_client:
            self._drop(queue.popleft())
        token = IssuedToken(secrets.token_urlsafe(24), consumer, now + self.ttl)
        self._tokens[token.value] = token
        queue.append(token)
        if now >= self._next_sweep:
            self.sweep(now)
        return token

    def consumer(self, value: str) -> Consumer | None:
        """The consumer a live token belongs to; ``None`` for an unknown or expired one."""
        token = self._tokens.get(value)
        if token is None:
            return None
        if token.expires_at < self._clock():
            self._drop(token)  # its queue entry goes at that client's next sweep
            return None
        return token.consumer

    def sweep(self, now: float | None = None) -> None:
        """Forget every expired token (O(expired) plus one step per client)."""
        now = self._clock() if now is None else now
        for queue in self._by_client.values():
            self._expire(queue, now)
        self._next_sweep = now + _SWEEP_EVERY_SECONDS

    def _expire(self, queue: deque[IssuedToken], now: float) -> None:
        while queue and queue[0].expires_at < now:
            self._drop(queue.popleft())

    def _drop(self, token: IssuedToken) -> None:
        if self._tokens.get(token.value) is token:
            del self._tokens[token.value]
