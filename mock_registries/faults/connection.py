"""Connection-level helpers of the middleware: request body replay, disconnect-aware waits,
and closing the TCP connection with a reset (RST) or a plain FIN.

The transport comes from ``scope["extensions"]["ndxp.transport"]``, which only the protocol in
:mod:`mock_registries.faults.server` provides; without it the callers degrade (see there).
"""

from __future__ import annotations

import asyncio
import socket
import struct
from typing import Any

from mock_registries.asgi import Message, Receive, Scope

__all__ = [
    "TRANSPORT_EXTENSION",
    "abort_connection",
    "close_transport",
    "peer_left",
    "settle_departure",
    "read_body",
    "replay_receive",
    "transport_of",
    "wait_for_disconnect",
]

TRANSPORT_EXTENSION = "ndxp.transport"
_LINGER_ZERO = struct.pack("ii", 1, 0)
_SETTLE_S = 1.0


def transport_of(scope: Scope) -> asyncio.Transport | None:
    """The connection's transport, if the server lent it (duck-typed: uvloop's transports are
    not ``asyncio.Transport`` subclasses)."""
    extensions = scope.get("extensions") or {}
    transport: Any = extensions.get(TRANSPORT_EXTENSION)
    return transport if hasattr(transport, "abort") and hasattr(transport, "close") else None


async def read_body(receive: Receive) -> bytes | None:
    """The whole request body, or ``None`` if the client left first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay_receive(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the buffered body to the app once, then defers to the server."""
    pending = [body]

    async def replay() -> Message:
        if pending:
            return {"type": "http.request", "body": pending.pop(), "more_body": False}
        return await receive()

    return replay


async def wait_for_disconnect(receive: Receive, timeout: float | None) -> bool:
    """Wait up to ``timeout`` seconds (``None``: forever) for the client to leave.

    Must be called after the body was read: the server's next message is then a disconnect.
    Returns ``True`` if the client disconnected.
    """
    waiter = asyncio.ensure_future(receive())
    try:
        done, _ = await asyncio.wait({waiter}, timeout=timeout)
    finally:
        if not waiter.done():
            waiter.cancel()
    return bool(done)


def peer_left(scope: Scope) -> bool:
    """Whether the client has closed or reset the connection, asked of the socket itself.

    After a delay the server's own disconnect message can lag behind the wire: the loop that
    would read the client's FIN or RST may still be busy with other answers when the delay's
    timer fires. A fault applied then reaches no one, and journaling it would claim that the
    client was answered. A peek at the socket settles it (``False`` when it cannot tell).
    """
    transport = transport_of(scope)
    if transport is None or transport.is_closing():
        return transport is not None
    sock = transport.get_extra_info("socket")
    if sock is None:
        return False
    try:
        # A duplicate of the descriptor: uvloop lends a socket-like object without recv().
        with socket.fromfd(sock.fileno(), socket.AF_INET, socket.SOCK_STREAM) as peek:
            return peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False  # connected, nothing sent: the client is still waiting
    except OSError:
        return True  # reset, or the descriptor is gone with the connection


async def settle_departure(receive: Receive) -> None:
    """Once the client is gone (:func:`peer_left` said so, or we closed the connection): wait
    until the server has read it too, so that it does not answer the dead connection on the
    app's behalf (uvicorn would log an error and write a 500 into it)."""
    await wait_for_disconnect(receive, _SETTLE_S)


def close_transport(transport: asyncio.WriteTransport, *, reset: bool) -> None:
    """RST (``SO_LINGER`` 0, then abort) or a plain FIN (close)."""
    if reset:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_ZERO)
            except OSError:
                pass
        transport.abort()
    else:
        transport.close()


async def abort_connection(scope: Scope, receive: Receive, *, reset: bool) -> bool:
    """Close the client connection now: RST (``SO_LINGER`` 0 + abort) or FIN (close).

    Returns ``False`` if the server gave us no transport. Waits until the server has noticed
    the loss, so it does not try to answer on our behalf.
    """
    transport = transport_of(scope)
    if transport is None:
        return False
    close_transport(transport, reset=reset)
    await settle_departure(receive)
    return True
