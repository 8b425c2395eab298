"""SOAP 1.1 answers at the connector: a Fault of the Client kind (a bad CCCD, HTTP 500 as SOAP
1.1 §6.2 sends it) is the caller's mistake — never retried, never counted by the breaker; a
Server fault counts. And the contract check of a SOAP answer reads XML, not JSON."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from connectors import (
    NOT_XML,
    BreakerPolicy,
    CircuitOpen,
    RawHttpTransport,
    ResiliencePolicy,
    Upstream,
    fault_code,
    is_client_fault,
    soap_missing,
)
from tests.connectors.conftest import RawServer, respond

XML = b"text/xml; charset=utf-8"
ENV = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>%s</s:Body></s:Envelope>'


def fault(code: bytes) -> bytes:
    return ENV % (
        b"<s:Fault><faultcode>" + code + b"</faultcode><faultstring>x</faultstring></s:Fault>"
    )


CLIENT_FAULT = fault(b"soapenv:Client")
SERVER_FAULT = fault(b"soapenv:Server")
ANSWER = ENV % b'<ns1:CongdanCollection xmlns:ns1="http://www.mic.gov.vn/dancu/1.0" SoCongDan="0"/>'
# Five calls decide; any failure rate at or over 50 % opens.
POLICY = ResiliencePolicy(breaker=BreakerPolicy(window_size=5, minimum_calls=5))


async def _send_n(server: RawServer, n: int) -> list[int]:
    upstream = Upstream("dan_cu", server.url, transport=RawHttpTransport(), policy=POLICY)
    statuses = []
    try:
        for _ in range(n):
            response = await upstream.send(
                "POST", "/TraCuuThongTinCongDan", [], b"", idempotent=True
            )
            statuses.append(response.status)
            assert response.attempts == 1  # a Fault is never retried
    finally:
        await upstream.transport.aclose()
    return statuses


async def test_client_faults_do_not_open_the_breaker(
    raw_server: Callable[..., Awaitable[RawServer]],
) -> None:
    server = await raw_server(default=respond(500, CLIENT_FAULT, content_type=XML))
    assert await _send_n(server, 12) == [500] * 12
    assert server.requests == 12


async def test_server_faults_open_the_breaker(
    raw_server: Callable[..., Awaitable[RawServer]],
) -> None:
    server = await raw_server(default=respond(500, SERVER_FAULT, content_type=XML))
    with pytest.raises(CircuitOpen):
        await _send_n(server, 12)
    assert server.requests == 5  # opened after the window of five, nothing more was sent


@pytest.mark.parametrize(
    ("code", "client"),
    [
        (b"soapenv:Client", True),
        (b"Client.InvalidSoap", True),
        (b"SOAP-ENV:Client.BadRequest", True),
        (b"Client", True),
        (b"soapenv:Server", False),
        (b"Server.ClientProxy.ServiceFailed", False),
        (b"soapenv:VersionMismatch", False),
    ],
)
def test_which_faults_are_the_clients(code: bytes, client: bool) -> None:
    assert is_client_fault(500, XML, fault(code)) is client
    assert fault_code(fault(code)) == code.decode()


def test_a_client_fault_needs_xml_a_500_and_a_fault() -> None:
    assert not is_client_fault(500, b"application/json", CLIENT_FAULT)
    assert not is_client_fault(200, XML, CLIENT_FAULT)
    assert not is_client_fault(500, XML, ANSWER)
    assert not is_client_fault(500, XML, b"<not xml")
    assert not is_client_fault(500, None, CLIENT_FAULT)


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        (ANSWER, []),
        (CLIENT_FAULT, []),
        (ENV % b"<Other/>", ["CongdanCollection"]),
        (ENV % b"", ["CongdanCollection"]),
        (b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'/>", ["soap:Body"]),
        (b"<CongdanCollection/>", ["soap:Envelope"]),
        (b'{"CongdanCollection": {}}', [NOT_XML]),
        (b"", [NOT_XML]),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', [NOT_XML]),
    ],
)
def test_the_contract_of_a_soap_answer(body: bytes, missing: list[str]) -> None:
    assert soap_missing(body, "CongdanCollection") == missing
