"""How far one request got at one hop (:class:`Exchange`), and turning it into metrics and one
opmon ledger record (:class:`HopAccounting`) once it is over — answered, refused, failed
upstream or cancelled.

The request path sets each step's result on the exchange once; the request and the answer are
read-once facts (``gateway.facts``). Nothing here runs before the answer is sent.
"""

from __future__ import annotations

import time
from time import time_ns
from typing import Any

from connectors import CLOSED, is_client_fault
from gateway.catalog import Consumer
from gateway.errors import GatewayError, QuotaExceeded, RequestCancelled, ServiceFailed
from gateway.facts import Answer, Inbound
from gateway.hops import Hop
from gateway.metrics import GatewayMetrics
from gateway.opmon.records import LedgerSink
from gateway.privacy import mask_identifier
from gateway.routing import Route
from gateway.sandbox import Evidence, evidence_text
from gateway.symptoms import SLOW_SECONDS, classify_answer, classify_failure

__all__ = ["Exchange", "HopAccounting"]


class Exchange:
    """One request at one hop: how far it got, and how it ended (an answer or an error)."""

    __slots__ = (
        "answer",
        "caller",
        "consumer",
        "error",
        "evidence",
        "hop",
        "request",
        "request_size",
        "route",
        "sandbox",
        "t_out",
        "t_resp",
    )

    def __init__(self, request: Inbound) -> None:
        self.request = request
        self.route: Route | None = None
        self.consumer: Consumer | None = None
        self.caller = "-"  # the consumer's label (Consumer.label) once it is known
        self.hop: Hop | None = None  # set when the request goes upstream
        self.request_size = 0
        self.t_out: int | None = None  # X-Road opmon: request sent upstream
        self.t_resp: int | None = None  # X-Road opmon: answer (or failure) came back
        self.answer: Answer | None = None
        self.error: GatewayError | None = None
        self.sandbox: bytes | None = None  # set only for a consumer in a sandbox
        self.evidence: Evidence | None = None


class HopAccounting:
    """Metrics and the ledger record of each finished exchange at one hop."""

    def __init__(
        self,
        *,
        role: str,
        spelling: str,
        metrics: GatewayMetrics,
        ledger: LedgerSink,
        slow_seconds: float = SLOW_SECONDS,
    ) -> None:
        self.slow_seconds = slow_seconds
        self.role = role
        self.spelling = spelling
        self.metrics = metrics
        self.ledger = ledger
        self._ledger_put = ledger.record_pending
        self._row_of = self._row  # one bound method, not one per call

    def account(self, ex: Exchange) -> None:
        answer, error, route = ex.answer, ex.error, ex.route
        if answer is None and error is None:
            return  # a metaservice this hop answered itself
        seconds = time.perf_counter() - ex.request.started
        provider = route.provider_code if route is not None else "-"
        hop = ex.hop
        upstream = hop.by_provider[provider] if hop is not None and route is not None else None
        name = state = None
        if upstream is not None:
            name, breaker = upstream.name, upstream.breaker
            if breaker is not None:  # Upstream.breaker_state, a closed breaker's without a call
                state = breaker.state if breaker.state == CLOSED else upstream.breaker_state
        if answer is not None:
            status, outcome, symptom = self._answered(answer, seconds)
            # A relayed SOAP Client Fault is the caller's error in a 500, not a failing upstream.
            called = outcome if status < 500 or outcome == "soap_client_fault" else "http_5xx"
            upstream_seconds = answer.response.elapsed
            size, attempts = answer.settle()
        else:
            assert error is not None
            status, outcome, symptom = self._unanswered(ex, error)
            called, upstream_seconds, size = outcome, 0.0, 0
            if isinstance(error, ServiceFailed):
                name, attempts = name or "-", error.cause.attempts
                upstream_seconds = ((ex.t_resp or ex.request.t_in) - ex.request.t_in) / 1000
            else:
                name, attempts = None, 0  # refused here: nothing went upstream
        service = route.service_code if route is not None else "-"
        consumer = ex.caller
        self.metrics.observe_call(
            (provider, service, consumer, status, outcome, symptom, name, called),
            seconds,
            upstream_seconds,
        )
        # The record is built by the ledger (its writer thread) from what is known now; only
        # what may still change — the breaker's state, the clock — is read here.
        self._ledger_put(
            (
                self._row_of,
                (ex, provider, service, consumer, status, outcome, symptom,
                 state, time_ns(),
                 size, attempts),
            )
        )  # fmt: skip

    def _answered(self, answer: Answer, seconds: float) -> tuple[int, str, str]:
        """Status, outcome and symptom of an answer relayed from upstream."""
        response = answer.response
        status = response.status
        missing = answer.missing
        if missing:
            outcome = "contract_violation"
        elif status == 500 and is_client_fault(status, answer.content_type, response.body):
            outcome = "soap_client_fault"  # the caller's message was wrong (SOAP 1.1 §6.2: 500)
        else:
            outcome = "success" if status < 400 else f"http_{status // 100}xx"
        symptom = classify_answer(
            status, missing, response.body, answer.content_type, seconds, answer.xroad_error,
            answer.date, answer.document, self.slow_seconds,
        )  # fmt: skip
        return status, outcome, symptom

    def _unanswered(self, ex: Exchange, error: GatewayError) -> tuple[int, str, str]:
        """Status, outcome and symptom of an error this hop answered (or of a cancelled call)."""
        if isinstance(error, ServiceFailed):
            return error.status, error.reason, classify_failure(error.reason)
        self.metrics.gateway_error(error.reason)
        if isinstance(error, QuotaExceeded):
            self.metrics.quota_rejected(ex.caller)
        symptom = "cancelled" if isinstance(error, RequestCancelled) else "gateway_error"
        return error.status, error.reason, symptom

    def _row(self, facts: tuple[Any, ...]) -> list[Any]:
        """The ledger record of a finished exchange, in HopRecord's field order (the ledger's
        test of the record's fields catches a swap); run by the ledger when it stores it."""
        (ex, provider, service, consumer, status, outcome, symptom, breaker, out_ns, size,
         attempts) = facts  # fmt: skip
        request, route, answer, error = ex.request, ex.route, ex.answer, ex.error
        if answer is not None:  # settled: its facts from the head, not its body
            answered_by = (
                answer.answered_by.decode() if answer.answered_by else f"registry:{provider}"
            )
            # An error the next hop produced and this hop relayed keeps its X-Road type here.
            relayed = answer.xroad_error.decode("latin-1") if answer.xroad_error else None
            injected = answer.fault.decode("latin-1") if answer.fault else None
        else:
            answered_by, relayed, injected = self.role, None, None
        user = request.user_id
        sandbox, evidence = _UNSANDBOXED if ex.sandbox is None else _sandboxed(ex)
        return [
            self.role,  # securityServerType
            request.t_in,  # requestInTs
            ex.t_out,  # requestOutTs
            ex.t_resp,  # responseInTs
            out_ns // 1_000_000,  # responseOutTs
            consumer,  # clientId
            provider,  # serviceProvider
            service,  # serviceCode
            route.provider.version if route is not None else "-",  # serviceVersion
            request.method,  # restMethod
            route.service.path if route is not None and route.service else "-",  # restPath
            request.message_id.decode("latin-1"),  # messageId
            request.request_id.decode("latin-1"),  # xRequestId
            ex.request_size,  # requestSize
            size,  # responseSize
            status,  # statusCode
            outcome == "success",  # succeeded
            error.xroad_type(self.role, self.spelling) if error else relayed,  # faultCode
            error.record_message()[:2048] if error else None,  # faultString, client text masked
            attempts,  # attempts
            breaker,  # breakerState
            injected,  # injectedFault
            symptom,  # detectedSymptom
            answered_by,  # answeredBy
            mask_identifier(user.decode("latin-1")) if user else None,  # userId
            sandbox,  # sandbox
            evidence,  # evidence
        ]


_UNSANDBOXED: tuple[None, None] = (None, None)


def _sandboxed(ex: Exchange) -> tuple[str | None, str | None]:
    """The sandbox and evidence columns of a sandboxed call (``gateway.sandbox``)."""
    assert ex.sandbox is not None
    if ex.evidence is None:
        return ex.sandbox.decode("latin-1"), None
    retry_after = ex.answer.retry_after if ex.answer is not None else None
    if ex.error is not None:
        retry_after = next((v for k, v in ex.error.headers if k == b"retry-after"), None)
    return ex.sandbox.decode("latin-1"), evidence_text(ex.evidence, retry_after)
