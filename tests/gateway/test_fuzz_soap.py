"""Hypothesis against the SOAP parsers a client reaches: any bytes, hostile XML (entity bombs,
external entities, deep or huge trees, other encodings, broken identifiers) posted to the SOAP
endpoint or a service's path gets an answer — a Client.* SOAP Fault or the relayed answer —
never a crash, an InternalError or a dropped reply."""

from __future__ import annotations

import asyncio

import httpx
from hypothesis import HealthCheck, example, given, settings, strategies as st
from lxml import etree

from gateway.errors import InvalidSoap
from gateway.soap import SoapMessage, read_envelope
from tests.gateway.identities import LGSP, LGSP_SECRET, basic
from tests.gateway.recording import Recorder, build_app

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
ANSWER = (
    f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body>'
    '<ns1:CongdanCollection xmlns:ns1="http://www.mic.gov.vn/dancu/1.0" SoCongDan="0"/>'
    "</s:Body></s:Envelope>"
).encode()
PATHS = ("/", "/apiCSDLDC/1.0/TraCuuThongTinCongDan", "/r1/VN/GOV/000.00.00.C06/CSDLDC/X")

BOMB = (
    b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    b"<l>&d;&d;&d;&d;&d;&d;&d;&d;</l>"
)
EXTERNAL = (
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://169.254.169.254/latest/meta-data/">]>'
    b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x>&e;</x>'
    b"</s:Body></s:Envelope>"
)

identifier_text = st.text(max_size=20)


@st.composite
def envelopes(draw: st.DrawFn) -> bytes:
    """Envelopes whose X-Road header fields hold any text, in any of a few encodings."""
    parts = [draw(identifier_text) for _ in range(6)]
    client = "".join(
        f"<id:{name}>{value}</id:{name}>"
        for name, value in zip(("xRoadInstance", "memberClass", "memberCode"), parts, strict=False)
    )
    service = client + f"<id:subsystemCode>{parts[3]}</id:subsystemCode>"
    service += f"<id:serviceCode>{parts[4]}</id:serviceCode>"
    body_tag = draw(st.sampled_from(["dan:TraCuuThongTinCongDan", parts[4] or "x", "dan:X"]))
    text = (
        f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" '
        'xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:dan="http://dancuquocgia.bca">'
        f"<s:Header><xrd:client>{client}</xrd:client><xrd:service>{service}</xrd:service>"
        f"<xrd:id>{parts[5]}</xrd:id><xrd:userId>{draw(st.text(max_size=30))}</xrd:userId>"
        f"<xrd:protocolVersion>{draw(st.sampled_from(['4.0', '', '5']))}</xrd:protocolVersion>"
        f"</s:Header><s:Body><{body_tag}/></s:Body></s:Envelope>"
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1258"]))
    declared = draw(st.sampled_from([encoding, "utf-8", None]))
    head = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    return (head + text).encode(encoding, "replace")


hostile = st.one_of(
    st.binary(max_size=400),
    envelopes(),
    st.integers(1, 3000).map(lambda n: b"<a>" * n + b"</a>" * n),
    st.sampled_from([BOMB, EXTERNAL, b"\xef\xbb\xbf", b"<?xml version='1.0'?>"]),
)


@given(body=hostile, strict=st.booleans())
@example(body=BOMB, strict=True)
@example(body=EXTERNAL, strict=False)
@settings(max_examples=300, deadline=None)
def test_the_envelope_parser_reads_or_refuses(body: bytes, strict: bool) -> None:
    try:
        message = read_envelope(body, require_header=strict)
    except InvalidSoap as exc:
        assert exc.code and exc.message and exc.status == 400
        return
    assert isinstance(message, SoapMessage)
    if strict:
        assert message.service is not None and message.client is not None


NDXP = build_app("ndxp", Recorder(ANSWER, [(b"content-type", b"text/xml")]))


def _checked(response: httpx.Response) -> None:
    """An answer came; if it is a 500, it is a Client.* Fault of this hop's, never a crash."""
    assert response.status_code in (200, 400, 403, 404, 405, 413, 500), response.text
    if response.status_code == 500:
        fault = etree.fromstring(response.content).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
        assert fault is not None
        code = fault.findtext("faultcode") or ""
        # This hop's refusal (Client.*, or UnknownService/AccessDenied on its side), never
        # its own failure.
        assert code.split(".")[-1] not in ("InternalError", "ShuttingDown"), code
        assert "ServiceFailed" not in code and code == response.headers["x-road-error"]


@given(body=hostile, path=st.sampled_from(PATHS))
@example(body=b"<a>" * 700_000, path="/")  # over max_body_bytes
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_ndxp_answers_any_soap_post(body: bytes, path: str) -> None:
    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=NDXP)
        async with httpx.AsyncClient(transport=transport, base_url="http://ndxp") as client:
            return await client.post(
                path,
                content=body,
                headers={
                    "content-type": "text/xml; charset=utf-8",
                    "authorization": basic(LGSP, LGSP_SECRET),
                },
            )

    _checked(asyncio.run(post()))
