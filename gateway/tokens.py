"""The OAuth2 client-credential tokens of ``POST /token``: issued, looked up, expired, bounded.

Every token lives ``ttl`` seconds. A client's tokens are kept in issue order, which is also
expiry order (one TTL for all), so expired tokens are swept from the front of that client's
queue, each in O(1): on every issue for that client, and for all clients once a minute. A
client already holding ``max_per_client`` live tokens loses its oldest one when it asks for
another — as an authorization server caps a client's sessions — so no caller can grow the table
without bound, or push another client's tokens out: the table holds at most
consumers × ``max_per_client`` tokens, whatever callers do. How fast tokens may be asked for is
``gateway.quota``'s business (``/token`` is rate-limited per client id and per address).

Several workers (``ndxp-sim serve --workers N``) each keep their own table. Given a ``secret``
they all share, a token carries its client id and wall-clock expiry under an HMAC, and a worker
that did not issue it *adopts* it on first sight (signature and expiry checked, then kept in
its table under the same cap): a caller's token works whichever worker its connection reaches.
The cap then bounds each worker's table, and a token one worker dropped for the cap may still
be adopted by another until it expires; with one process (no secret) nothing is adopted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable

from gateway.catalog import Consumer

__all__ = ["IssuedToken", "TokenStore"]

_SWEEP_EVERY_SECONDS = 60.0


class IssuedToken:
    """A live token; ``dropped`` once the store let it go (expired, or over the cap)."""

    __slots__ = ("consumer", "dropped", "expires_at", "value")

    def __init__(self, value: str, consumer: Consumer, expires_at: float) -> None:
        self.value = value
        self.consumer = consumer
        self.expires_at = expires_at
        self.dropped = False


class TokenStore:
    """Live tokens by value, and per client in expiry order."""

    def __init__(
        self,
        *,
        ttl: float,
        max_per_client: int,
        clock: Callable[[], float] = time.monotonic,
        secret: bytes | None = None,
        lookup: Callable[[str], Consumer | None] | None = None,
    ) -> None:
        self.ttl = ttl
        self._secret = secret
        self._lookup = lookup
        self.max_per_client = max_per_client
        self.clock = clock  # the expiry clock (public: see live())
        self._tokens: dict[str, IssuedToken] = {}
        self._by_client: dict[str, deque[IssuedToken]] = {}
        self._next_sweep = clock() + _SWEEP_EVERY_SECONDS

    def __len__(self) -> int:
        return len(self._tokens)

    def issue(self, consumer: Consumer) -> IssuedToken:
        now = self.clock()
        queue = self._by_client.setdefault(consumer.client, deque())
        value = secrets.token_urlsafe(24)
        if self._secret is not None:
            value = self._signed(value, consumer.client)
        token = IssuedToken(value, consumer, now + self.ttl)
        self._keep(queue, token, now)
        return token

    def _keep(self, queue: deque[IssuedToken], token: IssuedToken, now: float) -> None:
        self._expire(queue, now)
        while len(queue) >= self.max_per_client:
            self._drop(queue.popleft())
        self._tokens[token.value] = token
        queue.append(token)
        if now >= self._next_sweep:
            self.sweep(now)

    def _signature(self, payload: str) -> str:
        assert self._secret is not None
        digest = hmac.new(self._secret, payload.encode(), hashlib.sha256).digest()[:18]
        return base64.urlsafe_b64encode(digest).decode()

    def _signed(self, nonce: str, client: str) -> str:
        expires = int(time.time() + self.ttl)
        name = base64.urlsafe_b64encode(client.encode()).decode()
        payload = f"{nonce}.{expires}.{name}"
        return f"{payload}.{self._signature(payload)}"

    def _adopt(self, value: str) -> Consumer | None:
        """A token another worker signed: its consumer once signature and expiry hold."""
        parts = value.split(".")
        if len(parts) != 4 or self._lookup is None:
            return None
        payload, signature = value.rpartition(".")[0], parts[3]
        if not hmac.compare_digest(self._signature(payload).encode(), signature.encode()):
            return None
        try:
            left = int(parts[1]) - time.time()
            client = base64.urlsafe_b64decode(parts[2].encode()).decode()
        except ValueError:
            return None
        consumer = self._lookup(client) if left > 0 else None
        if consumer is not None:
            now = self.clock()
            queue = self._by_client.setdefault(consumer.client, deque())
            self._keep(queue, IssuedToken(value, consumer, now + min(left, self.ttl)), now)
        return consumer

    def consumer(self, value: str) -> Consumer | None:
        """The consumer a live token belongs to; ``None`` for an unknown or expired one."""
        token = self._tokens.get(value)
        if token is None:
            return self._adopt(value) if self._secret is not None else None
        if not self.live(token):
            self._drop(token)  # its queue entry goes at that client's next sweep
            return None
        return token.consumer

    def live(self, token: IssuedToken) -> bool:
        """Whether ``token`` still holds: kept by the store and not expired by its clock (a
        caller that keeps a token, like a remembered admission, asks this)."""
        return not token.dropped and token.expires_at >= self.clock()

    def issued(self, value: str) -> IssuedToken | None:
        """The token of ``value`` as the store holds it (no expiry check, no adoption)."""
        return self._tokens.get(value)

    def sweep(self, now: float | None = None) -> None:
        """Forget every expired token (O(expired) plus one step per client)."""
        now = self.clock() if now is None else now
        for queue in self._by_client.values():
            self._expire(queue, now)
        self._next_sweep = now + _SWEEP_EVERY_SECONDS

    def _expire(self, queue: deque[IssuedToken], now: float) -> None:
        while queue and queue[0].expires_at < now:
            self._drop(queue.popleft())

    def _drop(self, token: IssuedToken) -> None:
        token.dropped = True
        if self._tokens.get(token.value) is token:
            del self._tokens[token.value]
