"""Real loopback servers for connector tests, plus a scripted in-memory transport.

:class:`RawServer` is ``asyncio.start_server`` on 127.0.0.1 port 0 speaking just enough
HTTP/1.1 (keep-alive, Content-Length) to misbehave the ways registries do: hang, trickle a
body byte by byte, reset the connection, answer slowly. Timeouts and resets are only real
against a real socket (httpx's ASGITransport ignores timeouts).
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from connectors import build_transport
from connectors._errors import UpstreamError
from connectors._raw_transport import RawHttpTransport
from connectors._timeouts import Timeout
from connectors._transport import (
    AiohttpTransport,
    HttpxTransport,
    RawHeaders,
    Transport,
    UpstreamResponse,
)

Behaviour = Callable[[asyncio.StreamWriter], Awaitable[bool]]  # True: keep the connection


def respond(
    status: int = 200,
    body: bytes = b'{"ok":true}',
    headers: RawHeaders = (),
    delay: float = 0.0,
    content_type: bytes = b"application/json",
) -> Behaviour:
    async def behave(writer: asyncio.StreamWriter) -> bool:
        if delay:
            await asyncio.sleep(delay)
        head = [f"HTTP/1.1 {status} X".encode(), b"content-type: " + content_type]
        head += [k + b": " + v for k, v in headers]
        head.append(b"content-length: " + str(len(body)).encode())
        writer.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        await writer.drain()
        return True

    return behave


def hang(seconds: float = 60.0) -> Behaviour:
    async def behave(writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(seconds)
        return False

    return behave


def trickle(interval: float = 0.2) -> Behaviour:
    """Headers at once, then one body byte every ``interval`` seconds, forever."""

    async def behave(writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n")
        while True:
            writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(interval)

    return behave


def chunked(body: bytes, size: int = 7, status: int = 200) -> Behaviour:
    """The answer in ``Transfer-Encoding: chunked``, ``size`` bytes a chunk, each written on
    its own, plus an empty extension and a trailer (both legal, both to be ignored)."""

    async def behave(writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 %d OK\r\ncontent-type: application/json\r\n" % status)
        writer.write(b"transfer-encoding: chunked\r\n\r\n")
        for start in range(0, len(body), size):
            piece = body[start : start + size]
            writer.write(b"%x;ext=1\r\n%s\r\n" % (len(piece), piece))
            await writer.drain()
        writer.write(b"0\r\nx-trailer: t\r\n\r\n")
        await writer.drain()
        return True

    return behave


def reset() -> Behaviour:
    """Close with SO_LINGER 0: the client sees a TCP RST, not a clean FIN."""

    async def behave(writer: asyncio.StreamWriter) -> bool:
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
        return False

    return behave


@dataclass
class RawServer:
    """A loopback HTTP/1.1 server; each request takes the next scripted behaviour."""

    default: Behaviour = field(default_factory=respond)
    script: list[Behaviour] = field(default_factory=list)
    requests: int = 0
    request_heads: list[bytes] = field(default_factory=list)
    url: str = ""
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> RawServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                self.requests += 1
                self.request_heads.append(head)
                behaviour = self.script.pop(0) if self.script else self.default
                if not await behaviour(writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._tasks.discard(task)
            writer.transport.abort()

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[..., Awaitable[RawServer]]]:
    """Factory: ``server = await raw_server(default=hang())``; all are closed at teardown."""
    servers: list[RawServer] = []

    async def make(default: Behaviour | None = None, script: list[Behaviour] = ()) -> RawServer:  # type: ignore[assignment]
        server = RawServer(default=default or respond(), script=list(script))
        servers.append(await server.start())
        return server

    yield make
    for server in servers:
        await server.close()


Step = UpstreamResponse | UpstreamError | Callable[[], Awaitable[UpstreamResponse]]


class ScriptedTransport:
    """In-memory transport replaying a script of answers/errors (then the last step forever)."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.calls = 0
        self.timeouts: list[Timeout] = []

    async def send(
        self, method: str, url: str, headers: RawHeaders, body: bytes, timeout: Timeout
    ) -> UpstreamResponse:
        self.calls += 1
        self.timeouts.append(timeout)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, UpstreamError):
            raise type(step)(step.message)
        if isinstance(step, UpstreamResponse):
            return UpstreamResponse(step.status, list(step.headers), step.body)
        return await step()

    async def aclose(self) -> None:
        pass


class RecordingObserver:
    """Every observer event as a tuple, for assertions."""

    def __init__(self) -> None:
        self.events: list[tuple[object, ...]] = []

    def names(self) -> list[str]:
        return [str(e[0]) for e in self.events]

    def attempt_finished(self, upstream: str, outcome: str, seconds: float) -> None:
        self.events.append(("attempt", outcome))

    def retry_scheduled(self, upstream: str, attempt: int, delay: float, reason: str) -> None:
        self.events.append(("retry", attempt, reason))

    def retry_budget_exhausted(self, upstream: str) -> None:
        self.events.append(("budget_exhausted",))

    def breaker_state_changed(self, upstream: str, old: str, new: str) -> None:
        self.events.append(("breaker", old, new))

    def breaker_rejected(self, upstream: str) -> None:
        self.events.append(("breaker_rejected",))

    def bulkhead_rejected(self, upstream: str) -> None:
        self.events.append(("bulkhead_rejected",))

    def hedge_fired(self, upstream: str) -> None:
        self.events.append(("hedge",))


def ok(status: int = 200, headers: RawHeaders | None = None) -> UpstreamResponse:
    return UpstreamResponse(status, headers or [], b'{"ok":true}')


class SleepRecorder:
    """Injected instead of asyncio.sleep: backoff delays are recorded, not waited."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


TRANSPORTS = {"aiohttp": AiohttpTransport, "httpx": HttpxTransport, "raw": RawHttpTransport}


@pytest.fixture(params=sorted(TRANSPORTS))
async def transport(request: pytest.FixtureRequest) -> AsyncIterator[Transport]:
    """Each transport in turn: the behaviours under test must not depend on the choice."""
    chosen: Transport = TRANSPORTS[request.param]()
    yield chosen
    await chosen.aclose()


SMALL_ANSWERS = 1000


@pytest.fixture(params=sorted(TRANSPORTS))
async def small_transport(request: pytest.FixtureRequest) -> AsyncIterator[Transport]:
    """Each transport in turn, accepting answers of at most :data:`SMALL_ANSWERS` bytes."""
    name = request.param
    chosen: Transport = build_transport(name, max_response_bytes=SMALL_ANSWERS)
    yield chosen
    await chosen.aclose()
