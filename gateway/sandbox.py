"""Per-consumer sandboxes, as the gateway sees them: who is in which sandbox, the header that
carries it upstream, and the evidence a sandboxed call leaves in the ledger for conformance.

Which header. X-Road's ``X-Road-Represented-Party`` names the party a *client* says it acts
for (``memberClass/memberCode``, no subsystem); the security server passes it on untouched.
A sandbox needs the opposite: a value the *gateway* asserts, at the subsystem's precision,
that no caller can forge. So the LGSP sets ``X-Sim-Sandbox`` from the consumer it
authenticated (one dict get), and every hop drops a caller's own copy; the NDXP believes it
only from a relaying LGSP (:attr:`gateway.catalog.Consumer.relays`). A client's
``X-Road-Represented-Party`` still passes end to end, as in X-Road.

Evidence (only for sandboxed calls, so the hot path of everyone else pays nothing): a digest
of the request (method, path, query, body) that tells a repeat of the same call, the call's
idempotency key (``Idempotency-Key`` header, else the body's ``MaYeuCau``/``maHoSo``), whether
the caller sent its own X-Road-Id, and the ``Retry-After`` it was told.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from gateway.facts import Inbound

__all__ = ["SANDBOX_HEADER", "Evidence", "evidence_text"]

SANDBOX_HEADER = b"x-sim-sandbox"
_KEY_FIELDS = ("MaYeuCau", "maYeuCau", "maHoSo", "MaHoSo")
_MAX_KEY = 80


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=8)
    for part in parts:
        h.update(part)
    return h.hexdigest()


def _key_and_content(body: bytes) -> tuple[str | None, str | None]:
    """The body's idempotency key field and a digest of the rest: the same content sent
    again under a new key is a resubmission the registry cannot recognise."""
    if not body.startswith(b"{"):
        return None, None
    try:
        document: Any = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None, None
    if not isinstance(document, dict):
        return None, None
    key = None
    for name in _KEY_FIELDS:
        value = document.pop(name, None)
        if key is None and isinstance(value, str | int) and not isinstance(value, bool):
            key = str(value)[:_MAX_KEY] or None
    try:
        rest = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return key, None
    return key, _digest(rest)


class Evidence:
    """What a sandboxed call tells about its client, read once at the LGSP."""

    __slots__ = ("content", "digest", "key", "sent_id")

    def __init__(self, request: Inbound, body: bytes) -> None:
        idempotency_key = next((v for k, v in request.forward if k == b"idempotency-key"), None)
        target = request.method.encode() + b" " + request.path.encode() + b"?" + request.query
        self.digest = _digest(target, b"\n", body)
        in_body, content = _key_and_content(body)
        key = idempotency_key.decode("latin-1")[:_MAX_KEY] if idempotency_key else None
        self.key = key or in_body
        self.content = content
        self.sent_id = request.sent_message_id


def evidence_text(evidence: Evidence, retry_after: bytes | None) -> str:
    """The ledger's ``evidence`` column of a sandboxed call: compact JSON."""
    out: dict[str, Any] = {"d": evidence.digest, "k": evidence.key, "i": evidence.sent_id}
    if evidence.content is not None:
        out["c"] = evidence.content
    if retry_after is not None:
        out["ra"] = retry_after.decode("latin-1")[:16]
    return orjson.dumps(out).decode()
