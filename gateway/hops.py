"""The two kinds of hop a gateway makes upstream, one object each.

                 upstream       path              identity presented      deadline
    NdxpHop      the NDXP       X-Road address    the LGSP's own client   NDXP total + margin
    (LGSP only)                 /r1/VN/...        id + Basic credentials
    RegistryHop  each registry  the registry's    the consumer's          the service's own
                                own path          client id               attempt, capped by total

Layering: retries belong to the hop nearest the registry — the NDXP's registry hop, or the
LGSP's for a consumer routed ``direct``. The NDXP hop retries connect errors only (the request
never left, so a retry cannot duplicate work) and its breaker ignores 5xx answers: those are
the NDXP relaying one registry's failure, which the NDXP's per-registry breaker handles; an
LGSP breaker opening on them would cut off every registry at once, and a retried 5xx would
make 3 × 3 attempts. The NDXP hop also waits longer than the NDXP's own total deadline, so the
NDXP's error, which names the failed hop, reaches the caller rather than an LGSP timeout. Only
the registry hop checks the answer's contract: the NDXP-facing hop relays what the NDXP checked.

Protection is per upstream *service* — per provider subsystem — on every hop, as X-Road and
Envoy keep it per cluster: each provider has its own :class:`~connectors.Upstream` (breaker,
bulkhead, retry budget) with its own transport (connection pool), the LGSP's calls through the
NDXP included (``ndxp/dan_cu``, ``ndxp/gplx``, … all to the NDXP's one address). A hung
registry then fills only its own bulkhead and pool and opens only its own breakers; the other
registries keep their capacity (``bench/bench_isolation.py``).

A gateway picks its hop once per consumer route (:attr:`Hops.by_route`); nothing on the
request path asks which role it plays. Each hop owns its upstreams (:attr:`Hop.by_provider`),
so a faulty link on one hop belongs in the hop too.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable
from typing import Any, Protocol

from connectors import (
    INVALID_JSON,
    NOT_JSON,
    ContractCheck,
    ResiliencePolicy,
    Timeout,
    Transport,
    Upstream,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamObserver,
    UpstreamResponse,
    build_transport,
    is_xml,
    soap_missing,
)
from gateway.catalog import Catalog, Service
from gateway.errors import ServiceFailed
from gateway.facts import Inbound, RawHeaders
from gateway.routing import Route
from gateway.settings import GatewaySettings, Role
from gateway.symptoms import UNPARSED

__all__ = [
    "LAYER_MARGIN_SECONDS",
    "Hop",
    "Hops",
    "NdxpHop",
    "RegistryHop",
    "UpstreamBuilder",
    "build_hops",
]

# How much longer the LGSP waits than the NDXP's own total deadline.
LAYER_MARGIN_SECONDS = 5.0

ContractVerdict = tuple[list[str], Any]  # (missing fields, the body parsed or UNPARSED)
_NOT_CHECKED: ContractVerdict = ([], UNPARSED)


class Hop(Protocol):
    """What the request path asks of a hop."""

    @property
    def upstreams(self) -> dict[str, Upstream]: ...

    @property
    def by_provider(self) -> dict[str, Upstream]:
        """Its upstream for each provider (by code): a route's is one dict look-up."""

    def call(
        self, route: Route, client: tuple[bytes, bytes], request: Inbound, body: bytes
    ) -> Awaitable[UpstreamResponse]:
        """The upstream call of ``request`` (returned, not awaited: no frame of its own);
        ``client`` is the consumer's ``X-Road-Client`` header (``Pass.client_header``)."""

    async def fetch_openapi(self, route: Route, request: Inbound) -> UpstreamResponse: ...

    async def fetch_wsdl(self, route: Route, request: Inbound) -> UpstreamResponse:
        """The WSDL of a SOAP service (``GET <service>?wsdl`` upstream), as the upstream sent it."""

    def check_contract(self, route: Route, response: UpstreamResponse) -> ContractVerdict: ...

    def failure(self, route: Route, exc: UpstreamError) -> ServiceFailed: ...


class NdxpHop:
    """LGSP → NDXP: the service's X-Road address, as the LGSP member with its own credentials;
    one upstream per provider behind the NDXP (``by_provider``)."""

    def __init__(
        self, by_provider: dict[str, Upstream], *, instance: str, client: str, secret: str
    ) -> None:
        self.by_provider = by_provider
        self.upstreams = {upstream.name: upstream for upstream in by_provider.values()}
        self._instance = instance
        basic = base64.b64encode(f"{client}:{secret}".encode())
        self.identity: RawHeaders = [
            (b"x-road-client", client.encode()),
            (b"authorization", b"Basic " + basic),
        ]

    @classmethod
    def build(cls, upstreams: UpstreamBuilder, catalog: Catalog) -> NdxpHop:
        """The LGSP's hop to the NDXP: connect-only retries, a breaker blind to 5xx, no
        hedging (``ResiliencePolicy.for_next_hop``), and a deadline past the NDXP's own."""
        settings = upstreams.settings
        timeout = cls.layered_timeout(settings.timeout)
        policy = settings.resilience.for_next_hop()
        by_provider = {
            p.code: upstreams.build(f"ndxp/{p.code}", timeout, policy, base="ndxp")
            for p in catalog.providers
        }
        client, secret = _lgsp_credentials(catalog)
        return cls(by_provider, instance=catalog.instance, client=client, secret=secret)

    @staticmethod
    def layered_timeout(ndxp: Timeout) -> Timeout:
        """The deadline of this hop, given the NDXP's own: longer than the NDXP's total, read
        included, since the NDXP sends nothing until its own retries are over."""
        waited = ndxp.total + LAYER_MARGIN_SECONDS
        return ndxp.replace(read=waited, attempt=waited, total=waited)

    def call(
        self, route: Route, client: tuple[bytes, bytes], request: Inbound, body: bytes
    ) -> Awaitable[UpstreamResponse]:
        target = route.xroad_address(self._instance)
        if request.query:  # inline, not a helper: every call passes here
            target = f"{target}?{request.query.decode('latin-1')}"
        return self.by_provider[route.provider_code].send(
            request.method,
            target,
            request.forward + self.identity,
            body,
            idempotent=route.idempotent,
        )

    async def fetch_openapi(self, route: Route, request: Inbound) -> UpstreamResponse:
        headers = self.identity + request.correlation()
        path = route.xroad_path(self._instance)
        upstream = self.by_provider[route.provider.code]
        return await upstream.send("GET", path, headers, b"", idempotent=True)

    async def fetch_wsdl(self, route: Route, request: Inbound) -> UpstreamResponse:
        headers = self.identity + request.correlation()
        upstream = self.by_provider[route.provider.code]
        path = route.xroad_address(self._instance) + "?wsdl"
        return await upstream.send("GET", path, headers, b"", idempotent=True)

    def check_contract(self, route: Route, response: UpstreamResponse) -> ContractVerdict:
        """The NDXP's answers are relayed as they are, but an error page that the NDXP never
        produced — its web front's HTML page, a bare 502 from something on the link — carries
        none of the NDXP's correlation headers: that is this link failing, not an answer to
        relay (X-Road's client proxy likewise refuses what its server proxy did not send)."""
        if response.status >= 400 and response.header(b"x-road-request-id") is None:
            kind = (response.header(b"content-type") or b"?").decode("latin-1")[:40]
            raise _ForeignPage(
                f"HTTP {response.status} ({kind}) không do NDXP trả lời (thiếu X-Road-Request-Id):"
                " trang lỗi của lớp trung gian trên đường LGSP → NDXP",
                upstream=self.by_provider[route.provider.code].name,
                fault=response.header(b"x-sim-fault"),
            )
        return _NOT_CHECKED

    def failure(self, route: Route, exc: UpstreamError) -> ServiceFailed:
        failed = ServiceFailed(exc, _failure_text("LGSP", "NDXP", exc), private=_typed(route))
        if isinstance(exc, _ForeignPage) and exc.fault:
            # The page a simulated fault put in the NDXP's place named it: the province sees
            # the tag on the LGSP's error however the stack is deployed (in one process the
            # link tally would add it too; the front merges, never repeats).
            failed.headers.append((b"x-sim-fault", exc.fault))
        return failed


class _ForeignPage(UpstreamBadResponse):
    """An error page the NDXP never sent, with the ``X-Sim-Fault`` tag it bore, if any."""

    def __init__(self, message: str, *, upstream: str, fault: bytes | None) -> None:
        super().__init__(message, upstream=upstream)
        self.fault = fault


class RegistryHop:
    """NDXP → registry, or LGSP → registry for a ``direct`` consumer: the registry's own path,
    as the consumer, under the service's own attempt deadline; the answer's contract checked.

    ``at`` names this gateway in failure texts (``LGSP``/``NDXP``)."""

    def __init__(
        self, upstreams: dict[str, Upstream], *, catalog: Catalog, timeout: Timeout, at: str
    ) -> None:
        self.upstreams = upstreams
        self.by_provider = upstreams  # one upstream per registry, named by its provider code
        self._at = at
        # Each service's required fields, parsed once (None: nothing to check).
        self._contracts = {
            (provider.code, service.code): ContractCheck(service.contract.required)
            if service.contract.required
            else None
            for provider in catalog.providers
            for service in provider.services
        }
        # The service timeout bounds an attempt and, as in X-Road (the socket timeout of the
        # provider's service), the wait for its bytes: a registry that answers after 45 s is
        # slow, not a read timeout.
        self._timeouts = {}
        for provider in catalog.providers:
            for service in provider.services:
                attempt = min(service.timeout_seconds or provider.timeout_seconds, timeout.total)
                self._timeouts[(provider.code, service.code)] = timeout.replace(
                    attempt=attempt, read=max(timeout.read, attempt)
                )

    @classmethod
    def build(cls, upstreams: UpstreamBuilder, catalog: Catalog, *, at: str) -> RegistryHop:
        """A hop to every registry of ``catalog``, each under the full resilience policy."""
        settings = upstreams.settings
        registries = {
            p.code: upstreams.build(p.code, settings.timeout, settings.resilience)
            for p in catalog.providers
        }
        return cls(registries, catalog=catalog, timeout=settings.timeout, at=at)

    def call(
        self, route: Route, client: tuple[bytes, bytes], request: Inbound, body: bytes
    ) -> Awaitable[UpstreamResponse]:
        provider = route.provider_code
        target = route.upstream_target
        if request.query:
            target = f"{target}?{request.query.decode('latin-1')}"
        return self.upstreams[provider].send(
            request.method,
            target,
            request.forward + [client],
            body,
            idempotent=route.idempotent,
            timeout=self._timeouts[(provider, route.service_code)],
        )

    async def fetch_openapi(self, route: Route, request: Inbound) -> UpstreamResponse:
        upstream = self.upstreams[route.provider.code]
        return await upstream.send(
            "GET", "/openapi.json", request.correlation(), b"", idempotent=True
        )

    async def fetch_wsdl(self, route: Route, request: Inbound) -> UpstreamResponse:
        upstream = self.upstreams[route.provider.code]
        path = route.upstream_target + "?wsdl"
        return await upstream.send("GET", path, request.correlation(), b"", idempotent=True)

    def check_contract(self, route: Route, response: UpstreamResponse) -> ContractVerdict:
        service = route.service
        assert service is not None
        check = self._contracts[(route.provider_code, route.service_code)]
        if check is not None and 200 <= response.status < 300:
            # Parsed once here; the symptom classifier reads the same document.
            verdict = check.check(response.body)
            if verdict[1] is INVALID_JSON and route.soap:
                return _soap_contract(service, response)
            return verdict
        if route.soap and response.status == 500:
            return _soap_contract(service, response)
        return _NOT_CHECKED

    def failure(self, route: Route, exc: UpstreamError) -> ServiceFailed:
        text = _failure_text(self._at, f"CSDL {route.provider.code}", exc)
        return ServiceFailed(exc, text, private=_typed(route))


def _soap_contract(service: Service, response: UpstreamResponse) -> ContractVerdict:
    """A SOAP service's answer, when it is XML: an envelope whose body holds the service's
    answer element or a Fault (``connectors.soap_missing``); a JSON answer of the same service
    (its JSON form) was checked as JSON."""
    assert service.soap_answer is not None
    if not is_xml(response.header(b"content-type")):
        return ([NOT_JSON], UNPARSED) if response.status < 300 else _NOT_CHECKED
    return soap_missing(response.body, service.soap_answer), UNPARSED


def _typed(route: Route) -> tuple[str, ...]:
    """What of a failure's text the caller typed: the path after the service, should a
    transport quote the URL."""
    return (route.rest,) if route.rest else ()


# What went wrong onward, in Vietnamese; the connector's own words follow in parentheses.
_FAILURES = {
    "timeout": "quá thời gian chờ",
    "connect_timeout": "quá thời gian chờ kết nối",
    "read_timeout": "quá thời gian chờ phản hồi",
    "deadline_exceeded": "hết thời hạn xử lý",
    "connect_error": "không kết nối được",
    "connection_reset": "kết nối bị ngắt trước khi có phản hồi đầy đủ",
    "bad_response": "phản hồi không đúng giao thức HTTP",
    "response_too_large": "phản hồi vượt quá kích thước cho phép",
    "rejected": "lời gọi bị chặn trước khi gửi",
    "circuit_open": "bộ ngắt mạch đang mở",
    "bulkhead_full": "đã đủ số lời gọi đồng thời",
    "retry_budget_exhausted": "hết ngân sách thử lại",
}


def _failure_text(at: str, hop: str, exc: UpstreamError) -> str:
    what = _FAILURES.get(exc.reason, "lỗi khi gọi")
    return f"{at} không nhận được phản hồi hợp lệ từ {hop}: {what} ({exc.reason}: {exc.message})"


class Hops:
    """The hops of one gateway: which one a consumer's requests take, and all their upstreams."""

    def __init__(self, registry: RegistryHop, ndxp: NdxpHop | None = None) -> None:
        self.registry = registry
        self.ndxp = ndxp
        # Consumers are routed `ndxp` (the default) or `direct`; at the NDXP itself both
        # mean the registry.
        self.by_route: dict[str, Hop] = {"ndxp": ndxp or registry, "direct": registry}
        self.upstreams = {**registry.upstreams, **(ndxp.upstreams if ndxp else {})}

    async def aclose(self) -> None:
        closed: set[int] = set()
        for upstream in self.upstreams.values():
            if id(upstream.transport) not in closed:
                closed.add(id(upstream.transport))
                await upstream.transport.aclose()


class UpstreamBuilder:
    """Builds the upstreams of one gateway: each a base URL from the settings, reached through
    a transport (a connection pool) of its own unless one ``transport`` is given for all (tests,
    benchmarks), observed by the hop's metrics."""

    def __init__(
        self, settings: GatewaySettings, transport: Transport | None, observer: UpstreamObserver
    ) -> None:
        self.settings = settings
        self.transport = transport
        self.observer = observer

    def build(
        self, name: str, timeout: Timeout, policy: ResiliencePolicy, *, base: str | None = None
    ) -> Upstream:
        """The upstream ``name`` at the base URL of ``base`` (default: ``name``)."""
        settings = self.settings
        transport = self.transport or build_transport(
            settings.transport,
            max_connections=settings.max_connections_per_upstream,
            max_response_bytes=settings.max_response_bytes,
        )
        return Upstream(
            name,
            settings.upstream_url(base or name),
            transport=transport,
            timeout=timeout,
            policy=policy,
            observer=self.observer,
        )


def build_hops(
    settings: GatewaySettings,
    *,
    role: Role,
    catalog: Catalog,
    transport: Transport | None,
    observer: UpstreamObserver,
) -> Hops:
    """The hops of a gateway in ``role``: a registry hop, and at the LGSP an NDXP hop (the
    NDXP has no next gateway)."""
    upstreams = UpstreamBuilder(settings, transport, observer)
    registry = RegistryHop.build(upstreams, catalog, at=role.upper())
    return Hops(registry, NdxpHop.build(upstreams, catalog) if role == "lgsp" else None)


def _lgsp_credentials(catalog: Catalog) -> tuple[str, str]:
    """The client id and secret the LGSP presents to the NDXP (the NDXP's consumer
    ``.../LGSP``)."""
    for consumer in catalog.consumers_of("ndxp"):
        if consumer.relays:
            return consumer.client, consumer.secret
    raise ValueError("catalog has no NDXP consumer for the LGSP (client .../LGSP)")
