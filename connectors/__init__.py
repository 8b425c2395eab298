"""How a gateway talks to an upstream: transports, deadlines, resilience, contract checks."""

from connectors.errors import (
    BulkheadFull,
    CircuitOpen,
    ConnectionReset,
    ConnectTimeout,
    DeadlineExceeded,
    ReadTimeout,
    RetryBudgetExhausted,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors.events import NULL_OBSERVER, UpstreamObserver
from connectors.policy import (
    DEFAULT_RESILIENCE,
    NEXT_HOP_RESILIENCE,
    BreakerPolicy,
    BulkheadPolicy,
    HedgePolicy,
    ResiliencePolicy,
    RetryPolicy,
)
from connectors.raw_transport import RawHttpTransport
from connectors.timeouts import DEFAULT_TIMEOUT, Timeout
from connectors.transport import AiohttpTransport, HttpxTransport, Transport, UpstreamResponse
from connectors.upstream import Upstream


def build_transport(kind: str, *, max_connections: int = 100) -> Transport:
    """The transport named ``kind``: ``raw`` (default, the cheapest per call here), ``aiohttp``
    or ``httpx`` (the respx-testable seam); see ``bench/bench_gateway.py`` for the numbers."""
    if kind == "raw":
        return RawHttpTransport(max_connections=max_connections)
    if kind == "aiohttp":
        return AiohttpTransport(max_connections=max_connections)
    if kind == "httpx":
        import httpx

        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=8)
        return HttpxTransport(httpx.AsyncClient(limits=limits, trust_env=False))
    raise ValueError(f"unknown transport {kind!r}: raw, aiohttp or httpx")


__all__ = [
    "DEFAULT_RESILIENCE",
    "DEFAULT_TIMEOUT",
    "NEXT_HOP_RESILIENCE",
    "NULL_OBSERVER",
    "BreakerPolicy",
    "BulkheadPolicy",
    "HedgePolicy",
    "ResiliencePolicy",
    "RetryPolicy",
    "UpstreamObserver",
    "AiohttpTransport",
    "BulkheadFull",
    "CircuitOpen",
    "ConnectTimeout",
    "ConnectionReset",
    "DeadlineExceeded",
    "HttpxTransport",
    "RawHttpTransport",
    "ReadTimeout",
    "RetryBudgetExhausted",
    "Timeout",
    "Transport",
    "Upstream",
    "build_transport",
    "UpstreamBadResponse",
    "UpstreamError",
    "UpstreamRejected",
    "UpstreamResponse",
    "UpstreamTimeout",
    "UpstreamUnavailable",
]
