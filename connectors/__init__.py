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
from connectors.timeouts import DEFAULT_TIMEOUT, Timeout
from connectors.transport import AiohttpTransport, HttpxTransport, Transport, UpstreamResponse
from connectors.upstream import Upstream

__all__ = [
    "DEFAULT_TIMEOUT",
    "AiohttpTransport",
    "BulkheadFull",
    "CircuitOpen",
    "ConnectTimeout",
    "ConnectionReset",
    "DeadlineExceeded",
    "HttpxTransport",
    "ReadTimeout",
    "RetryBudgetExhausted",
    "Timeout",
    "Transport",
    "Upstream",
    "UpstreamBadResponse",
    "UpstreamError",
    "UpstreamRejected",
    "UpstreamResponse",
    "UpstreamTimeout",
    "UpstreamUnavailable",
]
