"""SOAP 1.1 envelopes of the C06 service: parse a request, build an answer or a Fault (lxml).

Parsing is hardened against the XML attacks a public endpoint meets: no DTD (a ``DOCTYPE`` is a
Fault), no entity expansion, no network access, no huge trees. Every failure is a
:class:`SoapFault` with ``faultcode`` ``soapenv:Client`` (the caller's message is wrong),
``soapenv:VersionMismatch`` (a SOAP 1.2 envelope) or ``soapenv:Server``, and a detail
``<dan:LoiDichVu><dan:MaLoi/><dan:MoTaLoi/></dan:LoiDichVu>`` carrying the stable code. Faults
travel with HTTP 500, as WS-I Basic Profile 1.1 (R1126) prescribes and SOAP toolkits expect.

X-Road message headers (``client``, ``service``, ``id``, ``userId``, ``protocolVersion``) are
echoed in the answer, as an X-Road service provider must.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

__all__ = [
    "OPERATIONS",
    "REQUEST_NS",
    "SOAP_CONTENT_TYPE",
    "SoapCall",
    "SoapFault",
    "envelope",
    "fault_envelope",
    "is_soap",
    "parse",
]

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
REQUEST_NS = "http://dancuquocgia.bca"
XROAD_NS = "http://x-road.eu/xsd/xroad.xsd"
OPERATIONS = ("TraCuuThongTinCongDan", "XacThucThongTinCongDan")
SOAP_CONTENT_TYPE = "text/xml; charset=utf-8"
_S = f"{{{SOAP_NS}}}"
_D = f"{{{REQUEST_NS}}}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


class SoapFault(Exception):
    """A SOAP Fault answer: ``faultcode`` (Client/Server/VersionMismatch), stable code, text."""

    def __init__(self, code: str, message: str, faultcode: str = "Client") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.faultcode = faultcode


@dataclass(slots=True)
class SoapCall:
    operation: str
    fields: dict[str, Any]
    headers: list[etree._Element] = field(default_factory=list)


def is_soap(content_type: str, soap_action: str | None) -> bool:
    """A SOAP request by its media type (``text/xml``) or its ``SOAPAction`` header."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return soap_action is not None or kind in ("text/xml", "application/soap+xml")


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _value(element: etree._Element) -> Any:
    children = [c for c in element if isinstance(c.tag, str)]
    if children:
        return {_local(c): (c.text or "").strip() for c in children}
    return (element.text or "").strip()


def parse(body: bytes) -> SoapCall:
    """The operation and its fields (element local names → text, nested blocks → dicts)."""
    if b"<!DOCTYPE" in body[:2048].upper():
        raise SoapFault("YEU_CAU_KHONG_HOP_LE", "Không chấp nhận DOCTYPE trong thông điệp SOAP.")
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SoapFault(
            "YEU_CAU_KHONG_HOP_LE", f"Nội dung yêu cầu không phải XML hợp lệ: {exc.msg}."
        ) from None
    if root.tag == f"{{{SOAP12_NS}}}Envelope":
        raise SoapFault(
            "PHIEN_BAN_SOAP", "Dịch vụ chỉ hỗ trợ SOAP 1.1.", faultcode="VersionMismatch"
        )
    if root.tag != _S + "Envelope":
        raise SoapFault("YEU_CAU_KHONG_HOP_LE", "Thiếu soapenv:Envelope (SOAP 1.1).")
    body_element = root.find(_S + "Body")
    operation = None if body_element is None else next(iter(body_element), None)
    if operation is None or not isinstance(operation.tag, str):
        raise SoapFault("YEU_CAU_KHONG_HOP_LE", "Thiếu nội dung soapenv:Body.")
    name = _local(operation)
    if etree.QName(operation).namespace != REQUEST_NS or name not in OPERATIONS:
        raise SoapFault(
            "THAO_TAC_KHONG_HO_TRO",
            f"Không hỗ trợ thao tác {name[:80]}; dùng {' hoặc '.join(OPERATIONS)} "
            f"trong không gian tên {REQUEST_NS}.",
        )
    fields = {_local(c): _value(c) for c in operation if isinstance(c.tag, str)}
    header = root.find(_S + "Header")
    echoed = [
        h
        for h in ([] if header is None else header)
        if isinstance(h.tag, str) and etree.QName(h).namespace == XROAD_NS
    ]
    return SoapCall(name, fields, echoed)


def envelope(answer: etree._Element, headers: list[etree._Element]) -> bytes:
    root = etree.Element(_S + "Envelope", nsmap={"soapenv": SOAP_NS, "dan": REQUEST_NS})
    if headers:
        header = etree.SubElement(root, _S + "Header")
        for item in headers:
            header.append(copy.deepcopy(item))
    etree.SubElement(root, _S + "Body").append(answer)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def fault_envelope(fault: SoapFault) -> bytes:
    root = etree.Element(_S + "Envelope", nsmap={"soapenv": SOAP_NS, "dan": REQUEST_NS})
    body = etree.SubElement(root, _S + "Body")
    element = etree.SubElement(body, _S + "Fault")
    etree.SubElement(element, "faultcode").text = f"soapenv:{fault.faultcode}"
    etree.SubElement(element, "faultstring").text = fault.message
    detail = etree.SubElement(etree.SubElement(element, "detail"), _D + "LoiDichVu")
    etree.SubElement(detail, _D + "MaLoi").text = fault.code
    etree.SubElement(detail, _D + "MoTaLoi").text = fault.message
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
