"""The link proxy on real loopback sockets, dialed by the gateway's own raw transport: every
link fault is what the dialer really meets (an RST, a silent half-open socket, a late or slow
answer), it hits exactly the request it was drawn for, and it is journalled."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from connectors import ConnectionReset, RawHttpTransport, Timeout, UpstreamError
from mock_registries.faults.engine import FaultEngine
from simulator.links import LinkProxy
from tests.mock_registries.faults.support import EngineFactory, rule, scenario, serve_loopback

SITE = "lgsp-ndxp"
BODY = b'{"Status":"1","Data":"' + b"x" * 4000 + b'"}'


async def _upstream(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    connection = next((v for k, v in scope["headers"] if k == b"connection"), b"")
    headers = [(b"content-type", b"application/json"), (b"x-seen-connection", connection)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})


class Link:
    def __init__(self, proxy: LinkProxy, engine: FaultEngine, journal: list[tuple[str, str]]):
        self.proxy = proxy
        self.engine = engine
        self.journal = journal
        self.transport = RawHttpTransport()

    async def get(self, key: str, read: float = 5.0) -> Any:
        timeout = Timeout(connect=1, read=read, attempt=read, total=read)
        headers = [(b"x-road-id", key.encode())]
        return await self.transport.send("GET", self.proxy.url + "/hoso/1", headers, b"", timeout)


@pytest.fixture
async def link(make_engine: EngineFactory, request: pytest.FixtureRequest) -> AsyncIterator[Link]:
    rules = request.param if hasattr(request, "param") else ()
    engine = make_engine(scenario("t", *rules))
    engine.enable("t")
    journal: list[tuple[str, str]] = []
    engine.add_applied_listener(lambda registry, key, tag: journal.append((key or "", tag)))
    async with serve_loopback(_upstream) as url:
        proxy = LinkProxy(SITE, url, engine=engine, registry_of=lambda path: "ho_tich")
        await proxy.start()
        wired = Link(proxy, engine, journal)
        try:
            yield wired
        finally:
            await wired.transport.aclose()
            await proxy.aclose()


def _rule(kind: str, **params: Any) -> Any:
    return rule(kind, row=43, registry="ho_tich", at=SITE, **params)


async def test_a_quiet_link_relays_the_answer_one_request_per_connection(link: Link) -> None:
    for i in range(3):
        response = await link.get(f"k{i}")
        assert response.status == 200 and response.body == BODY
        assert response.header(b"x-seen-connection") == b"close"
        assert response.header(b"x-sim-fault") is None
    assert link.journal == []


@pytest.mark.parametrize("link", [[_rule("reset_before")]], indirect=True)
async def test_reset_before_is_a_real_rst_on_the_dialers_socket(link: Link) -> None:
    with pytest.raises(ConnectionReset):
        await link.get("k1")
    assert link.journal == [("k1", "43:reset_before@lgsp-ndxp")]


@pytest.mark.parametrize("link", [[_rule("reset_mid", fraction=0.5)]], indirect=True)
async def test_reset_mid_cuts_the_answer_after_part_of_it(link: Link) -> None:
    with pytest.raises(ConnectionReset):
        await link.get("k1")
    assert link.journal == [("k1", "43:reset_mid@lgsp-ndxp")]


@pytest.mark.parametrize("link", [[_rule("half_open")]], indirect=True)
async def test_half_open_holds_without_answer_until_the_dialer_gives_up(link: Link) -> None:
    started = time.perf_counter()
    with pytest.raises(UpstreamError) as caught:
        await link.get("k1", read=0.4)
    assert caught.value.reason in ("read_timeout", "timeout")
    assert 0.35 < time.perf_counter() - started < 2.0
    assert link.journal == [("k1", "43:half_open@lgsp-ndxp")]


@pytest.mark.parametrize(
    "link", [[_rule("latency", delay={"dist": "fixed", "ms": 300})]], indirect=True
)
async def test_latency_delays_the_request_and_names_itself_on_the_answer(link: Link) -> None:
    started = time.perf_counter()
    response = await link.get("k1")
    assert time.perf_counter() - started >= 0.3
    assert response.body == BODY
    assert response.header(b"x-sim-fault") == b"43:latency@lgsp-ndxp"


async def test_closing_the_proxy_mid_delay_logs_no_traceback(make_engine: EngineFactory) -> None:
    """Stopping a gateway while a call waits out a link delay ends the link quietly: asyncio's
    stream server (3.11) reported every cancelled handler as 'Exception in callback' with a
    CancelledError traceback — a screenful per stop of `serve --component lgsp`."""
    engine = make_engine(scenario("t", _rule("latency", delay={"dist": "fixed", "ms": 5000})))
    engine.enable("t")
    loop = asyncio.get_running_loop()
    reported: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    try:
        async with serve_loopback(_upstream) as url:
            proxy = LinkProxy(SITE, url, engine=engine, registry_of=lambda path: "ho_tich")
            await proxy.start()
            transport = RawHttpTransport()
            timeout = Timeout(connect=1, read=5, attempt=5, total=5)
            call = asyncio.create_task(
                transport.send("GET", proxy.url + "/hoso/1", [(b"x-road-id", b"k1")], b"", timeout)
            )
            await asyncio.sleep(0.2)
            await proxy.aclose()
            with pytest.raises(UpstreamError):
                await call
            await transport.aclose()
            await asyncio.sleep(0.05)
    finally:
        loop.set_exception_handler(previous)
    assert reported == []


@pytest.mark.parametrize("link", [[_rule("bandwidth", rate_kbps=16)]], indirect=True)
async def test_a_narrow_link_paces_the_answer(link: Link) -> None:
    started = time.perf_counter()
    response = await link.get("k1")
    # ~4.2 KB at 16 KB/s: a quarter of a second, in 50 ms steps.
    assert 0.2 < time.perf_counter() - started < 2.0
    assert response.body == BODY


@pytest.mark.parametrize("link", [[_rule("reset_before", probability=0.5)]], indirect=True)
async def test_each_request_gets_its_own_draw_reproducibly(link: Link) -> None:
    outcomes = []
    for i in range(30):
        try:
            await link.get(f"key-{i}")
            outcomes.append(True)
        except ConnectionReset:
            outcomes.append(False)
    assert 5 < outcomes.count(False) < 25
    faulted = [key for key, _ in link.journal]
    assert faulted == [f"key-{i}" for i, ok in enumerate(outcomes) if not ok]


async def test_an_unreachable_far_side_resets_the_dialer(make_engine: EngineFactory) -> None:
    engine = make_engine(scenario("t"))
    proxy = LinkProxy(SITE, "http://127.0.0.1:9", engine=engine, registry_of=lambda p: None)
    await proxy.start()
    transport = RawHttpTransport()
    try:
        with pytest.raises(UpstreamError):
            await transport.send("GET", proxy.url + "/x", [], b"", Timeout(attempt=2, total=2))
    finally:
        await transport.aclose()
        await proxy.aclose()
    await asyncio.sleep(0)
