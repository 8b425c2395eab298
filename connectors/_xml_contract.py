"""SOAP 1.1 answers, read the way the contract check and the breaker need them.

* :func:`soap_missing` — what a SOAP answer lacks: ``soap:Envelope``, ``soap:Body``, and in
  the body either the service's answer element (``CongdanCollection``) or a ``soap:Fault``;
* :func:`is_client_fault` — a ``500`` whose body is a Fault of the ``Client`` kind
  (``soapenv:Client``, ``Client.InvalidSoap``…): the caller's message was wrong (a bad CCCD),
  the upstream is healthy. SOAP 1.1 §6.2 sends every Fault with HTTP 500, so without this a
  province sending bad numbers would open the registry's breaker for everyone.

Parsing is hardened as for any answer from the network: no DTD, no entity expansion, no
network access, libxml2's size limits (``huge_tree`` off); the body is already bounded by the
transport's ``max_response_bytes``. A body that is not XML is ``<not-xml>``, never an exception.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["NOT_XML", "SOAP_ENV", "fault_code", "is_client_fault", "is_xml", "soap_missing"]

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
NOT_XML = "<not-xml>"
_ENVELOPE = f"{{{SOAP_ENV}}}Envelope"
_BODY = f"{{{SOAP_ENV}}}Body"
_FAULT = f"{{{SOAP_ENV}}}Fault"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False
)
_XML_TYPES = (b"text/xml", b"application/soap+xml", b"application/xml")


def is_xml(content_type: bytes | None) -> bool:
    """Whether a ``Content-Type`` names an XML (SOAP) body."""
    if content_type is None:
        return False
    return content_type.split(b";", 1)[0].strip().lower() in _XML_TYPES


def _body_of(body: bytes) -> etree._Element | str:
    """The ``soap:Body`` element, or the name of what is missing."""
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return NOT_XML
    if root.getroottree().docinfo.doctype:
        return NOT_XML  # a DTD has no place in a SOAP message (SOAP 1.1 §3)
    if root.tag != _ENVELOPE:
        return "soap:Envelope"
    found = root.find(_BODY)
    return "soap:Body" if found is None else found


def _first_child(body: etree._Element) -> etree._Element | None:
    return next((c for c in body if isinstance(c.tag, str)), None)


def soap_missing(body: bytes, answer: str) -> list[str]:
    """What a SOAP answer lacks (empty when it is an envelope whose body holds the element
    ``answer``, by local name, or a Fault)."""
    found = _body_of(body)
    if isinstance(found, str):
        return [found]
    child = _first_child(found)
    if child is None:
        return [answer]
    if child.tag == _FAULT or etree.QName(child).localname == answer:
        return []
    return [answer]


def fault_code(body: bytes) -> str | None:
    """The ``faultcode`` of a SOAP Fault answer, or None when the body is not one."""
    found = _body_of(body)
    if isinstance(found, str):
        return None
    child = _first_child(found)
    if child is None or child.tag != _FAULT:
        return None
    return (child.findtext("faultcode") or "").strip()


def is_client_fault(status: int, content_type: bytes | None, body: bytes) -> bool:
    """A SOAP Fault of the ``Client`` kind: ``Client``, ``Client.*`` or a prefixed
    ``soapenv:Client…`` (X-Road spells the codes without a prefix, toolkits with one)."""
    if status != 500 or not is_xml(content_type):
        return False
    code = fault_code(body)
    if code is None:
        return False
    return code.rpartition(":")[2].split(".", 1)[0] == "Client"
