"""SOAP 1.1 requests as X-Road's message protocol carries them (PR-MESS), read by a gateway hop.

    message = read_envelope(body)      # raises InvalidSoap (Client.InvalidSoap, …)
    message.service  → ("VN", "GOV", "000.00.00.C06", "CSDLDC", "TraCuuThongTinCongDan")

The X-Road header (namespace ``http://x-road.eu/xsd/xroad.xsd``; identifiers in
``http://x-road.eu/xsd/identifiers``) names the ``client``, the ``service``, the message ``id``,
the ``userId`` and the ``protocolVersion`` (``4.0``). A hop routes a message posted to its SOAP
endpoint (``POST /``, as a security server's client proxy takes it) by ``service``; on a
service's own path the header is optional.

The body is parsed with lxml hardened against what a public endpoint meets: a DTD is refused
(so no entity, internal or external, is ever declared, let alone expanded), no network, no
huge trees; the size is bounded before parsing (``GatewaySettings.max_body_bytes``). Whatever
is wrong is an :class:`~gateway.errors.InvalidSoap` with X-Road's code and a Vietnamese text —
a Fault, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from gateway.errors import InvalidSoap

__all__ = [
    "PROTOCOL_VERSION",
    "SOAP_ENV",
    "XROAD_NS",
    "SoapMessage",
    "is_soap_request",
    "read_envelope",
]

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
XROAD_NS = "http://x-road.eu/xsd/xroad.xsd"
ID_NS = "http://x-road.eu/xsd/identifiers"
PROTOCOL_VERSION = "4.0"
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)
_SOAP_TYPES = (b"text/xml", b"application/soap+xml")
_HEADER_FIELDS = ("client", "service", "id", "userId", "issue", "protocolVersion")
_CLIENT_PARTS = ("xRoadInstance", "memberClass", "memberCode", "subsystemCode")
_SERVICE_PARTS = (*_CLIENT_PARTS, "serviceCode", "serviceVersion")
_MAX_FIELD = 255  # X-Road identifiers and ids are short; a longer one is a mistake or an attack
# X-Road identifier characters (X1 §4.8) and "_": a part becomes one segment of an /r1/ address.
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'()+,-.=?_")


@dataclass(frozen=True, slots=True)
class SoapMessage:
    """What a hop reads of a SOAP request: the X-Road header fields and the body's operation."""

    operation: str  # local name of the body's first element
    client: tuple[str, ...] | None = None  # instance, class, code[, subsystem]
    service: tuple[str, ...] | None = None  # instance, class, code, subsystem, serviceCode
    message_id: str | None = None
    user_id: str | None = None
    protocol_version: str | None = None

    @property
    def client_id(self) -> str | None:
        """``client`` as an X-Road client id string (``VN/GOV/000.00.00.H56/MCDT``)."""
        return "/".join(self.client) if self.client else None

    @property
    def service_code(self) -> str | None:
        return self.service[4] if self.service else None


def is_soap_request(headers: list[tuple[bytes, bytes]]) -> bool:
    """A SOAP request by its media type (``text/xml``, ``application/soap+xml``) or its
    ``SOAPAction`` header. Read only where SOAP is possible: a JSON service never asks."""
    for key, value in headers:
        if key == b"soapaction":
            return True
        if key == b"content-type":
            return value.split(b";", 1)[0].strip().lower() in _SOAP_TYPES
    return False


def _parse(body: bytes) -> etree._Element:
    if not body.strip():
        raise InvalidSoap("Yêu cầu SOAP rỗng (empty SOAP message).", code="MissingSoap")
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else "XML"
        raise InvalidSoap(
            f"Nội dung không phải XML hợp lệ ({reason}); gửi phong bì SOAP 1.1 mã UTF-8 "
            "(malformed XML)."
        ) from None
    if root.getroottree().docinfo.doctype:
        raise InvalidSoap("Thông điệp SOAP không được chứa DOCTYPE/DTD (SOAP 1.1 §3; no DTD).")
    if root.tag == f"{{{SOAP12_ENV}}}Envelope":
        raise InvalidSoap(
            "Nền tảng chỉ chuyển SOAP 1.1 (xmlns http://schemas.xmlsoap.org/soap/envelope/), "
            "không nhận SOAP 1.2 (SOAP 1.2 is not supported)."
        )
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise InvalidSoap("Thiếu phần tử soapenv:Envelope của SOAP 1.1 (not a SOAP 1.1 envelope).")
    return root


def _text(element: etree._Element, what: str) -> str:
    value = (element.text or "").strip()
    if len(value) > _MAX_FIELD:
        raise InvalidSoap(f"Trường {what} quá dài (header field too long).")
    return value


def _identifier(element: etree._Element, parts: tuple[str, ...], what: str) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).namespace == ID_NS:
            name = etree.QName(child).localname
            found[name] = _text(child, f"{what}/{name}")
    required = parts[:3] + (("serviceCode",) if what == "service" else ())
    missing = [name for name in required if not found.get(name)]
    if missing:
        raise InvalidSoap(
            f"Header X-Road '{what}' thiếu {', '.join(missing)} (missing identifier field).",
            code="MissingHeaderField",
        )
    values = [found.get(name, "") for name in parts[:4]]
    if what == "service":
        values.append(found["serviceCode"])
    if not all(set(value) <= _ID_CHARS for value in values):
        raise InvalidSoap(
            f"Header X-Road '{what}' chứa ký tự ngoài A-Z a-z 0-9 ' ( ) + , - . = ? _ "
            "(invalid identifier).",
            code="InvalidIdentifier",
        )
    return tuple(values) if values[3] or what == "service" else tuple(values[:3])


def _header(root: etree._Element) -> dict[str, etree._Element]:
    fields: dict[str, etree._Element] = {}
    header = root.find(f"{{{SOAP_ENV}}}Header")
    for element in [] if header is None else header:
        if not isinstance(element.tag, str) or etree.QName(element).namespace != XROAD_NS:
            continue
        name = etree.QName(element).localname
        if name in fields:
            raise InvalidSoap(
                f"Header X-Road '{name}' xuất hiện hơn một lần (duplicate header field).",
                code="DuplicateHeaderField",
            )
        if name in _HEADER_FIELDS:
            fields[name] = element
    return fields


def _operation(root: etree._Element) -> str:
    body = root.find(f"{{{SOAP_ENV}}}Body")
    first = None if body is None else next((c for c in body if isinstance(c.tag, str)), None)
    if first is None:
        raise InvalidSoap("Thiếu nội dung soapenv:Body (missing SOAP body).", code="MissingBody")
    return str(etree.QName(first).localname)


def _optional_text(fields: dict[str, etree._Element], name: str) -> str | None:
    return _text(fields[name], name) if name in fields else None


def _optional_id(
    fields: dict[str, etree._Element], name: str, parts: tuple[str, ...]
) -> tuple[str, ...] | None:
    return _identifier(fields[name], parts, name) if name in fields else None


def read_envelope(body: bytes, *, require_header: bool = False) -> SoapMessage:
    """The X-Road header and the operation of a SOAP 1.1 request. ``require_header``: the
    message came to the SOAP endpoint, so ``client``, ``service``, ``id`` and
    ``protocolVersion`` must be there (X-Road's ``MissingHeaderField``)."""
    root = _parse(body)
    fields = _header(root)
    if require_header:
        absent = [n for n in ("client", "service", "id", "protocolVersion") if n not in fields]
        if absent:
            raise InvalidSoap(
                f"Thiếu header X-Road: {', '.join(absent)} (xmlns {XROAD_NS}); "
                "missing X-Road header fields.",
                code="MissingHeaderField",
            )
    version = (
        _text(fields["protocolVersion"], "protocolVersion") if "protocolVersion" in fields else None
    )
    if version is not None and version != PROTOCOL_VERSION:
        raise InvalidSoap(
            f"protocolVersion phải là {PROTOCOL_VERSION} (unsupported protocol version).",
            code="InvalidProtocolVersion",
        )
    operation = _operation(root)
    service = (
        _identifier(fields["service"], _SERVICE_PARTS, "service") if "service" in fields else None
    )
    if service is not None and not operation.startswith(service[4]):
        raise InvalidSoap(
            "Phần tử trong soapenv:Body không khớp serviceCode của header X-Road "
            "(service code does not match in header and body).",
            code="InconsistentHeaders",
        )
    return SoapMessage(
        operation=operation,
        client=_identifier(fields["client"], _CLIENT_PARTS, "client")
        if "client" in fields
        else None,
        service=service,
        message_id=_optional_text(fields, "id"),
        user_id=_optional_text(fields, "userId"),
        protocol_version=version,
    )
