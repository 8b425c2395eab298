"""A Toxiproxy-like TCP link between two hops, with the fault engine's per-request faults.

    proxy = LinkProxy("lgsp-ndxp", "http://127.0.0.1:8200", engine=engine, registry_of=...)
    await proxy.start()        # listens on 127.0.0.1:<free port>; proxy.url says where
    ...
    await proxy.aclose()

It runs in the process of the hop that dials the link (the LGSP for ``lgsp-ndxp``, the NDXP for
``ndxp-registry``), so it works the same in front of a mock or of a real registry, and the
faults are real: a reset is an RST on the dialer's socket, a half-open link holds the socket
with no answer and no FIN, a slow link delays the request, a narrow one paces the answer.

One request per connection: each request goes upstream with ``Connection: close``, so the
answer ends the connection and the dialer opens a fresh one for its next request. A fault then
hits exactly the request it was drawn for — Toxiproxy draws once per connection, and a client's
silent reconnect after a reset on an idle pooled connection would heal it at random. The link
names what it did to an answer in ``X-Sim-Fault`` (``43:latency@lgsp-ndxp``) and reports every
applied fault to the engine's journal, answered or not.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from mock_registries import SANDBOX_HEADER, Decision, FaultEngine, Fired, close_transport
from simulator.links.http1 import (
    MAX_HEAD_BYTES,
    LinkRequest,
    read_request,
    split_head,
    with_connection_close,
    with_fault_tag,
)

__all__ = ["LinkProxy"]

_PACE_SECONDS = 0.05  # a narrow link sends what its rate allows every 50 ms
_READ = 65_536


class LinkProxy:
    """One link: listens locally, forwards to ``target`` (a base URL), applies faults drawn at
    ``site`` for the registry each request is for (``registry_of(path)``)."""

    def __init__(
        self,
        site: str,
        target: str,
        *,
        engine: FaultEngine,
        registry_of: Callable[[str], str | None],
        host: str = "127.0.0.1",
    ) -> None:
        parts = urlsplit(target)
        self.site = site
        self.target = target.rstrip("/")
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._engine = engine
        self._registry_of = registry_of
        self._host = host
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the proxy first"
        port = self._server.sockets[0].getsockname()[1]
        return f"http://{self._host}:{port}"

    async def start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._accept, self._host, 0, limit=MAX_HEAD_BYTES
            )

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._one(reader, writer)
        except (ConnectionError, OSError):
            pass  # either side went away: the link simply ends
        except asyncio.CancelledError:
            # aclose() ends the link: finish as a closed link, since asyncio's stream server
            # (3.11) logs a cancelled handler as an unhandled error with its traceback.
            pass
        finally:
            self._tasks.discard(task)
            if not writer.transport.is_closing():
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        if request is None:
            return
        registry = self._registry_of(request.path)
        raw_key = request.header(b"x-road-id")
        key = raw_key.decode("latin-1") if raw_key else None
        sandbox = request.header(SANDBOX_HEADER)  # set by the LGSP, never by a client
        engine = self._engine.select(sandbox.decode("latin-1") if sandbox else None)
        decision = None
        if registry is not None:
            decision = engine.decide(
                registry, request.method, request.path, request.path, key, site=self.site
            )
        if decision is None:
            await self._forward(request, reader, writer, None, "")
            return
        applied = list(decision.delay)
        if decision.delay:
            await asyncio.sleep(decision.total_delay)
        if decision.terminal is not None:
            applied.append(decision.terminal)
            self._journal(registry, key, applied)
            await self._terminal(decision.terminal, reader, writer)
            return
        if decision.delivery is not None:
            applied.append(decision.delivery)
        label = self._journal(registry, key, applied)
        await self._forward(request, reader, writer, decision, label)

    def _journal(self, registry: str | None, key: str | None, applied: list[Fired]) -> str:
        label = ",".join(f.label for f in applied)
        if label and registry is not None:
            self._engine.notify_applied(registry, key, label)
        return label

    async def _terminal(
        self, fired: Fired, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        kind = fired.rule.fault.kind
        if kind == "half_open":
            # Nothing goes back, not even a FIN, until the dialer gives up and closes.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(reader.read(), fired.rule.fault.params.get("max_s"))
        close_transport(writer.transport, reset=kind == "reset_before")

    async def _forward(
        self,
        request: LinkRequest,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        decision: Decision | None,
        label: str,
    ) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            close_transport(writer.transport, reset=True)  # the far side is unreachable
            return
        try:
            up_writer.write(with_connection_close(request.head) + request.body)
            await up_writer.drain()
            delivery = decision.delivery if decision is not None else None
            await self._relay(up_reader, writer, delivery, label)
        finally:
            up_writer.close()

    async def _relay(
        self,
        upstream: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        delivery: Fired | None,
        label: str,
    ) -> None:
        received = b""
        while (parts := split_head(received)) is None:
            chunk = await upstream.read(_READ)
            if not chunk:
                writer.write(received)  # no whole head came: pass on what did
                return
            received += chunk
        head, rest = parts
        if label:
            head = with_fault_tag(head, label)
        kind = delivery.rule.fault.kind if delivery is not None else None
        if kind == "reset_mid":
            assert delivery is not None
            body = rest + await upstream.read()
            cut = int(len(body) * delivery.rule.fault.params["fraction"])
            writer.write(head + body[:cut])
            await writer.drain()
            close_transport(writer.transport, reset=True)
            return
        rate = None
        if delivery is not None and kind == "bandwidth":
            rate = delivery.rule.fault.params["rate_kbps"] * 1024
        await _send(writer, head + rest, rate)
        while chunk := await upstream.read(_READ):
            await _send(writer, chunk, rate)


async def _send(writer: asyncio.StreamWriter, data: bytes, rate: float | None) -> None:
    """Write ``data``, at most ``rate`` bytes per second when given."""
    if rate is None:
        writer.write(data)
        await writer.drain()
        return
    step = max(1, int(rate * _PACE_SECONDS))
    for offset in range(0, len(data), step):
        started = time.monotonic()
        writer.write(data[offset : offset + step])
        await writer.drain()
        await asyncio.sleep(max(0.0, _PACE_SECONDS - (time.monotonic() - started)))
