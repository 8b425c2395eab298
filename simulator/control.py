"""Fault control over HTTP: the ``/_admin/faults`` API of every registry mock, fanned out.

``ndxp-sim faults`` and the console both drive scenarios and the simulated clock through this
client. It reaches components over HTTP only, so the same code drives the in-process stack,
separate ``serve`` processes and containers. Every fanned-out call is idempotent: ``advance``
is sent as ``set`` to one absolute moment computed once, so mocks that share one engine (the
in-process stack) are not advanced four times.

The TTL trap. The engine counts a scenario's TTL on the *simulated* clock, so moving the clock
forward used to end a scenario silently (and moving it back stretched it). Each engine now
carries the time left across a jump itself (the scenario is not re-enabled, so its ramps and
flapping move on with the clock), and a clock move here says what was kept
(:class:`ClockMove`).

    ControlError             a mock refused (``reason`` = its ``MaLoi``) or none answered
                             (``reason`` = ``unreachable``)
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson

from connectors import AiohttpTransport, RawHeaders, Timeout, Transport, UpstreamError

__all__ = ["ADMIN_PATH", "ClockMove", "ControlError", "FaultControl", "JsonClient"]

ADMIN_PATH = "/_admin/faults"
_TIMEOUT = Timeout(connect=2.0, read=10.0, attempt=10.0, total=10.0)
_JSON = [(b"content-type", b"application/json")]


class ControlError(Exception):
    """A component refused a control call or could not be reached."""

    def __init__(self, reason: str, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.status = status


class JsonClient:
    """JSON over HTTP with the connectors' transport (no client-library exception escapes).
    ``headers`` go with every call: the admin credential (``StackSettings.admin_headers``) that
    the mocks' fault admin and the gateways' ``/opmon/records`` require."""

    def __init__(
        self,
        transport: Transport | None = None,
        timeout: Timeout = _TIMEOUT,
        *,
        headers: RawHeaders = (),  # type: ignore[assignment]
    ) -> None:
        self.transport = transport or AiohttpTransport(max_connections=8)
        self.timeout = timeout
        self.headers: RawHeaders = [*_JSON, *headers]

    async def call(self, method: str, url: str, payload: object = None) -> Any:
        body = b"" if payload is None else orjson.dumps(payload)
        try:
            response = await self.transport.send(method, url, self.headers, body, self.timeout)
        except UpstreamError as exc:
            raise ControlError("unreachable", f"{url}: {exc.reason}") from None
        try:
            answer = orjson.loads(response.body) if response.body else None
        except orjson.JSONDecodeError:
            raise ControlError(
                "bad_answer", f"{url}: HTTP {response.status}, not JSON", response.status
            ) from None
        if response.status >= 400:
            found = answer if isinstance(answer, dict) else {}
            raise ControlError(
                str(found.get("MaLoi") or f"http_{response.status}"),
                str(found.get("MoTaLoi") or found.get("message") or response.status),
                response.status,
            )
        return answer

    async def aclose(self) -> None:
        await self.transport.aclose()


@dataclass(frozen=True, slots=True)
class ClockMove:
    """What a clock action did, including to the active scenario's remaining time."""

    now: str
    frozen: bool
    scenario: str | None = None  # active scenario, if any
    kept_seconds: float | None = None  # its remaining TTL, carried across the move
    warnings: list[str] = field(default_factory=list)  # message keys (see simulator.cli_text)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultControl:
    """The fault admin API of every mock in ``urls`` (base URLs), driven as one."""

    def __init__(self, urls: Sequence[str], client: JsonClient | None = None) -> None:
        if not urls:
            raise ValueError("FaultControl needs at least one mock URL")
        self.urls = [u.rstrip("/") for u in urls]
        self.client = client or JsonClient()

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _one(self, method: str, path: str, payload: object = None) -> Any:
        """The first mock that answers (reads: every mock shares the same catalog)."""
        last: ControlError | None = None
        for url in self.urls:
            try:
                return await self.client.call(method, f"{url}{ADMIN_PATH}{path}", payload)
            except ControlError as exc:
                if exc.reason != "unreachable":
                    raise
                last = exc
        assert last is not None
        raise last

    async def _all(self, method: str, path: str, payload: object = None) -> Any:
        """Send to every mock; the first answer is returned. Unreachable mocks are an error
        only when none answered: a stack may run fewer mocks than it knows URLs for."""
        results = await asyncio.gather(
            *(self.client.call(method, f"{u}{ADMIN_PATH}{path}", payload) for u in self.urls),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, ControlError) and result.reason != "unreachable":
                raise result
            if isinstance(result, BaseException) and not isinstance(result, ControlError):
                raise result
        answers = [r for r in results if not isinstance(r, BaseException)]
        if not answers:
            first = results[0]
            assert isinstance(first, ControlError)
            raise first
        return answers[0]

    async def status(self) -> dict[str, Any]:
        """Seed, active scenario (with ``expires_in_s``), clock and the scenario list."""
        answer: dict[str, Any] = await self._one("GET", "")
        return answer

    async def scenario(self, name: str) -> dict[str, Any]:
        answer: dict[str, Any] = await self._one("GET", f"/scenarios/{name}")
        return answer

    async def enable(self, name: str, ttl_seconds: float | None = None) -> dict[str, Any]:
        payload: dict[str, Any] = {"scenario": name}
        if ttl_seconds is not None:
            payload["ttl_seconds"] = ttl_seconds
        answer: dict[str, Any] = await self._all("POST", "/enable", payload)
        return answer

    async def disable(self) -> dict[str, Any]:
        answer: dict[str, Any] = await self._all("POST", "/disable")
        return answer

    async def reset(self) -> dict[str, Any]:
        answer: dict[str, Any] = await self._all("POST", "/reset")
        return answer

    async def sandbox_call(self, method: str, path: str = "", payload: object = None) -> Any:
        """``/_admin/faults/sandboxes<path>`` on every component: a sandbox must be known to
        the LGSP (who is in it), the fronts and links, and the mocks alike."""
        return await self._all(method, f"/sandboxes{path}", payload)

    async def sandboxes(self) -> list[dict[str, Any]]:
        answer: list[dict[str, Any]] = await self._one("GET", "/sandboxes")
        return answer

    async def clock(self) -> dict[str, Any]:
        answer: dict[str, Any] = await self._one("GET", "/clock")
        return answer

    async def move_clock(
        self, action: str, *, seconds: float = 0.0, at: datetime | None = None
    ) -> ClockMove:
        """Freeze, resume, advance or set the clock of every mock, keeping the active scenario's
        remaining TTL (see the module docstring)."""
        before = await self.status()
        body: dict[str, Any] = {"action": action}
        if action == "advance":
            if seconds < 0:
                raise ControlError("FAULT_ADMIN_BAD_REQUEST", "seconds < 0", 400)
            now = datetime.fromisoformat(before["clock"]["now"])
            body = {"action": "set", "at": (now + timedelta(seconds=seconds)).isoformat()}
        elif action == "set":
            if at is None or at.tzinfo is None:
                raise ControlError("FAULT_ADMIN_BAD_REQUEST", "'at' needs a time zone", 400)
            body["at"] = at.isoformat()
        moved: dict[str, Any] = await self._all("POST", "/clock", body)
        active = before.get("active") or None
        remaining = active.get("expires_in_s") if active else None
        warnings: list[str] = []
        if moved.get("frozen") and remaining is not None:
            warnings.append("clock.frozen_ttl")
        return ClockMove(
            now=moved["now"],
            frozen=bool(moved.get("frozen")),
            scenario=active["name"] if active else None,
            kept_seconds=remaining,
            warnings=warnings,
        )
