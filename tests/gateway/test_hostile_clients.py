"""Issue #15's cases 1–6 as a hostile or careless client sends them, over real sockets through
the whole stack: every one gets a clear 4xx with a stable X-Road error and a Vietnamese
message — never a 5xx, never a dropped reply — and the ledger records what the client got."""

from __future__ import annotations

import base64
import sqlite3

import httpx
import orjson
import pytest

from gateway.opmon import SqliteLedger
from simulator.stack import Stack
from tests.gateway.identities import (
    ADMIN,
    IOC,
    IOC_SECRET,
    LGSP,
    LGSP_SECRET,
    MCDT,
    MCDT_SECRET,
    basic,
)
from tests.gateway.wire_bodies import error_text

GPLX = "/apiDVC-GPLX/tcdbdvcdata/traCuuGPLX"
GPLX_XROAD = "/r1/VN/GOV/000.00.00.G18/GPLX/traCuuGPLX"


@pytest.fixture
def hops(ledger_stack: tuple[Stack, SqliteLedger]) -> tuple[Stack, SqliteLedger]:
    return ledger_stack


def _statuses(ledger: SqliteLedger, hop: str) -> list[tuple[int, str | None]]:
    assert ledger.flush(5.0)
    conn = sqlite3.connect(ledger.path)
    try:
        rows = conn.execute(
            "SELECT statusCode, faultCode FROM records WHERE securityServerType = ? ORDER BY id",
            (hop,),
        ).fetchall()
    finally:
        conn.close()
    return [(int(status), fault) for status, fault in rows]


def _raw_get(url: str, target: str, authorization: str) -> httpx.Request:
    """A GET whose request target is sent exactly as written (no client re-encoding)."""
    request = httpx.Request("GET", url + "/", headers={"Authorization": authorization})
    request.url = request.url.copy_with(raw_path=target.encode("ascii"))
    return request


async def _at_both_gateways(stack: Stack, tail: str, query: str) -> list[httpx.Response]:
    """``tail`` after the GPLX service, sent as written to the LGSP (as the province) and to
    the NDXP (as the LGSP)."""
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        return [
            await client.send(
                _raw_get(stack.urls["lgsp"], GPLX + tail + query, basic(MCDT, MCDT_SECRET))
            ),
            await client.send(
                _raw_get(stack.urls["ndxp"], GPLX_XROAD + tail + query, basic(LGSP, LGSP_SECRET))
            ),
        ]


@pytest.mark.parametrize("tail", ["/Nguy%E1%BB%85n", "/%ff", "/%C3%A9%20x", "/a%2Fb"])
async def test_1_non_latin1_or_undecodable_path_tail_is_passed_on_encoded(
    hops: tuple[Stack, SqliteLedger], tail: str
) -> None:
    stack, ledger = hops
    for response in await _at_both_gateways(stack, tail, "?soGPLX=1"):
        # The registry has no such sub-path: its own 404 passes through, nothing fails.
        assert response.status_code == 404, response.text
        assert "x-road-error" not in response.headers
        assert response.headers["x-road-service"].isascii()
    assert [s for s, _ in _statuses(ledger, "lgsp")] == [404]


@pytest.mark.parametrize("url_of", ["lgsp", "ndxp"])
async def test_2_non_ascii_secret_at_token_is_a_401(
    hops: tuple[Stack, SqliteLedger], url_of: str
) -> None:
    stack, _ = hops
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        response = await client.post(
            stack.urls[url_of] + "/token",
            content=f"grant_type=client_credentials&client_id={MCDT}&client_secret=%C3%A9",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        basic_pair = await client.post(
            stack.urls[url_of] + "/token",
            content=b"grant_type=client_credentials",
            headers={"Authorization": "Basic " + base64.b64encode(f"{MCDT}:é".encode()).decode()},
        )
    for answer in (response, basic_pair):
        assert answer.status_code == 401, answer.text
        assert answer.json()["type"].endswith("AuthenticationFailed")
        assert answer.headers["www-authenticate"].startswith("Bearer")


async def test_3_non_ascii_secret_key_in_lgspaccesstoken_is_a_401(
    hops: tuple[Stack, SqliteLedger],
) -> None:
    stack, ledger = hops
    token = base64.b64encode(
        orjson.dumps({"AccessKey": MCDT, "SecretKey": "mật khẩu", "AppName": "MCDT"})
    ).decode()
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        response = await client.get(
            stack.urls["lgsp"] + GPLX, params={"soGPLX": "1"}, headers={"lgspaccesstoken": token}
        )
    assert response.status_code == 401, response.text
    assert "SecretKey" in error_text(response.json())
    assert _statuses(ledger, "lgsp") == [(401, "Server.ClientProxy.AuthenticationFailed")]


async def test_4_opmon_records_needs_admin_and_refuses_out_of_range_numbers(
    hops: tuple[Stack, SqliteLedger],
) -> None:
    stack, _ = hops
    query = "/opmon/records?recordsFrom=-99999999999999999999&recordsTo=1"
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        anonymous = await client.get(stack.urls["lgsp"] + query)
        admin = await client.get(stack.urls["lgsp"] + query, headers=ADMIN)
        huge = await client.get(
            stack.urls["ndxp"] + "/opmon/records?recordsFrom=1&recordsTo=" + "9" * 30,
            headers=ADMIN,
        )
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == 'Bearer realm="ndxp-sim-admin"'
    for refused in (admin, huge):
        assert refused.status_code == 400, refused.text
        assert refused.json()["type"] == "Client.BadRequest"


async def test_5_double_encoded_nul_reaches_the_registry_as_text_and_opens_no_breaker(
    hops: tuple[Stack, SqliteLedger],
) -> None:
    stack, ledger = hops
    ioc = basic(IOC, IOC_SECRET)
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        for _ in range(40):
            answer = await client.send(_raw_get(stack.urls["lgsp"], GPLX + "/%2500?soGPLX=1", ioc))
            assert answer.status_code == 404, answer.text  # the registry's: no such sub-path
        others = await client.get(
            stack.urls["lgsp"] + "/apiCSDLDKDN/1.0/chiTietDoanhNghiep",
            params={"msdn": "0109991239"},
            headers={"Authorization": basic(MCDT, MCDT_SECRET)},
        )
        metrics = (await client.get(stack.urls["lgsp"] + "/metrics")).text
    assert others.status_code == 200, others.text
    assert 'to="open"' not in metrics
    assert {s for s, _ in _statuses(ledger, "ndxp")} == {404, 200}


@pytest.mark.parametrize("tail", ["/%00", "/x%0ay", "/%0d%0aX-Evil:%201", "/%7f", "%09"])
async def test_6_control_characters_after_the_service_are_a_400_with_an_answer(
    hops: tuple[Stack, SqliteLedger], tail: str
) -> None:
    stack, ledger = hops
    for answer in await _at_both_gateways(stack, tail, "?soGPLX=1"):
        assert answer.status_code == 400, answer.text
        assert answer.headers["x-road-error"] == "Client.InvalidPath"
        assert "ký tự điều khiển" in error_text(answer.json())
        assert "x-evil" not in answer.headers
    assert _statuses(ledger, "lgsp") == [(400, "Client.InvalidPath")]
