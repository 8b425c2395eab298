"""``peer_left`` asks the socket itself whether the client has gone, so a fault whose delay
ends while the loop has not yet read the client's FIN or RST is neither sent nor journaled.

The client here is a plain blocking socket closed without yielding to the loop: the server's
transport has not been told, exactly the state a busy loop leaves it in."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator, Callable

import pytest

from mock_registries.faults.connection import TRANSPORT_EXTENSION, peer_left

Pair = tuple[dict[str, object], socket.socket]


class _Keep(asyncio.Protocol):
    def __init__(self, sink: asyncio.Future[asyncio.BaseTransport]) -> None:
        self.sink = sink

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.sink.set_result(transport)


@pytest.fixture
async def connected() -> AsyncIterator[Callable[[], Pair]]:
    """A factory of (scope lending the server side's transport, blocking client socket)."""
    loop = asyncio.get_running_loop()
    made: list[tuple[asyncio.BaseTransport, socket.socket]] = []
    sink: asyncio.Future[asyncio.BaseTransport] = loop.create_future()
    server = await loop.create_server(lambda: _Keep(sink), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    transport = await asyncio.wait_for(sink, 5)
    made.append((transport, client))

    def pair() -> Pair:
        return {"extensions": {TRANSPORT_EXTENSION: transport}}, client

    yield pair
    for each, sock in made:
        each.close()
        sock.close()
    server.close()
    await server.wait_closed()


async def test_a_client_still_waiting_has_not_left(connected: Callable[[], Pair]) -> None:
    scope, _ = connected()
    assert peer_left(scope) is False


async def test_a_fin_the_loop_has_not_read_yet_is_seen(connected: Callable[[], Pair]) -> None:
    scope, client = connected()
    client.close()  # no await after it: the server's transport has not been told
    assert peer_left(scope) is True


async def test_a_reset_the_loop_has_not_read_yet_is_seen(connected: Callable[[], Pair]) -> None:
    scope, client = connected()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()
    assert peer_left(scope) is True


def test_without_a_lent_transport_it_cannot_tell() -> None:
    assert peer_left({"extensions": {}}) is False
