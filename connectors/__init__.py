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
from connectors.timeouts import DEFAULT_TIMEOUT, Timeout
from connectors.transport import AiohttpTransport, HttpxTransport, Transport, UpstreamResponse
from connectors.upstream import Upstream

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
