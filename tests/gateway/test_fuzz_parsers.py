"""Property tests of everything in the gateway that parses what a client sends: paths,
credentials (Basic, Bearer, lgspaccesstoken, the /token form), X-Road-Id and other headers,
opmon query numbers, request heads at the socket, and the dates the symptom classifier reads.

The property is always the same: the parser answers with a value or one of the gateway's own
errors (``GatewayError``: a 4xx with a stable code) — never another exception, which would be
a 500 — and what it derives for a header or the next hop is safe to send.
"""

from __future__ import annotations

import asyncio
import base64
import re
from typing import Any
from urllib.parse import quote, unquote

import orjson
import uvicorn
from hypothesis import HealthCheck, example, given, settings, strategies as st
from uvicorn.server import ServerState

from gateway import DEFAULT_CATALOG, ServerLimits, load_catalog
from gateway.auth import Authenticator
from gateway.errors import GatewayError
from gateway.facts import Inbound
from gateway.opmon.http import _int
from gateway.privacy import is_correlation_id, mask_text, stored_id
from gateway.routing import resolve
from gateway.server import gateway_protocol
from gateway.staleness import parse_due
from gateway.symptoms import classify
from tests.gateway.identities import MCDT, MCDT_SECRET

CATALOG = load_catalog(DEFAULT_CATALOG)
AUTH = Authenticator(CATALOG.consumers_of("lgsp"))
PROPERTIES = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\U0010ffff]")

# Segments that hit the catalog, mixed with anything at all.
known = st.sampled_from(
    ["r1", "VN", "GOV", "000.00.00.C06", "CSDLDC", "TraCuuThongTinCongDan", "apiCSDLDKDN",
     "1.0", "chiTietDoanhNghiep", "apiDVC-GPLX", "tcdbdvcdata", "mapi", "listMethods", ""]
)  # fmt: skip
segment = st.one_of(known, st.text(max_size=12), st.sampled_from(["%00", "%2500", "\x00", "é"]))
paths = st.lists(segment, min_size=0, max_size=9).map(lambda parts: "/" + "/".join(parts))


@PROPERTIES
@given(path=paths)
@example(path="/apiDVC-GPLX/tcdbdvcdata/traCuuGPLX/Nguyễn\x00")
@example(path="/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan/%2500")
def test_any_path_resolves_or_is_a_gateway_error(path: str) -> None:
    try:
        route = resolve(CATALOG, path)
    except GatewayError as error:
        assert 400 <= error.status < 500
        return
    # What is derived from the path goes upstream and into a header: ASCII, no controls.
    for derived in (route.upstream_target, route.xroad_address(CATALOG.instance)):
        assert _UNSAFE.search(derived) is None, derived
    header = route.service_header
    assert header.isascii() and b" " not in header
    # ... and decodes back to exactly what the client sent after the service.
    assert unquote(route.rest) == path[len(path) - len(unquote(route.rest)) :]


credentials = st.one_of(
    st.none(),
    st.binary(max_size=80),
    st.sampled_from([b"Bearer ", b"bearer x", b"Basic ", b"BASIC \xff", b"Digest a"]),
    st.builds(lambda t: b"Basic " + base64.b64encode(t), st.binary(max_size=60)),
    st.builds(
        lambda s: b"basic " + base64.b64encode(f"{MCDT}:{s}".encode()),
        st.text(max_size=20),
    ),
)
lgsp_tokens = st.one_of(
    st.none(),
    st.binary(max_size=60),
    st.builds(
        lambda fields: base64.b64encode(orjson.dumps(fields)),
        st.dictionaries(
            st.sampled_from(["AccessKey", "SecretKey", "AppName"]),
            st.one_of(
                st.text(max_size=20), st.integers(-(2**63), 2**63 - 1), st.none(), st.just(MCDT)
            ),
        ),
    ),
    st.just(base64.b64encode(b'{"AccessKey": 1' + b"0" * 30 + b', "SecretKey": [1, {}]}')),
)


@PROPERTIES
@given(authorization=credentials, lgsp_token=lgsp_tokens, client=st.none() | st.binary(max_size=40))
def test_any_credentials_authenticate_or_are_refused_cleanly(
    authorization: bytes | None, lgsp_token: bytes | None, client: bytes | None
) -> None:
    try:
        consumer = AUTH.authenticate(authorization, lgsp_token, client)
    except GatewayError as error:
        assert error.status in (400, 401)
        return
    assert consumer.client in {c.client for c in AUTH.consumers}


@PROPERTIES
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.builds(
            lambda i, s: (
                f"grant_type=client_credentials&client_id={quote(i)}&"
                f"client_secret={quote(s)}".encode()
            ),
            st.one_of(st.just(MCDT), st.text(max_size=20)),
            st.one_of(st.just(MCDT_SECRET), st.text(max_size=20)),
        ),
    ),
    authorization=credentials,
    content_type=st.none() | st.sampled_from([b"application/json", b"text/plain", b"\xff"]),
)
def test_any_token_request_grants_or_is_refused_cleanly(
    body: bytes, authorization: bytes | None, content_type: bytes | None
) -> None:
    try:
        token = AUTH.grant(AUTH.token_form(body, authorization, content_type))
    except GatewayError as error:
        assert error.status in (400, 401)
        return
    assert AUTH.authenticate(b"Bearer " + token.value.encode(), None, None).client == MCDT


header_names = st.sampled_from(
    [b"x-road-id", b"x-road-userid", b"x-road-client", b"content-length", b"authorization",
     b"lgspaccesstoken", b"host", b"x-other"]
)  # fmt: skip


@PROPERTIES
@given(headers=st.lists(st.tuples(header_names, st.binary(max_size=140)), max_size=12))
def test_inbound_headers_yield_a_safe_correlation_id(headers: list[tuple[bytes, bytes]]) -> None:
    scope = {"method": "GET", "path": "/x", "query_string": b"", "headers": headers}
    request = Inbound(scope)
    assert is_correlation_id(request.message_id)  # what goes on the wire and to the ledger
    sent = next((v for k, v in reversed(headers) if k == b"x-road-id"), None)  # the last wins
    if sent and is_correlation_id(sent):
        assert request.message_id == sent and not request.bad_message_id  # byte for byte
    else:
        assert request.bad_message_id == bool(sent)
    assert dict(request.forward)[b"x-road-id"] == request.message_id


@PROPERTIES
@given(value=st.text(max_size=150))
def test_ids_a_record_keeps_are_correlation_ids_or_masked(value: str) -> None:
    kept = stored_id(value)
    assert kept == value or kept == mask_text(value)
    assert kept.isascii() or kept == mask_text(value)
    if len(value) >= 3 and kept != value:
        assert value not in kept


@PROPERTIES
@given(raw=st.one_of(st.text(max_size=30), st.integers().map(str), st.just("9" * 40)))
def test_opmon_numbers_are_in_range_or_a_400(raw: str) -> None:
    try:
        value = _int({"recordsFrom": raw}, "recordsFrom", 0)
    except GatewayError as error:
        assert error.status == 400
        return
    assert 0 <= value <= 10**11


@PROPERTIES
@given(value=st.one_of(st.text(max_size=40), st.integers(), st.none(), st.floats()))
def test_due_dates_parse_or_are_ignored(value: Any) -> None:
    due = parse_due(value)
    assert due is None or isinstance(due, float)


@PROPERTIES
@given(body=st.binary(max_size=300), status=st.integers(100, 599))
def test_any_answer_gets_a_symptom(body: bytes, status: int) -> None:
    symptom = classify(
        status=status,
        upstream_reason=None,
        missing=[],
        body=body,
        content_type=b"application/json",
        seconds=0.1,
    )
    assert isinstance(symptom, str) and symptom


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = False

    def write(self, data: bytes) -> None:  # type: ignore[override]
        self.written += data

    def write_eof(self) -> None:
        self.closed = True

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 1), "peername": ("127.0.0.1", 2)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    body = b"{}"
    headers = [(b"content-length", b"2")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


heads = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda target, lines: b"GET " + target + b" HTTP/1.1\r\n" + b"".join(lines) + b"\r\n",
        st.binary(max_size=60),
        st.lists(st.binary(max_size=40).map(lambda b: b + b"\r\n"), max_size=8),
    ),
)


@settings(max_examples=300, deadline=None)
@given(packets=st.lists(heads, min_size=1, max_size=4))
def test_the_server_answers_any_bytes_with_nothing_or_a_4xx(packets: list[bytes]) -> None:
    async def feed() -> bytes:
        config = uvicorn.Config(_app, lifespan="off", log_level="critical")
        config.load()
        protocol = gateway_protocol(ServerLimits(max_header_bytes=1024))(
            config=config, server_state=ServerState(), app_state={}
        )
        transport = _Transport()
        protocol.connection_made(transport)
        for packet in packets:
            protocol.data_received(packet)
            await asyncio.sleep(0)
        await asyncio.sleep(0)
        protocol.connection_lost(None)
        return transport.written

    written = asyncio.run(feed())
    for status in re.findall(rb"HTTP/1\.1 (\d{3}) ", written):
        assert int(status) < 500, written[:300]
