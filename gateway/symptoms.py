"""What the gateway itself observed on a call, independent of any injected-fault header, so the
same classification works against the real registries.

Symptom classes (stable strings; the ledger ``detectedSymptom`` and the metric label):

    ok                answered 2xx with plausible data, in time
    slow              answered 2xx, but after ``SLOW_SECONDS`` (Phụ lục V rows 20, 51, 54–56, 63)
    timeout           no answer within the deadline (connect/read/total)
    connect_error     nobody listening, DNS, refused
    connection_reset  the connection dropped before or during the answer
    bad_response      malformed HTTP, an HTML error page, non-JSON or truncated JSON
    maintenance       5xx that says "maintenance" (body marker, or 503 + Retry-After)
    not_implemented   501: the registry has no such function (row 1 and kin)
    http_5xx          any other server error
    http_429          the upstream rate-limited us
    http_4xx          any other client error answered by the upstream
    missing_fields    2xx JSON lacking fields of the service contract (rows 21, 45, 50, 64, 72)
    empty_data        2xx JSON whose collections are all empty (rows 3, 68)
    stale_status      a dossier still "in progress" long after its due date, or past it and
                      flagged not overdue (rows 12, 13)
    rejected          refused by our own protection: breaker, bulkhead, retry budget
    gateway_error     this hop refused the call itself (auth, ACL, quota, bad input)
    cancelled         the call was cancelled before any answer (shutdown, client gone)

At the LGSP the NDXP's error answer carries ``X-Road-Error: Server.ServerProxy.ServiceFailed.<X>``;
that names the NDXP's own observation, so it is classified as if seen directly.
"""

from __future__ import annotations

import time
from typing import Any

from connectors import INVALID_JSON, NOT_JSON, parse_document

__all__ = ["SLOW_SECONDS", "SYMPTOMS", "UNPARSED", "classify"]

UNPARSED: Any = object()  # classify's default: it parses the body itself

SLOW_SECONDS = 30.0
# A dossier reported "in progress" this long after its due date is taken as a status that was
# never synchronised back (a real dossier is finished, paused or rejected by then).
STALE_AFTER_SECONDS = 30 * 86_400

SYMPTOMS = (
    "ok",
    "slow",
    "timeout",
    "connect_error",
    "connection_reset",
    "bad_response",
    "maintenance",
    "not_implemented",
    "http_5xx",
    "http_429",
    "http_4xx",
    "missing_fields",
    "empty_data",
    "stale_status",
    "rejected",
    "gateway_error",
    "cancelled",
)

_MAINTENANCE_MARKERS = (b"BAO_TRI", b"maintenance", "bảo trì".encode(), "Bảo trì".encode())
_REJECTED = frozenset({"circuit_open", "bulkhead_full", "retry_budget_exhausted", "rejected"})
_BY_XROAD_CODE = {
    b"Timeout": "timeout",
    b"NetworkError": "connect_error",
    b"IOError": "connection_reset",
    b"InvalidResponse": "bad_response",
    b"ServiceUnavailable": "rejected",
    b"CircuitOpen": "rejected",
    b"Overloaded": "rejected",
    b"RetryBudgetExhausted": "rejected",
}
_IN_PROGRESS_VALUES = frozenset({"DANG_XU_LY", "Đang xử lý", "4"})
_STATUS_KEYS = ("TrangThai", "MaTrangThai", "TrangThaiHoSo", "trangThai")
_DUE_KEYS = ("NgayHenTra", "HanXuLy", "ngayHenTra")


def _is_empty(document: Any) -> bool:
    """No data: ``[]``, ``{}``, ``null``, or an object whose every member is an empty list or
    null, e.g. ``{"DanhSachHoSo": []}`` (rows 3/68: the API answers but returns nothing)."""
    if not document:
        return document is None or isinstance(document, dict | list | str)
    if not isinstance(document, dict):
        return False
    for value in document.values():
        if value is not None and value != []:
            return False
    return True


def _parse_due(value: Any) -> float | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    from datetime import datetime

    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            moment = datetime.strptime(value[:25] if "T" in value else value[:10], fmt)
        except ValueError:
            continue
        return moment.timestamp()
    return None


def _stale(node: Any, now: float) -> bool:
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict | list) and _stale(item, now):
                return True
        return False
    if not isinstance(node, dict):
        return False
    for key in _STATUS_KEYS:
        if key in node:
            if str(node[key]) in _IN_PROGRESS_VALUES:
                due = next((_parse_due(node[k]) for k in _DUE_KEYS if k in node), None)
                if due is not None and (
                    now - due > STALE_AFTER_SECONDS
                    # Past its due date yet "not overdue": the flag was never synchronised
                    # (rows 12/13).
                    or (now > due and node.get("QuaHan") is False)
                ):
                    return True
            break
    for value in node.values():
        if isinstance(value, dict | list) and _stale(value, now):
            return True
    return False


def _from_upstream_error(xroad_error: bytes) -> str | None:
    code = xroad_error.rpartition(b".")[2]
    return _BY_XROAD_CODE.get(code)


def classify(
    *,
    status: int,
    upstream_reason: str | None,
    missing: list[str],
    body: bytes,
    content_type: bytes | None,
    retry_after: bool,
    seconds: float,
    xroad_error: bytes | None = None,
    now: float | None = None,
    document: Any = UNPARSED,
) -> str:
    """The symptom class of one answered (or failed) call. ``document`` is the body already
    parsed by :func:`connectors._contract.parse_document`, if the caller has it."""
    if upstream_reason is not None:
        if upstream_reason in _REJECTED:
            return "rejected"
        if "timeout" in upstream_reason or upstream_reason == "deadline_exceeded":
            return "timeout"
        return upstream_reason
    if status >= 400 and xroad_error is not None:
        relayed = _from_upstream_error(xroad_error)
        if relayed is not None:
            return relayed
    is_json = content_type is None or b"json" in content_type
    if status >= 500:
        if any(marker in body for marker in _MAINTENANCE_MARKERS) or (
            status == 503 and retry_after
        ):
            return "maintenance"
        if status == 501:
            return "not_implemented"
        return "http_5xx" if is_json else "bad_response"
    if status == 429:
        return "http_429"
    if status >= 400:
        return "http_4xx"
    if not is_json:
        return "bad_response"
    if document is UNPARSED:
        document = parse_document(body)
    if document is INVALID_JSON and body.strip():
        return "bad_response"  # truncated, NUL-ridden, an HTML page sent as JSON, ...
    if missing:
        return "bad_response" if missing == [NOT_JSON] else "missing_fields"
    if document is INVALID_JSON or _is_empty(document):  # here INVALID_JSON is an empty body
        return "empty_data"
    if _stale(document, time.time() if now is None else now):
        return "stale_status"
    if seconds >= SLOW_SECONDS:
        return "slow"
    return "ok"
