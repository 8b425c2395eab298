"""The broker as one raw-ASGI app, in either role.

    app = create_app(settings, role="ndxp", metrics_registry=CollectorRegistry())

Request path at one hop: resolve the address → authenticate → ACL → quota → forward through
the connector → (nearest hop to the registry) contract check → answer with correlation headers
→ one ledger record and metrics. The body is passed through as bytes; only error bodies and
metaservice answers are built here.

Why raw ASGI and not FastAPI: a hop must add little to the registry's latency, and a
framework's routing, dependency injection and validation cost more per proxied request than
the whole broker logic (``bench/bench_gateway.py`` measures the hop against a raw-ASGI floor).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from connectors import (
    Timeout,
    Transport,
    Upstream,
    UpstreamError,
    UpstreamResponse,
    build_transport,
    missing_in,
    parse_document,
)
from gateway.accounting import Exchange, HopAccounting, now_ms
from gateway.acl import AccessControl
from gateway.auth import Authenticator
from gateway.catalog import Catalog, Consumer, load_catalog
from gateway.errors import (
    AccessDenied,
    GatewayError,
    InternalError,
    MethodNotAllowed,
    QuotaExceeded,
    RequestCancelled,
    RequestTooLarge,
    ServiceFailed,
)
from gateway.metrics import GatewayMetrics
from gateway.opmon import LedgerSink, NullLedger
from gateway.quota import RateLimiter
from gateway.resilience_metrics import ResilienceMetrics
from gateway.routing import Route, RouteCache
from gateway.settings import GatewaySettings, Role

__all__ = ["GatewayApp", "create_app"]

log = logging.getLogger("ndxp_sim.gateway")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

_JSON = b"application/json"
_DROP_FORWARD = frozenset(
    {
        b"authorization",
        b"lgspaccesstoken",
        b"x-road-client",
        b"x-road-request-id",
        b"host",
        b"content-length",
        b"connection",
        b"keep-alive",
        b"transfer-encoding",
        b"te",
        b"upgrade",
        b"proxy-authorization",
        b"expect",
    }
)
_DROP_BACK = frozenset(
    {b"x-road-id", b"x-road-request-id", b"via", b"x-road-service", b"x-road-client"}
)
# The LGSP waits this much longer than the NDXP's own total deadline, so that the NDXP's
# error (which names the failed hop) reaches the caller instead of an LGSP timeout.
_LAYER_MARGIN_SECONDS = 5.0


# Request ids in UUIDv4 form: a random per-process prefix plus a counter. Unique like uuid4 but
# without an os.urandom call, a UUID object and its formatting, twice a request.
_ID_PREFIX = str(uuid.uuid4())[:24]
_id_counter = itertools.count(int.from_bytes(os.urandom(5), "big"))


def _new_id() -> str:
    return _ID_PREFIX + format(next(_id_counter) & 0xFFFFFFFFFFFF, "012x")


class GatewayApp:
    """One gateway hop (LGSP or NDXP)."""

    def __init__(
        self,
        settings: GatewaySettings,
        *,
        role: Role,
        catalog: Catalog,
        metrics: GatewayMetrics,
        metrics_registry: CollectorRegistry,
        upstreams: dict[str, Upstream],
        ledger: LedgerSink,
    ) -> None:
        self.settings = settings
        self.role = role
        self.catalog = catalog
        self.metrics = metrics
        self.metrics_registry = metrics_registry
        self.upstreams = upstreams
        self.ledger = ledger
        self.auth = Authenticator(catalog.consumers_of(role), token_ttl=settings.token_ttl_seconds)
        self.acl = AccessControl()
        self.routes = RouteCache(catalog)
        self.quota = RateLimiter()
        self.spelling = settings.error_spelling
        self.accounting = HopAccounting(
            role=role, spelling=self.spelling, metrics=metrics, ledger=ledger, upstreams=upstreams
        )
        self.via = f"1.1 ndxp-sim-{role}".encode()
        self._max_body = settings.max_body_bytes
        self._own_identity: bytes | None = None
        self._own_auth: bytes | None = None
        if role == "lgsp":
            self._own_identity, self._own_auth = self._ndxp_credentials()
        base = settings.timeout
        self._ndxp_timeout = base.model_copy(
            update={
                # read too: the NDXP sends nothing until its own retries are over.
                "read": base.total + _LAYER_MARGIN_SECONDS,
                "attempt": base.total + _LAYER_MARGIN_SECONDS,
                "total": base.total + _LAYER_MARGIN_SECONDS,
            }
        )
        self._timeouts: dict[tuple[str, str], Timeout] = {}

    def _ndxp_credentials(self) -> tuple[bytes, bytes]:
        import base64

        for consumer in self.catalog.consumers_of("ndxp"):
            if consumer.client.endswith("/LGSP"):
                token = base64.b64encode(f"{consumer.client}:{consumer.secret}".encode())
                return consumer.client.encode(), b"Basic " + token
        raise ValueError("catalog has no NDXP consumer for the LGSP (client .../LGSP)")

    # -- ASGI ------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            path = scope["path"]
            if (
                path == "/healthz"
                or path == "/metrics"
                or path == "/token"
                or path == "/listClients"
                or path == "/opmon/records"
            ):
                await self._builtin(scope, receive, send, path)
            else:
                await self._proxy(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def aclose(self) -> None:
        closed: set[int] = set()
        for upstream in self.upstreams.values():
            if id(upstream.transport) not in closed:
                closed.add(id(upstream.transport))
                await upstream.transport.aclose()

    # -- builtin endpoints -----------------------------------------------------------------

    async def _builtin(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        method = scope["method"]
        if path == "/healthz":
            await _send(send, 200, orjson.dumps({"status": "ok", "role": self.role}))
        elif path == "/metrics":
            await _send(
                send, 200, generate_latest(self.metrics_registry), CONTENT_TYPE_LATEST.encode()
            )
        elif path == "/opmon/records":
            await self._opmon_records(scope, send)
        elif path == "/listClients":
            clients = [{"id": c.client, "name": c.name} for c in self.auth.consumers]
            await _send(send, 200, orjson.dumps({"member": clients}))
        elif method != "POST":
            await self._send_error(send, MethodNotAllowed("/token chỉ nhận POST (use POST)."), "")
        else:
            await self._token(scope, receive, send)

    async def _opmon_records(self, scope: Scope, send: Send) -> None:
        from gateway.opmon.http import answer_records

        try:
            status, body, content_type, headers = await answer_records(
                self.ledger,
                scope.get("query_string", b""),
                max_page=self.settings.max_records_per_page,
                hop=self.role,
            )
        except GatewayError as exc:
            await self._send_error(send, exc, "")
            return
        await _send(send, status, body, content_type, headers=headers)

    async def _token(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            body = await self._read_body(receive)
            authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
            token = self.auth.grant(body, authorization)
        except GatewayError as exc:
            await self._send_error(send, exc, "")
            return
        payload = {
            "access_token": token.value,
            "token_type": "Bearer",
            "expires_in": int(self.auth.token_ttl),
            "scope": "default",
        }
        await _send(send, 200, orjson.dumps(payload))

    # -- the proxy path --------------------------------------------------------------------

    async def _read_body(self, receive: Receive) -> bytes:
        chunks = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max_body:
                raise RequestTooLarge(f"Nội dung yêu cầu vượt quá {self._max_body} byte.")
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    def _timeout_for(self, route: Route, target: str) -> Timeout:
        if target == "ndxp":
            return self._ndxp_timeout
        assert route.service is not None
        key = (route.provider.code, route.service.code)
        timeout = self._timeouts.get(key)
        if timeout is None:
            seconds = route.service.timeout_seconds or route.provider.timeout_seconds
            timeout = self.settings.timeout.model_copy(
                update={"attempt": min(seconds, self.settings.timeout.total)}
            )
            self._timeouts[key] = timeout
        return timeout

    def _route_target(self, route: Route, consumer: Consumer) -> str:
        if self.role == "ndxp" or consumer.route == "direct":
            return route.provider.code
        return "ndxp"

    async def _proxy(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        t_in = now_ms()
        self.metrics.in_flight.inc()
        method: str = scope["method"]
        authorization = lgsp_token = xroad_client = message_id = user_id = None
        forward: list[tuple[bytes, bytes]] = []
        for key, value in scope["headers"]:
            if key == b"authorization":
                authorization = value
            elif key == b"lgspaccesstoken":
                lgsp_token = value
            elif key == b"x-road-client":
                xroad_client = value
            elif key == b"x-road-id":
                message_id = value
            elif key == b"x-road-userid":
                user_id = value
            if key not in _DROP_FORWARD and key != b"x-road-id":
                forward.append((key, value))
        ex = Exchange(
            method=method,
            message_id=message_id.decode("latin-1") if message_id else _new_id(),
            request_id=_new_id(),
            user_id=user_id,
            started=started,
            t_in=t_in,
        )
        message, request_id = ex.message_id, ex.request_id
        try:
            route = ex.route = self.routes.resolve(scope["path"])
            ex.provider = provider_code = route.provider.code
            ex.service = service_code = (
                route.service.code if route.service else route.metaservice or "-"
            )
            consumer = self.auth.authenticate(authorization, lgsp_token, xroad_client)
            ex.consumer = consumer.client.rsplit("/", 1)[-1]
            if route.metaservice is not None:
                await self._metaservice(send, route, consumer, message, request_id)
                return
            assert route.service is not None
            if not self.acl.allowed(consumer, provider_code, service_code):
                raise AccessDenied(
                    f"Request is not allowed: {consumer.client} không được cấp quyền gọi "
                    f"{provider_code}/{service_code}."
                )
            decision = self.quota.take(consumer)
            if not decision.allowed:
                raise QuotaExceeded(
                    f"Vượt hạn mức {consumer.quota.rps:g} yêu cầu/giây của {consumer.client}; "
                    "thử lại sau Retry-After giây.",
                    headers=decision.headers,
                )
            if method != route.service.method:
                raise MethodNotAllowed(
                    f"Dịch vụ {service_code} chỉ nhận {route.service.method}, không nhận {method}."
                )
            ex.body = await self._read_body(receive)
            target = ex.target = self._route_target(route, consumer)
            upstream = self.upstreams[target]
            if target == "ndxp":
                path = route.xroad_address(self.catalog.instance)
                assert self._own_identity is not None and self._own_auth is not None
                forward.append((b"x-road-client", self._own_identity))
                forward.append((b"authorization", self._own_auth))
            else:
                path = route.upstream_target
                forward.append((b"x-road-client", consumer.client.encode()))
            query = scope.get("query_string", b"")
            if query:
                path = f"{path}?{query.decode('latin-1')}"
            forward.append((b"x-road-id", message.encode()))
            forward.append((b"x-road-request-id", request_id.encode()))
            ex.t_out = now_ms()
            response = ex.response = await upstream.send(
                method,
                path,
                forward,
                ex.body,
                idempotent=route.service.idempotent,
                timeout=self._timeout_for(route, target),
            )
            ex.t_resp = now_ms()
            if (
                target != "ndxp"
                and 200 <= response.status < 300
                and route.service.contract.required
            ):
                # Parsed once here; the symptom classifier reads the same document.
                ex.document = parse_document(response.body)
                ex.missing = missing_in(ex.document, route.service.contract.required)
                if ex.missing:
                    self.metrics.contract_violations.labels(
                        self.role, provider_code, service_code
                    ).inc()
                    missing = ",".join(ex.missing).encode()
                    response.headers.append((b"x-sim-contract-missing", missing))
            await self._send_upstream(send, response, route, message, request_id, target)
        except UpstreamError as exc:
            ex.t_resp = now_ms()
            ex.error = ServiceFailed(exc, _failure_message(self.role, ex.target, exc))
            await self._send_error(send, ex.error, message, request_id)
        except GatewayError as exc:
            ex.error = exc
            await self._send_error(send, exc, message, request_id)
        except asyncio.CancelledError:
            # Shut down (or the server gave up on the client) before an answer: recorded as
            # such, not as a 500 that no one ever received.
            ex.error = RequestCancelled("Yêu cầu bị hủy trước khi có phản hồi.")
            raise
        except Exception:
            # X-Road category 4: this hop's own fault. The caller gets the detail id to quote;
            # the log line carries the traceback under the same id (no request data in it).
            ex.error = InternalError("Lỗi nội bộ của nền tảng; báo mã detail cho đơn vị vận hành.")
            detail = await self._send_error(send, ex.error, message, request_id)
            log.exception("internal error at %s, detail=%s", self.role, detail)
        finally:
            self.metrics.in_flight.dec()
            self.accounting.account(ex)

    async def _send_upstream(
        self,
        send: Send,
        response: UpstreamResponse,
        route: Route,
        message: str,
        request_id: str,
        target: str,
    ) -> None:
        headers = []
        via = answered_by = None
        for name, value in response.headers:  # lower-case names: the transports' contract
            if name in _DROP_BACK:
                if name == b"via":
                    via = value
                continue
            if name == b"x-sim-answered-by":
                answered_by = value
            headers.append((name, value))
        headers += [
            (b"content-length", str(len(response.body)).encode()),
            (b"x-road-id", message.encode()),
            (b"x-road-request-id", request_id.encode()),
            (b"x-road-service", route.xroad_service_header(self.catalog.instance)),
            (b"via", via + b", " + self.via if via else self.via),
        ]
        if answered_by is None:
            headers.append((b"x-sim-answered-by", f"registry:{target}".encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    async def _send_error(
        self, send: Send, error: GatewayError, message: str, request_id: str = ""
    ) -> str:
        body, detail = error.body(self.role, self.spelling)
        headers = [
            (b"x-road-error", error.xroad_type(self.role, self.spelling).encode()),
            (b"x-sim-answered-by", self.role.encode()),
            (b"via", self.via),
            *error.headers,
        ]
        if message:
            headers.append((b"x-road-id", message.encode()))
        if request_id:
            headers.append((b"x-road-request-id", request_id.encode()))
        await _send(send, error.status, body, headers=headers)
        return detail

    async def _metaservice(
        self, send: Send, route: Route, consumer: Consumer, message: str, request_id: str
    ) -> None:
        from gateway.metaservices import answer_metaservice

        status, body, content_type = await answer_metaservice(
            self, route, consumer, message, request_id
        )
        await _send(send, status, body, content_type, headers=[(b"via", self.via)])


def _failure_message(role: str, target: str, exc: UpstreamError) -> str:
    hop = "NDXP" if target == "ndxp" else f"CSDL {target}"
    where = "LGSP" if role == "lgsp" else "NDXP"
    return f"{where} không nhận được phản hồi hợp lệ từ {hop} ({exc.reason}): {exc.message}"


async def _send(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes = _JSON,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    all_headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if headers:
        all_headers += headers
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body})


def create_app(
    settings: GatewaySettings,
    *,
    role: Role,
    metrics_registry: CollectorRegistry,
    transport: Transport | None = None,
    ledger: LedgerSink | None = None,
    catalog: Catalog | None = None,
) -> GatewayApp:
    """A gateway hop in ``role``; pass ``transport`` to replace the configured one in tests."""
    catalog = catalog or load_catalog(settings.catalog_path)
    shared = transport or build_transport(
        settings.transport, max_connections=settings.max_connections_per_upstream
    )
    names = [p.code for p in catalog.providers] + (["ndxp"] if role == "lgsp" else [])
    observer = ResilienceMetrics(metrics_registry, hop=role, upstreams=names)
    # Retries happen at the hop nearest the registry (the NDXP, or the LGSP for `direct`
    # consumers); the LGSP -> NDXP hop retries connect errors only: no 3x3 amplification.
    near_registry = settings.resilience
    next_hop = near_registry.for_next_hop()
    upstreams = {
        name: Upstream(
            name,
            settings.upstream_url(name),
            transport=shared,
            timeout=settings.timeout,
            policy=next_hop if name == "ndxp" else near_registry,
            observer=observer,
        )
        for name in names
    }
    return GatewayApp(
        settings,
        role=role,
        catalog=catalog,
        metrics=GatewayMetrics(metrics_registry, hop=role),
        metrics_registry=metrics_registry,
        upstreams=upstreams,
        ledger=ledger or NullLedger(),
    )
