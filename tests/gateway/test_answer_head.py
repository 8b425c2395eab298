"""The answer head the gateway's server writes refuses exactly what uvicorn's checks refuse."""

from __future__ import annotations

import asyncio
import logging

import pytest
from hypothesis import given, strategies as st
from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.httptools_impl import (
    HEADER_RE,
    HEADER_VALUE_RE,
    RequestResponseCycle,
)

from gateway.answer_head import _BAD_NAME, _BAD_VALUE, AnswerHeadCycle, MessageEvent, _done


@given(st.binary(max_size=40))
def test_names_refused_as_uvicorn_refuses_them(name: bytes) -> None:
    assert (len(name.translate(None, _BAD_NAME)) != len(name)) == bool(HEADER_RE.search(name))


@given(st.binary(max_size=40))
def test_values_refused_as_uvicorn_refuses_them(value: bytes) -> None:
    refused = len(value.translate(None, _BAD_VALUE)) != len(value)
    assert refused == bool(HEADER_VALUE_RE.search(value))


class _Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        pass

    def is_closing(self) -> bool:
        return False


def _cycle(cls: type[RequestResponseCycle], transport: _Transport, method: str = "GET") -> object:
    cycle = cls(
        scope={"method": method},  # type: ignore[typeddict-item]
        transport=transport,  # type: ignore[arg-type]
        flow=FlowControl(transport),  # type: ignore[arg-type]
        logger=logging.getLogger("t"),
        access_logger=logging.getLogger("t"),
        access_log=False,
        default_headers=[(b"date", b"Sun, 06 Dec 2026 16:00:00 GMT")],
        message_event=asyncio.Event(),
        expect_100_continue=False,
        keep_alive=True,
        on_response=lambda: None,
    )
    if isinstance(cycle, AnswerHeadCycle):  # what AnswerHeadProtocol gives each of its cycles
        cycle.answered = _done(asyncio.get_running_loop())
    return cycle


@pytest.mark.parametrize(
    "headers",
    [
        [(b"Content-Type", b"application/json"), (b"content-length", b"2")],
        [(b"x-road-id", b"a"), (b"connection", b"Keep-Alive, close")],
        [(b"content-type", b"text/plain")],  # no length: chunked
        [(b"transfer-encoding", b"chunked"), (b"via", b"1.1 a, 1.1 b")],
    ],
)
@pytest.mark.parametrize("status", [200, 204, 503])
async def test_the_same_bytes_as_uvicorn(headers: list[tuple[bytes, bytes]], status: int) -> None:
    ours, theirs = _Transport(), _Transport()
    start = {"type": "http.response.start", "status": status, "headers": headers}
    for cls, transport in ((AnswerHeadCycle, ours), (RequestResponseCycle, theirs)):
        cycle = _cycle(cls, transport)
        await cycle.send(start)  # type: ignore[attr-defined]
        assert cycle.response_started  # type: ignore[attr-defined]
    assert ours.written == theirs.written


@pytest.mark.parametrize(
    ("header", "error"),
    [((b"bad name", b"x"), "name"), ((b"x-ok", b"line\r\nInjected: 1"), "value")],
)
async def test_a_bad_header_is_refused(header: tuple[bytes, bytes], error: str) -> None:
    cycle = _cycle(AnswerHeadCycle, _Transport())
    with pytest.raises(RuntimeError, match=f"Invalid HTTP header {error}"):
        await cycle.send(  # type: ignore[attr-defined]
            {"type": "http.response.start", "status": 200, "headers": [header]}
        )


@pytest.mark.parametrize(
    ("length", "body", "method"),
    [
        (b"5", b"hello", "GET"),
        (b"0", b"", "GET"),
        (b"5", b"hello", "HEAD"),  # no body written
        (b"3", b"hello", "GET"),  # longer than Content-Length
        (b"9", b"hello", "GET"),  # shorter
        (None, b"hello", "GET"),  # no length: chunked (uvicorn's own path)
    ],
)
async def test_a_whole_body_as_uvicorn_sends_it(
    length: bytes | None, body: bytes, method: str
) -> None:
    headers = [] if length is None else [(b"content-length", length)]
    outcomes: list[tuple[list[bytes], object]] = []
    for cls in (AnswerHeadCycle, RequestResponseCycle):
        transport = _Transport()
        cycle = _cycle(cls, transport, method)
        await cycle.send({"type": "http.response.start", "status": 200, "headers": headers})  # type: ignore[attr-defined]
        try:
            await cycle.send({"type": "http.response.body", "body": body})  # type: ignore[attr-defined]
        except RuntimeError as exc:
            outcomes.append((transport.written, str(exc)))
        else:
            done = cycle.response_complete, cycle.message_event.is_set()  # type: ignore[attr-defined]
            outcomes.append((transport.written, done))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("cls", [MessageEvent, asyncio.Event])
async def test_the_message_event_behaves_as_asyncio_event(cls: type[asyncio.Event]) -> None:
    event = cls()
    assert not event.is_set()
    waiters = [asyncio.ensure_future(event.wait()) for _ in range(3)]
    await asyncio.sleep(0)
    waiters[2].cancel()
    await asyncio.sleep(0)
    assert not any(waiter.done() and not waiter.cancelled() for waiter in waiters)
    event.set()
    event.set()
    assert await asyncio.gather(*waiters[:2]) == [True, True] and event.is_set()
    assert await event.wait()  # set: no wait
    event.clear()
    late = asyncio.ensure_future(event.wait())
    await asyncio.sleep(0.01)
    assert not late.done()
    event.set()
    assert await late
