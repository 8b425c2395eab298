"""``/_admin/faults`` on every registry mock: a thin HTTP skin over the engine's function API.

    GET  /_admin/faults                     seed, active scenario, clock, scenario list
    GET  /_admin/faults/scenarios/{name}    the scenario's rules
    POST /_admin/faults/enable              {"scenario": "dak-lak", "ttl_seconds": 600}
    POST /_admin/faults/disable
    POST /_admin/faults/reset
    GET  /_admin/faults/clock
    GET  /_admin/faults/journal?after=0&limit=1000   faults applied, paged (journal.py)
    POST /_admin/faults/clock               {"action": "freeze"|"resume"|"advance"|"set",
                                             "seconds": 60, "at": "2024-06-04T09:00:00+07:00"}
    *    /_admin/faults/sandboxes…          per-consumer sandboxes (``sandbox_admin``)

Every call needs ``Authorization: Bearer <admin token>`` (``FaultSettings.admin_token``, set by
the harness from ``NDXP_ADMIN_TOKEN``): whoever reaches a mock must not switch its faults or move
its clock. Errors are 4xx JSON ``{"MaLoi", "MoTaLoi"}`` with stable codes; never a 500 for bad
input.
"""

from __future__ import annotations

import hmac
import math
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import orjson

from mock_registries.asgi import Receive, Scope, Send
from mock_registries.faults.connection import read_body
from mock_registries.faults.engine import FaultEngine
from mock_registries.faults.errors import FaultError
from mock_registries.faults.journal import MAX_JOURNAL_PAGE
from mock_registries.faults.sandbox_admin import dispatch_sandboxes

__all__ = ["ADMIN_PREFIX", "admin_credential_ok", "clock_action", "handle_admin"]

ADMIN_PREFIX = "/_admin/faults"
_EARLIEST = datetime(1900, 1, 1, tzinfo=UTC).timestamp()
_LATEST = datetime(2200, 1, 1, tzinfo=UTC).timestamp()


class _BadRequest(FaultError):
    reason = "FAULT_ADMIN_BAD_REQUEST"


class _NotFound(FaultError):
    reason = "FAULT_ADMIN_NOT_FOUND"
    status = 404


class _Unauthorized(FaultError):
    reason = "FAULT_ADMIN_UNAUTHORIZED"
    status = 401


_CHALLENGE = (b"www-authenticate", b'Bearer realm="ndxp-sim-admin"')


def admin_credential_ok(engine: FaultEngine, scope: Scope) -> bool:
    """Whether the request carries the engine's admin credential (``Bearer <token>``)."""
    given = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
    scheme, _, value = given.partition(b" ")
    expected = engine.admin_token.encode("utf-8")
    return (
        bool(expected)
        and scheme.lower() == b"bearer"
        and hmac.compare_digest(expected, value.strip())
    )


def _check_credential(engine: FaultEngine, scope: Scope) -> None:
    if not admin_credential_ok(engine, scope):
        raise _Unauthorized(
            "Chức năng quản trị lỗi mô phỏng cần Authorization: Bearer <NDXP_ADMIN_TOKEN> "
            "(admin credential required)."
        )


def _within_calendar(target: float) -> None:
    """A clock only goes where every registry can still write its ``Date`` and deadlines: a
    moment past that (advance by 1e308 s) made every later answer of the mocks a 500."""
    if not _EARLIEST <= target <= _LATEST:  # NaN and ±inf fail too
        raise _BadRequest(
            "Đồng hồ mô phỏng chỉ đặt được trong khoảng năm 1900–2200 ('seconds' hoặc 'at' "
            "vượt quá khoảng đó)."
        )


def clock_action(
    engine: FaultEngine, action: str, *, seconds: float = 0.0, at: str | None = None
) -> dict[str, Any]:
    """Freeze, resume, advance or set the simulated clock the windows and TTLs run on; a jump
    keeps the active scenario's remaining TTL (:meth:`FaultEngine.clock_moved`)."""
    clock = engine.clock
    before = clock.timestamp()
    if action == "freeze":
        clock.freeze()
    elif action == "resume":
        clock.resume()
    elif action == "advance":
        if seconds < 0:
            raise _BadRequest("'seconds' phải không âm.")
        _within_calendar(before + seconds)
        clock.advance(seconds)
    elif action == "set":
        try:
            moment = datetime.fromisoformat(at or "")
        except ValueError:
            raise _BadRequest("'at' phải là thời điểm ISO 8601 có múi giờ.") from None
        if moment.tzinfo is None:
            raise _BadRequest("'at' phải có múi giờ (ví dụ +07:00).")
        try:
            target = moment.timestamp()
        except (OverflowError, ValueError, OSError):  # no POSIX time for it (year 1 at +14:00)
            target = math.nan
        _within_calendar(target)
        clock.set(moment)
    else:
        raise _BadRequest("'action' phải là freeze, resume, advance hoặc set.")
    if action in ("advance", "set"):
        engine.clock_moved(clock.timestamp() - before)
    return {"now": clock.now().isoformat(), "frozen": clock.is_frozen}


def _json_body(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise _BadRequest("Nội dung yêu cầu không phải JSON hợp lệ.") from None
    if not isinstance(parsed, dict):
        raise _BadRequest("Nội dung yêu cầu phải là đối tượng JSON.")
    return parsed


def _number(payload: dict[str, Any], key: str) -> float | None:
    value = payload.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _BadRequest(f"'{key}' phải là số.")
    return float(value)


def _query_int(query: bytes, name: str, default: int) -> int:
    raw = dict(parse_qsl(query.decode("latin-1"))).get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 18:
        raise _BadRequest(f"'{name}' phải là số nguyên không âm.")
    return int(raw)


def _dispatch(
    engine: FaultEngine, method: str, sub: str, payload: dict[str, Any], query: bytes = b""
) -> Any:
    if sub == "/sandboxes" or sub.startswith("/sandboxes/"):
        return dispatch_sandboxes(
            engine, method, sub.removeprefix("/sandboxes"), payload, _dispatch
        )
    if method == "GET" and sub == "":
        return engine.status()
    if method == "GET" and sub == "/journal":
        after = _query_int(query, "after", 0)
        return engine.journal.page(after, _query_int(query, "limit", MAX_JOURNAL_PAGE))
    if method == "GET" and sub.startswith("/scenarios/"):
        return engine.describe_scenario(sub.removeprefix("/scenarios/"))
    if method == "GET" and sub == "/clock":
        return {"now": engine.clock.now().isoformat(), "frozen": engine.clock.is_frozen}
    if method == "POST" and sub == "/enable":
        name = payload.get("scenario")
        if not isinstance(name, str):
            raise _BadRequest("Thiếu 'scenario' (tên kịch bản lỗi).")
        return engine.enable(name, ttl_seconds=_number(payload, "ttl_seconds"))
    if method == "POST" and sub == "/disable":
        return engine.disable()
    if method == "POST" and sub == "/reset":
        return engine.reset()
    if method == "POST" and sub == "/clock":
        action = payload.get("action")
        at = payload.get("at")
        return clock_action(
            engine,
            str(action),
            seconds=_number(payload, "seconds") or 0.0,
            at=at if isinstance(at, str) else None,
        )
    raise _NotFound(f"Không có chức năng quản trị {method} {ADMIN_PREFIX}{sub}.")


async def handle_admin(engine: FaultEngine, scope: Scope, receive: Receive, send: Send) -> None:
    sub = scope["path"].removeprefix(ADMIN_PREFIX).rstrip("/")
    body = await read_body(receive)
    if body is None:
        return
    extra: list[tuple[bytes, bytes]] = []
    try:
        _check_credential(engine, scope)
        query = scope.get("query_string", b"")
        with engine.admin_lock:
            result = _dispatch(engine, scope["method"], sub, _json_body(body), query)
        status = 200
    except FaultError as exc:
        result = {"MaLoi": exc.reason, "MoTaLoi": exc.message}
        status = exc.status if exc.status < 500 else 400
        if status == 401:
            extra.append(_CHALLENGE)
    payload = orjson.dumps(result)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
