"""Body faults: rewrite the registry's real JSON answer (parse, change, re-encode).

Field names match case-insensitively at any depth, so one catalog entry covers PascalCase and
camelCase contracts (``NgayCoKetQua`` / ``ngayCoKetQua``). A transform that finds nothing to
change — no such field, or only null ones — reports ``False`` and is then not announced in
``X-Sim-Fault``: the ground truth never names a fault that changed nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import orjson

from mock_registries.faults.spec import FaultSpec
from mock_registries.faults.status import fold as _fold, status_sync

__all__ = ["JSON_KINDS", "apply_body_faults"]

Json = Any


def _walk_dicts(node: Json, visit: Callable[[dict[str, Any]], bool]) -> bool:
    changed = False
    if isinstance(node, dict):
        changed = visit(node)
        for value in node.values():
            changed = _walk_dicts(value, visit) or changed
    elif isinstance(node, list):
        for item in node:
            changed = _walk_dicts(item, visit) or changed
    return changed


def _condition(params: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    when = params.get("when")
    if not when:
        return lambda obj: True
    key = when["field"].lower()
    values = {_fold(v) for v in when["in"]}

    def holds(obj: dict[str, Any]) -> bool:
        for name, value in obj.items():
            if name.lower() == key and isinstance(value, str) and _fold(value) in values:
                return True
        return False

    return holds


def _missing(body: Json, params: dict[str, Any], *, null: bool) -> bool:
    names = {f.lower() for f in params["fields"]}
    holds = _condition(params)

    def visit(obj: dict[str, Any]) -> bool:
        # A field that is already null carries nothing to remove: touching it is no fault.
        hits = [k for k, v in obj.items() if k.lower() in names and v is not None]
        if not hits or not holds(obj):
            return False
        for key in hits:
            if null:
                obj[key] = None
            else:
                del obj[key]
        return True

    return _walk_dicts(body, visit)


def _wrong_values(body: Json, params: dict[str, Any]) -> bool:
    values = {k.lower(): v for k, v in params["values"].items()}

    def visit(obj: dict[str, Any]) -> bool:
        changed = False
        for key in list(obj):
            if key.lower() in values and obj[key] != values[key.lower()]:
                obj[key] = values[key.lower()]
                changed = True
        return changed

    return _walk_dicts(body, visit)


def _schema_drift(body: Json, params: dict[str, Any]) -> bool:
    rename = {k.lower(): v for k, v in params["rename"].items()}

    def visit(obj: dict[str, Any]) -> bool:
        hits = [k for k in obj if k.lower() in rename]
        for key in hits:
            obj[rename[key.lower()]] = obj.pop(key)
        return bool(hits)

    return _walk_dicts(body, visit)


_DATA_KEYS = frozenset({"data", "result", "maininformation"})


def _empty_result(body: Json, params: dict[str, Any]) -> tuple[Json, bool]:
    """The envelope stays, the data goes: top-level lists become ``[]``, a data object
    ``null``, counters 0 (as an NGSP answer with nothing found)."""
    if isinstance(body, list):
        return [], bool(body)
    if not isinstance(body, dict):
        return body, False
    counts = {c.lower() for c in params.get("count_fields", [])}
    changed = False
    for key, value in body.items():
        lowered = key.lower()
        if isinstance(value, list) and value:
            body[key] = []
        elif isinstance(value, dict) and lowered in _DATA_KEYS:
            body[key] = None
        elif lowered in counts and isinstance(value, int | str) and value not in (0, "0"):
            body[key] = 0 if isinstance(value, int) else "0"
        else:
            continue
        changed = True
    return body, changed


_ORDER = {"empty_result": 0, "status_sync": 2}
JSON_KINDS = frozenset(
    {"empty_result", "missing_fields", "null_fields", "wrong_values", "status_sync", "schema_drift"}
)


def _transform_json(body: Json, fault: FaultSpec, now: datetime | None) -> tuple[Json, bool, bool]:
    """(the document, changed, the change is latent — invisible in this answer)."""
    params = dict(fault.params)
    if fault.kind == "status_sync":
        changed, visible = status_sync(body, params, now)
        return body, changed, changed and not visible
    document, changed = _transform_other(body, fault, params)
    return document, changed, False


def _transform_other(body: Json, fault: FaultSpec, params: dict[str, Any]) -> tuple[Json, bool]:
    if fault.kind == "empty_result":
        return _empty_result(body, params)
    if fault.kind == "missing_fields":
        return body, _missing(body, params, null=False)
    if fault.kind == "null_fields":
        return body, _missing(body, params, null=True)
    if fault.kind == "wrong_values":
        return body, _wrong_values(body, params)
    return body, _schema_drift(body, params)


def apply_body_faults(
    body: bytes, faults: list[FaultSpec], now: datetime | None = None
) -> tuple[bytes, list[int], set[int]]:
    """The rewritten body, the indices (into ``faults``) that changed something, and those
    whose change cannot be seen in this answer (``status_sync`` on a dossier not yet due).

    JSON faults run first on the parsed document, ``empty_result`` first and ``status_sync``
    last (what shows depends on the answer as sent); then ``malformed_json`` /
    ``truncated_json`` damage the encoded bytes.
    A body that is not JSON gets no JSON fault. ``now`` is the registry's simulated time.
    """
    applied: list[int] = []
    latent: set[int] = set()
    json_faults = [(i, f) for i, f in enumerate(faults) if f.kind in JSON_KINDS]
    # An emptied answer has nothing left to lose or hide: empty it first, so a later fault on
    # its fields finds nothing (and is not named); the statuses a province sees come last.
    json_faults.sort(key=lambda item: _ORDER.get(item[1].kind, 1))
    if json_faults:
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            document = None
            json_faults = []
        for index, fault in json_faults:
            document, changed, hidden = _transform_json(document, fault, now)
            if changed:
                applied.append(index)
            if hidden:
                latent.add(index)
        if applied:
            body = orjson.dumps(document)
    for index, fault in enumerate(faults):
        if fault.kind == "truncated_json" and len(body) > 1:
            body = body[: max(1, int(len(body) * fault.params["fraction"]))]
            applied.append(index)
        elif fault.kind == "malformed_json" and body:
            body = body[:-1] + b",}\x00" if body.endswith((b"}", b"]")) else b"{" + body
            applied.append(index)
    return body, sorted(applied), latent
