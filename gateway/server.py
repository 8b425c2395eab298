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

    uvicorn.Config(app, http=GATEWAY_HTTP_PROTOCOL, **SERVER_OPTIONS)
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["GATEWAY_HTTP_PROTOCOL", "SERVER_OPTIONS", "CoalescingProtocol"]

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


class CoalescingProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol writing through :class:`_CoalescingTransport`."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._coalescing = _CoalescingTransport(transport, self.loop)  # type: ignore[arg-type]
        super().connection_made(self._coalescing)  # type: ignore[arg-type]

    def on_response_complete(self) -> None:
        self._coalescing.flush()  # the answer is whole: send it now
        super().on_response_complete()


GATEWAY_HTTP_PROTOCOL: type[HttpToolsProtocol] = CoalescingProtocol
