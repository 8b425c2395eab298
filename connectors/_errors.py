"""Errors a connector raises; nothing above ``connectors/`` sees an httpx or aiohttp exception.

    UpstreamError                      reason
    ├── UpstreamTimeout                timeout
    │   ├── ConnectTimeout             connect_timeout
    │   ├── ReadTimeout                read_timeout
    │   └── DeadlineExceeded           deadline_exceeded
    ├── UpstreamUnavailable            connect_error
    │   └── ConnectionReset            connection_reset
    ├── UpstreamBadResponse            bad_response
    │   └── ResponseTooLarge           response_too_large
    └── UpstreamRejected               (not sent: protection of a sick upstream)
        ├── CircuitOpen                circuit_open
        ├── BulkheadFull               bulkhead_full
        └── RetryBudgetExhausted       retry_budget_exhausted

``reason`` is stable: it is the ``outcome`` metric label, the ledger ``faultCode`` suffix and the
last part of the X-Road error type the gateway answers with.
"""

from __future__ import annotations

__all__ = [
    "BulkheadFull",
    "CircuitOpen",
    "ConnectTimeout",
    "ConnectionReset",
    "DeadlineExceeded",
    "ReadTimeout",
    "ResponseTooLarge",
    "RetryBudgetExhausted",
    "UpstreamBadResponse",
    "UpstreamError",
    "UpstreamRejected",
    "UpstreamTimeout",
    "UpstreamUnavailable",
]


class UpstreamError(Exception):
    """The upstream call failed without an HTTP answer the gateway can pass through."""

    reason = "upstream_error"
    xroad_code = "InternalError"
    http_status = 502

    def __init__(self, message: str, *, upstream: str = "", attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.upstream = upstream
        self.attempts = attempts


class UpstreamTimeout(UpstreamError):
    reason = "timeout"
    xroad_code = "Timeout"
    http_status = 504


class ConnectTimeout(UpstreamTimeout):
    reason = "connect_timeout"


class ReadTimeout(UpstreamTimeout):
    reason = "read_timeout"


class DeadlineExceeded(UpstreamTimeout):
    reason = "deadline_exceeded"


class UpstreamUnavailable(UpstreamError):
    reason = "connect_error"
    xroad_code = "NetworkError"
    http_status = 502


class ConnectionReset(UpstreamUnavailable):
    reason = "connection_reset"
    xroad_code = "IOError"


class UpstreamBadResponse(UpstreamError):
    reason = "bad_response"
    xroad_code = "InvalidResponse"
    http_status = 502


class ResponseTooLarge(UpstreamBadResponse):
    """The answer is larger than the hop accepts (``max_response_bytes``): the connection is
    dropped once the bound is passed, so a runaway upstream cannot exhaust memory."""

    reason = "response_too_large"


class UpstreamRejected(UpstreamError):
    """Not sent, to protect a sick upstream; ``retry_after`` says when trying again makes
    sense (the gateway answers it as ``Retry-After``)."""

    reason = "rejected"
    xroad_code = "ServiceUnavailable"
    http_status = 503
    retry_after = 1.0


class CircuitOpen(UpstreamRejected):
    reason = "circuit_open"
    xroad_code = "CircuitOpen"


class BulkheadFull(UpstreamRejected):
    reason = "bulkhead_full"
    xroad_code = "Overloaded"


class RetryBudgetExhausted(UpstreamRejected):
    reason = "retry_budget_exhausted"
    xroad_code = "RetryBudgetExhausted"
