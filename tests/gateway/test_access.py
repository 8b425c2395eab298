"""Auth, ACL, quota and bad input at the LGSP, over real HTTP: always a clear 4xx, never a 500."""

from __future__ import annotations

import base64

import httpx
import orjson
import pytest

from gateway.catalog import Quota
from simulator.settings import StackSettings
from simulator.stack import Stack
from tests.gateway.identities import ADMIN, CCCD, IOC, IOC_SECRET, MCDT, MCDT_SECRET, basic
from tests.gateway.wire_bodies import wso2_fault

TRA_CUU = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
TRA_CUU_XROAD = "/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan"
BODY = orjson.dumps({"MaYeuCau": "1", "SoDinhDanh": CCCD})


def lgsp_token(access_key: str, secret: str) -> str:
    return base64.b64encode(
        orjson.dumps(
            {"AccessKey": access_key, "SecretKey": secret, "AppName": "MCDT", "PartnerCode": "H56"}
        )
    ).decode()


async def test_lgspaccesstoken_style_is_accepted(stack: Stack, client: httpx.AsyncClient) -> None:
    response = await client.post(
        stack.urls["lgsp"] + TRA_CUU,
        content=BODY,
        headers={"lgspaccesstoken": lgsp_token(MCDT, MCDT_SECRET)},
    )
    assert response.status_code == 200, response.text


_AUTH = "Server.ClientProxy.AuthenticationFailed"


@pytest.mark.parametrize(
    ("headers", "status", "error_type", "wso2"),
    [
        ({}, 401, _AUTH, 900902),
        ({"Authorization": "Bearer nope"}, 401, _AUTH, 900901),
        ({"Authorization": basic(MCDT, "wrong")}, 401, _AUTH, 900901),
        ({"Authorization": "Digest abc"}, 401, _AUTH, 900901),
        ({"lgspaccesstoken": "%%%not-base64"}, 400, "Client.BadRequest", 400),
        ({"lgspaccesstoken": base64.b64encode(b"[1,2]").decode()}, 400, "Client.BadRequest", 400),
        ({"lgspaccesstoken": lgsp_token(MCDT, "wrong")}, 401, _AUTH, 900901),
        (
            {"Authorization": basic(MCDT, MCDT_SECRET), "X-Road-Client": IOC},
            400,
            "Client.InvalidClientIdentifier",
            400,
        ),
    ],
)
async def test_bad_credentials(
    stack: Stack,
    client: httpx.AsyncClient,
    headers: dict[str, str],
    status: int,
    error_type: str,
    wso2: int,
) -> None:
    # The NGSP/WSO2 path: WSO2's fault body; the same call at the X-Road address: X-Road's.
    response = await client.post(stack.urls["lgsp"] + TRA_CUU, content=BODY, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["x-road-error"] == error_type
    assert wso2_fault(response.json())[0] == wso2 and response.headers["activityid"]
    xroad = await client.post(stack.urls["lgsp"] + TRA_CUU_XROAD, content=BODY, headers=headers)
    assert xroad.status_code == status, xroad.text
    body = xroad.json()
    assert body["type"] == error_type and body["message"] and body["detail"]


async def test_acl_is_default_deny(stack: Stack, client: httpx.AsyncClient) -> None:
    # The IOC may read enterprises and licences, not the population database.
    response = await client.post(
        stack.urls["lgsp"] + TRA_CUU,
        content=BODY,
        headers={"Authorization": basic(IOC, IOC_SECRET)},
    )
    assert response.status_code == 403
    assert response.headers["x-road-error"] == "Server.ClientProxy.AccessDenied"
    description = response.json()["fault"]["description"]  # Vietnamese first, X-Road's after
    assert description.startswith(f"{IOC} không được cấp quyền gọi")
    assert description.endswith("(Request is not allowed).")
    allowed = await client.get(
        stack.urls["lgsp"] + "/r1/VN/GOV/000.00.00.C06/CSDLDC/allowedMethods",
        headers={"Authorization": basic(IOC, IOC_SECRET)},
    )
    assert allowed.json() == {"service": []}


async def test_metaservices(stack: Stack, client: httpx.AsyncClient) -> None:
    auth = {"Authorization": basic(MCDT, MCDT_SECRET)}
    base = stack.urls["lgsp"] + "/r1/VN/GOV/000.00.00.C06/CSDLDC"
    methods = (await client.get(base + "/listMethods", headers=auth)).json()["service"]
    assert "TraCuuThongTinCongDan" in {m["serviceCode"] for m in methods}
    openapi = await client.get(base + "/getOpenAPI?serviceCode=TraCuuThongTinCongDan", headers=auth)
    assert openapi.status_code == 200
    assert "/TraCuuThongTinCongDan" in openapi.json()["paths"]
    refused = await client.get(stack.urls["lgsp"] + "/listClients")
    assert refused.status_code == 401 and "www-authenticate" in refused.headers
    listing = await client.get(stack.urls["lgsp"] + "/listClients", headers=ADMIN)
    clients = listing.json()["member"]
    assert MCDT in {c["id"] for c in clients}
    assert all("secret" not in c for c in clients)


async def test_wrong_method_and_oversized_body(stack: Stack, client: httpx.AsyncClient) -> None:
    auth = {"Authorization": basic(MCDT, MCDT_SECRET)}
    wrong = await client.get(stack.urls["lgsp"] + TRA_CUU, headers=auth)
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
    # The SOAP endpoint: a GET is no SOAP message, so no SOAP 1.1 500 — a 405 with its Fault.
    root = await client.get(stack.urls["lgsp"] + "/", headers=auth)
    assert (root.status_code, root.headers["allow"]) == (405, "POST")
    assert "Client.InvalidHttpMethod" in root.text and "Fault" in root.text
    huge = await client.post(stack.urls["lgsp"] + TRA_CUU, content=b"x" * 3_000_000, headers=auth)
    assert huge.status_code == 413


async def test_token_endpoint_rejects_bad_grants(stack: Stack, client: httpx.AsyncClient) -> None:
    url = stack.urls["lgsp"] + "/token"
    assert (await client.post(url, data={"grant_type": "password"})).status_code == 400
    bad = await client.post(
        url, data={"grant_type": "client_credentials", "client_id": MCDT, "client_secret": "x"}
    )
    assert bad.status_code == 401
    wrong = await client.get(url)
    assert (wrong.status_code, wrong.headers["allow"]) == (405, "POST")
    basic_grant = await client.post(
        url,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(MCDT, MCDT_SECRET)},
    )
    assert basic_grant.status_code == 200
    assert basic_grant.json()["token_type"] == "Bearer"


async def test_quota_answers_429_with_ratelimit_headers(
    settings: StackSettings, client: httpx.AsyncClient
) -> None:
    async with Stack(settings, free_ports=True) as stack:
        lgsp = stack.components["lgsp"].gateway
        # Shrink the IOC's bucket so the test needs only a handful of calls.
        consumer = lgsp.auth.consumer(IOC)  # type: ignore[attr-defined]
        assert consumer is not None
        object.__setattr__(consumer, "quota", Quota(rps=0.5, burst=2))
        url = stack.urls["lgsp"] + "/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn=0100109106"
        statuses = [
            (await client.get(url, headers={"Authorization": basic(IOC, IOC_SECRET)}))
            for _ in range(3)
        ]
    assert [r.status_code != 429 for r in statuses] == [True, True, False]
    limited = statuses[-1]
    assert limited.headers["x-road-error"] == "Server.ClientProxy.RateLimitExceeded"
    assert limited.headers["x-ratelimit-limit"] == "2"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert int(limited.headers["retry-after"]) >= 1
