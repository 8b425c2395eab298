"""How a hop's own error reaches the caller: in the form the caller's protocol expects.

    wire        who                                    body                       status
    XROAD       X-Road REST (/r1/...)                  {type, message, detail}    the error's
    SOAP        a SOAP request (text/xml, SOAPAction,  soapenv:Fault: faultcode,  500
                or POST / with an X-Road header)       faultstring, faultactor,
                                                       detail/faultDetail
    WSO2        NGSP/WSO2 path (/{context}/{ver}/...)  {"fault": {code, message,  the error's
                                                       description}}

The SOAP Fault travels with HTTP 500 whatever the error, deliberately: SOAP 1.1 §6.2 and WS-I
Basic Profile 1.1 R1126 say a Fault goes in a 500, and SOAP toolkits (zeep, JAX-WS, .NET) read
the Fault from a 500 and raise it. ``faultcode`` is the X-Road type (``Client.InvalidSoap``,
``Server.ClientProxy.ServiceFailed.NetworkError``), so Client/Server still says whose fault it
is; the ledger and metrics keep the error's own status (400 for ``Client.*``).

WSO2 codes are those WSO2 API Manager's gateway sends: 900901 invalid credentials, 900902
missing credentials, 900908 resource forbidden, 900906 no matching resource, 900800 throttled
out, 101503 backend connection failed, 101504 backend timed out, 101508 backend connect timed
out; errors WSO2 has no code for
keep their HTTP status as ``code``. The detail id (the key to the log line) goes in WSO2's
``activityid`` header.

Which wire is decided once per error, never on the success path: JSON calls pay nothing.
"""

from __future__ import annotations

from typing import Any, Literal

import orjson
from lxml import etree

from connectors import ConnectTimeout, UpstreamTimeout, UpstreamUnavailable
from gateway.errors import (
    AccessDenied,
    AuthenticationFailed,
    GatewayError,
    QuotaExceeded,
    ServiceFailed,
    UnknownService,
)
from gateway.soap import SOAP_ENV, is_soap_request

__all__ = [
    "SOAP",
    "SOAP_CONTENT_TYPE",
    "SOAP_MARK",
    "WSO2",
    "XROAD",
    "Wire",
    "soap_fault",
    "wire_of",
    "wso2_fault",
]

Wire = Literal["xroad", "soap", "wso2"]
XROAD: Wire = "xroad"
SOAP: Wire = "soap"
WSO2: Wire = "wso2"
SOAP_CONTENT_TYPE = b"text/xml; charset=utf-8"
# Set in the ASGI scope by the SOAP endpoint when it hands a message on to the request path.
SOAP_MARK = "ndxp_sim.soap"


def wire_of(scope: dict[str, Any]) -> Wire:
    """The wire of the request ``scope``: SOAP when it is one, else by its address form."""
    if SOAP_MARK in scope or is_soap_request(scope["headers"]):
        return SOAP
    path: str = scope["path"]
    return XROAD if path.startswith("/r1/") or path in ("/", "") else WSO2


def soap_fault(error: GatewayError, role: str, spelling: str, detail: str) -> bytes:
    """The error as an X-Road SOAP 1.1 Fault (PR-MESS Annex D): the X-Road type as
    ``faultcode``, the message as ``faultstring``, the detail id as ``detail/faultDetail``."""
    root = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV})
    fault = etree.SubElement(etree.SubElement(root, f"{{{SOAP_ENV}}}Body"), f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(fault, "faultcode").text = error.xroad_type(role, spelling)
    etree.SubElement(fault, "faultstring").text = error.message
    etree.SubElement(fault, "faultactor").text = f"ndxp-sim-{role}"
    etree.SubElement(etree.SubElement(fault, "detail"), "faultDetail").text = detail
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _wso2_code(error: GatewayError, missing_credentials: bool) -> tuple[int, str]:
    if isinstance(error, AuthenticationFailed):
        if missing_credentials:
            return 900902, "Missing Credentials"
        return 900901, "Invalid Credentials"
    if isinstance(error, AccessDenied):
        return 900908, "Resource forbidden"
    if isinstance(error, UnknownService):
        return 900906, "No matching resource found in the API for the given request"
    if isinstance(error, QuotaExceeded):
        return 900800, "Message throttled out"
    if isinstance(error, ServiceFailed):
        cause = error.cause
        if isinstance(cause, ConnectTimeout):
            return 101508, "Request to establish new connection timed out"
        if isinstance(cause, UpstreamTimeout):
            return 101504, "Connection timed out"
        if isinstance(cause, UpstreamUnavailable):
            return 101503, "Connection failed"
    return error.status, error.code


def wso2_fault(error: GatewayError, *, missing_credentials: bool) -> bytes:
    """The error as WSO2 API Manager's JSON fault: ``{"fault": {code, message, description}}``
    (``description`` is this hop's Vietnamese text)."""
    code, message = _wso2_code(error, missing_credentials)
    return orjson.dumps({"fault": {"code": code, "message": message, "description": error.message}})
