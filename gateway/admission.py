"""Admission of a call at one hop: which service it names (the address), who calls (the
credential), in which sandbox, whether they may (ACL, method) and how often (quota).

Everything but the quota depends only on what the request presents — its credential as sent,
``X-Road-Client``, path and method — and on the catalog, so a cleared decision is remembered
(:class:`Pass`) under exactly those four and found again with one dict look-up; the quota is
taken on every call, and the sandbox (which the harness may change at any time) read on every
call. A province's systems send the same few credentials to the same few addresses millions
of times.

What a remembered pass may not outlive:

* a Bearer token: the pass keeps the token it was decided on, and is used only while that
  token is still in the store (not dropped for the per-client cap, not swept) and not expired
  by the store's clock; otherwise the call is decided anew (and refused with 401 as before);
* the catalog: consumers, their secrets, ACL globs and the services are frozen models the app
  was built with; another catalog is another app, with its own empty memo. Basic pairs and
  ``lgspaccesstoken`` values are valid exactly as long as the catalog;
* nothing else: refusals (unknown address, bad credential, ACL, method) are never remembered,
  so each is decided, in the same order, every time. Bounded like the route cache: past
  ``max_entries`` keys the memo starts afresh; a pass whose token is gone is forgotten; keys
  longer than ``_MAX_KEY_BYTES`` are never kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from gateway.accounting import Exchange
from gateway.acl import AccessControl
from gateway.auth import Authenticator
from gateway.catalog import Consumer
from gateway.errors import AccessDenied, MethodNotAllowed, QuotaExceeded
from gateway.facts import Inbound
from gateway.hops import Hop
from gateway.quota import Bucket, QuotaDecision, RateLimiter
from gateway.routing import Route, RouteCache
from gateway.sandbox import SANDBOX_HEADER
from gateway.tokens import IssuedToken

__all__ = ["Admission", "Pass"]

_Key = tuple[bytes | None, bytes | None, bytes | None, str, str]
# A credential padded to the head's limit (tens of KB) is decided every time rather than kept:
# a caller must not grow the memo by sending large headers.
_MAX_KEY_BYTES = 1024


def _size(key: _Key) -> int:
    return sum(len(part) for part in key if part is not None)


class Pass:
    """A cleared call: its route, consumer, hop and quota bucket (``token``: the Bearer token
    it rests on). The consumer's label and ``X-Road-Client`` header are plain values here:
    read on every call, they would each be an attribute read on a pydantic model."""

    __slots__ = ("bucket", "client_header", "consumer", "hop", "label", "route", "token")

    def __init__(
        self, route: Route, consumer: Consumer, hop: Hop, bucket: Bucket, token: IssuedToken | None
    ) -> None:
        self.route = route
        self.consumer = consumer
        self.hop = hop
        self.bucket = bucket
        self.token = token
        self.label = consumer.label
        self.client_header = (b"x-road-client", consumer.client.encode())


class Admission:
    """Admits the calls of one hop (:meth:`admit`), remembering cleared decisions."""

    def __init__(
        self,
        *,
        routes: RouteCache,
        auth: Authenticator,
        acl: AccessControl,
        quota: RateLimiter,
        hop_by_route: Mapping[str, Hop],
        sandboxes: Mapping[str, str],  # client id → sandbox id (kept current by the harness)
        max_entries: int = 4096,
    ) -> None:
        self._routes = routes
        self._auth = auth
        self._acl = acl
        self._quota = quota
        self._hop_by_route = hop_by_route
        self._sandbox_of = sandboxes
        self._tokens = auth.tokens
        self._max_entries = max_entries
        self._passes: dict[_Key, Pass] = {}

    def admit(self, ex: Exchange) -> Pass:
        """The pass of ``ex``'s request, its route and consumer set on ``ex`` (as far as they
        were found when a refusal is raised); a metaservice's pass is not checked further."""
        request = ex.request
        key = (
            request.authorization,
            request.lgsp_token,
            request.xroad_client,
            request.path,
            request.method,
        )
        cleared = self._passes.get(key)
        token = cleared.token if cleared is not None else None
        if cleared is None or (token is not None and not self._tokens.live(token)):
            if cleared is not None:
                del self._passes[key]  # its token is gone: decided anew, and not kept for good
            return self._decide(ex, key)
        ex.route = cleared.route
        consumer = ex.consumer = cleared.consumer
        ex.caller = cleared.label
        if cleared.route.metaservice is None:
            if request.sandbox is not None or self._sandbox_of:  # none named, none set up
                self._sandbox(ex, consumer, request)
            decision = cleared.bucket.take(request.started)
            if not decision.allowed:
                raise _quota_exceeded(consumer, decision)
        return cleared

    def _decide(self, ex: Exchange, key: _Key) -> Pass:
        """A call decided step by step, in the order of its refusals: address, credential,
        (a metaservice stops here), sandbox, ACL, quota, method."""
        request = ex.request
        route = ex.route = self._routes.cached(request.path) or self._routes.resolve(request.path)
        consumer = ex.consumer = self._auth.authenticate(
            request.authorization, request.lgsp_token, request.xroad_client
        )
        ex.caller = consumer.label
        bearer = self._auth.bearer(request.authorization)
        token = None if bearer is None else self._tokens.issued(bearer)
        bucket = self._quota.bucket(consumer)
        cleared = Pass(route, consumer, self._hop_by_route[consumer.route], bucket, token)
        if route.metaservice is None:
            if request.sandbox is not None or self._sandbox_of:
                self._sandbox(ex, consumer, request)
            service = route.service
            assert service is not None
            provider = route.provider.code
            if not self._acl.allowed(consumer, provider, service.code):
                raise AccessDenied.to_service(consumer.client, provider, service.code)
            decision = bucket.take(request.started)
            if not decision.allowed:
                raise _quota_exceeded(consumer, decision)
            if request.method != service.method:
                raise MethodNotAllowed(
                    f"Dịch vụ {service.code} chỉ nhận {service.method}, "
                    f"không nhận {request.method}.",
                    allow=service.method,
                )
        # A Bearer pass rests on its token: without it in hand, nothing is remembered.
        if (bearer is None or token is not None) and _size(key) <= _MAX_KEY_BYTES:
            if len(self._passes) >= self._max_entries:
                self._passes.clear()  # like the route cache's memo: the live keys come back
            self._passes[key] = cleared
        return cleared

    def _sandbox(self, ex: Exchange, consumer: Consumer, request: Inbound) -> None:
        """The sandbox of this call, passed upstream: the one the harness put the consumer in
        (one dict get), or at the NDXP the one a relaying LGSP named."""
        if consumer.relays:
            sandbox = request.sandbox
        else:
            named = self._sandbox_of.get(consumer.client)
            sandbox = None if named is None else named.encode()
        if sandbox is not None:
            ex.sandbox = sandbox
            request.forward.append((SANDBOX_HEADER, sandbox))


def _quota_exceeded(consumer: Consumer, decision: QuotaDecision) -> QuotaExceeded:
    return QuotaExceeded(
        f"Vượt hạn mức {consumer.quota.rps:g} yêu cầu/giây của {consumer.client}; "
        "thử lại sau Retry-After giây.",
        headers=decision.headers,
    )
