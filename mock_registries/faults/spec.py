"""Fault kinds and their parameters: what a rule does to a request once it fires, and where.

Kinds fall in five stages, applied in this order (as Chaos Mesh does: abort, delay, replace):

    delay      latency                                   wait, then carry on
    terminal   http_error, overload, maintenance, hang, half_open, reset_before, empty_reply,
               html_error, not_implemented               the next system is never called
    body       empty_result, missing_fields, null_fields, wrong_values, status_sync,
               schema_drift, malformed_json, truncated_json
                                                         the registry's real answer is rewritten
    delivery   trickle, bandwidth, reset_mid             the (rewritten) answer is sent badly
    world      sync_lag                                  not per request: while the scenario
                                                         is active, the world's events reach
                                                         the registries later

Only the first terminal fault that fires applies; delays add up; body faults compose.
``sync_lag`` (Phụ lục V rows 12/13) is drawn once per activation (``FaultEngine.sync_lag``):
``{kind: sync_lag, seconds: 14400}`` or a ``lag`` distribution, and ``what`` it delays —
``status`` (dossier statuses a registry reports) and/or ``dan_cu`` (hộ tịch → dân cư sync).

A rule fires at one *site* of the path (``at`` in the catalog), each with the kinds that make
sense there:

    registry       the registry mock itself (the default)           every kind but the links'
    lgsp, ndxp     a gateway's own front: its answers as the        html_error, http_error,
                   gateway (X-Road errors) or its WSO2-like front   overload, maintenance,
                   page, and its inbound connection                 latency, reset_before,
                                                                    half_open, empty_reply
    lgsp-ndxp      the TCP link the LGSP dials to the NDXP          latency, bandwidth,
    ndxp-registry  the TCP link the NDXP dials to a registry        reset_before, reset_mid,
                                                                    half_open, empty_reply
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mock_registries.faults.distributions import DelayDistribution, parse_distribution
from mock_registries.faults.errors import FaultSpecError

__all__ = [
    "FAULT_KINDS",
    "FRONT_SITES",
    "LINK_SITES",
    "REGISTRY_SITE",
    "SITES",
    "SITE_KINDS",
    "FaultSpec",
    "Stage",
    "parse_fault",
    "preset_fault",
]

Stage = Literal["delay", "terminal", "body", "delivery", "world"]

REGISTRY_SITE = "registry"
FRONT_SITES = ("lgsp", "ndxp")
LINK_SITES = ("lgsp-ndxp", "ndxp-registry")
SITES = (REGISTRY_SITE, *FRONT_SITES, *LINK_SITES)
_CONNECTION_KINDS = frozenset({"latency", "reset_before", "half_open", "empty_reply"})
_LINK_KINDS = _CONNECTION_KINDS | {"bandwidth", "reset_mid"}
_FRONT_KINDS = _CONNECTION_KINDS | {"html_error", "http_error", "overload", "maintenance"}

FAULT_KINDS: dict[str, Stage] = {
    "latency": "delay",
    "http_error": "terminal",
    "overload": "terminal",
    "maintenance": "terminal",
    "hang": "terminal",
    "half_open": "terminal",
    "reset_before": "terminal",
    "empty_reply": "terminal",
    "html_error": "terminal",
    "not_implemented": "terminal",
    "empty_result": "body",
    "missing_fields": "body",
    "null_fields": "body",
    "wrong_values": "body",
    "status_sync": "body",
    "schema_drift": "body",
    "malformed_json": "body",
    "truncated_json": "body",
    "trickle": "delivery",
    "bandwidth": "delivery",
    "reset_mid": "delivery",
    "sync_lag": "world",
}
SITE_KINDS: dict[str, frozenset[str]] = {
    REGISTRY_SITE: frozenset(FAULT_KINDS) - {"half_open", "bandwidth"},
    **dict.fromkeys(FRONT_SITES, _FRONT_KINDS),
    **dict.fromkeys(LINK_SITES, _LINK_KINDS),
}
SYNC_TARGETS = ("status", "dan_cu")

_FIELD_KINDS = {"missing_fields", "null_fields"}


@dataclass(frozen=True, slots=True)
class FaultSpec:
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    delay: DelayDistribution | None = None

    @property
    def stage(self) -> Stage:
        return FAULT_KINDS[self.kind]

    @property
    def name(self) -> str:
        """Low-cardinality label: the kind, with the status folded in for HTTP errors."""
        if self.kind == "http_error":
            return f"http_{self.params['status']}"
        return self.kind

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, **self.params}
        if self.delay is not None:
            out["delay"] = self.delay.describe()
        return out


def _strings(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise FaultSpecError(f"Lỗi '{raw.get('kind')}' cần danh sách '{key}' không rỗng.")
    if not all(isinstance(v, str) for v in value):
        raise FaultSpecError(f"'{key}' chỉ gồm chuỗi ({value!r}).")
    return tuple(value)


def _int(raw: Mapping[str, Any], key: str, default: int, lo: int, hi: int) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise FaultSpecError(f"'{key}' phải là số nguyên trong [{lo}, {hi}] ({raw!r}).")
    return value


def _float(raw: Mapping[str, Any], key: str, default: float, lo: float, hi: float) -> float:
    value = raw.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or not lo <= value <= hi:
        raise FaultSpecError(f"'{key}' phải là số trong [{lo}, {hi}] ({raw!r}).")
    return float(value)


def _mapping(raw: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, Mapping) or not value:
        raise FaultSpecError(f"Lỗi '{raw.get('kind')}' cần ánh xạ '{key}' không rỗng.")
    return {str(k): v for k, v in value.items()}


def _when(raw: Mapping[str, Any]) -> dict[str, Any]:
    when = raw.get("when")
    if when is None:
        return {}
    if not isinstance(when, Mapping) or "field" not in when or "in" not in when:
        raise FaultSpecError(f"'when' cần 'field' và 'in' ({when!r}).")
    return {"when": {"field": str(when["field"]), "in": [str(v) for v in when["in"]]}}


def _status_sync(raw: Mapping[str, Any]) -> dict[str, Any]:
    reported = raw.get("reported_as")
    if isinstance(reported, Mapping):
        if set(reported) != {"code", "name"}:
            raise FaultSpecError("'reported_as' là giá trị hoặc {code, name}.")
        reported = {"code": str(reported["code"]), "name": str(reported["name"])}
    params = {
        "fields": list(_strings(raw, "fields")),
        "hidden": list(_strings(raw, "hidden")),
        "reported_as": reported,
        "drop_fields": list(raw.get("drop_fields", [])),
        "overdue_fields": list(raw.get("overdue_fields", [])),
    }
    if "due_fields" in raw:
        params["due_fields"] = list(_strings(raw, "due_fields"))
    return params


def parse_fault(raw: Mapping[str, Any]) -> FaultSpec:
    """Validate one fault mapping from the catalog or the admin API."""
    kind = raw.get("kind")
    if kind not in FAULT_KINDS:
        raise FaultSpecError(f"Không có loại lỗi '{kind}'. Các loại: {', '.join(FAULT_KINDS)}.")
    params: dict[str, Any] = {}
    delay: DelayDistribution | None = None
    if kind == "latency":
        spec = raw.get("delay")
        if not isinstance(spec, Mapping):
            raise FaultSpecError("Lỗi 'latency' cần 'delay' (phân phối trễ).")
        delay = parse_distribution(spec)
    elif kind == "http_error":
        params["status"] = _int(raw, "status", 500, 400, 599)
        if "retry_after_s" in raw:
            params["retry_after_s"] = _int(raw, "retry_after_s", 0, 0, 86_400)
    elif kind == "overload":
        params["status"] = _int(raw, "status", 503, 400, 599)
        if "retry_after_s" in raw:
            params["retry_after_s"] = _int(raw, "retry_after_s", 0, 0, 86_400)
    elif kind == "maintenance":
        params["status"] = _int(raw, "status", 503, 400, 599)
    elif kind in ("hang", "half_open"):
        if "max_s" in raw:
            params["max_s"] = _float(raw, "max_s", 0.0, 0.0, 86_400.0)
    elif kind == "html_error":
        params["status"] = _int(raw, "status", 502, 200, 599)
    elif kind == "not_implemented":
        params["status"] = _int(raw, "status", 501, 400, 599)
    elif kind in _FIELD_KINDS:
        params["fields"] = list(_strings(raw, "fields"))
        params.update(_when(raw))
    elif kind == "wrong_values":
        params["values"] = _mapping(raw, "values")
    elif kind == "status_sync":
        params.update(_status_sync(raw))
    elif kind == "schema_drift":
        params["rename"] = {k: str(v) for k, v in _mapping(raw, "rename").items()}
    elif kind == "empty_result":
        params["count_fields"] = list(raw.get("count_fields", []))
    elif kind == "truncated_json":
        params["fraction"] = _float(raw, "fraction", 0.5, 0.0, 0.99)
    elif kind == "trickle":
        params["chunk_bytes"] = _int(raw, "chunk_bytes", 16, 1, 1_048_576)
        params["interval_ms"] = _int(raw, "interval_ms", 1000, 1, 600_000)
        # A trickle is a slow answer (Phụ lục V's "> 30 s"): a short body is paced slower.
        params["min_total_ms"] = _int(raw, "min_total_ms", 31_000, 0, 3_600_000)
    elif kind == "bandwidth":
        params["rate_kbps"] = _float(raw, "rate_kbps", 8.0, 0.01, 1_000_000.0)
    elif kind == "reset_mid":
        params["fraction"] = _float(raw, "fraction", 0.5, 0.0, 0.99)
    elif kind == "sync_lag":
        delay = _sync_lag(raw, params)
    return FaultSpec(str(kind), params, delay)


def _sync_lag(raw: Mapping[str, Any], params: dict[str, Any]) -> DelayDistribution:
    what = raw.get("what", ["status"])
    if isinstance(what, str):
        what = [what]
    if not isinstance(what, Sequence) or not what or not set(what) <= set(SYNC_TARGETS):
        raise FaultSpecError(f"'what' của sync_lag là danh sách trong {SYNC_TARGETS} ({what!r}).")
    params["what"] = sorted(set(what))
    spec = raw.get("lag")
    if isinstance(spec, Mapping):
        return parse_distribution(spec)
    seconds = _float(raw, "seconds", 0.0, 1.0, 30 * 86_400.0)
    return parse_distribution({"dist": "fixed", "ms": seconds * 1000})


_PRESETS: dict[str, dict[str, Any]] = {
    "http_500": {"kind": "http_error", "status": 500},
    "http_502": {"kind": "http_error", "status": 502},
    "http_503": {"kind": "http_error", "status": 503, "retry_after_s": 30},
    "http_504": {"kind": "http_error", "status": 504},
    "overload": {"kind": "overload", "retry_after_s": 30},
    "http_429": {"kind": "http_error", "status": 429, "retry_after_s": 5},
    "hang": {"kind": "hang"},
    "reset_before": {"kind": "reset_before"},
    "reset_mid": {"kind": "reset_mid"},
    "empty_reply": {"kind": "empty_reply"},
    "html_error": {"kind": "html_error"},
    "not_implemented": {"kind": "not_implemented"},
    "malformed_json": {"kind": "malformed_json"},
    "truncated_json": {"kind": "truncated_json"},
    "empty_result": {"kind": "empty_result"},
    "trickle": {"kind": "trickle", "chunk_bytes": 8, "interval_ms": 200, "min_total_ms": 0},
}


def preset_fault(token: str) -> FaultSpec:
    """An ad-hoc fault named in an ``x-sim-fault`` header: a preset or ``latency_<ms>``."""
    token = token.strip().lower()
    if token.startswith("latency_") and token[8:].isdigit():
        return parse_fault({"kind": "latency", "delay": {"dist": "fixed", "ms": int(token[8:])}})
    preset = _PRESETS.get(token)
    if preset is None:
        raise FaultSpecError(
            f"Không có lỗi dựng sẵn '{token}'. Có: {', '.join(_PRESETS)}, latency_<ms>."
        )
    return parse_fault(preset)
