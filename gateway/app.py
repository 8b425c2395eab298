"""The broker as one raw-ASGI app, in either role.

    app = create_app(settings, role="ndxp", metrics_registry=CollectorRegistry())

Request path at one hop: resolve the address → authenticate → ACL → quota → read the body →
call the next hop (``gateway.hops``: the NDXP, or the registry) → contract check → relay the
answer with correlation headers → one ledger record and metrics (``gateway.accounting``), after
the answer is sent. The body is passed through as bytes; only error bodies and metaservice
answers are built here.

Why raw ASGI and not FastAPI: a hop must add little to the registry's latency, and a
framework's routing, dependency injection and validation cost more per proxied request than
the whole broker logic (``bench/bench_gateway.py`` measures the hop against a raw-ASGI floor).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Mapping

from prometheus_client import CollectorRegistry

from connectors import Transport, UpstreamError, UpstreamResponse, build_transport
from gateway.accounting import Exchange, HopAccounting
from gateway.acl import AccessControl
from gateway.asgi import ErrorAnswers, Receive, Scope, Send, http_date, read_body, send_answer
from gateway.auth import Authenticator
from gateway.builtins import BUILTIN_PATHS, Builtins
from gateway.catalog import Catalog, Consumer, load_catalog
from gateway.errors import (
    AccessDenied,
    ClientGaveUp,
    GatewayError,
    InternalError,
    MethodNotAllowed,
    QuotaExceeded,
    RequestCancelled,
)
from gateway.facts import Answer, IdMint, Inbound, now_ms
from gateway.hops import Hop, Hops, build_hops
from gateway.metaservices import Metaservices
from gateway.metrics import GatewayMetrics
from gateway.opmon import LedgerSink, NullLedger
from gateway.quota import RateLimiter
from gateway.resilience_metrics import ResilienceMetrics
from gateway.routing import Route, RouteCache
from gateway.sandbox import SANDBOX_HEADER, Evidence
from gateway.settings import GatewaySettings, Role

__all__ = ["GatewayApp", "create_app"]

log = logging.getLogger("ndxp_sim.gateway")


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
        hops: Hops,
        ledger: LedgerSink,
        sandboxes: Mapping[str, str] | None = None,
    ) -> None:
        self.role = role
        # consumer client id → sandbox id, kept by the harness (``SandboxSet.bindings``).
        self._sandbox_of: Mapping[str, str] = sandboxes if sandboxes is not None else {}
        self.catalog = catalog
        self.metrics = metrics
        self.hops = hops
        self.auth = Authenticator(catalog.consumers_of(role), token_ttl=settings.token_ttl_seconds)
        self.acl = AccessControl()
        self.routes = RouteCache(catalog)
        self.quota = RateLimiter()
        self.errors = ErrorAnswers(role, settings.error_spelling)
        self.accounting = HopAccounting(
            role=role,
            spelling=settings.error_spelling,
            metrics=metrics,
            ledger=ledger,
            slow_seconds=settings.slow_answer_seconds,
        )
        self.metaservices = Metaservices(instance=catalog.instance, allowed=self.acl.allowed)
        self.builtins = Builtins(
            errors=self.errors,
            auth=self.auth,
            ledger=ledger,
            metrics_registry=metrics_registry,
            max_body_bytes=settings.max_body_bytes,
            max_records_per_page=settings.max_records_per_page,
        )
        self._ids = (
            IdMint.random() if settings.id_seed is None else IdMint.seeded(settings.id_seed, role)
        )
        self._hop_by_route = hops.by_route
        self._instance = catalog.instance
        self._max_body = settings.max_body_bytes
        self._via = self.errors.via

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            if scope["path"] in BUILTIN_PATHS:
                await self.builtins(scope, receive, send)
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
        await self.hops.aclose()

    async def _proxy(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Inbound(scope, self._ids)
        ex = Exchange(request)
        self.metrics.in_flight.inc()
        try:
            route = ex.route = self.routes.resolve(request.path)
            consumer = ex.consumer = self.auth.authenticate(
                request.authorization, request.lgsp_token, request.xroad_client
            )
            hop = self._hop_by_route[consumer.route]
            if route.metaservice is not None:
                await self._metaservice(send, ex, hop)
                return
            if consumer.relays:
                sandbox = request.sandbox
            else:  # one dict get: the sandbox, if any, the harness put this consumer in
                named = self._sandbox_of.get(consumer.client)
                sandbox = None if named is None else named.encode()
            if sandbox is not None:
                ex.sandbox = sandbox
                request.forward.append((SANDBOX_HEADER, sandbox))
            self._admit(route, consumer, request.method)
            body = await read_body(receive, self._max_body)
            ex.request_size = len(body)
            ex.hop = hop
            ex.t_out = now_ms()
            if sandbox is None:
                response = await hop.call(route, consumer, request, body)
            else:
                response = await self._sandboxed_call(
                    ex, hop.call(route, consumer, request, body), body, receive
                )
            ex.t_resp = now_ms()
            answer = ex.answer = Answer(response, *hop.check_contract(route, response))
            await self._relay(send, answer, route, request)
        except UpstreamError as exc:
            ex.t_resp = now_ms()
            assert ex.hop is not None and ex.route is not None  # only a hop call raises it
            ex.error = ex.hop.failure(ex.route, exc)
            await self.errors.send(send, ex.error, request.message_id, request.request_id)
        except GatewayError as exc:
            ex.error = exc
            await self.errors.send(send, exc, request.message_id, request.request_id)
        except asyncio.CancelledError:
            # Shut down (or the server gave up on the client) before an answer: recorded as
            # such, not as a 500 that no one ever received.
            ex.error = RequestCancelled("Yêu cầu bị hủy trước khi có phản hồi.")
            raise
        except Exception:
            # X-Road category 4: this hop's own fault. The caller gets the detail id to quote;
            # the log line carries the traceback under the same id (no request data in it).
            ex.error = InternalError("Lỗi nội bộ của nền tảng; báo mã detail cho đơn vị vận hành.")
            detail = await self.errors.send(send, ex.error, request.message_id, request.request_id)
            log.exception("internal error at %s, detail=%s", self.role, detail)
        finally:
            self.metrics.in_flight.dec()
            self.accounting.account(ex)

    async def _sandboxed_call(
        self, ex: Exchange, call: Awaitable[UpstreamResponse], body: bytes, receive: Receive
    ) -> UpstreamResponse:
        """A sandboxed consumer's call: its evidence noted (at the hop that met the client) and
        its client watched, so that a client giving up is recorded as such — the proof that
        it has a timeout (``simulator.conformance``)."""
        if not ex.consumer or ex.consumer.relays:
            return await call
        ex.evidence = Evidence(ex.request, body)
        task = asyncio.ensure_future(call)
        gone = asyncio.ensure_future(_client_gone(receive))
        try:
            await asyncio.wait((task, gone), return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
            if not task.done():
                task.cancel()
        if not task.done() or task.cancelled():
            with contextlib.suppress(asyncio.CancelledError):
                await task  # the upstream call, abandoned with the client
            ex.t_resp = now_ms()
            waited = ex.t_resp - ex.request.t_in
            raise ClientGaveUp(f"Bên gọi đóng kết nối sau {waited} ms, trước khi có phản hồi.")
        return task.result()

    def _admit(self, route: Route, consumer: Consumer, method: str) -> None:
        """ACL, quota and method of a service call; raises the refusal."""
        assert route.service is not None
        provider, service = route.provider.code, route.service.code
        if not self.acl.allowed(consumer, provider, service):
            raise AccessDenied(
                f"Request is not allowed: {consumer.client} không được cấp quyền gọi "
                f"{provider}/{service}."
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
                f"Dịch vụ {service} chỉ nhận {route.service.method}, không nhận {method}."
            )

    async def _relay(self, send: Send, answer: Answer, route: Route, request: Inbound) -> None:
        """The upstream's answer, with this hop's correlation headers and Via."""
        response = answer.response
        headers = answer.relay + [
            (b"content-length", b"%d" % len(response.body)),
            (b"x-road-id", request.message_id),
            (b"x-road-request-id", request.request_id),
            (b"x-road-service", route.xroad_service_header(self._instance)),
            (b"via", answer.via + b", " + self._via if answer.via else self._via),
        ]
        if answer.answered_by is None:
            headers.append((b"x-sim-answered-by", b"registry:" + route.provider.code.encode()))
        if answer.date is None:
            headers.append((b"date", http_date()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    async def _metaservice(self, send: Send, ex: Exchange, hop: Hop) -> None:
        route, consumer, request = ex.route, ex.consumer, ex.request
        assert route is not None and consumer is not None
        ex.hop = hop  # getOpenAPI goes upstream: a failure is that hop's

        async def fetch_openapi() -> UpstreamResponse:
            ex.t_out = now_ms()
            return await hop.fetch_openapi(route, request)

        status, body, content_type = await self.metaservices.answer(route, consumer, fetch_openapi)
        await send_answer(send, status, body, content_type, headers=[(b"via", self._via)])


async def _client_gone(receive: Receive) -> None:
    """Returns when the client closes its connection (the body has been read already)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def create_app(
    settings: GatewaySettings,
    *,
    role: Role,
    metrics_registry: CollectorRegistry,
    transport: Transport | None = None,
    ledger: LedgerSink | None = None,
    catalog: Catalog | None = None,
    sandboxes: Mapping[str, str] | None = None,
) -> GatewayApp:
    """A gateway hop in ``role``; pass ``transport`` to replace the configured one in tests,
    ``sandboxes`` (consumer client id → sandbox id, kept up to date by the harness) to run
    some consumers in sandboxes of their own."""
    catalog = catalog or load_catalog(settings.catalog_path)
    shared = transport or build_transport(
        settings.transport, max_connections=settings.max_connections_per_upstream
    )
    observer = ResilienceMetrics(metrics_registry, hop=role)
    hops = build_hops(settings, role=role, catalog=catalog, transport=shared, observer=observer)
    for name in hops.upstreams:
        observer.prepare(name)
    return GatewayApp(
        settings,
        role=role,
        catalog=catalog,
        metrics=GatewayMetrics(metrics_registry, hop=role),
        metrics_registry=metrics_registry,
        hops=hops,
        ledger=ledger or NullLedger(),
        sandboxes=sandboxes,
    )
