"""Ids a hop mints: X-Road-Id when the caller sent none, X-Road-Request-Id, and the ``detail``
of an error answer (quoted by a caller, found in the logs).

UUIDv4-shaped: a prefix plus a counter. Unique like ``uuid4`` but without an ``os.urandom``
call, a UUID object and its formatting each time — which cost more than the rest of an error
answer. A seeded mint (:meth:`IdMint.seeded`) gives the same ids run after run.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import uuid

__all__ = ["IdMint", "new_id"]


class IdMint:
    """The ids a hop mints, in UUIDv4 form: a prefix plus a counter.

    ``message()`` is an X-Road-Id for a caller that sent none, ``request()`` this hop's
    X-Road-Request-Id; each has its own counter. By default the prefix and the counters start
    at random; :meth:`seeded` gives the same ids run after run, so a seeded run replays its
    fault draws (keyed by X-Road-Id) even for callers that send no id."""

    __slots__ = ("_message_prefix", "_messages", "_request_prefix", "_requests")

    def __init__(self, prefixes: tuple[str, str], start: int) -> None:
        self._message_prefix, self._request_prefix = (p.encode() for p in prefixes)
        self._messages = itertools.count(start)
        self._requests = itertools.count(start)

    def message(self) -> bytes:
        return self._message_prefix + b"%012x" % (next(self._messages) & 0xFFFFFFFFFFFF)

    def request(self) -> bytes:
        return self._request_prefix + b"%012x" % (next(self._requests) & 0xFFFFFFFFFFFF)

    def both(self) -> tuple[bytes, bytes]:
        """``(message(), request())`` in one call: a request that came without an id."""
        message = self._message_prefix + b"%012x" % (next(self._messages) & 0xFFFFFFFFFFFF)
        return message, self._request_prefix + b"%012x" % (next(self._requests) & 0xFFFFFFFFFFFF)

    @classmethod
    def random(cls) -> IdMint:
        start = int.from_bytes(os.urandom(5), "big")
        return cls((str(uuid.uuid4())[:24], str(uuid.uuid4())[:24]), start)

    @classmethod
    def seeded(cls, seed: int, name: str) -> IdMint:
        def prefix(kind: str) -> str:
            digest = hashlib.blake2b(f"{seed}:{name}:{kind}".encode(), digest_size=16).digest()
            return str(uuid.UUID(bytes=digest, version=4))[:24]

        return cls((prefix("message"), prefix("request")), 0)


PROCESS_IDS = IdMint.random()


def new_id() -> bytes:
    """A process-unique id (error details, requests of a hop built without a mint)."""
    return PROCESS_IDS.request()
