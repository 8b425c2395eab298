"""What only the raw transport has to get right itself (aiohttp/httpx do it for the others):
answers delimited by connection close, HEAD, idle connections the upstream closed, pipelined
leftovers never confusing the next answer. Real loopback sockets throughout."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from connectors._errors import ConnectionReset, UpstreamTimeout, UpstreamUnavailable
from connectors._raw_transport import RawHttpTransport
from connectors._timeouts import Timeout

FAST = Timeout(connect=0.5, read=0.3, write=0.5, pool=0.5, attempt=1.0, total=1.0)
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    servers: list[asyncio.Server] = []
    writers: list[asyncio.StreamWriter] = []

    async def start(handler: Handler) -> str:
        async def tracked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writers.append(writer)
            await handler(reader, writer)

        server = await asyncio.start_server(tracked, "127.0.0.1", 0)
        servers.append(server)
        return f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"

    yield start
    for writer in writers:
        writer.close()
    for server in servers:
        server.close()
        await server.wait_closed()
    await asyncio.sleep(0.01)


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    return await reader.readuntil(b"\r\n\r\n")


def _reachable_connections() -> int:
    """The raw transport's connections of this test's loop that are still reachable."""
    gc.collect()
    loop = asyncio.get_running_loop()
    kept = gc.get_objects()
    return sum(1 for c in kept if type(c).__name__ == "_Connection" and c._loop is loop)


async def test_body_delimited_by_close(serve: Callable[[Handler], Awaitable[str]]) -> None:
    async def old_style(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b'HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{"a": 1}')
        await writer.drain()
        writer.close()

    transport = RawHttpTransport()
    answer = await transport.send("GET", await serve(old_style) + "/x", [], b"", FAST)
    await transport.aclose()
    assert answer.status == 200 and answer.body == b'{"a": 1}'


async def test_head_answer_has_no_body_and_keeps_the_connection(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    connections = 0

    async def head_then_get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        while True:
            try:
                request = await _read_request(reader)
            except asyncio.IncompleteReadError:
                return  # the client closed its connection
            body = b"" if request.startswith(b"HEAD") else b"hello"
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n" + body)
            await writer.drain()

    url = await serve(head_then_get)
    transport = RawHttpTransport()
    head = await transport.send("HEAD", url + "/x", [], b"", FAST)
    get = await transport.send("GET", url + "/x", [], b"", FAST)
    await transport.aclose()
    assert (head.body, get.body, connections) == (b"", b"hello", 1)


async def test_an_idle_connection_closed_by_the_upstream_is_replaced(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    connections = 0

    async def one_answer_per_connection(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        nonlocal connections
        connections += 1
        await _read_request(reader)
        # Says keep-alive, then closes while idle (a keep-alive expiry on the upstream side).
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()

    url = await serve(one_answer_per_connection)
    transport = RawHttpTransport()
    first = await transport.send("GET", url + "/x", [], b"", FAST)
    await asyncio.sleep(0.15)
    second = await transport.send("POST", url + "/x", [], b"{}", FAST)
    await transport.aclose()
    assert (first.body, second.body, connections) == (b"ok", b"ok", 2)


async def test_a_connection_cut_mid_answer_is_never_retried_silently(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    async def cut(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial")
        await writer.drain()
        writer.close()

    transport = RawHttpTransport()
    with pytest.raises(ConnectionReset):
        await transport.send("POST", await serve(cut) + "/x", [], b"{}", FAST)
    await transport.aclose()


async def test_request_bytes_on_the_wire(serve: Callable[[Handler], Awaitable[str]]) -> None:
    seen: list[bytes] = []

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await _read_request(reader)
        body = await reader.readexactly(2)
        seen.append(head + body)
        writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        await writer.drain()

    url = await serve(echo)
    transport = RawHttpTransport()
    answer = await transport.send("POST", url + "/a/b?q=1", [(b"x-road-id", b"m-1")], b"{}", FAST)
    await transport.aclose()
    assert answer.status == 204 and answer.body == b""
    port = url.rsplit(":", 1)[1]
    assert seen == [
        b"POST /a/b?q=1 HTTP/1.1\r\nhost: 127.0.0.1:" + port.encode()
        + b"\r\nx-road-id: m-1\r\ncontent-length: 2\r\n\r\n{}"
    ]  # fmt: skip


async def test_connection_limit_queues_then_times_out(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    """``max_connections`` per upstream: a call beyond it waits for a connection to come back
    (and gets it), or gives up after the pool timeout; the limit is never exceeded."""
    open_now = peak = 0

    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal open_now, peak
        open_now += 1
        peak = max(peak, open_now)
        try:
            while True:
                request = await _read_request(reader)
                await asyncio.sleep(0.15 if b"/slow" in request else 0)
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass
        finally:
            open_now -= 1

    url = await serve(slow)
    transport = RawHttpTransport(max_connections=2)
    answers = await asyncio.gather(
        *(transport.send("GET", f"{url}/slow", [], b"", FAST) for _ in range(5))
    )
    assert [a.body for a in answers] == [b"ok"] * 5 and peak == 2  # 3 waited their turn

    short_pool = Timeout(connect=0.5, read=0.5, write=0.5, pool=0.05, attempt=1.0, total=1.0)
    busy = [asyncio.create_task(transport.send("GET", f"{url}/slow", [], b"", FAST)) for _ in "ab"]
    await asyncio.sleep(0.02)
    with pytest.raises(UpstreamTimeout, match="no free connection"):
        await transport.send("GET", f"{url}/x", [], b"", short_pool)
    assert [a.body for a in await asyncio.gather(*busy)] == [b"ok", b"ok"]
    # The abandoned wait left nothing behind: both connections are usable again.
    again = await asyncio.gather(*(transport.send("GET", f"{url}/x", [], b"", FAST) for _ in "ab"))
    assert [a.body for a in again] == [b"ok", b"ok"] and peak == 2
    await transport.aclose()


async def test_each_exchange_times_out_at_its_own_moment_under_one_timer(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    """The exchanges share one timer (``connectors._sweeper``): a later exchange due earlier
    re-arms it; one due later waits its own turn; bytes restart only their own read window."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        line = await reader.readline()
        while await reader.readline() not in (b"\r\n", b""):
            pass
        if b"/trickle" in line:
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\n")
            for _ in range(8):  # a byte every 0.1 s: under a 0.25 s read window throughout
                await asyncio.sleep(0.1)
                writer.write(b"x")
        await asyncio.sleep(5)  # /hang: nothing

    url = await serve(handler)
    transport = RawHttpTransport()
    long = Timeout(connect=0.5, read=1.2, attempt=3.0, total=3.0)
    short = Timeout(connect=0.5, read=0.25, attempt=3.0, total=3.0)
    started = asyncio.get_running_loop().time()

    async def timed(path: str, limits: Timeout, after: float) -> tuple[str, float]:
        await asyncio.sleep(after)
        try:
            answer = await transport.send("GET", url + path, [], b"", limits)
            outcome = answer.body.decode()
        except UpstreamTimeout as exc:
            outcome = exc.reason
        return outcome, asyncio.get_running_loop().time() - started

    (slow, t_slow), (fast, t_fast), (trickle, t_trickle) = await asyncio.gather(
        timed("/hang", long, 0.0), timed("/hang", short, 0.1), timed("/trickle", short, 0.1)
    )
    assert slow == fast == "read_timeout" and trickle == "x" * 8
    assert 0.3 <= t_fast < 0.7  # 0.1 + 0.25: not held until the first exchange's 1.2 s
    assert 1.15 <= t_slow < 1.7
    assert 0.85 <= t_trickle < 1.5
    await transport.aclose()


async def test_a_closed_connection_is_let_go_at_once(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    """Answers with ``Connection: close``: nothing of those connections (parser, the answer's
    body) stays reachable until the shared timer's next look, a read window later."""

    async def closing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 4\r\n\r\nbody")
        await writer.drain()
        writer.close()

    url = await serve(closing)
    transport = RawHttpTransport()
    patient = Timeout(connect=0.5, read=60.0, attempt=60.0, total=60.0)
    answers = [await transport.send("GET", url + "/x", [], b"", patient) for _ in range(20)]
    assert {a.body for a in answers} == {b"body"}
    await asyncio.sleep(0.05)  # the last connection's close completes
    alive = _reachable_connections()
    assert alive <= 1, f"{alive} of 20 closed connections still reachable"
    await transport.aclose()


async def test_closing_the_transport_ends_a_call_in_flight(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    """The calls' timeouts are the shared timer's, which closing stops: a call still waiting
    then ends at once, not whenever the upstream lets its connection go."""

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await asyncio.sleep(10)

    url = await serve(silent)
    transport = RawHttpTransport()
    call = asyncio.ensure_future(transport.send("GET", url + "/x", [], b"", FAST))
    await asyncio.sleep(0.1)
    await transport.aclose()
    with pytest.raises(UpstreamUnavailable, match="transport shut down"):
        await asyncio.wait_for(call, 0.2)  # FAST would have cut it only at 0.3 s


async def test_idle_connections_the_upstream_closed_are_let_go(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    """An upstream ending idle keep-alive connections (uvicorn does after 5 s): each one found
    closed in the pool is forgotten, not kept until the transport closes."""

    async def closes_when_idle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
        await writer.drain()
        await asyncio.sleep(0.02)
        writer.close()

    url = await serve(closes_when_idle)
    transport = RawHttpTransport()
    for _ in range(12):
        assert (await transport.send("GET", url + "/x", [], b"", FAST)).body == b"ok"
        await asyncio.sleep(0.06)  # the upstream closes it meanwhile
    alive = _reachable_connections()
    assert alive <= 2, f"{alive} of 12 connections the upstream closed still reachable"
    await transport.aclose()
