"""How a gateway hop is served: uvicorn (uvloop + httptools) with one write per answer.

uvicorn writes an answer's head as soon as the app sends ``http.response.start`` and its body
on ``http.response.body``: two ``send()`` calls, two TCP segments with ``TCP_NODELAY``, and on
loopback the kernel runs the receiving side's TCP path inside each sender's system call.
:class:`CoalescingProtocol` holds the head and hands it to the socket together with the body
the moment the answer is complete — before the app's own bookkeeping (metrics, ledger) runs in
the same task step: one system call, one segment, no added wait. Bytes of an answer that is
still streaming go out at the end of the loop step they were written in (``loop.call_soon``).
Closing the connection flushes first; aborting drops what is held, as the real transport
would. Measured in ``bench/bench_gateway.py``.

The same protocol guards the hop against what a client sends before the broker sees a request
(limits in :class:`gateway.settings.ServerLimits`): a request head must arrive whole within
``header_timeout_seconds`` (a slowloris connection is answered 408 and closed), its URL and
headers within ``max_header_bytes`` and ``max_headers`` (414/431); an unparsable request is a
400. Each refusal is an X-Road error body with ``Connection: close``, written only when no
answer is in progress on the connection (else the connection is just closed), followed by a
lingering close as nginx does: the write side is shut and what the client still sends is read
and discarded for up to :data:`LINGER_SECONDS` — closing at once with unread input would send
a TCP reset, and the client's kernel would drop the answer before the client read it. The time limit
runs from connection or from the previous answer, so a pipelined head that arrives while a call
is in progress is bounded in size, not in time. uvicorn's own knobs are used where it has them
(``timeout_keep_alive``); its httptools protocol has no head limits, hence these.

    uvicorn.Config(app, **server_options(settings.server, role="lgsp"))
"""

from __future__ import annotations

import asyncio
import http
from typing import Any, ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gateway.errors import (
    BadRequest,
    GatewayError,
    HeadersTooLarge,
    RequestTimeout,
    UriTooLong,
)
from gateway.settings import ServerLimits

__all__ = [
    "GATEWAY_HTTP_PROTOCOL",
    "SERVER_OPTIONS",
    "CoalescingProtocol",
    "gateway_protocol",
    "server_options",
]

# uvicorn options every gateway hop runs with (the stack, `serve`, and the bench alike).
SERVER_OPTIONS: dict[str, Any] = {
    "loop": "none",  # the caller owns the (uvloop) event loop
    "lifespan": "on",
    "access_log": False,  # the opmon ledger is the access log, with personal data masked
    "server_header": False,
    # Nobody sits in front to trust X-Forwarded-*, so the middleware would be pure cost.
    "proxy_headers": False,
}


class _CoalescingTransport:
    """The connection's transport, with the writes of one loop step joined into one."""

    __slots__ = ("_transport", "_loop", "_held")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] | None = None

    def write(self, data: bytes) -> None:
        if self._held is None:
            self._held = [data]
            self._loop.call_soon(self.flush)
        else:
            self._held.append(data)

    def flush(self) -> None:
        held, self._held = self._held, None
        if held and not self._transport.is_closing():
            self._transport.write(held[0] if len(held) == 1 else b"".join(held))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()


LINGER_SECONDS = 2.0


class _Refused(Exception):
    """Raised in a parser callback to refuse the request; carries the answer."""

    def __init__(self, error: GatewayError) -> None:
        super().__init__(error.reason)
        self.error = error


class CoalescingProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol writing through :class:`_CoalescingTransport`, with the
    request-head guards of the module docstring (subclassed per hop by
    :func:`gateway_protocol`)."""

    limits: ClassVar[ServerLimits] = ServerLimits()
    spelling: ClassVar[str] = "7.7"

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._coalescing = _CoalescingTransport(transport, self.loop)  # type: ignore[arg-type]
        super().connection_made(self._coalescing)  # type: ignore[arg-type]
        self._head_started = self.loop.time()  # 0.0: no head being awaited
        self._head_bytes = 0  # bytes of earlier packets of the head being read
        self._packet = 0  # length of the packet being fed
        self._heads = 0  # heads completed on this connection
        self._lingering = False
        _HeadWatch.of(self)

    def data_received(self, data: bytes) -> None:
        # uvicorn's, with the refusals answered as X-Road errors instead of a plain-text 400.
        if self._lingering:
            return  # refused: what still comes is read and dropped until the close
        self._unset_keepalive_if_required()
        heads = self._heads
        self._packet = len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError as exc:
            refused = exc.__context__
            if isinstance(refused, _Refused):
                self.refuse(refused.error)
            else:
                self.refuse(BadRequest("Yêu cầu HTTP không hợp lệ (malformed HTTP request)."))
            return
        if self._heads == heads and (self._head_started or not self.cycle.more_body):
            self._head_bytes += len(data)  # still inside one head: bound what it may buffer
            if self._head_bytes > self.limits.max_header_bytes:
                self.refuse(self._too_large())

    def on_url(self, url: bytes) -> None:
        self.url += url
        if len(self.url) > self.limits.max_header_bytes:
            raise _Refused(UriTooLong(f"URL dài quá {self.limits.max_header_bytes} byte."))

    def on_headers_complete(self) -> None:
        self._heads += 1
        self._head_started = 0.0
        counted, self._head_bytes = self._head_bytes, 0
        limits = self.limits
        if len(self.headers) > limits.max_headers:
            raise _Refused(
                HeadersTooLarge(
                    f"Yêu cầu có hơn {limits.max_headers} trường header (too many header fields)."
                )
            )
        if counted + self._packet > limits.max_header_bytes and self._head_size() > (
            limits.max_header_bytes
        ):
            raise _Refused(self._too_large())
        super().on_headers_complete()

    def _head_size(self) -> int:
        return len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)

    def _too_large(self) -> HeadersTooLarge:
        return HeadersTooLarge(
            f"Phần đầu yêu cầu (URL và header) vượt quá {self.limits.max_header_bytes} byte "
            "(request header fields too large)."
        )

    def on_response_complete(self) -> None:
        self._coalescing.flush()  # the answer is whole: send it now
        if not self.pipeline:  # the next head, if any, is awaited from now on
            self._head_started = self.loop.time()
        super().on_response_complete()

    def refuse(self, error: GatewayError) -> None:
        """Answer ``error`` and close, or just close while another answer is in progress."""
        self._head_started = 0.0
        transport = self.transport
        if transport.is_closing() or self._lingering:
            return
        if self.cycle is None or self.cycle.response_complete:
            body, _ = error.body("client", self.spelling)
            head = (
                b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                b"x-road-error: %s\r\nconnection: close\r\n\r\n"
                % (
                    error.status,
                    http.HTTPStatus(error.status).phrase.encode(),
                    len(body),
                    error.xroad_type("client", self.spelling).encode(),
                )
            )
            transport.write(head + body)
            self._linger()
            return
        transport.close()

    def _linger(self) -> None:
        self._lingering = True
        self._coalescing.flush()
        raw = self._coalescing._transport
        try:
            raw.write_eof()
        except (OSError, RuntimeError, NotImplementedError):
            raw.close()
            return
        self.loop.call_later(LINGER_SECONDS, raw.close)


class _HeadWatch:
    """Once a second, while its server has connections, refuses those whose request head is
    overdue. One per server: the per-request cost is two stores, not a timer each."""

    def __init__(self, state: Any, loop: asyncio.AbstractEventLoop, timeout: float) -> None:
        self.connections: set[Any] = state.connections
        self.loop = loop
        self.timeout = timeout
        self.handle: asyncio.TimerHandle | None = None

    @classmethod
    def of(cls, protocol: CoalescingProtocol) -> None:
        """Make sure the watch of ``protocol``'s server is ticking."""
        state = protocol.server_state
        watch: _HeadWatch | None = getattr(state, "ndxp_head_watch", None)
        if watch is None:
            watch = cls(state, protocol.loop, protocol.limits.header_timeout_seconds)
            state.ndxp_head_watch = watch  # type: ignore[attr-defined]
        if watch.handle is None:
            watch.handle = watch.loop.call_later(1.0, watch.tick)

    def tick(self) -> None:
        now = self.loop.time()
        for connection in list(self.connections):
            started = getattr(connection, "_head_started", 0.0)
            if started and now - started > self.timeout:
                connection.refuse(
                    RequestTimeout(
                        f"Phần đầu yêu cầu không đến đủ trong {self.timeout:g} giây "
                        "(request header timeout)."
                    )
                )
        self.handle = self.loop.call_later(1.0, self.tick) if self.connections else None


def gateway_protocol(limits: ServerLimits, *, spelling: str = "7.7") -> type[CoalescingProtocol]:
    """The protocol class of one hop's server, with that hop's limits."""
    attributes = {"limits": limits, "spelling": spelling}
    return type("GatewayProtocol", (CoalescingProtocol,), attributes)


def server_options(limits: ServerLimits, *, spelling: str = "7.7") -> dict[str, Any]:
    """Everything a hop's ``uvicorn.Config`` takes besides the app and the log level."""
    return {
        **SERVER_OPTIONS,
        "http": gateway_protocol(limits, spelling=spelling),
        "timeout_keep_alive": limits.keep_alive_seconds,
    }


GATEWAY_HTTP_PROTOCOL: type[HttpToolsProtocol] = CoalescingProtocol
