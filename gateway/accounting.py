"""What one hop saw of one request (:class:`Exchange`), and turning it into metrics and one
opmon ledger record (:class:`HopAccounting`) once the request is over — answered, refused,
failed upstream or cancelled.

The request path fills the exchange as it goes; nothing here runs before the answer is sent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from connectors import Upstream, UpstreamResponse
from gateway.errors import GatewayError, QuotaExceeded, RequestCancelled, ServiceFailed
from gateway.metrics import GatewayMetrics
from gateway.opmon.records import HopRecord, LedgerSink
from gateway.privacy import mask_identifier
from gateway.routing import Route
from gateway.symptoms import UNPARSED, classify

__all__ = ["Exchange", "HopAccounting", "now_ms"]


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(slots=True)
class Exchange:
    """One request at one hop, filled in as it travels (X-Road opmon timestamps included)."""

    method: str
    message_id: str  # X-Road-Id, end to end
    request_id: str  # X-Road-Request-Id of this hop
    user_id: bytes | None
    started: float  # perf_counter, for the duration metric
    t_in: int
    t_out: int | None = None
    t_resp: int | None = None
    route: Route | None = None
    provider: str = "-"
    service: str = "-"
    consumer: str = "-"
    target: str = "-"  # the upstream called: a registry code or "ndxp"
    body: bytes = b""
    response: UpstreamResponse | None = None
    error: GatewayError | None = None
    missing: list[str] = field(default_factory=list)
    document: Any = UNPARSED  # the answer parsed for the contract check, if it was


class _AnswerHeaders:
    """The answer headers accounting reads, found in one pass over the header list."""

    __slots__ = ("answered_by", "content_type", "fault", "retry_after", "xroad_error")

    def __init__(self, headers: list[tuple[bytes, bytes]]) -> None:
        self.answered_by: bytes | None = None
        self.content_type: bytes | None = None
        self.fault: bytes | None = None
        self.retry_after: bytes | None = None
        self.xroad_error: bytes | None = None
        for name, value in headers:
            if name == b"content-type":
                self.content_type = value
            elif name == b"x-sim-answered-by":
                self.answered_by = value
            elif name == b"x-sim-fault":
                self.fault = value
            elif name == b"x-road-error":
                self.xroad_error = value
            elif name == b"retry-after":
                self.retry_after = value


_NO_ANSWER = _AnswerHeaders([])


class HopAccounting:
    """Metrics and the ledger record of each finished exchange at one hop."""

    def __init__(
        self,
        *,
        role: str,
        spelling: str,
        metrics: GatewayMetrics,
        ledger: LedgerSink,
        upstreams: dict[str, Upstream],
    ) -> None:
        self.role = role
        self.spelling = spelling
        self.metrics = metrics
        self.ledger = ledger
        self.upstreams = upstreams

    def account(self, ex: Exchange) -> None:
        seconds = time.perf_counter() - ex.started
        route, response, error, target = ex.route, ex.response, ex.error, ex.target
        if route is not None and route.metaservice is not None and error is None:
            return
        seen = _AnswerHeaders(response.headers) if response is not None else _NO_ANSWER
        if response is not None:
            status = response.status
            answered = seen.answered_by.decode() if seen.answered_by else f"registry:{ex.provider}"
            outcome = (
                "success"
                if status < 400 and not ex.missing
                else ("contract_violation" if ex.missing else f"http_{status // 100}xx")
            )
            upstream_reason = None
            self.metrics.observe_upstream(
                target, outcome if status < 500 else "http_5xx", response.elapsed
            )
        else:
            status = error.status if error else 500
            answered = self.role
            outcome = error.reason if error else "gateway_error"
            upstream_reason = error.reason if isinstance(error, ServiceFailed) else None
            if isinstance(error, ServiceFailed):
                self.metrics.observe_upstream(
                    target, error.reason, ((ex.t_resp or ex.t_in) - ex.t_in) / 1000
                )
            elif error is not None:
                self.metrics.gateway_error(error.reason)
                if isinstance(error, QuotaExceeded):
                    self.metrics.quota_rejected(ex.consumer)
        self.metrics.observe_request(ex.provider, ex.service, ex.consumer, status, outcome, seconds)
        if response is not None or upstream_reason is not None:
            symptom = classify(
                status=status,
                upstream_reason=upstream_reason,
                missing=ex.missing,
                body=response.body if response is not None else b"",
                content_type=seen.content_type,
                retry_after=seen.retry_after is not None,
                seconds=seconds,
                xroad_error=seen.xroad_error,
                document=ex.document,
            )
        else:
            symptom = "cancelled" if isinstance(error, RequestCancelled) else "gateway_error"
        self.metrics.observe_symptom(ex.provider, symptom)
        fault = seen.fault
        # An error the next hop produced and this hop relayed keeps its X-Road type here too.
        relayed = seen.xroad_error
        self.ledger.record(
            HopRecord(
                securityServerType=self.role,
                requestInTs=ex.t_in,
                requestOutTs=ex.t_out,
                responseInTs=ex.t_resp,
                responseOutTs=now_ms(),
                clientId=ex.consumer,
                serviceProvider=ex.provider,
                serviceCode=ex.service,
                serviceVersion=route.provider.version if route else "-",
                restMethod=ex.method,
                restPath=route.service.path if route and route.service else "-",
                messageId=ex.message_id,
                xRequestId=ex.request_id,
                requestSize=len(ex.body),
                responseSize=len(response.body) if response is not None else 0,
                statusCode=status,
                succeeded=outcome == "success",
                faultCode=error.xroad_type(self.role, self.spelling)
                if error
                else (relayed.decode("latin-1") if relayed else None),
                faultString=error.message[:2048] if error else None,
                attempts=response.attempts
                if response is not None
                else (error.cause.attempts if isinstance(error, ServiceFailed) else 0),
                breakerState=(
                    self.upstreams[target].breaker_state if target in self.upstreams else None
                ),
                injectedFault=fault.decode("latin-1") if fault else None,
                detectedSymptom=symptom,
                answeredBy=answered,
                userId=mask_identifier(ex.user_id.decode("latin-1")) if ex.user_id else None,
            )
        )
