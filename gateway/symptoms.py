"""What the gateway itself observed on a call, independent of any injected-fault header, so the
same classification works against the real registries.

Symptom classes (stable strings; also the ledger ``detectedSymptom``):
``ok``, ``slow`` (answered, over the slow threshold), ``timeout``, ``connect_error``,
``connection_reset``, ``bad_response`` (malformed HTTP or non-JSON body where JSON was expected),
``http_5xx``, ``http_429``, ``http_4xx``, ``maintenance`` (503 with Retry-After),
``missing_fields``, ``empty_data``, ``rejected`` (breaker/bulkhead/budget), ``gateway_error``.
"""

from __future__ import annotations

__all__ = ["SLOW_SECONDS", "classify"]

SLOW_SECONDS = 30.0
_EMPTY_MARKERS = (b"[]", b"{}", b"null", b"")


def _looks_empty(body: bytes) -> bool:
    stripped = body.strip()
    if stripped in _EMPTY_MARKERS:
        return True
    # A JSON object whose every collection/result member is empty, e.g. {"DanhSachHoSo": []}.
    return (
        stripped.startswith(b"{")
        and stripped.count(b":") == stripped.count(b":[]") + stripped.count(b":null")
        and (b":[]" in stripped or b":null" in stripped)
    )


def classify(
    *,
    status: int,
    upstream_reason: str | None,
    missing: list[str],
    body: bytes,
    content_type: bytes | None,
    retry_after: bool,
    seconds: float,
) -> str:
    """The symptom class of one answered (or failed) call."""
    if upstream_reason is not None:
        if upstream_reason in (
            "circuit_open",
            "bulkhead_full",
            "retry_budget_exhausted",
            "rejected",
        ):
            return "rejected"
        if "timeout" in upstream_reason or upstream_reason == "deadline_exceeded":
            return "timeout"
        return upstream_reason
    if status >= 500:
        if status == 503 and retry_after:
            return "maintenance"
        return "http_5xx"
    if status == 429:
        return "http_429"
    if status >= 400:
        return "http_4xx"
    if content_type is not None and b"json" not in content_type:
        return "bad_response"
    if missing:
        return "bad_response" if missing == ["<not-json>"] else "missing_fields"
    if _looks_empty(body):
        return "empty_data"
    if seconds >= SLOW_SECONDS:
        return "slow"
    return "ok"
