"""End to end over real loopback HTTP: province client → LGSP → NDXP → registry mock."""

from __future__ import annotations

import httpx
import orjson

from gateway.settings import StackSettings
from gateway.stack import Stack
from tests.gateway.identities import CCCD, DIRECT, DIRECT_SECRET, MCDT, MCDT_SECRET, basic

TRA_CUU = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"


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
