"""The one symptom class (``gateway.symptoms``) each injected fault kind must be detected as —
no "ok" escape: a fault the gateway could not see is either declared undetectable here (wrong
but plausible values, a status whose rewrite shows only once its due date passes) or it is a
miss.

Only a slow answer depends on more than its kind: an injected delay is ``slow`` when the hop
that judged it still got the answer, ``timeout`` when that hop gave up first.
"""

from __future__ import annotations

__all__ = ["EXPECTED", "UNDETECTABLE", "expected_class"]

EXPECTED: dict[str, str] = {
    "hang": "timeout",
    "half_open": "timeout",
    "reset_before": "connection_reset",
    "reset_mid": "connection_reset",
    "empty_reply": "connection_reset",
    "html_error": "bad_response",
    "malformed_json": "bad_response",
    "truncated_json": "bad_response",
    "not_implemented": "not_implemented",
    "overload": "overloaded",
    "maintenance": "maintenance",
    "empty_result": "empty_data",
    "no_record": "empty_data",  # the registry's own "no such record" (truth, not a fault)
    "missing_fields": "missing_fields",
    "null_fields": "missing_fields",
    "schema_drift": "missing_fields",
    "status_sync": "stale_status",
}
DELAYS = frozenset({"latency", "trickle", "bandwidth"})
UNDETECTABLE = frozenset({"wrong_values", "status_hidden"})


def _http(code: str) -> str | None:
    if not code.isdigit():
        return None
    status = int(code)
    if status == 501:
        return "not_implemented"
    if status == 503:
        return "overloaded"
    if status == 429:
        return "http_429"
    return "http_5xx" if status >= 500 else "http_4xx"


def expected_class(kind: str, *, answered: bool) -> str | None:
    """The class ``kind`` must be detected as (``None``: undetectable or unknown); ``answered``:
    whether the judging hop got an answer (decides slow vs timeout for delays)."""
    if kind in DELAYS:
        return "slow" if answered else "timeout"
    if kind.startswith("http_"):
        return _http(kind.removeprefix("http_"))
    return EXPECTED.get(kind)
