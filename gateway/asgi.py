"""The raw-ASGI pieces a hop shares: message types, reading a request body, sending an answer
and sending one of this hop's own errors the X-Road way (or as a SOAP Fault, or a WSO2 fault:
``gateway.wire``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from email.utils import formatdate
from typing import Any

from gateway.errors import (
    GatewayError,
    InvalidToken,
    MethodNotAllowed,
    RequestTimeout,
    RequestTooLarge,
)
from gateway.facts import Inbound
from gateway.ids import new_id
from gateway.wire import SOAP, SOAP_CONTENT_TYPE, XROAD, Wire, soap_fault, wire_of, wso2_fault

__all__ = [
    "JSON",
    "ErrorAnswers",
    "Receive",
    "Scope",
    "Send",
    "http_date",
    "read_body",
    "send_answer",
]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

JSON = b"application/json"
_date_cache: list[Any] = [0, b""]


def http_date() -> bytes:
    """This hop's clock as an HTTP ``Date``, formatted once a second (for its own answers)."""
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[0], _date_cache[1] = now, formatdate(now, usegmt=True).encode()
    return bytes(_date_cache[1])


_CLOSE = [(b"connection", b"close")]


def _too_large(max_bytes: int) -> RequestTooLarge:
    # Connection: close — the rest of a body we will not read must not be parsed as a request.
    return RequestTooLarge(
        f"Nội dung yêu cầu vượt quá {max_bytes} byte (request body too large).", headers=_CLOSE
    )


async def read_body(
    receive: Receive, max_bytes: int, declared: bytes | None = None, timeout: float = 30.0
) -> bytes:
    """The whole request body. :class:`RequestTooLarge` past ``max_bytes`` — at once when the
    ``declared`` Content-Length says so, before a byte of the body is read; and
    :class:`RequestTimeout` when a body that did not come with the head takes longer than
    ``timeout`` seconds to arrive."""
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    message = await receive()
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
        return body
    try:
        async with asyncio.timeout(timeout):
            return await _rest_of_body(receive, body, max_bytes)
    except TimeoutError:
        raise RequestTimeout(
            f"Nội dung yêu cầu không đến đủ trong {timeout:g} giây (request body timeout).",
            headers=_CLOSE,
        ) from None


async def _rest_of_body(receive: Receive, first: bytes, max_bytes: int) -> bytes:
    chunks = [first]
    size = len(first)
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


async def send_answer(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes = JSON,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    all_headers = [
        (b"content-type", content_type),
        (b"content-length", b"%d" % len(body)),
        (b"date", http_date()),
    ]
    if headers:
        all_headers += headers
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body})


class ErrorAnswers:
    """This hop's own errors as X-Road answers: ``X-Road-Error`` naming the side that failed,
    ``X-Sim-Answered-By`` and ``Via`` naming this hop, the correlation ids when known."""

    def __init__(self, role: str, spelling: str) -> None:
        self.role = role
        self.spelling = spelling
        self.via = f"1.1 ndxp-sim-{role}".encode()
        # RFC 9110 §11.6.1: a 401 names the schemes that would work here; RFC 6750 §3.1: a
        # Bearer token that was presented but is invalid or expired says so in its challenge.
        realm = f'realm="ndxp-sim-{role}"'.encode()
        basic = (b"www-authenticate", b"Basic " + realm + b', charset="UTF-8"')
        self.challenges = [(b"www-authenticate", b"Bearer " + realm), basic]
        self.token_challenges = [
            (
                b"www-authenticate",
                b"Bearer " + realm + b', error="invalid_token", '
                b'error_description="The access token is invalid or has expired"',
            ),
            basic,
        ]

    async def answer(self, send: Send, error: GatewayError, request: Inbound, scope: Scope) -> str:
        """``error`` answered to ``request`` in its caller's wire (decided here, on errors only)."""
        missing = request.authorization is None and request.lgsp_token is None
        wire = wire_of(scope)
        return await self.send(
            send, error, request.message_id, request.request_id, wire, missing_credentials=missing
        )

    async def send(
        self,
        send: Send,
        error: GatewayError,
        message_id: bytes = b"",
        request_id: bytes = b"",
        wire: Wire = XROAD,
        *,
        missing_credentials: bool = False,
    ) -> str:
        """Sends the answer; returns its ``detail`` id, which the caller can quote."""
        status, content_type = error.status, JSON
        if wire == XROAD:
            body, detail = error.body(self.role, self.spelling)
        else:
            detail = new_id().decode()
            if wire == SOAP:
                body = soap_fault(error, self.role, self.spelling, detail)
                content_type = SOAP_CONTENT_TYPE
                status = status if isinstance(error, MethodNotAllowed) else 500
            else:
                body = wso2_fault(error, missing_credentials=missing_credentials)
        headers = [
            (b"x-road-error", error.xroad_type(self.role, self.spelling).encode()),
            (b"x-sim-answered-by", self.role.encode()),
            (b"via", self.via),
            *error.headers,
        ]
        if wire != XROAD:
            headers.append((b"activityid", detail.encode()))
        if error.status == 401 and not any(k == b"www-authenticate" for k, _ in error.headers):
            invalid_token = isinstance(error, InvalidToken)
            headers += self.token_challenges if invalid_token else self.challenges
        if message_id:
            headers.append((b"x-road-id", message_id))
        if request_id:
            headers.append((b"x-road-request-id", request_id))
        await send_answer(send, status, body, content_type, headers=headers)
        return detail
