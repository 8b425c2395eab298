"""Errors the gateway itself answers with, in X-Road's model.

    GatewayError                    reason              status  X-Road type
    ├── ClientError                                             Client.*
    │   ├── BadRequest              bad_request         400     Client.BadRequest
    │   │   ├── InvalidPath         invalid_path        400     Client.InvalidPath
    │   │   ├── InvalidMessageId    invalid_message_id  400     Client.InvalidMessageId
    │   │   └── InvalidSoap         invalid_soap, …     400     Client.InvalidSoap, …
    │   ├── MissingClientHeader     missing_client      400     Client.MissingHeader
    │   ├── InvalidClientIdentifier invalid_client_id   400     Client.InvalidClientIdentifier
    │   ├── RequestTimeout          request_timeout     408     Client.RequestTimeout
    │   ├── RequestTooLarge         request_too_large   413     Client.BadRequest
    │   ├── UriTooLong              uri_too_long        414     Client.UriTooLong
    │   ├── HeadersTooLarge         headers_too_large   431     Client.HeadersTooLarge
    │   ├── AuthenticationFailed    auth_failed         401     <side>.AuthenticationFailed
    │   │   └── InvalidToken        auth_failed         401     <side>.AuthenticationFailed
    │   ├── AccessDenied            access_denied       403     <side>.AccessDenied
    │   ├── UnknownService          unknown_service     404     <side>.UnknownService
    │   ├── MethodNotAllowed        method_not_allowed  405     Client.InvalidHttpMethod
    │   └── QuotaExceeded           quota_exceeded      429     <side>.RateLimitExceeded
    ├── ServiceFailed               <connector reason>  5xx     <side>.ServiceFailed.<code>
    ├── ShuttingDown                shutting_down       503     <side>.ShuttingDown
    ├── InternalError               internal_error      500     <side>.InternalError
    └── RequestCancelled            cancelled           499     (never sent: the ledger's word)
        └── ClientGaveUp            client_gave_up      499     (a sandboxed client timed out)

``<side>`` is ``Server.ClientProxy`` on the LGSP (the consumer's security server) and
``Server.ServerProxy`` on the NDXP (the provider's), so an integrator reading ``X-Road-Error``
knows which hop failed — the question Phụ lục V rows 43/44/48/49 ask. Errors from a registry are
never wrapped: they pass through unchanged, without ``X-Road-Error``.

A SOAP client gets these errors as SOAP 1.1 Faults with the same type as ``faultcode`` and an
NGSP/WSO2-addressed call as a WSO2 fault body (``gateway.wire``); the status above is then the
error's meaning for metrics and the ledger (a SOAP Fault travels in HTTP 500, SOAP 1.1 §6.2).

Free text a client typed (an unknown service name, a path) may be quoted back to that client in
``message``, but is named in ``private`` so that the ledger's ``faultString`` and the logs get
:meth:`GatewayError.record_message`, where it is masked (Nghị định 13/2023/NĐ-CP).
"""

from __future__ import annotations

import math
import re

import orjson

from connectors import UpstreamError, UpstreamRejected
from gateway.ids import new_id
from gateway.privacy import mask_text

__all__ = [
    "ClientGaveUp",
    "AccessDenied",
    "AuthenticationFailed",
    "BadRequest",
    "ClientError",
    "GatewayError",
    "HeadersTooLarge",
    "InternalError",
    "InvalidClientIdentifier",
    "InvalidMessageId",
    "InvalidPath",
    "InvalidSoap",
    "InvalidToken",
    "MethodNotAllowed",
    "MissingClientHeader",
    "QuotaExceeded",
    "RequestCancelled",
    "RequestTimeout",
    "RequestTooLarge",
    "ServiceFailed",
    "ShuttingDown",
    "UnknownService",
    "UriTooLong",
    "too_many_headers",
]

SIDE_BY_ROLE = {"lgsp": "Server.ClientProxy", "ndxp": "Server.ServerProxy"}


class GatewayError(Exception):
    """An error produced by this gateway hop (never by the registry behind it)."""

    reason = "gateway_error"
    status = 500
    code = "InternalError"
    client_side = False  # True: type is "Client.<code>" whatever the role

    def __init__(
        self,
        message: str,
        *,
        headers: list[tuple[bytes, bytes]] | None = None,
        private: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or []
        self.private = private

    def record_message(self) -> str:
        """``message`` with the client's own words masked: what the ledger and logs keep."""
        message = self.message
        for text in self.private:
            if text:
                message = message.replace(text, mask_text(text))
        return message

    def xroad_type(self, role: str, spelling: str = "7.7") -> str:
        prefix = "Client" if self.client_side else SIDE_BY_ROLE.get(role, "Server.ServerProxy")
        kind = f"{prefix}.{self.code}"
        if spelling == "7.8":
            return ".".join(_snake(part) for part in kind.split("."))
        return kind

    def body(self, role: str, spelling: str = "7.7") -> tuple[bytes, str]:
        """The ``{type, message, detail}`` JSON body and the ``detail`` id to find it in logs."""
        detail = new_id().decode()
        payload = {
            "type": self.xroad_type(role, spelling),
            "message": self.message,
            "detail": detail,
        }
        return orjson.dumps(payload), detail


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class ClientError(GatewayError):
    status = 400
    code = "BadRequest"
    client_side = True


class BadRequest(ClientError):
    reason = "bad_request"


class InvalidPath(BadRequest):
    reason = "invalid_path"
    code = "InvalidPath"


class InvalidMessageId(BadRequest):
    reason = "invalid_message_id"
    code = "InvalidMessageId"


class InvalidSoap(BadRequest):
    """A SOAP message this hop cannot carry; ``code`` is X-Road's word for what is wrong:
    ``InvalidSoap`` (not a SOAP 1.1 envelope), ``MissingHeaderField``, ``DuplicateHeaderField``,
    ``InvalidProtocolVersion``, ``MissingBody``, ``InconsistentHeaders``, ``ServiceType``."""

    def __init__(self, message: str, *, code: str = "InvalidSoap") -> None:
        super().__init__(message)
        self.code = code
        self.reason = _snake(code)


class MissingClientHeader(ClientError):
    reason = "missing_client"
    code = "MissingHeader"


class InvalidClientIdentifier(ClientError):
    reason = "invalid_client_id"
    code = "InvalidClientIdentifier"


class RequestTooLarge(ClientError):
    reason = "request_too_large"
    status = 413


class RequestTimeout(ClientError):
    reason = "request_timeout"
    status = 408
    code = "RequestTimeout"


class UriTooLong(ClientError):
    reason = "uri_too_long"
    status = 414
    code = "UriTooLong"


class HeadersTooLarge(ClientError):
    reason = "headers_too_large"
    status = 431
    code = "HeadersTooLarge"


def too_many_headers(limit: int) -> HeadersTooLarge:
    return HeadersTooLarge(
        f"Yêu cầu có hơn {limit} trường header (too many header fields).",
        headers=[(b"connection", b"close")],
    )


class MethodNotAllowed(ClientError):
    """Answered with ``Allow`` (RFC 9110 §15.5.6), in HTTP 405 even on the SOAP endpoint: a
    request that is not a SOAP message at all gets no SOAP 1.1 §6.2 500."""

    reason = "method_not_allowed"
    status = 405
    code = "InvalidHttpMethod"

    def __init__(self, message: str, *, allow: str) -> None:
        super().__init__(message, headers=[(b"allow", allow.encode())])


class AuthenticationFailed(ClientError):
    reason = "auth_failed"
    status = 401
    code = "AuthenticationFailed"
    client_side = False


class InvalidToken(AuthenticationFailed):
    """A Bearer token that is unknown or expired: the challenge says ``error="invalid_token"``,
    which is what an OAuth client library reads to fetch a new token (RFC 6750 §3.1)."""


class AccessDenied(ClientError):
    reason = "access_denied"
    status = 403
    code = "AccessDenied"
    client_side = False

    @classmethod
    def to_service(cls, client: str, provider: str, service: str) -> AccessDenied:
        """The refusal of a call ``client`` is not granted, Vietnamese first with X-Road's own
        words after it."""
        return cls(
            f"{client} không được cấp quyền gọi {provider}/{service} (Request is not allowed)."
        )


class UnknownService(ClientError):
    reason = "unknown_service"
    status = 404
    code = "UnknownService"
    client_side = False


class QuotaExceeded(ClientError):
    reason = "quota_exceeded"
    status = 429
    code = "RateLimitExceeded"
    client_side = False


class ServiceFailed(GatewayError):
    """The upstream call failed; wraps the connector error and keeps its reason."""

    def __init__(
        self, cause: UpstreamError, message: str, *, private: tuple[str, ...] = ()
    ) -> None:
        # A call this hop did not send (open breaker, full bulkhead) says when to come back.
        headers = None
        if isinstance(cause, UpstreamRejected):
            headers = [(b"retry-after", b"%d" % math.ceil(cause.retry_after))]
        super().__init__(message, headers=headers, private=private)
        self.cause = cause
        self.reason = cause.reason
        self.status = cause.http_status
        self.code = f"ServiceFailed.{cause.xroad_code}"


class ShuttingDown(GatewayError):
    """This hop is stopping and could not finish the call within the graceful-shutdown time:
    the caller gets this answer (retry later, elsewhere) instead of a dropped connection."""

    reason = "shutting_down"
    status = 503
    code = "ShuttingDown"


class InternalError(GatewayError):
    """A fault of this hop itself (a bug): answered, logged with its detail id, counted."""

    reason = "internal_error"
    status = 500
    code = "InternalError"


class RequestCancelled(GatewayError):
    """The request was cancelled before an answer (shutdown, client gone). Nobody receives it;
    it exists so the ledger says 499 "cancelled" (nginx's convention), not a phantom 500."""

    reason = "cancelled"
    status = 499
    code = "Cancelled"


class ClientGaveUp(RequestCancelled):
    """A sandboxed client closed its connection before the answer came: its own timeout."""

    reason = "client_gave_up"
