"""Per-hop operational-monitoring record (X-Road opmon field names) and the sink it goes to.

One :class:`HopRecord` is written per request per hop. Timestamps are milliseconds since the
epoch, as in X-Road: gateway overhead = (requestOutTs - requestInTs) + (responseOutTs -
responseInTs); upstream time = responseInTs - requestOutTs. Fields beyond X-Road (attempts,
breaker state, injected fault, detected symptom) are what make resilience visible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from prometheus_client.registry import Collector

__all__ = ["HopRecord", "LedgerSink", "NullLedger", "PendingRecord"]


@dataclass(slots=True)
class HopRecord:
    securityServerType: str  # "lgsp" | "ndxp" (X-Road: Client | Producer)
    requestInTs: int
    requestOutTs: int | None
    responseInTs: int | None
    responseOutTs: int
    clientId: str
    serviceProvider: str
    serviceCode: str
    serviceVersion: str
    restMethod: str
    restPath: str  # service path template, never the caller's raw path
    messageId: str  # X-Road-Id, end to end
    xRequestId: str  # X-Road-Request-Id, this hop
    requestSize: int
    responseSize: int
    statusCode: int
    succeeded: bool
    faultCode: str | None
    faultString: str | None
    attempts: int
    breakerState: str | None
    injectedFault: str | None  # X-Sim-Fault seen on the answer (row:kind)
    detectedSymptom: str | None  # the gateway's own classification, header-independent
    answeredBy: str  # which hop produced the answer: registry:<name> | ndxp | lgsp
    userId: str | None = None  # X-Road-UserId, masked
    sandbox: str | None = None  # the per-consumer sandbox the call ran in (gateway.sandbox)
    evidence: str | None = None  # a sandboxed call's conformance evidence, compact JSON

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# A record not built yet: ``(row, facts)``, where ``row(facts)`` gives the record's values in
# HopRecord's field order. A hop hands over the facts it already holds and the sink builds the
# row when it stores it (the SQLite writer: on its own thread, off the request's path).
# Everything ``row`` reads must be final when it is handed over.
PendingRecord = tuple[Callable[[Any], list[Any]], Any]


class LedgerSink(Protocol):
    """Where a hop's records go, and the fault journal beside them.

    ``record``, ``record_pending`` and ``record_fault`` run on the request path and must never
    block; ``close`` flushes and may block (call it off the event loop); ``collector`` is the
    sink's own health as Prometheus metrics, if it has any.
    """

    def record(self, record: HopRecord) -> None: ...

    def record_pending(self, pending: PendingRecord) -> None:
        """A record the sink builds itself (``pending[0](pending[1])``), when it stores it."""

    def record_fault(self, message_id: str | None, registry: str, tag: str) -> None:
        """A fault a registry mock applied to the request keyed ``message_id`` (X-Road-Id), so
        that a request that never got an answer is still attributed to its Phụ lục V row."""

    def close(self) -> None: ...

    def collector(self, hop: str) -> Collector | None: ...

    def problem(self) -> str | None:
        """Why records are being lost right now (named on ``/healthz``), or ``None``."""


class NullLedger:
    """Discards records (benchmarks of the bare proxy path). A subclass that keeps records
    overrides ``record`` alone: a pending record is built and passed to it."""

    def record(self, record: HopRecord) -> None:
        return None

    def record_pending(self, pending: PendingRecord) -> None:
        self.record(HopRecord(*pending[0](pending[1])))

    def record_fault(self, message_id: str | None, registry: str, tag: str) -> None:
        return None

    def close(self) -> None:
        return None

    def collector(self, hop: str) -> Collector | None:
        return None

    def problem(self) -> str | None:
        return None
