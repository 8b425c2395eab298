"""How a gateway hop talks to its upstream (a registry, or the next gateway): transports,
deadlines, retries, circuit breaker, bulkhead, hedging and response-contract checks
(JSON, and SOAP 1.1 answers: ``soap_missing``, ``is_client_fault``).

    upstream = Upstream("dan_cu", "http://127.0.0.1:8101", transport=build_transport("raw"),
                        timeout=Timeout(total=30), policy=ResiliencePolicy())
    answer = await upstream.send("POST", "/path", headers, body, idempotent=True)

This module is the package's one door, as ``httpx/__init__.py`` is; the ``_``-modules behind
it are internal. A client library's own exceptions never leave this package: every failure is
one of the :class:`UpstreamError` tree (``connectors._errors``).
"""

from connectors._breaker import BREAKER_STATES, CLOSED, HALF_OPEN, OPEN
from connectors._contract import (
    INVALID_JSON,
    NOT_JSON,
    ContractCheck,
    missing_in,
    parse_document,
)
from connectors._errors import (
    BulkheadFull,
    CircuitOpen,
    ConnectionReset,
    ConnectTimeout,
    DeadlineExceeded,
    ReadTimeout,
    ResponseTooLarge,
    RetryBudgetExhausted,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors._events import NULL_OBSERVER, UpstreamObserver
from connectors._policy import (
    DEFAULT_RESILIENCE,
    BreakerPolicy,
    BulkheadPolicy,
    HedgePolicy,
    ResiliencePolicy,
    RetryPolicy,
)
from connectors._raw_transport import RawHttpTransport
from connectors._timeouts import DEFAULT_TIMEOUT, Timeout
from connectors._transport import (
    DEFAULT_MAX_RESPONSE,
    AiohttpTransport,
    HttpxTransport,
    RawHeaders,
    Transport,
    UpstreamResponse,
)
from connectors._upstream import Upstream
from connectors._xml_contract import NOT_XML, fault_code, is_client_fault, is_xml, soap_missing


def build_transport(
    kind: str, *, max_connections: int = 100, max_response_bytes: int = DEFAULT_MAX_RESPONSE
) -> Transport:
    """The transport named ``kind``: ``raw`` (the default, the cheapest per call here),
    ``aiohttp`` or ``httpx`` (the respx-testable seam); ``bench/bench_gateway.py`` compares
    them. Each holds its own pool of at most ``max_connections`` connections and refuses
    answers larger than ``max_response_bytes`` (:class:`ResponseTooLarge`)."""
    if kind == "raw":
        return RawHttpTransport(
            max_connections=max_connections, max_response_bytes=max_response_bytes
        )
    if kind == "aiohttp":
        return AiohttpTransport(
            max_connections=max_connections, max_response_bytes=max_response_bytes
        )
    if kind == "httpx":
        import httpx

        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=8)
        return HttpxTransport(
            httpx.AsyncClient(limits=limits, trust_env=False),
            max_response_bytes=max_response_bytes,
        )
    raise ValueError(f"unknown transport {kind!r}: raw, aiohttp or httpx")


__all__ = [
    "BREAKER_STATES",
    "CLOSED",
    "DEFAULT_MAX_RESPONSE",
    "DEFAULT_RESILIENCE",
    "DEFAULT_TIMEOUT",
    "HALF_OPEN",
    "INVALID_JSON",
    "NOT_JSON",
    "NOT_XML",
    "NULL_OBSERVER",
    "OPEN",
    "AiohttpTransport",
    "BreakerPolicy",
    "BulkheadFull",
    "BulkheadPolicy",
    "CircuitOpen",
    "ConnectTimeout",
    "ContractCheck",
    "ConnectionReset",
    "DeadlineExceeded",
    "HedgePolicy",
    "HttpxTransport",
    "RawHeaders",
    "RawHttpTransport",
    "ReadTimeout",
    "ResiliencePolicy",
    "ResponseTooLarge",
    "RetryBudgetExhausted",
    "RetryPolicy",
    "Timeout",
    "Transport",
    "Upstream",
    "UpstreamBadResponse",
    "UpstreamError",
    "UpstreamObserver",
    "UpstreamRejected",
    "UpstreamResponse",
    "UpstreamTimeout",
    "UpstreamUnavailable",
    "build_transport",
    "fault_code",
    "is_client_fault",
    "is_xml",
    "missing_in",
    "parse_document",
    "soap_missing",
]
