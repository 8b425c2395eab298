"""The facts of a request and of its upstream answer, each read in one pass over the headers.

* :class:`Inbound` — the request as this hop received it: credentials, correlation ids, the
  headers to forward;
* :class:`Answer` — the upstream's answer: the headers to relay and what the relay and the
  accounting read (content type, ``Via``, who answered, injected fault, ``X-Road-Error``,
  ``Date``; ``Retry-After`` on demand), plus the contract check's verdict.

Both are written once and only read afterwards: by the hop that forwards the request, by the
relay, and by accounting after the answer is sent (``gateway.accounting``).
"""

from __future__ import annotations

import re
import time
from typing import Any

from connectors import UpstreamResponse
from gateway.ids import PROCESS_IDS, IdMint, new_id
from gateway.privacy import CORRELATION_ID
from gateway.symptoms import UNPARSED

__all__ = [
    "MESSAGE_ID_PATTERN",
    "Answer",
    "IdMint",
    "Inbound",
    "RawHeaders",
    "new_id",
    "now_ms",
]

RawHeaders = list[tuple[bytes, bytes]]

# An X-Road-Id a caller sends must be a correlation id (gateway.privacy.CORRELATION_ID), not
# free text. Anything else is refused, never stored or echoed: a name typed there would
# otherwise land in the ledger of every hop, and a byte outside ASCII would be garbled on the way.
MESSAGE_ID_PATTERN = CORRELATION_ID
_MESSAGE_ID = re.compile(MESSAGE_ID_PATTERN)

# Headers a hop never forwards: credentials and identities it replaces with its own, the
# correlation ids it sets itself, and hop-by-hop headers (RFC 9110 §7.6.1).
_DROP_FORWARD = frozenset(
    {
        b"authorization",
        b"lgspaccesstoken",
        b"x-road-client",
        b"x-road-id",
        b"x-road-request-id",
        b"x-sim-sandbox",  # the gateway's to set (gateway.sandbox), never a caller's
        b"host",
        b"content-length",
        b"connection",
        b"keep-alive",
        b"transfer-encoding",
        b"te",
        b"upgrade",
        b"proxy-authorization",
        b"expect",
    }
)

# Answer headers this hop reads; of them, those it does not relay (it sets its own correlation
# headers and extends Via).
_NOT_RELAYED = frozenset(
    {b"via", b"x-road-id", b"x-road-request-id", b"x-road-service", b"x-road-client"}
)
_READ = _NOT_RELAYED | {
    b"content-type",
    b"date",
    b"x-sim-answered-by",
    b"x-sim-fault",
    b"x-road-error",
    b"retry-after",
}


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class Inbound:
    """The request as this hop received it. ``forward`` holds the caller's headers this hop
    passes on, plus the correlation ids; the hop adds the identity it presents."""

    __slots__ = (
        "authorization",
        "bad_message_id",
        "bodiless",
        "content_length",
        "forward",
        "lgsp_token",
        "message_id",
        "method",
        "path",
        "query",
        "request_id",
        "sandbox",
        "sent_message_id",
        "started",
        "t_in",
        "user_id",
        "xroad_client",
    )

    def __init__(self, scope: dict[str, Any], ids: IdMint = PROCESS_IDS) -> None:
        self.started = time.perf_counter()
        self.t_in = time.time_ns() // 1_000_000
        self.method: str = scope["method"]
        self.path: str = scope["path"]
        self.query: bytes = scope.get("query_string", b"")
        authorization = lgsp_token = xroad_client = message_id = user_id = sandbox = None
        content_length = None
        chunked = False
        forward: RawHeaders = []
        for item in scope["headers"]:
            key = item[0]
            if key in _DROP_FORWARD:
                if key == b"authorization":
                    authorization = item[1]
                elif key == b"lgspaccesstoken":
                    lgsp_token = item[1]
                elif key == b"x-road-client":
                    xroad_client = item[1]
                elif key == b"x-road-id":
                    message_id = item[1]
                elif key == b"content-length":
                    content_length = item[1]
                elif key == b"x-sim-sandbox":
                    sandbox = item[1]
                elif key == b"transfer-encoding":
                    chunked = True
                continue
            if key == b"x-road-userid":
                user_id = item[1]
            forward.append(item)
        self.authorization: bytes | None = authorization
        self.lgsp_token: bytes | None = lgsp_token
        self.xroad_client: bytes | None = xroad_client
        self.user_id: bytes | None = user_id
        # A sandbox id as the previous hop claimed it; believed only from a relaying LGSP.
        self.sandbox: bytes | None = sandbox
        self.sent_message_id = message_id is not None
        self.content_length: bytes | None = content_length
        # HTTP/1.1 (RFC 9112 §6.3): a request without Content-Length or Transfer-Encoding has
        # no body, and need not be read.
        self.bodiless = content_length is None and not chunked
        # X-Road-Id is end to end: passed on byte for byte, minted here when the caller sent none
        # (or one that is not an id: the request is then refused, see MESSAGE_ID_PATTERN).
        bad = False
        if message_id:
            bad = _MESSAGE_ID.fullmatch(message_id) is None
        if not message_id or bad:
            message_id, request_id = ids.both()
        else:
            request_id = ids.request()
        self.bad_message_id = bad
        self.message_id: bytes = message_id
        self.request_id: bytes = request_id
        forward.append((b"x-road-id", self.message_id))
        forward.append((b"x-road-request-id", self.request_id))
        self.forward = forward

    def correlation(self) -> RawHeaders:
        """The correlation headers alone (what a metaservice call forwards)."""
        return [(b"x-road-id", self.message_id), (b"x-road-request-id", self.request_id)]


class Answer:
    """An upstream answer and its facts, read in one pass over its headers.

    ``relay`` is the answer's headers this hop passes back (its own correlation headers and
    Via are added by the relay); ``missing`` names the contract fields absent from a 2xx body
    (announced in ``X-Sim-Contract-Missing``) and ``document`` is that body parsed, when the
    contract check parsed it, for the symptom classifier."""

    __slots__ = (
        "answered_by",
        "content_type",
        "date",
        "document",
        "fault",
        "missing",
        "relay",
        "response",
        "retry_after",
        "via",
        "xroad_error",
    )

    def __init__(
        self, response: UpstreamResponse, missing: list[str], document: Any = UNPARSED
    ) -> None:
        headers = response.headers  # lower-case names: the transports' contract
        content_type = answered_by = fault = xroad_error = retry_after = date = via = None
        drop = False
        for name, value in headers:  # most names are none of these: one set test each
            if name in _READ:
                if name == b"content-type":
                    content_type = value
                elif name == b"date":
                    date = value
                elif name == b"x-sim-answered-by":
                    answered_by = value
                elif name == b"x-sim-fault":
                    fault = value
                elif name == b"x-road-error":
                    xroad_error = value
                elif name == b"retry-after":
                    retry_after = value
                else:
                    drop = True
                    if name == b"via":
                        via = value
        # The relay shares the answer's list when there is nothing to drop: it only copies it.
        relay = [item for item in headers if item[0] not in _NOT_RELAYED] if drop else headers
        if missing:
            relay = [*relay, (b"x-sim-contract-missing", ",".join(missing).encode())]
        self.response = response
        self.missing = missing
        self.document = document
        self.relay: RawHeaders = relay
        self.content_type: bytes | None = content_type
        self.answered_by: bytes | None = answered_by
        self.fault: bytes | None = fault
        self.xroad_error: bytes | None = xroad_error
        self.retry_after: bytes | None = retry_after
        self.date: bytes | None = date  # the answering system's clock (stale statuses)
        self.via: bytes | None = via

    def settle(self) -> tuple[int, int]:
        """The body's size and the attempts it took; then the body, its headers and its parsed
        document are let go. Accounting calls it once the answer is relayed and classified: its
        ledger record may wait in the writer's queue (a stalled disk: up to ``queue_size`` of
        them) and must not keep whole answers alive."""
        response = self.response
        settled = len(response.body), response.attempts
        self.response, self.document, self.relay = _SETTLED, UNPARSED, []
        return settled


_SETTLED = UpstreamResponse(0, [], b"")  # what a settled Answer keeps of its response
