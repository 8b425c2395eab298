"""Ids a hop mints: X-Road-Id when the caller sent none, X-Road-Request-Id, and the ``detail``
of an error answer (quoted by a caller, found in the logs).

UUIDv4-shaped: a random per-process prefix plus a counter. Unique like ``uuid4`` but without an
``os.urandom`` call, a UUID object and its formatting each time — which cost more than the
rest of an error answer.
"""

from __future__ import annotations

import itertools
import os
import uuid

__all__ = ["new_id"]

_ID_PREFIX = str(uuid.uuid4())[:24].encode()
_id_counter = itertools.count(int.from_bytes(os.urandom(5), "big"))


def new_id() -> bytes:
    return _ID_PREFIX + b"%012x" % (next(_id_counter) & 0xFFFFFFFFFFFF)
