"""Fault control over HTTP: the ``/_admin/faults`` API of every component with a fault engine
(the four registry mocks, and both gateways for the faults at their fronts and links), fanned
out — the way a Toxiproxy or WireMock client drives each instance's admin API. No store and no
protocol of our own: docs/control-plane.md says why.

``ndxp-sim faults`` and the console both drive scenarios and the simulated clock through this
client. It reaches components over HTTP only, so the same code drives the in-process stack,
separate ``serve`` processes and containers. Every fanned-out call is idempotent: ``advance``
is sent as ``set`` to one absolute moment computed once, so components that share one engine
(the in-process stack) are not advanced six times, and separate ones land on the same instant;
a freeze is followed by a set to the latest stopped instant. After a clock move every clock is
read back (:meth:`FaultControl.states`) and judged by :mod:`simulator.agreement`.

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
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson

from connectors import AiohttpTransport, RawHeaders, Timeout, Transport, UpstreamError
from simulator.agreement import ComponentState, disagreements

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
    components: list[dict[str, Any]] = field(default_factory=list)  # each clock, read back
    disagreements: list[str] = field(default_factory=list)  # simulator.agreement codes

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultControl:
    """The fault admin API of every component in ``urls`` (base URLs; a mapping names them),
    driven as one: writes fan out to all, reads of the shared catalog ask the first that
    answers, and :meth:`states` reads each component back."""

    def __init__(
        self, urls: Sequence[str] | Mapping[str, str], client: JsonClient | None = None
    ) -> None:
        if not urls:
            raise ValueError("FaultControl needs at least one component URL")
        named = dict(urls) if isinstance(urls, Mapping) else {u: u for u in urls}
        self.names = list(named)
        self.urls = [u.rstrip("/") for u in named.values()]
        self.client = client or JsonClient()
        # Components a change could not reach (name → URL): they kept their scenario and clock.
        self.unreachable: dict[str, str] = {}

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _one(self, method: str, path: str, payload: object = None) -> Any:
        """The first component that answers (reads: every one has the same catalog)."""
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

    async def each(self, method: str, path: str, payload: object = None) -> list[Any]:
        """Every component's answer, or the :class:`ControlError` it gave, in ``urls`` order."""
        return await asyncio.gather(
            *(self.client.call(method, f"{u}{ADMIN_PATH}{path}", payload) for u in self.urls),
            return_exceptions=True,
        )

    async def _all(self, method: str, path: str, payload: object = None) -> Any:
        """Send to every component; the first answer is returned. Unreachable ones are an
        error only when none answered; the others are named in :attr:`unreachable`."""
        results = await self.each(method, path, payload)
        for name, url, result in zip(self.names, self.urls, results, strict=True):
            if isinstance(result, ControlError) and result.reason == "unreachable":
                self.unreachable[name] = url
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

    async def states(self) -> list[ComponentState]:
        """Each component's clock, scenario and seed as it reports them now."""
        results = await self.each("GET", "")
        return [
            ComponentState(name, url, error=f"{r.reason}: {r.message}")
            if isinstance(r, ControlError)
            else ComponentState.of(name, url, r)
            for name, url, r in zip(self.names, self.urls, results, strict=True)
        ]

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

    async def _freeze_together(self) -> dict[str, Any]:
        """Stop every clock, then set them all to the latest instant any of them stopped at:
        stopped one after another they would read a few milliseconds apart."""
        await self._all("POST", "/clock", {"action": "freeze"})
        stamps = [s.now for s in await self.states() if s.now is not None]
        latest = max(stamps, key=lambda now: datetime.fromisoformat(now))
        answer: dict[str, Any] = await self._all("POST", "/clock", {"action": "set", "at": latest})
        return answer

    async def move_clock(
        self, action: str, *, seconds: float = 0.0, at: datetime | None = None
    ) -> ClockMove:
        """Freeze, resume, advance or set the clock of every component to ONE absolute moment
        (computed here once), keeping the active scenario's remaining TTL (see the module
        docstring); then read every clock back and say whether they agree."""
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
        if action == "freeze":
            moved = await self._freeze_together()
        else:
            moved = await self._all("POST", "/clock", body)
        states = await self.states()
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
            components=[s.as_dict() for s in states],
            disagreements=disagreements(states),
        )
