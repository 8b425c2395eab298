"""A remembered admission: a cleared call's decision is found again, never past its token's
life, never for another credential, client header or method; the quota is taken every call;
refusals are decided anew each time."""

from __future__ import annotations

import base64
import time

import orjson

from gateway.app import GatewayApp
from gateway.catalog import Quota
from tests.gateway.identities import IOC, IOC_SECRET, MCDT, MCDT_SECRET, basic
from tests.gateway.recording import TRA_CUU, Recorder, build_app, call

DN = "/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn=0100109106"


def _lgsp() -> GatewayApp:
    return build_app("lgsp", Recorder())


async def test_a_remembered_bearer_call_ends_when_its_token_expires() -> None:
    app = _lgsp()
    token = app.auth.issue_token(MCDT, MCDT_SECRET)
    bearer = f"Bearer {token.value}"
    assert (await call(app, "POST", TRA_CUU, Authorization=bearer)).status_code == 200
    assert (await call(app, "POST", TRA_CUU, Authorization=bearer)).status_code == 200
    token.expires_at = time.monotonic() - 1  # its life is over, as the store's clock says
    expired = await call(app, "POST", TRA_CUU, Authorization=bearer)
    assert expired.status_code == 401, expired.text
    assert app.auth.tokens.issued(token.value) is None  # the store let it go, as before
    # RFC 6750 §3.1: what an OAuth client library reads to fetch a new token
    bearer_challenge = expired.headers.get_list("www-authenticate")[0]
    assert bearer_challenge.startswith('Bearer realm="ndxp-sim-lgsp", error="invalid_token"')
    anonymous = await call(app, "POST", TRA_CUU)
    assert anonymous.headers.get_list("www-authenticate")[0] == 'Bearer realm="ndxp-sim-lgsp"'


async def test_a_remembered_bearer_call_ends_when_the_store_drops_its_token() -> None:
    app = _lgsp()
    app.auth.tokens.max_per_client = 1
    first = app.auth.issue_token(MCDT, MCDT_SECRET)
    lower = f"bearer {first.value}"  # the scheme in any case (RFC 9110 §11.1)
    assert (await call(app, "POST", TRA_CUU, Authorization=lower)).status_code == 200
    second = app.auth.issue_token(MCDT, MCDT_SECRET)  # over the cap: the first is dropped
    assert first.dropped
    assert (await call(app, "POST", TRA_CUU, Authorization=lower)).status_code == 401
    fresh = await call(app, "POST", TRA_CUU, Authorization=f"Bearer {second.value}")
    assert fresh.status_code == 200


async def test_a_remembered_pass_is_not_lent_to_another_client_header_or_method() -> None:
    app = _lgsp()
    auth = basic(MCDT, MCDT_SECRET)
    assert (await call(app, "POST", TRA_CUU, Authorization=auth)).status_code == 200
    other = await call(app, "POST", TRA_CUU, Authorization=auth, X_Road_Client=IOC)
    assert other.status_code == 400, other.text
    assert (await call(app, "GET", TRA_CUU, Authorization=auth)).status_code == 405
    # Authorization takes precedence: an empty one beside the lgspaccesstoken that cleared the
    # same call is still an unsupported scheme.
    token = base64.b64encode(
        orjson.dumps({"AccessKey": MCDT, "SecretKey": MCDT_SECRET, "AppName": "MCDT"})
    ).decode()
    assert (await call(app, "POST", TRA_CUU, lgspaccesstoken=token)).status_code == 200
    both = await call(app, "POST", TRA_CUU, lgspaccesstoken=token, Authorization="")
    assert both.status_code == 401, both.text


async def test_refusals_are_decided_every_time() -> None:
    app = _lgsp()
    ioc = basic(IOC, IOC_SECRET)  # the IOC may not read the population database
    for _ in range(2):
        assert (await call(app, "POST", TRA_CUU, Authorization=ioc)).status_code == 403
    assert (await call(app, "GET", DN, Authorization=ioc)).status_code == 200


async def test_the_quota_is_taken_on_every_remembered_call() -> None:
    app = _lgsp()
    consumer = app.auth.consumer(IOC)
    assert consumer is not None
    object.__setattr__(consumer, "quota", Quota(rps=0.01, burst=3))
    ioc = basic(IOC, IOC_SECRET)
    statuses = [(await call(app, "GET", DN, Authorization=ioc)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


async def test_the_memo_forgets_gone_tokens_keeps_no_padded_credential_and_stays_bounded() -> None:
    app = _lgsp()
    passes = app.admission._passes
    token = app.auth.issue_token(MCDT, MCDT_SECRET)
    bearer = f"Bearer {token.value}"
    assert (await call(app, "POST", TRA_CUU, Authorization=bearer)).status_code == 200
    assert len(passes) == 1
    token.expires_at = time.monotonic() - 1
    assert (await call(app, "POST", TRA_CUU, Authorization=bearer)).status_code == 401
    assert not passes  # an expired token's pass is not kept for good
    fresh = app.auth.issue_token(MCDT, MCDT_SECRET)
    padded = f"Bearer {fresh.value}" + " " * 2000  # valid: the token is read stripped
    assert (await call(app, "POST", TRA_CUU, Authorization=padded)).status_code == 200
    assert not passes
    app.admission._max_entries = 2
    for pad in range(3):  # three distinct keys that pass
        auth = f"Bearer {fresh.value}" + " " * pad
        assert (await call(app, "POST", TRA_CUU, Authorization=auth)).status_code == 200
    assert 1 <= len(passes) <= 2
