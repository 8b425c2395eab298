"""How a gateway hop is served: uvicorn (uvloop + httptools), one write per answer, and the
request head guarded before the broker sees it.

One write per answer. uvicorn writes an answer's head as soon as the app sends
``http.response.start`` and its body on ``http.response.body``: two ``send()`` calls, two TCP
segments with ``TCP_NODELAY``, and on loopback the kernel runs the receiving side's TCP path
inside each sender's system call. :class:`CoalescingProtocol` holds the head and hands it to
the socket together with the first body part — for a whole answer, before the app's own
bookkeeping (metrics, ledger) runs in the same task step: one system call, one segment, no
added wait. Later parts of a streamed answer go out as they are written. A head whose body
never comes (a HEAD answer) leaves when the answer completes; closing the connection flushes
first; aborting drops what is held, as the real transport would. Measured in
``bench/bench_gateway.py`` and ``bench/bench_instructions.py``.

The guards (limits in :class:`gateway.settings.ServerLimits`). A request head must arrive
whole within ``header_timeout_seconds`` of the connection or of the previous answer (a
slowloris connection is answered 408 and closed; checked once a second per server, so within a
second more, and at no cost per request); its request line and headers must stay within
``max_header_bytes`` (414/431), counted across packets so a giant header cannot fill memory; an
unparsable request is a 400 (``max_headers`` is the app's check: ``gateway.app``). Each refusal
is an X-Road error body with ``Connection: close``, written only when no answer is in progress
on the connection (else the connection is just closed), followed by a lingering close as nginx
does: the write side is shut and what the client still sends is read and discarded for up to
:data:`LINGER_SECONDS` — closing at once with unread input would send a TCP reset, and the
client's kernel would drop the answer unread. Bytes that arrive while a call is in progress (a
pipelined head) count towards the size limit; the time limit starts when that call is
answered. The same once-a-second watch closes a connection left idle after an answer for
uvicorn's ``timeout_keep_alive`` (within a second or two more) instead of the timer uvicorn
arms after every answer and cancels on the next request's bytes; its httptools protocol has no
head limits.

    uvicorn.Config(app, **server_options(settings.server, spelling="7.7"))
"""

from __future__ import annotations

import asyncio
import http
from typing import Any, ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gateway.answer_head import AnswerHeadProtocol
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
    "LINGER_SECONDS",
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
    # The answer's Date is the answering system's clock, relayed end to end (a registry's
    # simulated or real time, which stale-status checks read); the hop dates its own answers.
    "date_header": False,
    # Nobody sits in front to trust X-Forwarded-*, so the middleware would be pure cost.
    "proxy_headers": False,
}
LINGER_SECONDS = 2.0


class _CoalescingTransport:
    """The connection's transport, with an answer's head held until its first body part."""

    __slots__ = ("_transport", "_held", "_head_next")

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._held: bytes | None = None
        self._head_next = True  # the next write is an answer's head

    def write(self, data: bytes) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._transport.write(held + data)
        elif self._head_next:
            self._head_next = False
            self._held = data
        else:
            self._transport.write(data)

    def answer_complete(self) -> None:
        """The answer is whole: send what is still held, and hold the next head."""
        self._head_next = True
        if self._held is not None:
            held, self._held = self._held, None
            if not self._transport.is_closing():
                self._transport.write(held)

    def close(self) -> None:
        self.answer_complete()
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


class CoalescingProtocol(AnswerHeadProtocol):
    """uvicorn's httptools protocol writing through :class:`_CoalescingTransport`, answer heads
    written by ``gateway.answer_head``, with the request-head guards of the module docstring
    (one subclass per hop's limits: :func:`gateway_protocol`). The header *count* is checked
    by the app, where the refusal is recorded like any other (``gateway.app``)."""

    limits: ClassVar[ServerLimits] = ServerLimits()
    max_head: ClassVar[int] = limits.max_header_bytes  # read per request: a plain int
    spelling: ClassVar[str] = "7.7"

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._coalescing = _CoalescingTransport(transport)  # type: ignore[arg-type]
        super().connection_made(self._coalescing)  # type: ignore[arg-type]
        self._head_bytes = 0  # bytes of the head being read, counted once it spans packets
        self._lingering = False
        self._watch_mark: tuple[object, float] | None = None  # the watch's note (see _HeadWatch)
        self._idle = False  # an answer completed and no byte came since (keep-alive wait)
        _HeadWatch.of(self)

    def data_received(self, data: bytes) -> None:
        # uvicorn's, with refusals answered as X-Road errors instead of a plain-text 400.
        if self._lingering:
            return  # refused: what still comes is read and dropped until the close
        self._idle = False
        cycle = self.cycle
        # These bytes can only belong to a request head: none was read yet, or the request
        # being served has its whole body (what follows is pipelined).
        in_head = cycle is None or not cycle.more_body
        if in_head and len(data) > self.max_head and self._refused_head(data):
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            self.refuse(BadRequest("Yêu cầu HTTP không hợp lệ (malformed HTTP request)."))
            return
        if in_head:
            if self.cycle is cycle:  # no head completed: bound what this one may buffer
                self._head_bytes += len(data)
                if self._head_bytes > self.max_head:
                    self.refuse(self._too_large())
            elif self._head_bytes:
                self._head_bytes = 0

    def _refused_head(self, data: bytes) -> bool:
        """A packet larger than a head may be: refuse it if its head part is too large."""
        limit = self.max_head
        end = data.find(b"\r\n\r\n")
        if self._head_bytes + (len(data) if end < 0 else end + 4) <= limit:
            return False
        line = data.find(b"\r\n")
        if self._head_bytes == 0 and (line < 0 or line > limit):
            self.refuse(UriTooLong(f"URL dài quá {limit} byte (URI too long)."))
        else:
            self.refuse(self._too_large())
        return True

    def _too_large(self) -> HeadersTooLarge:
        return HeadersTooLarge(
            f"Phần đầu yêu cầu (URL và header) vượt quá {self.max_head} byte "
            "(request header fields too large)."
        )

    def on_response_complete(self) -> None:
        # uvicorn's, but the keep-alive wait that follows is the head watch's: no timer armed
        # here and cancelled by the next request's bytes (see _HeadWatch).
        coalescing = self._coalescing  # the answer is whole: what is held goes now
        coalescing._head_next = True
        if coalescing._held is not None:
            coalescing.answer_complete()
        self.server_state.total_requests += 1
        if coalescing._transport.is_closing():  # the wrapper's is_closing, without its frame
            return
        self._idle = True
        if self.flow.read_paused:
            self.flow.resume_reading()
        if self.pipeline:
            cycle, app = self.pipeline.pop()
            self._start_asgi_task(cycle, app)

    def refuse(self, error: GatewayError) -> None:
        """Answer ``error`` and close, or just close while another answer is in progress."""
        transport = self.transport
        if transport.is_closing() or self._lingering:
            return
        if self.cycle is not None and not self.cycle.response_complete:
            transport.close()
            return
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
        self._lingering = True
        raw = self._coalescing._transport
        raw.write(head + body)
        try:
            raw.write_eof()
        except (OSError, RuntimeError, NotImplementedError):
            raw.close()
            return
        self.loop.call_later(LINGER_SECONDS, raw.close)


class _HeadWatch:
    """Once a second, while its server has connections, closes those that have stayed idle
    after an answer for longer than the keep-alive limit (no byte of a next request: closed
    quietly, as uvicorn's keep-alive timer would) and refuses those that have awaited a request
    head for longer than the head limit. A connection awaits one from its start and from each
    complete answer until uvicorn starts the next request (a new cycle); the watch notes when
    it first saw each wait, so a request costs nothing — no timer, not even a stamp."""

    def __init__(
        self, state: Any, loop: asyncio.AbstractEventLoop, timeout: float, keep_alive: float
    ) -> None:
        self.connections: set[Any] = state.connections
        self.loop = loop
        self.timeout = timeout
        self.keep_alive = keep_alive
        self.handle: asyncio.TimerHandle | None = None

    @classmethod
    def of(cls, protocol: CoalescingProtocol) -> None:
        """Make sure the watch of ``protocol``'s server is ticking."""
        state = protocol.server_state
        watch: _HeadWatch | None = getattr(state, "ndxp_head_watch", None)
        if watch is None:
            watch = cls(
                state,
                protocol.loop,
                protocol.limits.header_timeout_seconds,
                protocol.timeout_keep_alive,
            )
            state.ndxp_head_watch = watch  # type: ignore[attr-defined]
        if watch.handle is None:
            watch.handle = watch.loop.call_later(1.0, watch.tick)

    def tick(self) -> None:
        now = self.loop.time()
        for connection in list(self.connections):
            cycle = getattr(connection, "cycle", None)
            awaiting = (cycle is None or cycle.response_complete) and not getattr(
                connection, "pipeline", None
            )
            if not awaiting or not hasattr(connection, "_watch_mark"):
                connection._watch_mark = None
                continue
            mark = connection._watch_mark
            if mark is None or mark[0] is not cycle:
                connection._watch_mark = (cycle, now)
            elif connection._idle and now - mark[1] >= self.keep_alive:
                connection.transport.close()
            elif now - mark[1] >= self.timeout:
                connection.refuse(
                    RequestTimeout(
                        f"Phần đầu yêu cầu không đến đủ trong {self.timeout:g} giây "
                        "(request header timeout)."
                    )
                )
        self.handle = self.loop.call_later(1.0, self.tick) if self.connections else None


def gateway_protocol(limits: ServerLimits, *, spelling: str = "7.7") -> type[CoalescingProtocol]:
    """The protocol class of one hop's server, with that hop's limits."""
    attributes = {"limits": limits, "max_head": limits.max_header_bytes, "spelling": spelling}
    return type("GatewayProtocol", (CoalescingProtocol,), attributes)


def server_options(limits: ServerLimits, *, spelling: str = "7.7") -> dict[str, Any]:
    """Everything a hop's ``uvicorn.Config`` takes besides the app and the log level."""
    return {
        **SERVER_OPTIONS,
        "http": gateway_protocol(limits, spelling=spelling),
        "timeout_keep_alive": limits.keep_alive_seconds,
    }


GATEWAY_HTTP_PROTOCOL: type[HttpToolsProtocol] = CoalescingProtocol
