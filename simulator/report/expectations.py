"""Which symptom classes (``gateway.symptoms``) correctly describe each injected fault kind.

Used for the detection-accuracy table: the gateway classifies what it saw without reading
``X-Sim-Fault``; the report then checks that classification against the injected kind. A kind
the gateway cannot see from the wire (``wrong_values``: plausible but wrong data) expects ``ok``
and is reported as undetectable rather than as a hit.
"""

from __future__ import annotations

__all__ = ["EXPECTED_SYMPTOMS", "UNDETECTABLE", "expected_symptoms", "matches"]

EXPECTED_SYMPTOMS: dict[str, frozenset[str]] = {
    "latency": frozenset({"slow", "timeout", "ok"}),
    "http_error": frozenset({"http_5xx", "http_4xx", "http_429", "maintenance"}),
    "maintenance": frozenset({"maintenance"}),
    "hang": frozenset({"timeout"}),
    "reset_before": frozenset({"connection_reset", "connect_error"}),
    "empty_reply": frozenset({"connection_reset", "bad_response"}),
    "html_error": frozenset({"bad_response"}),
    "not_implemented": frozenset({"not_implemented"}),
    "empty_result": frozenset({"empty_data"}),
    "missing_fields": frozenset({"missing_fields"}),
    "null_fields": frozenset({"missing_fields"}),
    "wrong_values": frozenset({"ok"}),
    "status_sync": frozenset({"stale_status", "missing_fields"}),
    "schema_drift": frozenset({"missing_fields"}),
    "malformed_json": frozenset({"bad_response"}),
    "truncated_json": frozenset({"bad_response"}),
    "trickle": frozenset({"slow", "timeout"}),
    "reset_mid": frozenset({"connection_reset", "bad_response"}),
}
UNDETECTABLE = frozenset({"wrong_values"})


def _http_preset(kind: str) -> frozenset[str] | None:
    """The engine tags HTTP errors by status (``http_502``, ``http_429``...)."""
    code = kind.removeprefix("http_")
    if not code.isdigit():
        return None
    if code == "429":
        return frozenset({"http_429"})
    if code == "503":
        return frozenset({"http_5xx", "maintenance"})
    if code == "501":
        return frozenset({"not_implemented"})
    return frozenset({"http_5xx"} if code.startswith("5") else {"http_4xx"})


def expected_symptoms(kind: str) -> frozenset[str]:
    return EXPECTED_SYMPTOMS.get(kind) or _http_preset(kind) or frozenset()


def matches(kind: str, symptom: str | None) -> bool:
    """Whether ``symptom`` describes ``kind``; an unknown kind accepts anything but ``ok``."""
    expected = expected_symptoms(kind)
    if not expected:
        return symptom not in (None, "ok")
    return symptom in expected
