"""The gateway's uvicorn protocol: one write per answer, and nothing lost or reordered."""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any
from urllib.parse import urlsplit

import httpx

from gateway.server import GATEWAY_HTTP_PROTOCOL, _CoalescingTransport
from tests.mock_registries.faults.support import serve_loopback


class _RecordingTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = self.aborted = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True


def test_a_head_leaves_with_the_first_body_part_then_parts_go_straight_out() -> None:
    real = _RecordingTransport()
    coalescing = _CoalescingTransport(real)  # type: ignore[arg-type]
    coalescing.write(b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\n")
    assert real.writes == []
    coalescing.write(b"ok")
    assert real.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nok"]
    coalescing.write(b"next")  # a streamed part: not held
    assert real.writes[1:] == [b"next"]
    coalescing.answer_complete()
    coalescing.write(b"HTTP/1.1 204 No Content\r\n\r\n")  # the next answer's head is held
    assert len(real.writes) == 2
    coalescing.answer_complete()  # no body came (HEAD, 204): the head leaves now
    assert real.writes[2:] == [b"HTTP/1.1 204 No Content\r\n\r\n"]


def test_close_flushes_and_abort_drops_held_bytes() -> None:
    real = _RecordingTransport()
    coalescing = _CoalescingTransport(real)  # type: ignore[arg-type]
    coalescing.write(b"last head")
    coalescing.close()
    assert (real.writes, real.closed) == ([b"last head"], True)

    real = _RecordingTransport()
    coalescing = _CoalescingTransport(real)  # type: ignore[arg-type]
    coalescing.write(b"never sent")
    coalescing.abort()
    assert (real.writes, real.aborted) == ([], True)


async def _streaming_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    headers = [(b"content-type", b"text/plain")]
    if scope["path"] == "/close":
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    for part in (b"a" * 70_000, body, b"-end"):  # a part larger than a socket buffer, too
        await send({"type": "http.response.body", "body": part, "more_body": True})
        await asyncio.sleep(0.001)  # parts in separate loop steps
    await send({"type": "http.response.body", "body": b""})


async def test_real_server_streams_keeps_alive_and_closes_intact() -> None:
    async with (
        serve_loopback(_streaming_app, http=GATEWAY_HTTP_PROTOCOL) as url,
        httpx.AsyncClient(base_url=url) as client,
    ):
        for i in range(20):  # keep-alive: one connection, answers never mixed up
            answer = await client.post("/", content=f"request {i}".encode())
            assert answer.status_code == 200
            assert answer.content == b"a" * 70_000 + f"request {i}".encode() + b"-end"
        closing = await client.post("/close", content=b"bye")
        assert closing.headers["connection"] == "close"
        assert closing.content.endswith(b"bye-end") and len(closing.content) == 70_007


async def test_the_answer_leaves_before_the_apps_bookkeeping() -> None:
    """The gateway accounts for a call (metrics, ledger) after sending the answer, in the same
    task step; the client must not wait for that."""
    client_has_answer = threading.Event()
    seen: dict[str, bool] = {}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = [(b"content-length", b"2")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})
        # Bookkeeping that holds the loop: with the answer still held it would never arrive.
        seen["answer_arrived_first"] = client_has_answer.wait(5)

    def client(port: int) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: gw\r\n\r\n")
            data = b""
            while not data.endswith(b"\r\n\r\nok"):
                data += sock.recv(4096)
            client_has_answer.set()

    async with serve_loopback(app, http=GATEWAY_HTTP_PROTOCOL) as url:
        await asyncio.to_thread(client, urlsplit(url).port or 80)
    assert seen == {"answer_arrived_first": True}
