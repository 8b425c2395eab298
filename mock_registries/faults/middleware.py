"""ASGI middleware that applies the engine's decisions to one registry mock.

Order per request: delay → terminal answer (registry not called) → body rewrite of the real
answer → delivery (trickle, reset mid-body). Every applied fault is named in ``X-Sim-Fault``
(``<row>:<kind>``, comma-separated; row ``-`` for override headers) and counted in
``mock_registry_faults_injected_total``. While the engine is idle the only cost is the
``engine.idle`` check.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import orjson
from prometheus_client import CollectorRegistry

from mock_registries.asgi import ASGIApp, Message, Receive, Scope, Send
from mock_registries.clock import SANDBOX_CLOCK
from mock_registries.faults.admin import ADMIN_PREFIX, handle_admin
from mock_registries.faults.connection import (
    abort_connection,
    peer_left,
    read_body,
    replay_receive,
    settle_departure,
    wait_for_disconnect,
)
from mock_registries.faults.engine import Decision, FaultEngine, Fired
from mock_registries.faults.errors import FaultError
from mock_registries.faults.metrics import FaultMetrics
from mock_registries.faults.sandboxes import SANDBOX_HEADER
from mock_registries.faults.transforms import apply_body_faults

__all__ = ["FAULT_HEADER", "OVERRIDE_HEADER", "FaultMiddleware"]

FAULT_HEADER = b"x-sim-fault"
OVERRIDE_HEADER = b"x-sim-fault"
_UNFAULTED_PATHS = frozenset({"/healthz", "/metrics", "/openapi.json", "/docs", "/redoc"})
_DOCS_ASSETS = "/static-offline-docs/"
_DEFAULT_RETRY_AFTER_S = 300

_MESSAGES = {
    429: ("QUA_NHIEU_YEU_CAU", "Vượt quá số lượng yêu cầu cho phép, vui lòng thử lại sau."),
    500: ("LOI_HE_THONG", "Lỗi hệ thống nội bộ."),
    501: ("CHUA_HO_TRO", "Hệ thống chưa cung cấp chức năng này."),
    502: ("LOI_CONG_KET_NOI", "Lỗi cổng kết nối trung gian."),
    503: ("HE_THONG_TAM_DUNG", "Hệ thống tạm thời không phục vụ."),
    504: ("HET_THOI_GIAN_CHO", "Hết thời gian chờ phản hồi từ hệ thống nguồn."),
    404: ("KHONG_TON_TAI_DICH_VU", "Không tồn tại dịch vụ này trên hệ thống."),
}
_HTML = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_PHRASES = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
}


def _json_error(status: int, fallback: str) -> bytes:
    code, message = _MESSAGES.get(status, (f"HTTP_{status}", fallback))
    return orjson.dumps({"MaLoi": code, "MoTaLoi": message})


class FaultMiddleware:
    """Wraps one registry app; ``engine`` is shared by the registries of the process."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        registry: str,
        engine: FaultEngine,
        metrics_registry: CollectorRegistry,
    ) -> None:
        self.app = app
        self.registry = registry
        self.engine = engine
        self.metrics = FaultMetrics.for_registry(metrics_registry)
        self.metrics.seed.labels(registry=registry).set(engine.seed)
        self.metrics.precreate(registry, engine.active_scenario)
        engine.add_listener(lambda scenario: self.metrics.precreate(registry, scenario))
        self._template: Callable[[str, str], str] | None = getattr(app, "route_template", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(ADMIN_PREFIX):
            await handle_admin(self.engine, scope, receive, send)
            return
        if self.engine.idle or path in _UNFAULTED_PATHS or path.startswith(_DOCS_ASSETS):
            await self.app(scope, receive, send)
            return
        if not self.engine.children:
            await self._maybe_fault(self.engine, scope, receive, send)
            return
        sandbox = next((v for k, v in scope["headers"] if k == SANDBOX_HEADER), None)
        engine = self.engine.select(sandbox.decode("latin-1") if sandbox else None)
        if engine is self.engine:
            await self._maybe_fault(engine, scope, receive, send)
            return
        token = SANDBOX_CLOCK.set(engine.clock)  # the world answers on the sandbox's time
        try:
            if engine.idle:
                await self.app(scope, receive, send)
            else:
                await self._maybe_fault(engine, scope, receive, send)
        finally:
            SANDBOX_CLOCK.reset(token)

    # -- decision ---------------------------------------------------------------------------

    def _route(self, method: str, path: str) -> str:
        return path if self._template is None else self._template(method, path)

    async def _maybe_fault(
        self, engine: FaultEngine, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """``engine``: the process's, or the sandbox's the request belongs to."""
        method: str = scope["method"]
        path: str = scope["path"]
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        overrides = None
        if engine.allow_override_headers:
            overrides = next(
                (v.decode("latin-1") for k, v in headers if k.lower() == OVERRIDE_HEADER), None
            )
        key = engine.request_key(headers)
        try:
            decision = engine.decide(
                self.registry, method, path, self._route(method, path), key, overrides
            )
        except FaultError as exc:
            body = orjson.dumps({"MaLoi": exc.reason, "MoTaLoi": exc.message})
            await _send_simple(send, 400, body, b"application/json", [])
            return
        if decision is None:
            await self.app(scope, receive, send)
            return
        request_body = await read_body(receive)
        if request_body is None:
            return
        await self._apply(
            decision, key, scope, replay_receive(request_body, receive), receive, send
        )

    def _record(self, fired: list[Fired], key: str | None) -> bytes:
        for item in fired:
            self.metrics.child(self.registry, item.rule.fault.name, item.rule.row_label).inc()
        label = ",".join(item.label for item in fired)
        if label:
            self.engine.notify_applied(self.registry, key, label)
        return label.encode()

    # -- stages -----------------------------------------------------------------------------

    async def _apply(
        self,
        decision: Decision,
        key: str | None,
        scope: Scope,
        app_receive: Receive,
        server: Receive,
        send: Send,
    ) -> None:
        applied: list[Fired] = list(decision.delay)
        if decision.delay:
            left = await wait_for_disconnect(server, decision.total_delay)
            if left or peer_left(scope):
                self._record(applied, key)
                if not left:
                    await settle_departure(server)
                return
        if decision.terminal is not None:
            applied.append(decision.terminal)
            label = self._record(applied, key)
            await self._terminal(decision.terminal, label, scope, server, send)
            return
        if not decision.body and decision.delivery is None:
            label = self._record(applied, key)
            await self.app(scope, app_receive, _with_header(send, label))
            return
        start, chunks = await _capture(self.app, scope, app_receive)
        if start is None:
            self._record(applied, key)
            return
        payload = b"".join(chunks)
        status = int(start["status"])
        if decision.body and 200 <= status < 300:
            specs = [f.rule.fault for f in decision.body]
            payload, changed, latent = apply_body_faults(payload, specs, self.engine.clock.now())
            for i in changed:
                fired = decision.body[i]
                applied.append(replace(fired, as_kind="status_hidden") if i in latent else fired)
        if decision.delivery is not None:
            applied.append(decision.delivery)
        label = self._record(applied, key)
        out_headers = [
            (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
        ]
        out_headers.append((b"content-length", str(len(payload)).encode()))
        if label:
            out_headers = _with_fault(out_headers, label)
        await send({"type": "http.response.start", "status": status, "headers": out_headers})
        await self._deliver(decision.delivery, payload, scope, server, send)

    async def _terminal(
        self, fired: Fired, label: bytes, scope: Scope, server: Receive, send: Send
    ) -> None:
        fault = fired.rule.fault
        header = [(FAULT_HEADER, label)]
        kind = fault.kind
        if kind in ("reset_before", "empty_reply"):
            if not await abort_connection(scope, server, reset=kind == "reset_before"):
                await _send_truncated(send, header)
            return
        if kind == "hang":
            await wait_for_disconnect(server, fault.params.get("max_s"))
            if not await abort_connection(scope, server, reset=False):
                await _send_truncated(send, header)
            return
        status = int(fault.params["status"])
        if kind == "html_error":
            phrase = _PHRASES.get(status, "Error")
            page = _HTML.format(status=status, phrase=phrase).encode()
            await _send_simple(send, status, page, b"text/html", header)
            return
        extra = list(header)
        if kind == "maintenance":
            retry = fired.remaining if fired.remaining is not None else _DEFAULT_RETRY_AFTER_S
            extra.append((b"retry-after", str(max(1, math.ceil(retry))).encode()))
            body = orjson.dumps(
                {"MaLoi": "BAO_TRI_HE_THONG", "MoTaLoi": "Hệ thống đang bảo trì, nâng cấp."}
            )
        else:
            if "retry_after_s" in fault.params:
                extra.append((b"retry-after", str(fault.params["retry_after_s"]).encode()))
            body = _json_error(status, "Lỗi mô phỏng.")
            if kind == "overload":
                body = orjson.dumps(
                    {"MaLoi": "QUA_TAI", "MoTaLoi": "Hệ thống đang quá tải, vui lòng thử lại sau."}
                )
        await _send_simple(send, status, body, b"application/json", extra)

    async def _deliver(
        self, fired: Fired | None, payload: bytes, scope: Scope, server: Receive, send: Send
    ) -> None:
        if fired is None:
            await send({"type": "http.response.body", "body": payload})
            return
        params = fired.rule.fault.params
        if fired.rule.fault.kind == "reset_mid":
            cut = int(len(payload) * params["fraction"])
            await send({"type": "http.response.body", "body": payload[:cut], "more_body": True})
            await asyncio.sleep(0)
            await abort_connection(scope, server, reset=True)
            return
        size, interval = _pacing(len(payload), params, self.engine.time_scale)
        for offset in range(0, len(payload), size):
            if offset and await wait_for_disconnect(server, interval):
                return
            last = offset + size >= len(payload)
            chunk = payload[offset : offset + size]
            await send({"type": "http.response.body", "body": chunk, "more_body": not last})
        if not payload:
            await send({"type": "http.response.body", "body": b""})


def _pacing(length: int, params: Mapping[str, Any], scale: float) -> tuple[int, float]:
    """(chunk size, pause between chunks) of a trickle: the catalog's pace, slowed down for a
    short answer so the body still takes ``min_total_ms`` (a trickle is a slow answer)."""
    size, interval = params["chunk_bytes"], params["interval_ms"] / 1000.0
    size = max(1, min(size, length // 2)) if length > 1 else size
    pauses = max(1, -(-length // size) - 1)
    interval = max(interval, params["min_total_ms"] / 1000.0 / pauses)
    return size, interval * scale


async def _send_simple(
    send: Send, status: int, body: bytes, content_type: bytes, extra: list[tuple[bytes, bytes]]
) -> None:
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_truncated(send: Send, extra: list[tuple[bytes, bytes]]) -> None:
    """Degraded close without a transport: promise a body, send none, let the server close."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"64"), *extra]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"{", "more_body": True})


def _with_fault(headers: list[tuple[bytes, bytes]], label: bytes) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``label`` joined to the answer's own X-Sim-Fault (``-:no_record``)."""
    current = [v for k, v in headers if k.lower() == FAULT_HEADER]
    kept = [(k, v) for k, v in headers if k.lower() != FAULT_HEADER]
    return [*kept, (FAULT_HEADER, b",".join([*current, label]))]


def _with_header(send: Send, label: bytes) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": _with_fault(message.get("headers", []), label)}
        await send(message)

    return wrapped


async def _capture(
    app: ASGIApp, scope: Scope, receive: Receive
) -> tuple[Message | None, list[bytes]]:
    """Run the registry app and keep its answer instead of sending it."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return start, chunks
