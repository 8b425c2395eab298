"""A gateway's front: the faults Phụ lục V puts *at* the LGSP or the NDXP, as an ASGI middleware
the harness wraps around a gateway app (the broker itself never knows it is there).

    app = GatewayFront(create_app(...), role="ndxp", engine=engine, registry_of=..., spelling=...)

At the NDXP it answers the way a province meets NDXP trouble through its LGSP: the web front's
HTML error page, or the NDXP's own X-Road error — overloaded, in maintenance (a window on the
simulated clock, ``Retry-After`` to its end), or failing inside; it can also slow, reset,
hold or drop the inbound connection (:func:`front_protocol` lends it the socket). At the LGSP
the same faults meet the province on its own link. While the active scenario has no rule at
this gateway, a request costs one attribute check here.

It also serves the fault admin API (``/_admin/faults``) of a gateway process, so ``ndxp-sim
faults`` reaches the gateways' engines too when components run as separate processes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from mock_registries import (
    ADMIN_PREFIX,
    SANDBOX_HEADER,
    TRANSPORT_EXTENSION,
    FaultEngine,
    Fired,
    Scenario,
    abort_connection,
    handle_admin,
    read_body,
    wait_for_disconnect,
)
from simulator.links.answers import front_answer
from simulator.links.tally import DIALED, HopFaultTally

__all__ = ["GatewayFront", "front_protocol"]

ASGIApp = Callable[[dict[str, Any], Any, Any], Any]
_ANSWERED_KINDS = frozenset({"html_error", "http_error", "overload", "maintenance"})


def front_protocol(gateway_protocol: type) -> type:
    """The gateway's protocol (``gateway.server_options(...)["http"]``, with its head guards
    and limits), lending each connection's transport to the front (to reset or hold it)."""

    class FrontProtocol(gateway_protocol):  # type: ignore[misc]
        def on_message_begin(self) -> None:
            super().on_message_begin()
            scope: dict[str, Any] = self.scope
            scope.setdefault("extensions", {})[TRANSPORT_EXTENSION] = self.transport

    return FrontProtocol


class GatewayFront:
    """Faults at gateway ``role`` (``lgsp`` or ``ndxp``), drawn per request by ``engine``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        role: str,
        engine: FaultEngine,
        registry_of: Callable[[str], str | None],
        spelling: str = "7.7",
        tally: HopFaultTally | None = None,
    ) -> None:
        self.app = app
        self.role = role
        self.engine = engine
        self._registry_of = registry_of
        self._spelling = spelling
        self._tally = tally  # link faults' tags for this gateway's answers
        self._quiet = True
        self._scenario_changed(None)
        engine.add_listener(self._scenario_changed)

    def _scenario_changed(self, scenario: Scenario | None) -> None:
        # Any scenario, the process's or a sandbox's: the listeners are shared. A rule on the
        # link this gateway dials (or, at the LGSP, the NDXP's front) wakes the front too: its
        # answer carries that fault's tag.
        beyond = (DIALED[self.role], "ndxp") if self.role == "lgsp" else (DIALED[self.role],)
        links = self._tally is not None and any(self.engine.has_rules_at(s) for s in beyond)
        self._quiet = not (self.engine.has_rules_at(self.role) or links)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["path"].startswith(ADMIN_PREFIX):
            await handle_admin(self.engine, scope, receive, send)
        elif self._quiet:
            await self.app(scope, receive, send)
        else:
            await self._maybe_fault(scope, receive, send)

    async def _maybe_fault(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        registry = self._registry_of(scope["path"])
        message_id = sandbox = b""
        for name, value in scope["headers"]:
            if name == b"x-road-id":
                message_id = value
            elif name == SANDBOX_HEADER and self.role != "lgsp":
                # Set by the LGSP from the consumer it authenticated; at the LGSP's own front
                # the caller is not authenticated yet, so its claim counts for nothing.
                sandbox = value
        engine = self.engine.select(sandbox.decode("latin-1") or None)
        key = message_id.decode("latin-1") or None
        decision = None
        if registry is not None:
            decision = engine.decide(
                registry, scope["method"], scope["path"], scope["path"], key, site=self.role
            )
        if decision is None:
            await self.app(scope, receive, self._link_tagged(send))
            return
        applied: list[Fired] = list(decision.delay)
        if decision.delay:
            await asyncio.sleep(decision.total_delay)
        if decision.terminal is not None:
            applied.append(decision.terminal)
        label = ",".join(f.label for f in applied).encode()
        assert registry is not None
        self.engine.notify_applied(registry, key, label.decode())
        if decision.terminal is None:
            await self.app(scope, receive, self._link_tagged(_tagged(send, label)))
        elif decision.terminal.rule.fault.kind in _ANSWERED_KINDS:
            await self._answer(decision.terminal, label, message_id, receive, send)
        else:
            await self._drop(decision.terminal, scope, receive, send)

    async def _answer(
        self, fired: Fired, label: bytes, message_id: bytes, receive: Any, send: Any
    ) -> None:
        if await read_body(receive) is None:
            return
        status, headers, body = front_answer(fired, self.role, self._spelling, message_id)
        headers += [(b"content-length", b"%d" % len(body)), (b"x-sim-fault", label)]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _drop(self, fired: Fired, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """reset_before, empty_reply, half_open: the inbound connection fails, no answer."""
        if await read_body(receive) is None:
            return
        kind = fired.rule.fault.kind
        if kind == "half_open":
            await wait_for_disconnect(receive, fired.rule.fault.params.get("max_s"))
        if not await abort_connection(scope, receive, reset=kind == "reset_before"):
            # No socket lent (another server): promise a body and leave, the nearest thing.
            head = [(b"content-type", b"application/json"), (b"content-length", b"64")]
            await send({"type": "http.response.start", "status": 200, "headers": head})
            await send({"type": "http.response.body", "body": b"{", "more_body": True})

    def _link_tagged(self, send: Any) -> Any:
        """``send`` adding the tags of the faults the call met on the link onward (kept by the
        tally under the X-Road-Id this gateway answers with)."""
        tally, role = self._tally, self.role
        if tally is None:
            return send

        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                key = next((v for k, v in message.get("headers", []) if k == b"x-road-id"), None)
                label = tally.link_tag(role, key) if key else None
                if label:
                    await _tagged(send, label)(message)
                    return
            await send(message)

        return wrapped


def _tagged(send: Any, label: bytes) -> Any:
    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start" and label:
            headers = list(message.get("headers", []))
            current = next((v for k, v in headers if k == b"x-sim-fault"), None)
            headers = [(k, v) for k, v in headers if k != b"x-sim-fault"]
            parts = current.split(b",") if current else []
            parts += [part for part in label.split(b",") if part not in parts]
            headers.append((b"x-sim-fault", b",".join(parts)))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped
