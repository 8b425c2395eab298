"""End to end over real loopback HTTP: province client → LGSP → NDXP → registry mock."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator

import httpx
import orjson
import pytest
from prometheus_client import CollectorRegistry

from connectors._timeouts import Timeout
from connectors._transport import UpstreamResponse
from gateway.app import create_app
from gateway.opmon import HopRecord, NullLedger
from simulator.settings import StackSettings
from simulator.stack import Stack
from tests.gateway.identities import (
    CCCD,
    DIRECT,
    DIRECT_SECRET,
    LGSP,
    LGSP_SECRET,
    MCDT,
    MCDT_SECRET,
    basic,
)

TRA_CUU = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
IMF_FIXDATE = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"
)


def _body(cccd: str = CCCD) -> bytes:
    return orjson.dumps(
        {"MaYeuCau": "req-1", "MaDVC": "1.001", "MaTichHop": "MCDT", "SoDinhDanh": cccd}
    )


async def test_citizen_lookup_travels_both_gateways(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    token = await client.post(
        stack.urls["lgsp"] + "/token",
        data={"grant_type": "client_credentials", "client_id": MCDT, "client_secret": MCDT_SECRET},
    )
    assert token.status_code == 200, token.text
    bearer = token.json()["access_token"]

    response = await client.post(
        stack.urls["lgsp"] + TRA_CUU,
        content=_body(),
        headers={
            "Authorization": f"Bearer {bearer}",
            "X-Road-Id": "corr-42",
            "Content-Type": "application/json",
        },
    )

    assert response.status_code == 200, response.text
    assert response.headers["x-road-id"] == "corr-42"
    assert response.headers["via"] == "1.1 ndxp-sim-ndxp, 1.1 ndxp-sim-lgsp"
    assert response.headers["x-sim-answered-by"] == "registry:dan_cu"
    assert response.headers["x-road-service"] == "VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan"
    # The registry's Date (its simulated clock) is relayed in HTTP's IMF-fixdate form.
    assert IMF_FIXDATE.fullmatch(response.headers["date"]), response.headers["date"]
    payload = response.json()
    assert payload["SoDinhDanh"] == CCCD
    assert payload["MaYeuCau"] == "req-1"


async def test_xroad_address_reaches_the_same_service(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        stack.urls["lgsp"] + "/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan",
        content=_body(),
        headers={"Authorization": basic(MCDT, MCDT_SECRET), "X-Road-Client": MCDT},
    )
    assert response.status_code == 200, response.text
    assert response.json()["SoDinhDanh"] == CCCD
    assert len(response.headers["x-road-id"]) == 36  # generated when the client sends none


async def test_direct_route_skips_the_ndxp(stack: Stack, client: httpx.AsyncClient) -> None:
    response = await client.post(
        stack.urls["lgsp"] + TRA_CUU,
        content=_body(),
        headers={"Authorization": basic(DIRECT, DIRECT_SECRET)},
    )
    assert response.status_code == 200, response.text
    assert response.headers["via"] == "1.1 ndxp-sim-lgsp"


async def test_registry_errors_pass_through_unchanged(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        stack.urls["lgsp"] + TRA_CUU,
        content=_body("12345"),
        headers={"Authorization": basic(MCDT, MCDT_SECRET)},
    )
    assert response.status_code == 400
    assert "x-road-error" not in response.headers
    assert response.headers["x-sim-answered-by"] == "registry:dan_cu"
    assert "MaLoi" in response.json()


async def test_dead_registry_is_blamed_on_the_ndxp_hop(
    settings: StackSettings, client: httpx.AsyncClient
) -> None:
    dead = settings.model_copy(update={"upstream_urls": {"dan_cu": "http://127.0.0.1:9"}})
    async with Stack(dead, only=["ndxp", "lgsp"], free_ports=True) as stack:
        response = await client.post(
            stack.urls["lgsp"] + TRA_CUU,
            content=_body(),
            headers={"Authorization": basic(MCDT, MCDT_SECRET)},
        )
    assert response.status_code == 502
    assert response.headers["x-road-error"] == "Server.ServerProxy.ServiceFailed.NetworkError"
    assert response.headers["x-sim-answered-by"] == "ndxp"
    body = response.json()
    assert set(body) == {"type", "message", "detail"}
    assert "NDXP" in body["message"]


async def test_dead_ndxp_is_blamed_on_the_lgsp_hop(
    settings: StackSettings, client: httpx.AsyncClient
) -> None:
    dead = settings.model_copy(update={"upstream_urls": {"ndxp": "http://127.0.0.1:9"}})
    async with Stack(dead, only=["lgsp"], free_ports=True) as stack:
        response = await client.post(
            stack.urls["lgsp"] + TRA_CUU,
            content=_body(),
            headers={"Authorization": basic(MCDT, MCDT_SECRET)},
        )
    assert response.status_code == 502
    assert response.headers["x-road-error"] == "Server.ClientProxy.ServiceFailed.NetworkError"
    assert response.headers["x-sim-answered-by"] == "lgsp"


async def test_every_server_has_health_and_metrics(stack: Stack, client: httpx.AsyncClient) -> None:
    for name, url in stack.urls.items():
        health = await client.get(url + "/healthz")
        assert health.status_code == 200, name
        metrics = await client.get(url + "/metrics")
        assert metrics.status_code == 200, name
        assert metrics.headers["content-type"].startswith("text/plain")
    await client.post(
        stack.urls["lgsp"] + TRA_CUU,
        content=_body(),
        headers={"Authorization": basic(MCDT, MCDT_SECRET)},
    )
    text = (await client.get(stack.urls["lgsp"] + "/metrics")).text
    sample = (
        'gateway_requests_total{code="200",consumer="MCDT",hop="lgsp",outcome="success",'
        'provider="dan_cu",service="TraCuuThongTinCongDan"} 1.0'
    )
    assert sample in text
    assert CCCD not in text


@contextlib.asynccontextmanager
async def _silent_registry() -> AsyncIterator[str]:
    """A registry that accepts the request and never answers; yields its base URL."""
    done = asyncio.Event()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        await done.wait()
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        done.set()
        server.close()
        await server.wait_closed()
        await asyncio.sleep(0.05)


QUICK = Timeout(connect=0.5, read=0.3, attempt=0.3, total=0.8)


async def test_lgsp_outwaits_the_ndxp_so_the_failed_hop_is_named(
    settings: StackSettings, client: httpx.AsyncClient
) -> None:
    """A registry that never answers: the NDXP times out (with its retries) and says so; the
    LGSP must not give up first, or the province would blame the wrong hop (rows 43/44)."""
    async with _silent_registry() as registry:
        quick = settings.model_copy(
            update={
                "upstream_urls": {"dan_cu": registry},
                "gateway": settings.gateway.model_copy(update={"timeout": QUICK}),
            }
        )
        async with Stack(quick, only=["ndxp", "lgsp"], free_ports=True) as stack:
            response = await client.post(
                stack.urls["lgsp"] + TRA_CUU,
                content=_body(),
                headers={"Authorization": basic(MCDT, MCDT_SECRET)},
            )
    assert response.status_code == 504
    assert response.headers["x-road-error"].startswith("Server.ServerProxy.ServiceFailed")
    assert response.headers["x-sim-answered-by"] == "ndxp"


async def test_a_direct_consumer_gets_the_registry_deadline_not_the_ndxp_one(
    settings: StackSettings, client: httpx.AsyncClient
) -> None:
    """LGSP → registry without the NDXP: the LGSP is the hop nearest the registry, so it
    uses the service's own deadline (not the longer one that waits for an NDXP)."""
    async with _silent_registry() as registry:
        quick = settings.model_copy(
            update={
                "upstream_urls": {"dan_cu": registry},
                "gateway": settings.gateway.model_copy(update={"timeout": QUICK}),
            }
        )
        async with Stack(quick, only=["lgsp"], free_ports=True) as stack:
            started = time.perf_counter()
            response = await client.post(
                stack.urls["lgsp"] + TRA_CUU,
                content=_body(),
                headers={"Authorization": basic(DIRECT, DIRECT_SECRET)},
            )
            elapsed = time.perf_counter() - started
    assert response.status_code == 504
    assert response.headers["x-road-error"].startswith("Server.ClientProxy.ServiceFailed")
    assert elapsed < QUICK.total + 1.0  # the NDXP-facing deadline would be total + 5 s


async def test_a_bug_in_a_hop_is_an_xroad_internal_error(settings: StackSettings) -> None:
    class Broken:
        async def send(self, *args: object) -> UpstreamResponse:
            raise RuntimeError("boom")

        async def aclose(self) -> None:
            return None

    app = create_app(
        settings.gateway_settings(),
        role="ndxp",
        metrics_registry=CollectorRegistry(),
        transport=Broken(),
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.post(
            "/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan",
            content=_body(),
            headers={"Authorization": basic(LGSP, LGSP_SECRET)},
        )
    assert response.status_code == 500
    assert response.headers["x-road-error"] == "Server.ServerProxy.InternalError"
    assert response.json()["detail"]


async def test_a_cancelled_call_is_recorded_as_499_not_as_a_phantom_500(
    settings: StackSettings,
) -> None:
    class Hanging:
        async def send(self, *args: object) -> UpstreamResponse:
            await asyncio.sleep(3600)
            raise AssertionError("unreachable")

        async def aclose(self) -> None:
            return None

    records: list[HopRecord] = []

    class Ledger(NullLedger):
        def record(self, record: HopRecord) -> None:
            records.append(record)

    app = create_app(
        settings.gateway_settings(),
        role="ndxp",
        metrics_registry=CollectorRegistry(),
        transport=Hanging(),
        ledger=Ledger(),
    )
    body = _body()
    scope = {
        "type": "http", "method": "POST", "query_string": b"",
        "path": "/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan",
        "headers": [(b"authorization", basic(LGSP, LGSP_SECRET).encode())],
    }  # fmt: skip

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, object]) -> None:
        raise AssertionError("nothing is sent for a cancelled call")

    task = asyncio.create_task(app(scope, receive, send))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [(r.statusCode, r.detectedSymptom, r.succeeded) for r in records] == [
        (499, "cancelled", False)
    ]
