"""The consumer's calls as the LGSP recorded them in its sandbox: one :class:`Call` per ledger
record, with the evidence the LGSP noted (``gateway.sandbox``), in arrival order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

__all__ = ["Call", "calls_of", "is_failure"]


@dataclass(frozen=True, slots=True)
class Call:
    start: float  # requestInTs, seconds
    end: float  # responseOutTs: the answer sent, or the client gone
    service: str
    status: int
    message_id: str
    user_id: str | None
    sent_id: bool  # the client sent its own X-Road-Id
    digest: str  # the same request again has the same digest
    key: str | None  # idempotency key: Idempotency-Key, MaYeuCau or maHoSo
    content: str | None  # the body without its key: the same dossier under any key
    retry_after: float | None
    fault_code: str | None

    @property
    def gave_up(self) -> bool:
        """The client closed the connection before the answer (its own timeout)."""
        return self.status == 499

    @property
    def waited(self) -> float:
        return self.end - self.start

    @property
    def logical(self) -> tuple[str, str]:
        """What makes two calls the same call: the service and its key, else the request."""
        return self.service, self.key or self.digest

    def cite(self) -> str:
        """One line of evidence: X-Road-Id, service, status and timing."""
        return f"{self.message_id} {self.service} HTTP {self.status} {self.waited:.2f} s"


def is_failure(call: Call) -> bool:
    """An answer a client may retry: the exchange failed, was overloaded or the client gave
    up (4xx refusals other than 408/429 are final)."""
    return call.status >= 500 or call.status in (0, 408, 429, 499)


def _retry_after(evidence: dict[str, Any]) -> float | None:
    raw = evidence.get("ra")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None  # an HTTP date: not sent by the simulator


def calls_of(records: Iterable[dict[str, Any]], sandbox: str) -> list[Call]:
    """The calls the LGSP took from the sandbox's consumer (the NDXP's records are the same
    calls one hop further and are left out)."""
    calls = []
    for record in records:
        if record.get("securityServerType") != "lgsp" or record.get("sandbox") != sandbox:
            continue
        evidence = orjson.loads(record["evidence"]) if record.get("evidence") else {}
        calls.append(
            Call(
                start=record["requestInTs"] / 1000,
                end=record["responseOutTs"] / 1000,
                service=record["serviceCode"],
                status=int(record["statusCode"]),
                message_id=record["messageId"],
                user_id=record.get("userId"),
                sent_id=bool(evidence.get("i")),
                digest=str(evidence.get("d") or record["xRequestId"]),
                key=evidence.get("k"),
                content=evidence.get("c"),
                retry_after=_retry_after(evidence),
                fault_code=record.get("faultCode"),
            )
        )
    calls.sort(key=lambda c: c.start)
    return calls
