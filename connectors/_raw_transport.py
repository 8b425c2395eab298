"""A minimal HTTP/1.1 keep-alive client on an asyncio protocol and httptools' C parser.

Why a third transport: measured here (``bench/gateway_results.txt``), aiohttp's client alone
costs more CPU per proxied call than the whole broker logic of a hop, and httpx several times
that. A gateway hop needs very little of a general client: plain HTTP to a known upstream,
keep-alive, Content-Length or chunked answers, no redirects, cookies or decompression. Doing
just that on the event loop's own protocol machinery costs a fraction (see the bench).

Everything is translated here into :mod:`connectors._errors`, like the other transports:
connect failures and timeouts, a read timeout that restarts on every byte received (a trickle
stays under it; the attempt deadline cuts it), a connection
closed or reset before the answer is complete, unparsable answers, and answers larger than
``max_response_bytes`` (the connection is dropped as soon as the bound is passed).

The attempt deadline and the read timeout of every exchange are watched by one timer per loop
(``connectors._sweeper``), and a free pooled connection is taken without waiting machinery
(``connectors._slots``): ``asyncio.timeout`` plus ``asyncio.wait_for`` (which wraps the wait
in a new Task) cost a Task and two timers per call that almost never waits; so do a plain slot
counter and hop-by-hop headers dropped while parsing (``bench/bench_instructions.py`` counts
the difference).
"""

from __future__ import annotations

import asyncio
import collections
import socket
from typing import cast
from urllib.parse import urlsplit

import httptools

from connectors._errors import (
    ConnectionReset,
    ConnectTimeout,
    ReadTimeout,
    UpstreamBadResponse,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors._slots import Slots
from connectors._sweeper import Sweeper
from connectors._timeouts import Timeout
from connectors._transport import (
    DEFAULT_MAX_RESPONSE,
    HOP_BY_HOP,
    RawHeaders,
    UpstreamResponse,
    too_large,
)

__all__ = ["RawHttpTransport"]

_NO_BODY_STATUSES = frozenset({204, 304})


class _TooLarge(Exception):
    """Stops the parser once an answer passes the size bound."""


class _Connection(asyncio.Protocol):
    """One keep-alive connection; parses one answer at a time."""

    def __init__(self, loop: asyncio.AbstractEventLoop, max_body: int, sweeper: Sweeper) -> None:
        self._loop = loop
        self._sweeper = sweeper
        self._max_body = max_body
        self._size = 0
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._parser = httptools.HttpResponseParser(self)
        self._waiter: asyncio.Future[UpstreamResponse] | None = None
        self._headers: RawHeaders = []
        self._body: list[bytes] = []
        self._read_timeout = 0.0
        self._deadline = 0.0
        self._attempt_seconds = 0.0
        self._received_any = False
        self._last_read = 0.0
        self.keep_alive = True
        self._head = False
        self._headers_done = False
        self._length_known = False
        self._framed = False  # the answer has a Content-Length or Transfer-Encoding

    # -- asyncio.Protocol ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self._received_any = True
        # Cheaper than re-arming a timer per chunk: the timer checks this when it fires.
        self._last_read = self._loop.time()
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(UpstreamBadResponse(f"malformed HTTP answer: {exc}"))
            self._abort()

    def eof_received(self) -> bool:
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if exc is None and self._headers_done and not self._length_known:
            self.keep_alive = False
            self._complete()  # an answer delimited by the end of the connection (HTTP/1.0 style)
        if self._waiter is not None and not self._waiter.done():
            what = "reset" if exc is not None else "closed"
            self._fail(ConnectionReset(f"upstream {what} the connection before a full answer"))

    # -- httptools callbacks ---------------------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        name = name.lower()
        if name not in HOP_BY_HOP:
            self._headers.append((name, value))
        elif name == b"content-length" or name == b"transfer-encoding":
            self._framed = True

    def on_headers_complete(self) -> None:
        self._headers_done = True
        status = self._parser.get_status_code()
        self._length_known = self._head or self._framed or status in _NO_BODY_STATUSES
        if self._head:
            self.on_message_complete()  # the parser cannot know a HEAD answer has no body

    def on_body(self, body: bytes) -> None:
        self._size += len(body)
        if self._size > self._max_body:
            self._fail(too_large(self._max_body))
            self._abort()
            raise _TooLarge  # stop parsing what is left of this packet
        self._body.append(body)

    def on_message_complete(self) -> None:
        self.keep_alive = self._parser.should_keep_alive()
        self._complete()

    def _complete(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            status = self._parser.get_status_code()
            waiter.set_result(UpstreamResponse(status, self._headers, b"".join(self._body)))

    # -- one exchange ----------------------------------------------------------------------------

    async def exchange(
        self, request: bytes, read_timeout: float, deadline: float, attempt: float, *, head: bool
    ) -> UpstreamResponse:
        """Send ``request`` and wait for its answer until the read window or ``deadline``
        (loop time) runs out; ``attempt`` is the deadline's length, for the message."""
        assert self.transport is not None
        self._waiter = self._loop.create_future()
        if self._head:  # after a HEAD answer the parser would still expect its body
            self._parser = httptools.HttpResponseParser(self)
        self._head = head
        self._headers_done = False
        self._framed = False
        self._headers = []
        self._body = []
        self._size = 0
        self._received_any = False
        self._read_timeout = read_timeout
        self._deadline = deadline
        self._attempt_seconds = attempt
        now = self._last_read = self._loop.time()
        due = now + read_timeout
        sweeper = self._sweeper  # its one timer, armed anew only for an earlier moment
        sweeper.active.add(self)
        if (due if due < deadline else deadline) < sweeper.at:
            sweeper.arm(due if due < deadline else deadline)
        try:
            self.transport.write(request)
            return await self._waiter
        finally:
            self._waiter = None

    @property
    def reusable(self) -> bool:
        return self.keep_alive and not self.closed and self.transport is not None

    @property
    def pending(self) -> bool:
        """An exchange awaits its answer on this connection."""
        return self._waiter is not None and not self._waiter.done()

    @property
    def received_any(self) -> bool:
        return self._received_any

    def overdue(self, now: float) -> float | None:
        """The sweeper's look (``connectors._sweeper``): the exchange failed if it timed out."""
        if not self.pending:
            return None
        if now >= self._deadline:
            self._fail(UpstreamTimeout(f"attempt deadline {self._attempt_seconds:g} s exceeded"))
            self._abort()
            return None
        read_by = self._last_read + self._read_timeout
        if now < read_by:  # bytes came meanwhile: wait out the rest of the window
            return min(read_by, self._deadline)
        self._fail(ReadTimeout(f"no byte from upstream for {self._read_timeout:g} s"))
        self._abort()
        return None

    def _fail(self, error: Exception) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(error)

    def _abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()


class RawHttpTransport:
    """Keep-alive pools per (host, port), bounded by ``max_connections`` per host."""

    def __init__(
        self, *, max_connections: int = 100, max_response_bytes: int = DEFAULT_MAX_RESPONSE
    ) -> None:
        self._max_connections = max_connections
        self._max_response = max_response_bytes
        self._idle: dict[tuple[str, int], collections.deque[_Connection]] = {}
        self._slots: dict[tuple[str, int], Slots] = {}
        self._all: set[_Connection] = set()
        self._targets: dict[str, tuple[str, int, bytes, bytes]] = {}
        self._sweeper: Sweeper | None = None  # of the loop the connections were made on

    def _target(self, url: str) -> tuple[str, int, bytes, bytes]:
        """(host, port, Host header, request-target) — parsed once per distinct URL prefix."""
        cached = self._targets.get(url)
        if cached is None:
            parts = urlsplit(url)
            if parts.scheme != "http" or not parts.hostname:
                raise UpstreamUnavailable(f"only plain http:// upstreams are supported: {url}")
            port = parts.port or 80
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            host_header = parts.netloc.encode("latin-1")
            cached = (parts.hostname, port, host_header, target.encode("latin-1"))
            if len(self._targets) < 4096:
                self._targets[url] = cached
        return cached

    async def send(
        self, method: str, url: str, headers: RawHeaders, body: bytes, timeout: Timeout
    ) -> UpstreamResponse:
        host, port, host_header, target = self._targets.get(url) or self._target(url)
        lines = [method.encode("ascii"), b" ", target, b" HTTP/1.1\r\nhost: ", host_header, b"\r\n"]
        for name, value in headers:
            lines += (name, b": ", value, b"\r\n")
        if body or method not in ("GET", "HEAD", "DELETE", "OPTIONS"):
            lines += (b"content-length: ", str(len(body)).encode(), b"\r\n")
        lines.append(b"\r\n")
        if body:
            lines.append(body)
        request = b"".join(lines)
        key = (host, port)
        slots = self._slots.get(key)
        if slots is None:
            slots = self._slots[key] = Slots(self._max_connections)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout.attempt
        if slots.free > 0 and not slots.waiters:  # a free slot, nobody queued before us
            slots.free -= 1
        else:  # every connection busy: queue, bounded by the pool timeout
            await self._wait_for_slot(slots, key, timeout, deadline - loop.time())
        try:
            return await self._exchange(key, request, timeout, deadline, method == "HEAD")
        finally:
            if slots.waiters:
                slots.give_back()  # hands the slot to the oldest waiter
            else:
                slots.free += 1  # Slots.give_back with nobody to hand the slot to

    async def _wait_for_slot(
        self, slots: Slots, key: tuple[str, int], timeout: Timeout, remaining: float
    ) -> None:
        try:
            await slots.take(min(timeout.pool, remaining))
        except TimeoutError:
            if remaining <= timeout.pool:
                raise UpstreamTimeout(f"attempt deadline {timeout.attempt:g} s exceeded") from None
            raise UpstreamTimeout(
                f"no free connection to {key[0]}:{key[1]} within {timeout.pool:g} s"
            ) from None

    async def _exchange(
        self, key: tuple[str, int], request: bytes, timeout: Timeout, deadline: float, head: bool
    ) -> UpstreamResponse:
        # Each connection's exchange awaited here, not in a coroutine of its own: one frame
        # less between the caller and the answer, on every call.
        idle = self._idle.get(key)
        while idle:
            conn = idle.pop()
            if conn.closed or not conn.keep_alive:  # not reusable (an idle one is connected)
                self._forget(conn)  # closed by the upstream while idle: nothing keeps it now
                continue
            try:
                response = await conn.exchange(
                    request, timeout.read, deadline, timeout.attempt, head=head
                )
            except ConnectionReset:
                self._drop(conn)
                # An idle connection the upstream had closed meanwhile: nothing of this request
                # reached it, so a fresh connection is safe. Anything else propagates.
                if conn.received_any:
                    raise
                continue
            except BaseException:
                self._drop(conn)
                raise
            if conn.keep_alive and not conn.closed:  # _done's common case, inline
                idle.append(conn)
                return response
            return self._done(key, conn, response)
        conn = await self._connect(key, timeout, deadline)
        try:
            response = await conn.exchange(
                request, timeout.read, deadline, timeout.attempt, head=head
            )
        except BaseException:
            self._drop(conn)
            raise
        return self._done(key, conn, response)

    def _drop(self, conn: _Connection) -> None:
        """A connection whose exchange failed: aborted and forgotten."""
        conn._abort()
        self._forget(conn)

    def _forget(self, conn: _Connection) -> None:
        # Out of the sweeper's set now, not at its next look (up to a read window later): a
        # closed connection keeps its parser and its last answer's body alive while it is there.
        self._all.discard(conn)
        conn._sweeper.active.discard(conn)

    def _done(
        self, key: tuple[str, int], conn: _Connection, response: UpstreamResponse
    ) -> UpstreamResponse:
        """After an answer: the connection back to the idle pool, or closed."""
        if conn.reusable:
            self._idle.setdefault(key, collections.deque()).append(conn)
        else:
            self._forget(conn)
            if conn.transport is not None:
                conn.transport.close()
        return response

    async def _connect(
        self, key: tuple[str, int], timeout: Timeout, deadline: float
    ) -> _Connection:
        loop = asyncio.get_running_loop()
        remaining = deadline - loop.time()
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(
                    lambda: _Connection(loop, self._max_response, self._sweeper_of(loop)), *key
                ),
                min(timeout.connect, remaining),
            )
        except TimeoutError:
            if remaining <= timeout.connect:
                raise UpstreamTimeout(f"attempt deadline {timeout.attempt:g} s exceeded") from None
            raise ConnectTimeout(f"connect to {key[0]}:{key[1]} timed out") from None
        except OSError as exc:
            raise UpstreamUnavailable(f"cannot connect to {key[0]}:{key[1]}: {exc}") from None
        self._all.add(conn)
        return conn

    def _sweeper_of(self, loop: asyncio.AbstractEventLoop) -> Sweeper:
        if self._sweeper is None or self._sweeper.loop is not loop:
            self._sweeper = Sweeper(loop)
        return self._sweeper

    async def aclose(self) -> None:
        if self._sweeper is not None:
            self._sweeper.close()
        for conn in list(self._all):
            if conn.pending:  # its timeouts were the sweeper's: it ends now, not at the peer's will
                conn._fail(
                    UpstreamUnavailable("the connection was closed: the transport shut down")
                )
                conn._abort()
            elif conn.transport is not None:
                conn.transport.close()
        self._all.clear()
        self._idle.clear()
