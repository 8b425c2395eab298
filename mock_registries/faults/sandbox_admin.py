"""``/_admin/faults/sandboxes``: the per-consumer sandboxes of a process, over HTTP.

GET    /_admin/faults/sandboxes             every sandbox: consumer, seed, scenario, clock
POST   /_admin/faults/sandboxes             {"id", "consumer", "seed"?, "at"?, "frozen"?}
GET    /_admin/faults/sandboxes/{id}
DELETE /_admin/faults/sandboxes/{id}
POST   /_admin/faults/sandboxes/{id}/rows   {"name", "rows": [{"row": 20}], "ttl_seconds"?}
*      /_admin/faults/sandboxes/{id}/<sub>  any ``/_admin/faults<sub>`` call on the sandbox
                                            (enable, disable, reset, clock)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from mock_registries.faults.engine import FaultEngine
from mock_registries.faults.errors import FaultSpecError
from mock_registries.faults.sandboxes import SandboxSet

__all__ = ["dispatch_sandboxes"]

Dispatch = Callable[[FaultEngine, str, str, dict[str, Any]], Any]


def _moment(payload: dict[str, Any]) -> datetime | None:
    at = payload.get("at")
    if at is None:
        return None
    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        raise FaultSpecError("'at' phải là thời điểm ISO 8601 có múi giờ.") from None
    if moment.tzinfo is None:
        raise FaultSpecError("'at' phải có múi giờ (ví dụ +07:00).")
    return moment


def _create(sandboxes: SandboxSet, payload: dict[str, Any]) -> Any:
    sandbox, consumer, seed = payload.get("id"), payload.get("consumer"), payload.get("seed")
    if not isinstance(sandbox, str) or not isinstance(consumer, str):
        raise FaultSpecError("Cần 'id' (mã sandbox) và 'consumer' (X-Road client id).")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise FaultSpecError("'seed' phải là số nguyên.")
    return sandboxes.create(
        sandbox,
        consumer=consumer,
        seed=seed,
        at=_moment(payload),
        frozen=payload.get("frozen") is True,
    )


def _rows(sandboxes: SandboxSet, sandbox: str, payload: dict[str, Any]) -> Any:
    name, rows, ttl = payload.get("name"), payload.get("rows"), payload.get("ttl_seconds")
    if not isinstance(name, str) or not isinstance(rows, list) or not rows:
        raise FaultSpecError("Cần 'name' và 'rows' (danh sách dòng Phụ lục V).")
    if not all(isinstance(item, dict) for item in rows):
        raise FaultSpecError("Mỗi phần tử của 'rows' phải là đối tượng, ví dụ {\"row\": 20}.")
    if ttl is not None and not isinstance(ttl, int | float):
        raise FaultSpecError("'ttl_seconds' phải là số.")
    return sandboxes.enable_rows(sandbox, name, rows, float(ttl) if ttl is not None else None)


def dispatch_sandboxes(
    engine: FaultEngine, method: str, sub: str, payload: dict[str, Any], dispatch: Dispatch
) -> Any:
    """A ``/sandboxes…`` admin call (``sub`` after ``/sandboxes``); ``dispatch`` answers the
    plain ``/_admin/faults`` calls, here on the sandbox's own engine."""
    sandboxes = SandboxSet(engine)
    if sub == "":
        if method == "POST":
            return _create(sandboxes, payload)
        return sandboxes.list()
    sandbox, _, rest = sub.removeprefix("/").partition("/")
    rest = f"/{rest}" if rest else ""
    if rest == "" and method == "DELETE":
        return sandboxes.delete(sandbox, missing_ok=True)  # fanned out: idempotent
    if rest == "" and method == "GET":
        return sandboxes.describe(sandbox)
    if rest == "/rows" and method == "POST":
        return _rows(sandboxes, sandbox, payload)
    return dispatch(sandboxes.get(sandbox), method, rest, payload)
