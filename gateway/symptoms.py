"""What the gateway itself observed on a call, independent of any injected-fault header, so the
same classification works against the real registries.

Symptom classes (stable strings; the ledger ``detectedSymptom`` and the metric label). One
answer may show several — missing fields *and* a stale status, an error *and* a slow answer —
and then ``classify`` names them all, comma-separated, the first deciding the outcome:

    ok                answered 2xx with plausible data, in time
    slow              answered, but after ``slow_seconds`` (default ``SLOW_SECONDS``, Phụ lục V's
                      "> 30 s" of rows 20, 51, 54–56, 63)
    timeout           no answer within the deadline (connect/read/total)
    connect_error     nobody listening, DNS, refused
    connection_reset  the connection dropped before or during the answer
    bad_response      malformed HTTP, an HTML error page, non-JSON or truncated JSON
    maintenance       an answer that says "maintenance" (BAO_TRI, bảo trì, MaintenanceMode)
    overloaded        503 without a maintenance word: the system is overloaded (rows 42, 48)
    not_implemented   501: the provider has no such function (rows 1, 17, 67, 77)
    http_5xx          any other server error
    http_429          the upstream rate-limited us
    http_4xx          any other refusal: a 4xx, a refusal inside a 200 (``Status "0"``), or a SOAP
                      ``Client`` Fault (the caller's message refused; SOAP 1.1 sends it in a 500)
    missing_fields    2xx JSON lacking fields of the service contract (rows 21, 45, 50, 64, 72)
    empty_data        no data: empty lists, zero counts, a "not found" answer in the
                      registry's own shape (``DataCount 0``, ``Status "0"`` + "không tìm
                      thấy", ``RECORD_NOT_FOUND``, ``SoCongDan 0``, an empty SOAP body)
                      (rows 3, 68)
    stale_status      a dossier's status never synchronised (rows 12, 13: ``gateway.staleness``)
    rejected          refused by our own protection: breaker, bulkhead, retry budget
    gateway_error     this hop refused the call itself (auth, ACL, quota, bad input)
    cancelled         the call was cancelled before any answer (shutdown, client gone)

An error another gateway relays carries ``X-Road-Error``: ``…ServiceFailed.<X>`` names what
that gateway observed upstream (classified as if seen directly); ``MaintenanceMode`` and
``Overloaded`` without ``ServiceFailed`` are that gateway's own state.
"""

from __future__ import annotations

import re
from typing import Any

from connectors import INVALID_JSON, NOT_JSON, is_client_fault, parse_document
from gateway.staleness import DUE_KEY_SET, stale

__all__ = [
    "SLOW_SECONDS",
    "SYMPTOMS",
    "UNPARSED",
    "classify",
    "classify_answer",
    "classify_failure",
    "split_symptoms",
]

UNPARSED: Any = object()  # classify's default: it parses the body itself

SLOW_SECONDS = 30.0

SYMPTOMS = (
    "ok",
    "slow",
    "timeout",
    "connect_error",
    "connection_reset",
    "bad_response",
    "maintenance",
    "overloaded",
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

_MAINTENANCE_MARKERS = (
    b"BAO_TRI", b"aintenance", "bảo trì".encode(), "Bảo trì".encode(), b"maintenance_mode",
)  # fmt: skip
_NOT_FOUND_MARKERS = (
    b"KHONG_TIM_THAY", b"RECORD_NOT_FOUND", "không tìm thấy".encode(), "Không tìm thấy".encode(),
)  # fmt: skip
_NOT_FOUND_TAIL = "hông tìm thấy".encode()  # both spellings above end so: one search for two
_REJECTED = frozenset({"circuit_open", "bulkhead_full", "retry_budget_exhausted", "rejected"})
# X-Road error codes, lower-cased without underscores (7.7 CamelCase and 7.8 snake_case alike).
_BY_SERVICE_FAILED = {
    b"timeout": "timeout",
    b"networkerror": "connect_error",
    b"ioerror": "connection_reset",
    b"invalidresponse": "bad_response",
    b"serviceunavailable": "rejected",
    b"circuitopen": "rejected",
    b"overloaded": "rejected",
    b"retrybudgetexhausted": "rejected",
}
_BY_OWN_STATE = {b"maintenancemode": "maintenance", b"overloaded": "overloaded"}
# The registries' spellings of a count and of the data an answer carries (looked up directly:
# lower-casing every key of every answer would cost more than the rest of the check).
_COUNT_KEYS = frozenset({"DataCount", "SoCongDan", "total", "TongSo", "tongSo", "dataCount"})
_DATA_KEYS = frozenset({"data", "Data", "value", "MainInformation", "CongDan", "result"})
_EMPTY_KEYS = _COUNT_KEYS | _DATA_KEYS  # tested as _EMPTY_KEYS.isdisjoint(obj): the frozenset's
# own walk over a small object's keys costs less than obj.keys().isdisjoint's generic one
_CONTAINERS = frozenset({dict, list})
_EMPTY_SOAP_BODY = re.compile(rb"<(?:[\w-]+:)?Body\s*(?:/>|>\s*</(?:[\w-]+:)?Body>)")


def split_symptoms(value: str | None) -> list[str]:
    """``"missing_fields,stale_status"`` → both; ``None`` → ``[]``."""
    return [s for s in value.split(",") if s] if value else []


def _relayed(xroad_error: bytes) -> str | None:
    """The symptom another gateway's X-Road error stands for, if it names one."""
    code = xroad_error.rpartition(b".")[2].replace(b"_", b"").lower()
    if b"ServiceFailed" in xroad_error or b"service_failed" in xroad_error:
        return _BY_SERVICE_FAILED.get(code)
    return _BY_OWN_STATE.get(code)


def _counted_zero(node: dict[str, Any]) -> bool:
    """A count of nothing or an empty data member in ``node`` (``DataCount 0``, ``data: []``,
    ``Data`` null)."""
    if _EMPTY_KEYS.isdisjoint(node):
        return False
    for key, value in node.items():
        if key in _COUNT_KEYS:
            if value == 0 or value == "0":
                return True
        elif key in _DATA_KEYS and (value is None or (type(value) is list and not value)):
            return True
    return False


def _emptiness(document: Any, body: bytes) -> tuple[str | None, bool]:
    """``empty_data`` when the answer carries no data in any registry's shape, ``http_4xx`` for
    a refusal inside a 200 (ĐKDN ``Status "0"``, BTP ``status "0"``), else ``None``; and whether
    the answer is seen to be *shallow* — an object naming no due date, whose values are plain or
    objects of plain values naming none either — so that no dossier can be stale in it.

    One pass over the object's members: each is looked at once for emptiness (what
    :func:`_counted_zero` looks for, then the empty members of an object that holds nothing)
    and for depth (a plain loop: a helper call or a generator per member costs more)."""
    if not document:
        empty = document is None or isinstance(document, dict | list | str)
        return ("empty_data" if empty else None), False
    if type(document) is not dict:
        return None, False
    nothing = True
    shallow = DUE_KEY_SET.isdisjoint(document)
    for key, value in document.items():
        if value is None:
            if key in _DATA_KEYS:
                return "empty_data", False
            continue
        kind = type(value)
        if kind is dict:
            # _counted_zero's own first test, made here: most objects name no count or data.
            if not _EMPTY_KEYS.isdisjoint(value) and _counted_zero(value):
                return "empty_data", False
            if shallow:
                if not DUE_KEY_SET.isdisjoint(value):
                    shallow = False
                else:
                    for inner in value.values():
                        if type(inner) in _CONTAINERS:
                            shallow = False
                            break
        elif kind is list:
            shallow = False
            if not value:
                if key in _DATA_KEYS:
                    return "empty_data", False
                continue
        elif key in _COUNT_KEYS and (value == 0 or value == "0"):
            return "empty_data", False
        nothing = False
    if nothing:
        return "empty_data", shallow
    refused = document.get("Status") == "0" or document.get("status") == "0"
    if not refused:
        return None, shallow
    # Only refusals are searched for "not found" words: an answer with data costs no search.
    return ("empty_data" if _says_not_found(body) else "http_4xx"), shallow


def _mentions(body: bytes, markers: tuple[bytes, ...]) -> bool:
    for marker in markers:  # a plain loop: any() over a generator costs a frame per marker
        if marker in body:
            return True
    return False


def _says_not_found(body: bytes) -> bool:
    """Whether ``body`` holds one of :data:`_NOT_FOUND_MARKERS`: each body is searched three
    times rather than four (the Vietnamese spellings share a tail, confirmed when present)."""
    if b"KHONG_TIM_THAY" in body or b"RECORD_NOT_FOUND" in body:
        return True
    return _NOT_FOUND_TAIL in body and _mentions(body, _NOT_FOUND_MARKERS[2:])


def _soap(body: bytes) -> list[str]:
    if b"Fault>" in body:
        return ["http_5xx"]
    if b"<SoCongDan>0<" in body or _EMPTY_SOAP_BODY.search(body):
        return ["empty_data"]
    return []


def _error(status: int, body: bytes, content_type: bytes | None) -> str:
    if status >= 500:
        if is_client_fault(status, content_type, body):
            return "http_4xx"  # a SOAP Client Fault: the caller's message refused (SOAP 1.1: 500)
        if _mentions(body, _MAINTENANCE_MARKERS):
            return "maintenance"
        if status == 501:
            return "not_implemented"
        if not _well_formed(content_type, body):
            return "bad_response"
        return "overloaded" if status == 503 else "http_5xx"
    if status == 429:
        return "http_429"
    if status == 404 and _says_not_found(body):
        return "empty_data"  # a REST "no such record" (GPLX KHONG_TIM_THAY_GPLX)
    return "http_4xx"


def _well_formed(content_type: bytes | None, body: bytes) -> bool:
    """An error in a shape a registry answers errors in: JSON, or a SOAP Fault (never an HTML
    page or a stray text)."""
    if content_type is None or b"json" in content_type:
        return True
    return b"xml" in content_type and b"Fault>" in body


def classify_failure(reason: str) -> str:
    """The symptom of a call that got no answer (the connector's ``reason``)."""
    if reason in _REJECTED:
        return "rejected"
    if "timeout" in reason or reason == "deadline_exceeded":
        return "timeout"
    return reason


def classify_answer(
    status: int,
    missing: list[str],
    body: bytes,
    content_type: bytes | None,
    seconds: float,
    xroad_error: bytes | None,
    date: bytes | None,
    document: Any,
    slow_seconds: float,
) -> str:
    """The symptoms of an answer, comma-separated (positional: it runs on every call). A 2xx
    answer's are found here, not in a helper: one call less on every call."""
    if status >= 400:
        if xroad_error is not None and (relayed := _relayed(xroad_error)) is not None:
            found = [relayed]
        else:
            found = [_error(status, body, content_type)]
    # find(), not `in`: CPython's bytes `in` first tries the operand as an int and raises (and
    # clears) a TypeError for a bytes one, which costs more than the search on every call.
    elif content_type is not None and content_type.find(b"json") < 0:
        found = _soap(body) if b"xml" in content_type else ["bad_response"]
    else:
        if document is UNPARSED:
            document = parse_document(body)
        if document is INVALID_JSON and body.strip():
            found = ["bad_response"]  # truncated, NUL-ridden, an HTML page sent as JSON, ...
        elif missing and missing[0] is NOT_JSON:
            found = ["bad_response"]
        else:
            if missing:
                # Missing fields are found inside data: an answer that has them is not an empty
                # one (contracts make empty containers optional): only its statuses are read.
                found, shallow = ["missing_fields"], False
            elif document is INVALID_JSON:  # an empty body
                found, shallow = ["empty_data"], False
            else:
                empty, shallow = _emptiness(document, body)
                found = [] if empty is None else [empty]
            if not shallow and stale(document, date):
                found.append("stale_status")
    if seconds >= slow_seconds and found[:1] != ["timeout"]:
        found.append("slow")
    if not found:
        return "ok"
    return found[0] if len(found) == 1 else ",".join(found)


def classify(
    *,
    status: int,
    upstream_reason: str | None,
    missing: list[str],
    body: bytes,
    content_type: bytes | None,
    seconds: float,
    xroad_error: bytes | None = None,
    date: bytes | None = None,
    document: Any = UNPARSED,
    slow_seconds: float = SLOW_SECONDS,
) -> str:
    """The symptom classes of one answered (or failed) call, comma-separated. ``document`` is
    the body already parsed by :func:`connectors.parse_document`, if the caller has it;
    ``date`` the answer's ``Date`` header (the registry's clock, for stale statuses)."""
    if upstream_reason is not None:
        return classify_failure(upstream_reason)
    return classify_answer(
        status, missing, body, content_type, seconds, xroad_error, date, document,
        slow_seconds,
    )  # fmt: skip
