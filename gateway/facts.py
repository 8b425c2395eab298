"""The facts of a request and of its upstream answer, each read in one pass over the headers.

* :class:`Inbound` — the request as this hop received it: credentials, correlation ids, the
  headers to forward;
* :class:`Answer` — the upstream's answer: the headers to relay and what the relay and the
  accounting read (content type, ``Via``, who answered, injected fault, ``X-Road-Error``,
  ``Retry-After``, ``Date``), plus the contract check's verdict.

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

# Answer headers this hop reads, by slot in Answer's one pass. Slots from _REPLACED on are
# not relayed: this hop sets its own correlation headers and extends Via.
_CONTENT_TYPE, _ANSWERED_BY, _FAULT, _XROAD_ERROR, _RETRY_AFTER, _DATE, _VIA, _REPLACED = range(8)
_ANSWER_SLOTS = {
    b"content-type": _CONTENT_TYPE,
    b"x-sim-answered-by": _ANSWERED_BY,
    b"x-sim-fault": _FAULT,
    b"x-road-error": _XROAD_ERROR,
    b"retry-after": _RETRY_AFTER,
    b"date": _DATE,
    b"via": _VIA,
    b"x-road-id": _REPLACED,
    b"x-road-request-id": _REPLACED,
    b"x-road-service": _REPLACED,
    b"x-road-client": _REPLACED,
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
            message_id = ids.message()
        self.bad_message_id = bad
        self.message_id: bytes = message_id
        self.request_id: bytes = ids.request()
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
        found: list[bytes | None] = [None] * 8
        relay: RawHeaders = []
        slots = _ANSWER_SLOTS
        for item in response.headers:  # lower-case names: the transports' contract
            slot = slots.get(item[0])
            if slot is None:
                relay.append(item)
                continue
            found[slot] = item[1]
            if slot < _VIA:
                relay.append(item)
        if missing:
            relay.append((b"x-sim-contract-missing", ",".join(missing).encode()))
        self.response = response
        self.missing = missing
        self.document = document
        self.relay = relay
        self.content_type = found[_CONTENT_TYPE]
        self.answered_by = found[_ANSWERED_BY]
        self.fault = found[_FAULT]
        self.xroad_error = found[_XROAD_ERROR]
        self.retry_after = found[_RETRY_AFTER]
        self.date = found[_DATE]  # the answering system's clock (stale statuses)
        self.via = found[_VIA]

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
