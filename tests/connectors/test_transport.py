"""Both transports against real loopback sockets: bytes pass through, failures are translated
into ``connectors._errors`` and nothing from aiohttp/httpx leaks out."""

from __future__ import annotations

import socket

import httpx
import pytest
import respx

from connectors._errors import (
    ConnectionReset,
    ReadTimeout,
    ResponseTooLarge,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors._timeouts import Timeout
from connectors._transport import HttpxTransport
from tests.connectors.conftest import SMALL_ANSWERS, chunked, hang, reset, respond

FAST = Timeout(connect=0.5, read=0.2, write=0.5, pool=0.5, attempt=0.5, total=0.5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_answer_passes_through_as_bytes_without_hop_by_hop(transport, raw_server) -> None:
    body = b'{"SoDinhDanh":"001099012345"}'
    server = await raw_server(
        respond(200, body, headers=[(b"x-sim-fault", b"row21"), (b"connection", b"keep-alive")])
    )
    response = await transport.send("POST", server.url + "/x", [(b"a", b"1")], b"{}", FAST)
    assert (response.status, response.body) == (200, body)
    assert response.header(b"x-sim-fault") == b"row21"
    assert response.header(b"connection") is None
    assert response.header(b"content-length") is None
    assert b"a: 1" in server.request_heads[0].lower()


async def test_header_names_come_out_lower_case(transport, raw_server) -> None:
    """Registries send ``Retry-After`` or ``X-Sim-Fault`` in any case; the gateway looks names up
    in lower case (HTTP names are case-insensitive), whichever client library is underneath."""
    headers = [(b"Retry-After", b"3"), (b"X-Sim-Fault", b"62:maintenance"), (b"Connection", b"x")]
    server = await raw_server(respond(503, b"{}", headers=headers))
    response = await transport.send("GET", server.url + "/x", [], b"", FAST)
    assert response.header(b"retry-after") == b"3"
    assert response.header(b"x-sim-fault") == b"62:maintenance"
    assert all(name == name.lower() for name, _ in response.headers)
    assert response.header(b"connection") is None


async def test_a_chunked_answer_arrives_whole_and_the_connection_is_reused(
    transport, raw_server
) -> None:
    body = b'{"SoDinhDanh":"001099012345","HoVaTen":"' + b"x" * 300 + b'"}'
    server = await raw_server(chunked(body, size=7))
    for _ in range(2):
        response = await transport.send("GET", server.url + "/x", [], b"", FAST)
        assert (response.status, response.body) == (200, body)
        assert response.header(b"transfer-encoding") is None
    assert len(server.request_heads) == 2


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
async def test_an_answer_past_the_size_bound_is_refused(
    small_transport, raw_server, framing: str
) -> None:
    big = b"[" + b"1," * SMALL_ANSWERS + b"1]"
    behaviour = respond(200, big) if framing == "content-length" else chunked(big, size=256)
    server = await raw_server(behaviour, script=[respond(200, b"[1]")])
    fits = await small_transport.send("GET", server.url + "/x", [], b"", FAST)
    assert fits.body == b"[1]"
    with pytest.raises(ResponseTooLarge) as caught:
        await small_transport.send("GET", server.url + "/x", [], b"", FAST)
    assert caught.value.reason == "response_too_large"
    assert caught.value.xroad_code == "InvalidResponse"


async def test_keep_alive_reuses_one_connection(transport, raw_server) -> None:
    server = await raw_server()
    for _ in range(3):
        await transport.send("GET", server.url + "/x", [], b"", FAST)
    assert server.requests == 3
    assert len(server.request_heads) == 3


async def test_refused_connection_is_unavailable(transport) -> None:
    url = f"http://127.0.0.1:{_free_port()}/x"
    with pytest.raises(UpstreamUnavailable) as caught:
        await transport.send("GET", url, [], b"", FAST)
    assert caught.value.reason == "connect_error"


async def test_reset_is_connection_reset(transport, raw_server) -> None:
    server = await raw_server(reset())
    with pytest.raises(ConnectionReset) as caught:
        await transport.send("GET", server.url + "/x", [], b"", FAST)
    assert caught.value.reason == "connection_reset"


async def test_silent_server_is_a_read_timeout(transport, raw_server) -> None:
    server = await raw_server(hang(5))
    with pytest.raises(UpstreamTimeout) as caught:
        await transport.send("GET", server.url + "/x", [], b"", FAST)
    assert isinstance(caught.value, ReadTimeout)


async def test_garbage_is_bad_response_or_reset(transport, raw_server) -> None:
    async def garbage(writer) -> bool:
        writer.write(b"NOT HTTP AT ALL\r\n\r\n")
        await writer.drain()
        return False

    server = await raw_server(garbage)
    with pytest.raises(UpstreamError) as caught:
        await transport.send("GET", server.url + "/x", [], b"", FAST)
    assert caught.value.reason in {UpstreamBadResponse.reason, ConnectionReset.reason}


async def test_httpx_transport_accepts_an_injected_mock_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/down":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, content=b"[]", headers={"x-a": "b"})

    transport = HttpxTransport(httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    response = await transport.send("GET", "http://reg/up", [], b"", FAST)
    assert (response.status, response.body, response.header(b"x-a")) == (201, b"[]", b"b")
    with pytest.raises(UpstreamUnavailable):
        await transport.send("GET", "http://reg/down", [], b"", FAST)
    await transport.aclose()


async def test_httpx_transport_with_respx_translates_timeouts() -> None:
    async with respx.mock(assert_all_called=True) as router:
        router.get("http://reg/slow").mock(side_effect=httpx.ReadTimeout("slow"))
        router.get("http://reg/pool").mock(side_effect=httpx.PoolTimeout("pool"))
        transport = HttpxTransport(httpx.AsyncClient())
        with pytest.raises(ReadTimeout):
            await transport.send("GET", "http://reg/slow", [], b"", FAST)
        with pytest.raises(UpstreamTimeout) as caught:
            await transport.send("GET", "http://reg/pool", [], b"", FAST)
        assert not isinstance(caught.value, ReadTimeout)
        await transport.aclose()
