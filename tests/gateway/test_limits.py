"""Issue #15's case 8 and the limits it asks for, on a real socket: what a client may send
before the broker sees a request (head time, size and count, declared and trickled bodies),
and how fast it may ask for tokens. Each refusal is an X-Road error answer, then a close."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import orjson
import pytest

from gateway import GatewaySettings, ServerLimits, TokenSettings
from simulator.settings import StackSettings
from simulator.stack import Stack
from tests.gateway.identities import IOC, IOC_SECRET, MCDT, MCDT_SECRET
from tests.gateway.wire_bodies import error_text

LIMITS = ServerLimits(
    header_timeout_seconds=1.0, body_timeout_seconds=1.0, max_header_bytes=8192, max_headers=50
)
TOKENS = TokenSettings(per_address_burst=6, per_address_rps=0.5, per_client_burst=3)


@pytest.fixture
async def lgsp() -> AsyncIterator[str]:
    settings = StackSettings(gateway=GatewaySettings(server=LIMITS, tokens=TOKENS))
    async with Stack(settings, only=("lgsp",), free_ports=True) as stack:
        yield stack.urls["lgsp"]


async def _exchange(url: str, *parts: bytes, pause: float = 0.0) -> tuple[bytes, float]:
    """Send ``parts`` (``pause`` seconds apart) while reading, until the server closes; what
    was read, and when the answer's end came."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    received: list[bytes] = []

    async def read() -> float:
        try:
            while chunk := await reader.read(65536):
                received.append(chunk)
        except ConnectionResetError:
            pass
        return time.monotonic() - started

    reading = asyncio.create_task(read())
    try:
        for part in parts:
            if reading.done():
                break
            writer.write(part)
            await writer.drain()
            if pause:
                await asyncio.sleep(pause)
    except ConnectionError:
        pass
    seconds = await asyncio.wait_for(reading, timeout=10)
    writer.close()
    return b"".join(received), seconds


def _status_and_body(answer: bytes) -> tuple[int, dict[str, object], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), orjson.loads(body), head.lower()


async def test_a_head_that_never_completes_is_answered_408_and_closed(lgsp: str) -> None:
    trickle = [b"GET /healthz HTTP/1.1\r\n", b"Host: x\r\n"] + [b"X-A: b\r\n"] * 20
    answer, seconds = await _exchange(lgsp, *trickle, pause=0.2)
    status, body, head = _status_and_body(answer)
    assert status == 408 and body["type"] == "Client.RequestTimeout"
    assert b"connection: close" in head
    assert seconds < 4.5  # closed at the timeout (1 s, checked each second), not held forever
    silent, _ = await _exchange(lgsp)  # connects and says nothing
    assert _status_and_body(silent)[0] == 408


async def test_a_connection_idle_after_an_answer_is_closed_quietly_at_the_keep_alive() -> None:
    limits = ServerLimits(keep_alive_seconds=1.0, header_timeout_seconds=6.0)
    settings = StackSettings(gateway=GatewaySettings(server=limits))
    async with Stack(settings, only=("lgsp",), free_ports=True) as stack:
        request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        answer, seconds = await _exchange(stack.urls["lgsp"], request)
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.count(b"HTTP/1.1") == 1  # no 408
    assert 0.9 < seconds < 4.5  # the keep-alive (1 s, checked each second), not the head's 6 s


async def test_oversized_or_too_many_headers_are_a_431(lgsp: str) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
    one_huge = request + b"X-Big: " + b"a" * 1_048_576 + b"\r\n\r\n"
    many = request + b"".join(b"X-%d: v\r\n" % i for i in range(10_000)) + b"\r\n"
    just_over = request + b"X-Big: " + b"a" * 8200 + b"\r\n\r\n"  # one packet, head complete
    fifty_one = request + b"".join(b"X-%d: v\r\n" % i for i in range(50)) + b"\r\n"
    for raw in (one_huge, many, just_over, fifty_one):
        answer, _ = await _exchange(lgsp, raw)
        status, body, _ = _status_and_body(answer)
        assert status == 431 and body["type"] == "Client.HeadersTooLarge", answer[:200]
    long_url = b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    assert _status_and_body((await _exchange(lgsp, long_url))[0])[0] == 414


async def test_unparsable_request_is_an_xroad_400(lgsp: str) -> None:
    answer, _ = await _exchange(lgsp, b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n")
    status, body, _ = _status_and_body(answer)
    assert status == 400 and body["type"] == "Client.BadRequest"
    assert "không hợp lệ" in str(body["message"])


async def test_declared_body_over_the_limit_is_refused_before_it_is_sent(lgsp: str) -> None:
    head = (
        b"POST /apiCSDLDC/1.0/TraCuuThongTinCongDan HTTP/1.1\r\nHost: x\r\n"
        b"Content-Length: 3000000\r\n"
        b"Authorization: Basic " + _basic(MCDT, MCDT_SECRET) + b"\r\n\r\n"
    )
    answer, seconds = await _exchange(lgsp, head)  # not one byte of the body follows
    status, body, headers = _status_and_body(answer)
    assert status == 413 and body["fault"]["code"] == 413  # a WSO2 fault on the NGSP path
    assert b"x-road-error: client.badrequest" in headers  # as _status_and_body lowers them
    assert b"connection: close" in headers and seconds < 2


async def test_a_body_that_trickles_is_cut_by_the_body_timeout(lgsp: str) -> None:
    head = (
        b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type="
    )
    answer, seconds = await _exchange(lgsp, head, b"c", b"l", b"i", b"e", pause=0.4)
    status, body, _ = _status_and_body(answer)
    assert status == 408 and body["type"] == "Client.RequestTimeout"
    assert seconds < 4


async def test_token_answers_are_not_cached_and_lower_case_bearer_works(lgsp: str) -> None:
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        issued = await client.post(
            lgsp + "/token",
            data={
                "grant_type": "client_credentials",
                "client_id": IOC,
                "client_secret": IOC_SECRET,
            },
        )
        assert issued.status_code == 200
        assert issued.headers["cache-control"] == "no-store"
        token = issued.json()["access_token"]
        listed = await client.get(
            lgsp + "/r1/VN/GOV/000.00.00.G18/GPLX/listMethods",
            headers={"Authorization": f"bearer {token}"},
        )
        basic = await client.get(
            lgsp + "/r1/VN/GOV/000.00.00.G18/GPLX/listMethods",
            headers={"Authorization": "BASIC " + _basic(IOC, IOC_SECRET).decode()},
        )
        json_body = await client.post(
            lgsp + "/token",
            json={"grant_type": "client_credentials", "client_id": IOC, "client_secret": "x"},
        )
        unauthenticated = await client.get(lgsp + "/apiDVC-GPLX/tcdbdvcdata/traCuuGPLX")
        malformed = await client.get(
            lgsp + "/apiDVC-GPLX/tcdbdvcdata/traCuuGPLX",
            headers={"lgspaccesstoken": "bm90LWpzb24="},
        )
    assert listed.status_code == basic.status_code == 200
    assert json_body.status_code == 400
    assert json_body.json()["message"].startswith("/token nhận dạng form")
    assert unauthenticated.status_code == 401
    challenges = unauthenticated.headers.get_list("www-authenticate")
    assert [c.split()[0] for c in challenges] == ["Bearer", "Basic"]
    assert malformed.status_code == 400
    assert "AccessKey" in error_text(malformed.json())
    assert "SecretKey" in error_text(malformed.json())


async def test_token_requests_are_rate_limited_per_client_and_per_address(lgsp: str) -> None:
    form = {"grant_type": "client_credentials", "client_secret": "wrong"}
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        per_client = [
            (await client.post(lgsp + "/token", data={**form, "client_id": MCDT})).status_code
            for _ in range(4)
        ]
        per_address = [
            (await client.post(lgsp + "/token", data={**form, "client_id": IOC})).status_code
            for _ in range(3)
        ]
        refused = await client.post(lgsp + "/token", data={**form, "client_id": "other"})
    # Failed guesses count too: MCDT's burst is 3, the address's 6.
    assert per_client == [401, 401, 401, 429]
    assert per_address == [401, 401, 429]
    assert refused.status_code == 429
    assert refused.json()["type"] == "Server.ClientProxy.RateLimitExceeded"
    assert int(refused.headers["retry-after"]) >= 1


def _basic(client: str, secret: str) -> bytes:
    import base64

    return base64.b64encode(f"{client}:{secret}".encode())
