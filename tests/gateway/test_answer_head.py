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

from gateway.answer_head import _BAD_NAME, _BAD_VALUE, AnswerHeadCycle


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
    return cls(
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
