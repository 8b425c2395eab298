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
from time import time_ns

from prometheus_client import CollectorRegistry

from connectors import Transport, UpstreamError, UpstreamResponse
from gateway.accounting import Exchange, HopAccounting
from gateway.acl import AccessControl
from gateway.admission import Admission
from gateway.asgi import ErrorAnswers, Receive, Scope, Send, http_date, read_body, send_answer
from gateway.auth import Authenticator
from gateway.builtins import BUILTIN_PATHS, Builtins
from gateway.catalog import Catalog, load_catalog
from gateway.errors import (
    ClientGaveUp,
    GatewayError,
    InternalError,
    InvalidMessageId,
    MethodNotAllowed,
    RequestCancelled,
    ShuttingDown,
    too_many_headers,
)
from gateway.facts import MESSAGE_ID_PATTERN, Answer, IdMint, Inbound, now_ms
from gateway.hops import Hop, Hops, build_hops
from gateway.metaservices import Metaservices
from gateway.metrics import GatewayMetrics
from gateway.opmon import LedgerSink, NullLedger
from gateway.quota import RateLimiter
from gateway.resilience_metrics import ResilienceMetrics
from gateway.routing import Route, RouteCache
from gateway.sandbox import Evidence
from gateway.settings import GatewaySettings, Role
from gateway.soap_gate import (
    SoapEndpoint,
    SoapGate,
    is_wsdl_request,
    public_address,
    rewrite_wsdl,
)

__all__ = ["GatewayApp", "create_app"]

SOAP_ENDPOINT = "/"  # where a security server's client proxy takes SOAP (routed by its header)
_OWN_PATHS = BUILTIN_PATHS | {SOAP_ENDPOINT}

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
        sandboxes: Mapping[str, str] | None = None,  # client id → sandbox id (SandboxSet)
    ) -> None:
        self.role = role
        self.catalog = catalog
        self.metrics = metrics
        self.hops = hops
        self.auth = _authenticator(settings, catalog, role)
        self.acl = AccessControl()
        self.routes = RouteCache(catalog)
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
            settings,
            errors=self.errors,
            auth=self.auth,
            ledger=ledger,
            metrics_registry=metrics_registry,
        )
        self.admission = Admission(
            routes=self.routes,
            auth=self.auth,
            acl=self.acl,
            quota=RateLimiter(share=settings.quota_share),
            hop_by_route=hops.by_route,
            sandboxes=sandboxes if sandboxes is not None else {},
        )
        self.soap = SoapGate(catalog, self.routes, self.acl)
        self.soap_endpoint = SoapEndpoint(
            self._proxy,
            errors=self.errors,
            accounting=self.accounting,
            instance=catalog.instance,
            max_body=settings.max_body_bytes,
            body_timeout=settings.server.body_timeout_seconds,
        )
        self.settings = settings
        self._ids = _id_mint(settings, role)
        self._max_body = settings.max_body_bytes
        self._body_timeout = settings.server.body_timeout_seconds
        self._max_headers = settings.server.max_headers
        self._via = self.errors.via
        self._in_flight = metrics.in_flight

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            if scope["path"] in _OWN_PATHS:
                if scope["path"] == SOAP_ENDPOINT:
                    await self.soap_endpoint(scope, receive, send)
                else:
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
        in_flight = self._in_flight
        in_flight.value += 1  # a gauge child's field: no method call on the hot path
        try:
            if len(scope["headers"]) > self._max_headers:
                raise too_many_headers(self._max_headers)
            if request.bad_message_id:
                raise _invalid_message_id()
            try:
                admitted = self.admission.admit(ex)
            except MethodNotAllowed:
                assert ex.route is not None and ex.consumer is not None  # admitted so far
                if not is_wsdl_request(ex.route, request.method, request.query):
                    raise
                return await self._wsdl(send, ex, self.hops.by_route[ex.consumer.route], scope)
            route, consumer, hop = admitted.route, admitted.consumer, admitted.hop
            if route.metaservice is not None:
                return await self._metaservice(send, ex, hop)
            body = b"" if request.bodiless else await self._body(receive, request)
            if route.soap:
                route = ex.route = self.soap.inspect(scope, request, consumer, route, body)
            ex.request_size = len(body)
            ex.hop = hop
            ex.t_out = time_ns() // 1_000_000
            call = hop.call(route, admitted.client_header, request, body)
            response = await (
                call if ex.sandbox is None else self._watched(ex, call, body, receive)
            )
            ex.t_resp = time_ns() // 1_000_000
            answer = ex.answer = Answer(response, *hop.check_contract(route, response))
            await self._relay(send, answer, route, request)
        except UpstreamError as exc:
            ex.t_resp = now_ms()
            assert ex.hop is not None and ex.route is not None  # only a hop call raises it
            ex.error = ex.hop.failure(ex.route, exc)
            await self.errors.answer(send, ex.error, request, scope)
        except GatewayError as exc:
            ex.error = exc
            await self.errors.answer(send, exc, request, scope)
        except asyncio.CancelledError:  # shutdown ran out: see _answer_shutdown
            if ex.answer is not None or not await self._answer_shutdown(send, ex, scope):
                raise
        except Exception:  # X-Road category 4, this hop's own fault: the caller quotes detail,
            # the log line carries the traceback under the same id (no request data in it).
            ex.error = InternalError("Lỗi nội bộ của nền tảng; báo mã detail cho đơn vị vận hành.")
            if ex.answer is not None:  # the relay had begun: no second answer can follow
                ex.answer = None
                log.exception("relay failed at %s", self.role)
                raise
            detail = await self.errors.answer(send, ex.error, request, scope)
            log.exception("internal error at %s, detail=%s", self.role, detail)
        finally:
            in_flight.value -= 1
            self.accounting.account(ex)

    def _body(self, receive: Receive, request: Inbound) -> Awaitable[bytes]:
        return read_body(receive, self._max_body, request.content_length, self._body_timeout)

    async def _watched(
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

    async def _answer_shutdown(self, send: Send, ex: Exchange, scope: Scope) -> bool:
        """Answer a call cut short by shutdown; False when even that could not be sent.

        The server cancels what is still in flight when its graceful shutdown runs out: the
        caller gets an answer in its wire rather than a dropped connection or the server's
        plain-text 500, and the ledger records what it got."""
        ex.t_resp = now_ms() if ex.t_out is not None else None
        ex.error = ShuttingDown(
            f"{self.role.upper()} đang dừng và không kịp hoàn tất yêu cầu; gửi lại sau "
            "(gateway shutting down).",
            headers=[(b"retry-after", b"1"), (b"connection", b"close")],
        )
        try:
            await self.errors.answer(send, ex.error, ex.request, scope)
        except Exception:
            ex.error = RequestCancelled("Yêu cầu bị hủy trước khi có phản hồi.")
            return False
        return True

    async def _relay(self, send: Send, answer: Answer, route: Route, request: Inbound) -> None:
        """The upstream's answer, with this hop's correlation headers and Via."""
        response = answer.response
        headers = answer.relay + [
            (b"content-length", b"%d" % len(response.body)),
            (b"x-road-id", request.message_id),
            (b"x-road-request-id", request.request_id),
            (b"x-road-service", route.service_header),
            (b"via", answer.via + b", " + self._via if answer.via else self._via),
        ]
        if answer.answered_by is None:
            headers.append(route.registry_header)
        if answer.date is None:
            headers.append((b"date", http_date()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    async def _wsdl(self, send: Send, ex: Exchange, hop: Hop, scope: Scope) -> None:
        """``GET <SOAP service>?wsdl``: the provider's WSDL, its ``soap:address`` this hop's."""
        route = ex.route
        assert route is not None
        ex.hop = hop
        ex.t_out = now_ms()
        response = await hop.fetch_wsdl(route, ex.request)
        ex.t_resp = now_ms()
        answer = ex.answer = Answer(rewrite_wsdl(response, public_address(scope)), [])
        await self._relay(send, answer, route, ex.request)

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


def _id_mint(settings: GatewaySettings, role: Role) -> IdMint:
    return IdMint.random() if settings.id_seed is None else IdMint.seeded(settings.id_seed, role)


def _authenticator(settings: GatewaySettings, catalog: Catalog, role: Role) -> Authenticator:
    return Authenticator(
        catalog.consumers_of(role),
        token_ttl=settings.tokens.ttl_seconds,
        max_tokens_per_client=settings.tokens.max_live_per_client,
        token_secret=_secret(settings),
    )


def _secret(settings: GatewaySettings) -> bytes | None:
    shared = settings.tokens.shared_secret
    return None if shared is None else shared.get_secret_value().encode()


def _invalid_message_id() -> InvalidMessageId:
    return InvalidMessageId(
        "X-Road-Id phải là mã tương quan 1–128 ký tự A-Z a-z 0-9 . _ ~ : @ + = / - "
        f"(ví dụ UUID); không gửi tên hay số định danh ({MESSAGE_ID_PATTERN.decode()})."
    )


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
    """A gateway hop in ``role``; pass ``transport`` to share one (tests, benchmarks) instead of
    a configured transport, and so a connection pool, per upstream; ``sandboxes`` (consumer
    client id → sandbox id, kept up to date by the harness) to run some consumers in sandboxes
    of their own."""
    catalog = catalog or load_catalog(settings.catalog_path)
    observer = ResilienceMetrics(metrics_registry, hop=role)
    hops = build_hops(settings, role=role, catalog=catalog, transport=transport, observer=observer)
    for name, upstream in hops.upstreams.items():
        observer.prepare(name, upstream.in_flight)
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
