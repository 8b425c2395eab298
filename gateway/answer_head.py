"""An answer's head written the way uvicorn's httptools protocol writes it, checked faster.

uvicorn checks every header name and value of an answer with a regular expression each — two
searches per header, a dozen headers on a relayed answer — before it joins the head. Here the
same head is built in one pass and the names and the values are each checked once, all of them
together, with ``bytes.translate`` (a C loop over a deletion table): the same bytes are refused
(a name with a separator or control byte, a value with a control byte other than tab) with the
same ``RuntimeError``, and everything else about the head — the ``Content-Length`` and
``Transfer-Encoding`` bookkeeping, ``Connection: close``, chunked encoding when no length is
given — is uvicorn's own logic, unchanged. A body, a second message, a paused or closed
connection, or an access log go to uvicorn's ``send`` untouched.

:class:`AnswerHeadCycle` is uvicorn's request-response cycle with this ``send``, and
:class:`AnswerHeadProtocol` uvicorn's httptools protocol creating that cycle: its
``on_headers_complete`` is uvicorn's (0.54, pinned), the cycle's class the only change. (Giving
an existing cycle another ``__class__`` instead costs more than it saves: CPython then stops
reading the object's attributes from its inline values.)
"""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Awaitable
from typing import Any

import httptools
from uvicorn.protocols.http.flow_control import service_unavailable
from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)

__all__ = ["AnswerHeadCycle", "AnswerHeadProtocol", "MessageEvent"]

# The bytes uvicorn's HEADER_RE and HEADER_VALUE_RE refuse, as deletion tables.
_BAD_NAME = bytes([*range(0x20), 0x7F]) + b'()<>@,;:[]={} \t\\"'
_BAD_VALUE = bytes([*range(0x09), *range(0x0A, 0x20), 0x7F])


def _done(loop: asyncio.AbstractEventLoop) -> asyncio.Future[None]:
    future: asyncio.Future[None] = loop.create_future()
    future.set_result(None)
    return future


class MessageEvent:
    """What uvicorn's cycle uses of ``asyncio.Event`` (``set``, ``clear``, ``is_set``, ``wait``:
    the same semantics), made once per request without a constructor: ``asyncio.Event``'s runs
    two Python frames (its own and the loop mixin's) and makes a deque for waiters that a
    bodiless request never has."""

    _value = False
    _waiters: list[asyncio.Future[bool]] | None = None  # an instance's own once one waits

    def is_set(self) -> bool:
        return self._value

    def set(self) -> None:
        if not self._value:
            self._value = True
            if self._waiters:
                for waiter in self._waiters:
                    if not waiter.done():
                        waiter.set_result(True)

    def clear(self) -> None:
        self._value = False

    async def wait(self) -> bool:
        if self._value:
            return True
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            await waiter
            return True
        finally:
            self._waiters.remove(waiter)


class AnswerHeadCycle(RequestResponseCycle):
    """uvicorn's cycle; the answer's head is written by :meth:`send` (module docstring), and a
    whole body by :meth:`_whole_body`. ``answered`` is its connection's done future: what both
    return, awaited without a coroutine of their own."""

    answered: asyncio.Future[None]

    def send(self, message: Any) -> Awaitable[None]:  # type: ignore[override]
        if self.response_started:
            if (
                message["type"] == "http.response.body"
                and not message.get("more_body", False)
                and not self.response_complete
                and not self.chunked_encoding
                and not self.disconnected
                and not self.flow.write_paused
            ):
                return self._whole_body(message.get("body", b""))
            return RequestResponseCycle.send(self, message)
        if (
            message["type"] != "http.response.start"
            or self.disconnected
            or self.flow.write_paused
            or self.access_log
        ):
            return RequestResponseCycle.send(self, message)
        self.response_started = True
        self.waiting_for_100_continue = False
        status_code = message["status"]
        content = [STATUS_LINE[status_code]]
        has_connection_close = False
        for name, value in (*self.default_headers, *message.get("headers", ())):
            name = name.lower()
            if name == b"content-length" and self.chunked_encoding is None:
                self.expected_content_length = int(value.decode())
                self.chunked_encoding = False
            elif name == b"transfer-encoding" and value.lower() == b"chunked":
                self.expected_content_length = 0
                self.chunked_encoding = True
            elif name == b"connection":
                connection = [token.lower().strip() for token in value.split(b",")]
                if b"close" in connection:
                    self.keep_alive = False
                    has_connection_close = True
            content += (name, b": ", value, b"\r\n")
        names = b"".join(content[1::4])
        if len(names.translate(None, _BAD_NAME)) != len(names):
            raise RuntimeError("Invalid HTTP header name.")
        values = b"".join(content[3::4])
        if len(values.translate(None, _BAD_VALUE)) != len(values):
            raise RuntimeError("Invalid HTTP header value.")
        if not self.keep_alive and not has_connection_close:
            content.append(b"connection: close\r\n")
        if (
            self.chunked_encoding is None
            and self.scope["method"] != "HEAD"
            and status_code not in (204, 304)
        ):
            self.chunked_encoding = True
            content.append(b"transfer-encoding: chunked\r\n")
        content.append(b"\r\n")
        self.transport.write(b"".join(content))
        return self.answered

    def _whole_body(self, body: bytes) -> Awaitable[None]:
        """uvicorn's body branch for the last part of a length-delimited (or HEAD) answer."""
        if self.scope["method"] == "HEAD":
            self.expected_content_length = 0
        else:
            if len(body) > self.expected_content_length:
                raise RuntimeError("Response content longer than Content-Length")
            self.expected_content_length -= len(body)
            self.transport.write(body)
        if self.expected_content_length != 0:
            raise RuntimeError("Response content shorter than Content-Length")
        self.response_complete = True
        event: MessageEvent = self.message_event  # type: ignore[assignment]
        if event._waiters:
            event.set()
        else:
            event._value = True  # MessageEvent.set without its frame: no one waits to be woken
        if not self.keep_alive:
            self.transport.close()
        self.on_response()
        return self.answered


class AnswerHeadProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, its cycles :class:`AnswerHeadCycle`."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._answered = _done(self.loop)

    def on_message_complete(self) -> None:
        # uvicorn's, the cycle's message event set inline when no one waits on it (as a
        # bodiless request's app does not: it never calls receive())
        cycle = self.cycle
        if (self.parser.should_upgrade() and self._should_upgrade()) or cycle.response_complete:
            return
        cycle.more_body = False
        event: MessageEvent = cycle.message_event  # type: ignore[assignment]
        if event._waiters:
            event.set()
        else:
            event._value = True

    def on_headers_complete(self) -> None:
        http_version = self.parser.get_http_version()
        method = self.parser.get_method()
        self.scope["method"] = method.decode("ascii")
        if http_version != "1.1":
            self.scope["http_version"] = http_version
        if self.parser.should_upgrade() and self._should_upgrade():
            return
        parsed_url = httptools.parse_url(self.url)
        raw_path = parsed_url.path
        path = raw_path.decode("ascii")
        if "%" in path:
            path = urllib.parse.unquote(path)
        self.scope["path"] = self.root_path + path
        self.scope["raw_path"] = self.root_path.encode("ascii") + raw_path
        self.scope["query_string"] = parsed_url.query or b""
        app: Any = self.app
        if self.limit_concurrency is not None and (
            len(self.connections) >= self.limit_concurrency
            or len(self.tasks) >= self.limit_concurrency
        ):
            app = service_unavailable
            self.logger.warning("Exceeded concurrency limit.")
        existing_cycle = self.cycle
        self.cycle = AnswerHeadCycle(
            scope=self.scope,
            transport=self.transport,
            flow=self.flow,
            logger=self.logger,
            access_logger=self.access_logger,
            access_log=self.access_log,
            default_headers=self.server_state.default_headers,
            message_event=MessageEvent(),  # type: ignore[arg-type]
            expect_100_continue=self.expect_100_continue,
            keep_alive=http_version != "1.0" and self.parser.should_keep_alive(),
            on_response=self.on_response_complete,
        )
        self.cycle.answered = self._answered
        if existing_cycle is None or existing_cycle.response_complete:
            self._start_asgi_task(self.cycle, app)
        else:
            self.flow.pause_reading()
            self.pipeline.appendleft((self.cycle, app))
