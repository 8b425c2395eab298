"""SOAP on the request path of a hop: the SOAP endpoint, the SOAP check of a service call, and
the WSDL through the gateway.

* :class:`SoapEndpoint` — ``POST /``, as a security server's client proxy takes SOAP: the
  message is routed by its X-Road header's ``service`` and handed to the ordinary request path
  at that service's X-Road address (``/r1/...``), the parsed header riding in the scope;
* :class:`SoapGate` — for a call to a SOAP-capable service (``soap_answer`` in the catalog)
  whose body is SOAP: the X-Road header's ``id`` becomes the message id (``X-Road-Id``), its
  ``userId`` the ledger's (masked) user, its ``client`` must be the authenticated one, and the
  call goes to the service the message names — header ``service``, else the body's operation —
  under that service's ACL (one WSDL address serves all of a provider's SOAP operations);
* :func:`rewrite_wsdl` — ``GET <service>?wsdl`` relays the provider's WSDL with every
  ``soap:address`` pointing at this hop, at the address the caller used. Rewritten at the
  gateway, not asked of the provider through ``X-Forwarded-*``: a real registry knows nothing
  of the LGSP in front of it, and each hop knows its own address. ``X-Forwarded-Proto/Host/
  Prefix`` sent to this hop (by a reverse proxy in front of it) are honoured.

A JSON call never reaches this module: the request path asks ``route.soap`` (a cached flag)
before anything here runs.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from lxml import etree

from connectors import UpstreamResponse
from gateway.accounting import Exchange, HopAccounting
from gateway.acl import AccessControl
from gateway.asgi import ErrorAnswers, Receive, Scope, Send, read_body
from gateway.catalog import Catalog, Consumer
from gateway.errors import (
    AccessDenied,
    GatewayError,
    InvalidClientIdentifier,
    InvalidMessageId,
    InvalidSoap,
    MethodNotAllowed,
)
from gateway.facts import MESSAGE_ID_PATTERN, Inbound
from gateway.routing import Route, RouteCache
from gateway.soap import SoapMessage, is_soap_request, read_envelope
from gateway.wire import SOAP, SOAP_MARK

__all__ = ["SoapEndpoint", "SoapGate", "is_wsdl_request", "public_address", "rewrite_wsdl"]

_WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
_WSDL_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)
_MESSAGE_ID = re.compile(MESSAGE_ID_PATTERN)


def is_wsdl_request(route: Route, method: str, query: bytes) -> bool:
    """``GET <SOAP service>?wsdl``."""
    return method == "GET" and route.soap and query.lower() == b"wsdl"


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def public_address(scope: dict[str, Any]) -> str:
    """Where the caller reached this hop for ``scope``'s path."""
    proto = _header(scope, b"x-forwarded-proto") or scope.get("scheme", "http")
    host = _header(scope, b"x-forwarded-host") or _header(scope, b"host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    prefix = (_header(scope, b"x-forwarded-prefix") or "").rstrip("/")
    return f"{proto}://{host}{prefix}{scope['path']}"


def rewrite_wsdl(response: UpstreamResponse, address: str) -> UpstreamResponse:
    """``response`` with every ``soap:address/@location`` set to ``address``; an answer that is
    not a WSDL (an error, a Fault) is relayed as it came."""
    if response.status != 200:
        return response
    try:
        root = etree.fromstring(response.body, _WSDL_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return response
    if root.getroottree().docinfo.doctype:
        return response
    for element in root.iter(f"{{{_WSDL_SOAP}}}address"):
        element.set("location", address)
    body = bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    headers = [(k, v) for k, v in response.headers if k != b"content-length"]
    return UpstreamResponse(response.status, headers, body, response.attempts, response.elapsed)


class SoapGate:
    """The SOAP check of a call to a SOAP-capable service (see the module docstring)."""

    def __init__(self, catalog: Catalog, routes: RouteCache, acl: AccessControl) -> None:
        self.instance = catalog.instance
        self.routes = routes
        self.acl = acl

    def inspect(
        self, scope: dict[str, Any], request: Inbound, consumer: Consumer, route: Route, body: bytes
    ) -> Route:
        """The route of this call: ``route`` for JSON, else the service the SOAP message names
        (its header adopted into ``request``). Raises the Client.* error of a bad message."""
        message: SoapMessage | None = scope.get(SOAP_MARK)
        if message is None:
            if not is_soap_request(scope["headers"]):
                return route
            message = read_envelope(body)
        _adopt(request, consumer, message)
        return self._route_of(message, consumer, route)

    def _route_of(self, message: SoapMessage, consumer: Consumer, route: Route) -> Route:
        assert route.service is not None
        member = route.provider.member
        if message.service is not None and message.service[:4] != (
            self.instance,
            member.member_class,
            member.code,
            member.subsystem,
        ):
            raise InvalidSoap(
                "Header X-Road 'service' không khớp đơn vị cung cấp của địa chỉ đã gọi "
                "(service in header does not match the address).",
                code="InconsistentHeaders",
            )
        code = message.service_code or message.operation
        if code == route.service.code:
            return route
        target = self.routes.resolve(
            f"/r1/{self.instance}/{member.member_class}/{member.code}/{member.subsystem}/{code}"
        )
        if not target.soap:
            raise InvalidSoap(
                f"Dịch vụ {code} không nhận SOAP (not a SOAP service).", code="ServiceType"
            )
        assert target.service is not None
        if not self.acl.allowed(consumer, route.provider.code, target.service.code):
            raise AccessDenied.to_service(consumer.client, route.provider.code, target.service.code)
        return target


def _adopt(request: Inbound, consumer: Consumer, message: SoapMessage) -> None:
    """The X-Road header's ids as this request's: ``id`` → message id (forwarded as
    ``X-Road-Id`` too), ``userId`` → the ledger's user (masked there); ``client`` checked."""
    client = message.client_id
    # The NDXP's consumer is the LGSP, relaying its province's message: the province's client
    # id in the header was checked by the LGSP against the credentials it authenticated.
    if client is not None and client != consumer.client and not consumer.client.endswith("/LGSP"):
        raise InvalidClientIdentifier(
            f"Header X-Road 'client' ({client}) không khớp với thông tin xác thực của "
            f"{consumer.client} (client header does not match credentials).",
            private=(client,),
        )
    if message.message_id:
        encoded = message.message_id.encode()
        if _MESSAGE_ID.fullmatch(encoded) is None:
            raise InvalidMessageId(
                "Header X-Road 'id' phải là mã tương quan 1–128 ký tự A-Z a-z 0-9 . _ ~ : @ + = "
                "/ - (ví dụ UUID); không gửi tên hay số định danh (invalid message id)."
            )
        if encoded != request.message_id:
            request.forward = [(k, encoded if k == b"x-road-id" else v) for k, v in request.forward]
            request.message_id = encoded
    if message.user_id:
        request.user_id = message.user_id.encode()


class SoapEndpoint:
    """``POST /``: a SOAP message routed by its X-Road header (see the module docstring). What
    fails before the message has a service (too large, not SOAP, no header) is answered here
    as a Fault and accounted as this hop's refusal."""

    def __init__(
        self,
        proxy: Callable[[Scope, Receive, Send], Awaitable[None]],
        *,
        errors: ErrorAnswers,
        accounting: HopAccounting,
        instance: str,
        max_body: int,
        body_timeout: float,
    ) -> None:
        self.proxy = proxy
        self.errors = errors
        self.accounting = accounting
        self.instance = instance
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if scope["method"] != "POST":
                raise MethodNotAllowed(
                    "Điểm nhận SOAP chỉ nhận POST thông điệp SOAP 1.1 (use POST).", allow="POST"
                )
            declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
            body = await read_body(receive, self.max_body, declared, self.body_timeout)
            message = read_envelope(body, require_header=True)
        except GatewayError as exc:
            ex = Exchange(Inbound(scope))
            ex.error = exc
            await self.errors.send(send, exc, ex.request.message_id, ex.request.request_id, SOAP)
            self.accounting.account(ex)
            return
        await self.proxy(self._addressed(scope, message), _replay(body), send)

    def _addressed(self, scope: Scope, message: SoapMessage) -> Scope:
        """``scope`` at the X-Road address of the message's service, its header attached, and
        its ``client`` as ``X-Road-Client`` when the caller sent none."""
        assert message.service is not None  # require_header
        path = "/r1/" + "/".join(message.service)
        headers = list(scope["headers"])
        if message.client_id and not any(k == b"x-road-client" for k, _ in headers):
            headers.append((b"x-road-client", message.client_id.encode("utf-8", "replace")))
        return {
            **scope,
            "path": path,
            "raw_path": path.encode(),
            "headers": headers,
            SOAP_MARK: message,
        }


def _replay(body: bytes) -> Receive:
    """A ``receive`` that gives the body already read, then a disconnect."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
