"""SOAP through the exchange, as X-Road's message protocol carries it: a real SOAP client (zeep)
built from the WSDL served *through the LGSP* calls C06 on real sockets, LGSP → NDXP → mock; the
X-Road header's ids reach both hops' ledgers (the user masked); gateway errors reach a SOAP
client as SOAP Faults."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import httpx
import pytest
import requests
import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.transports import Transport

from gateway.opmon import SqliteLedger
from mock_registries.data import fixtures
from simulator.stack import Stack
from tests.gateway.identities import MCDT, MCDT_SECRET, basic
from tests.xroad_headers import XROAD_HEADERS

NGSP_PATH = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
XROAD_PATH = "/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
MESSAGE_ID = XROAD_HEADERS["id"]
USER_ID = XROAD_HEADERS["userId"]
HEADERS = XROAD_HEADERS

Hops = tuple[Stack, SqliteLedger]


def _zeep(wsdl_url: str, auth: tuple[str, str] | None = (MCDT, MCDT_SECRET)) -> zeep.Client:
    session = requests.Session()
    session.trust_env = False
    session.auth = auth
    return zeep.Client(wsdl_url, transport=Transport(session=session, timeout=20))


def _ledger(ledger: SqliteLedger) -> list[tuple[Any, ...]]:
    assert ledger.flush(5.0)
    conn = sqlite3.connect(ledger.path)
    try:
        return conn.execute(
            "SELECT securityServerType, serviceCode, messageId, userId, statusCode, faultCode "
            "FROM records ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


async def test_zeep_from_the_lgsp_wsdl_gets_a_citizen_through_lgsp_and_ndxp(
    ledger_stack: Hops,
) -> None:
    stack, ledger = ledger_stack
    lgsp = stack.urls["lgsp"]

    def call() -> Any:
        client = _zeep(f"{lgsp}{NGSP_PATH}?wsdl")
        # The WSDL fetched through the LGSP sends through the LGSP.
        assert client.service._binding_options["address"] == f"{lgsp}{NGSP_PATH}"
        found = client.service.TraCuuThongTinCongDan(
            MaYeuCau="LGSP-ZEEP-1",
            MaDVC="1.001193",
            MaTichHop="037",
            SoDinhDanh=fixtures.SINGLE_TAI,
            _soapheaders=HEADERS,
        )
        verified = client.service.XacThucThongTinCongDan(
            MaYeuCau="LGSP-ZEEP-2", SoDinhDanh=fixtures.HEAD_AN, HoVaTen="NGUYEN VAN AN"
        )
        return found, verified

    found, verified = await asyncio.to_thread(call)
    (citizen,) = found.body.CongDan
    assert citizen.SoDinhDanh == fixtures.SINGLE_TAI and citizen.HoVaTen.Ten == "TÀI"
    assert found.header.id == MESSAGE_ID
    assert verified.body.TonTai is True  # the WSDL's one address serves both operations
    rows = [r for r in _ledger(ledger) if r[2] == MESSAGE_ID]
    assert {r[0] for r in rows} == {"lgsp", "ndxp"} and all(r[4] == 200 for r in rows)
    assert all(r[1] == "TraCuuThongTinCongDan" for r in rows)
    masked = {r[3] for r in rows}
    assert len(masked) == 1 and USER_ID not in masked and masked != {None}
    for row in _ledger(ledger):
        assert fixtures.SINGLE_TAI not in repr(row) and USER_ID not in repr(row)


async def test_a_bad_cccd_is_the_services_fault_through_the_lgsp(
    ledger_stack: Hops, client: httpx.AsyncClient
) -> None:
    stack, ledger = ledger_stack

    def call() -> Fault:
        soap = _zeep(f"{stack.urls['lgsp']}{XROAD_PATH}?wsdl")
        with pytest.raises(Fault) as raised:
            soap.service.TraCuuThongTinCongDan(MaYeuCau="BAD-1", SoDinhDanh="12345")
        return raised.value

    fault = await asyncio.to_thread(call)
    assert fault.code == "soapenv:Client"
    assert fault.detail is not None
    codes = [e.text for e in fault.detail.iter() if etree.QName(e).localname == "MaLoi"]
    assert codes == ["SO_DINH_DANH_KHONG_HOP_LE"]
    # Relayed as the registry's answer: no X-Road error, not a failure of the registry.
    rows = _ledger(ledger)
    assert [(r[0], r[4], r[5]) for r in rows[-2:]] == [("ndxp", 500, None), ("lgsp", 500, None)]
    # Neither hop's availability SLO nor its upstream-failure alert counts the caller's error:
    # the upstream call is labelled as the client fault it relayed, not as a 5xx.
    for hop, upstream in (("ndxp", "dan_cu"), ("lgsp", "ndxp/dan_cu")):
        metrics = (await client.get(stack.urls[hop] + "/metrics")).text
        assert 'outcome="soap_client_fault"' in metrics
        assert (
            f'gateway_upstream_requests_total{{hop="{hop}",outcome="soap_client_fault",'
            f'upstream="{upstream}"}} 1.0' in metrics
        )
        assert 'outcome="http_5xx"' not in metrics


def _envelope(header: str, body: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" '
        'xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:dan="http://dancuquocgia.bca">'
        f"<s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


XROAD_HEADER = (
    '<xrd:client id:objectType="SUBSYSTEM"><id:xRoadInstance>VN</id:xRoadInstance>'
    "<id:memberClass>GOV</id:memberClass><id:memberCode>000.00.00.H56</id:memberCode>"
    "<id:subsystemCode>MCDT</id:subsystemCode></xrd:client>"
    '<xrd:service id:objectType="SERVICE"><id:xRoadInstance>VN</id:xRoadInstance>'
    "<id:memberClass>GOV</id:memberClass><id:memberCode>000.00.00.C06</id:memberCode>"
    "<id:subsystemCode>CSDLDC</id:subsystemCode>"
    "<id:serviceCode>TraCuuThongTinCongDan</id:serviceCode></xrd:service>"
    f"<xrd:id>endpoint-1</xrd:id><xrd:userId>{USER_ID}</xrd:userId>"
    "<xrd:protocolVersion>4.0</xrd:protocolVersion>"
)
LOOKUP = (
    "<dan:TraCuuThongTinCongDan><dan:MaYeuCau>EP-1</dan:MaYeuCau>"
    f"<dan:SoDinhDanh>{fixtures.SINGLE_TAI}</dan:SoDinhDanh></dan:TraCuuThongTinCongDan>"
)
SOAP_HEADERS = {"content-type": "text/xml; charset=utf-8", "SOAPAction": '""'}


def _fault(response: httpx.Response) -> tuple[str, str, str]:
    assert response.status_code == 500, response.text  # SOAP 1.1 §6.2
    assert response.headers["content-type"].startswith("text/xml")
    found: Any = etree.fromstring(response.content).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    code, text = found.findtext("faultcode"), found.findtext("faultstring")
    detail = found.findtext("detail/faultDetail")
    assert code == response.headers["x-road-error"] and text and detail
    return code, text, detail


async def test_the_soap_endpoint_routes_by_the_xroad_header(
    ledger_stack: Hops, client: httpx.AsyncClient
) -> None:
    stack, ledger = ledger_stack
    response = await client.post(
        stack.urls["lgsp"] + "/",
        content=_envelope(XROAD_HEADER, LOOKUP),
        headers={**SOAP_HEADERS, "Authorization": basic(MCDT, MCDT_SECRET)},
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-road-id"] == "endpoint-1"
    assert fixtures.SINGLE_TAI.encode() in response.content
    assert {r[0] for r in _ledger(ledger) if r[2] == "endpoint-1"} == {"lgsp", "ndxp"}


HOSTILE = [
    (b"not xml at all", "Client.InvalidSoap"),
    (b"", "Client.MissingSoap"),
    (b'<?xml version="1.0" encoding="UTF-16"?><a/>', "Client.InvalidSoap"),
    (b"\xff\xfe<\x00a\x00/\x00>\x00", "Client.InvalidSoap"),
    (
        b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>',
        "Client.InvalidSoap",
    ),
    (
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&e;</s:Body>'
        b"</s:Envelope>",
        "Client.InvalidSoap",
    ),
    (_envelope("", LOOKUP), "Client.MissingHeaderField"),
    (_envelope(XROAD_HEADER, ""), "Client.MissingBody"),
    (
        _envelope(XROAD_HEADER.replace("4.0<", "3.1<"), LOOKUP),
        "Client.InvalidProtocolVersion",
    ),
    (
        _envelope(XROAD_HEADER, "<dan:XacThucThongTinCongDan/>"),
        "Client.InconsistentHeaders",
    ),
    (
        _envelope(XROAD_HEADER.replace("CSDLDC<", "CSDL/../DC<"), LOOKUP),
        "Client.InvalidIdentifier",
    ),
    (_envelope(XROAD_HEADER + "<xrd:id>2</xrd:id>", LOOKUP), "Client.DuplicateHeaderField"),
]


@pytest.mark.parametrize(("payload", "faultcode"), HOSTILE)
async def test_bad_soap_is_a_client_fault_never_a_crash(
    stack: Stack, client: httpx.AsyncClient, payload: bytes, faultcode: str
) -> None:
    response = await client.post(
        stack.urls["lgsp"] + "/",
        content=payload,
        headers={**SOAP_HEADERS, "Authorization": basic(MCDT, MCDT_SECRET)},
    )
    code, text, _ = _fault(response)
    assert code == faultcode and "passwd" not in text


async def test_gateway_errors_reach_a_soap_client_as_faults(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    lgsp = stack.urls["lgsp"]
    unauthenticated = await client.post(
        lgsp + NGSP_PATH, content=_envelope(XROAD_HEADER, LOOKUP), headers=SOAP_HEADERS
    )
    code, text, _ = _fault(unauthenticated)
    assert code == "Server.ClientProxy.AuthenticationFailed" and "xác thực" in text
    other_client = await client.post(
        lgsp + NGSP_PATH,
        content=_envelope(XROAD_HEADER.replace(">MCDT<", ">IOC<"), LOOKUP),
        headers={**SOAP_HEADERS, "Authorization": basic(MCDT, MCDT_SECRET)},
    )
    assert _fault(other_client)[0] == "Client.InvalidClientIdentifier"
    # The same errors to a JSON client on the NGSP path: WSO2's fault body.
    json_call = await client.post(lgsp + NGSP_PATH, json={"MaYeuCau": "1"})
    assert json_call.status_code == 401 and json_call.json()["fault"]["code"] == 900902


async def test_the_wsdl_through_the_gateway_points_at_the_address_used(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    auth = {"Authorization": basic(MCDT, MCDT_SECRET)}
    direct = await client.get(stack.urls["lgsp"] + XROAD_PATH + "?wsdl", headers=auth)
    assert direct.status_code == 200, direct.text
    assert f'location="{stack.urls["lgsp"]}{XROAD_PATH}"' in direct.text
    proxied = await client.get(
        stack.urls["lgsp"] + NGSP_PATH + "?wsdl",
        headers={
            **auth,
            "x-forwarded-proto": "https",
            "x-forwarded-host": "lgsp.example.gov.vn",
            "x-forwarded-prefix": "/gw",
        },
    )
    assert f'location="https://lgsp.example.gov.vn/gw{NGSP_PATH}"' in proxied.text
    not_soap = await client.get(
        stack.urls["lgsp"] + "/apiCSDLDKDN/1.0/chiTietDoanhNghiep?wsdl", headers=auth
    )
    assert not_soap.status_code in (400, 403)  # a JSON service has no WSDL; never a 5xx
