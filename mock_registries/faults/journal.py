"""The fault journal of one engine: every fault it applied, keyed by the request's X-Road-Id,
kept in memory (bounded) and served paged by the admin API (``GET /_admin/faults/journal``).

Why: a request whose answer never came back (a hang, a reset) carries no ``X-Sim-Fault`` tag,
so only the component that applied the fault knows it happened. In one process the stack also
writes these entries beside the ledger; in a process of its own a mock has no ledger, and the
report (``ndxp-sim report --from ...``) pulls this journal instead, as X-Road's central
monitoring pulls each security server's operational data.

    GET /_admin/faults/journal?after=0&limit=1000
    {"origin": "3f9c...", "entries": [{"seq": 1, "messageId": ..., "registry": "dan_cu",
     "tag": "20:hang", "ts": 1733500000000}], "next": 1, "dropped": 0}

``origin`` names this journal (one per engine), so a collector that reaches one engine through
several URLs (the in-process stack serves it on every component) keeps each entry once.
``seq`` grows by one per entry; ``next`` is the ``after`` of the next page (``None``: none
left). When more than ``max_entries`` pile up the oldest go and ``dropped`` counts them.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import deque
from itertools import islice
from typing import Any, Protocol

__all__ = ["DEFAULT_JOURNAL_SIZE", "MAX_JOURNAL_PAGE", "FaultJournal", "Journal"]

DEFAULT_JOURNAL_SIZE = 200_000
MAX_JOURNAL_PAGE = 10_000
# A correlation id (X-Road-Id) as the gateways accept one; anything else is free text a caller
# typed and is kept only as its length (personal data never leaves the process unmasked).
_CORRELATION_ID = re.compile(r"[A-Za-z0-9._~:@+=/-]{1,128}")


class Journal(Protocol):
    """What an engine journals into and the admin API pages through: this module's
    :class:`FaultJournal` in one process, a store shared by the workers of a component
    (``simulator.worker_journal``) under ``serve --workers N``."""

    def add(self, registry: str, key: str | None, tag: str) -> None: ...

    def page(self, after: int = 0, limit: int = MAX_JOURNAL_PAGE) -> dict[str, Any]: ...


def _kept_key(key: str) -> str:
    return key if _CORRELATION_ID.fullmatch(key) else "*" * min(len(key), 12)


class FaultJournal:
    """Applied faults in arrival order, at most ``max_entries`` of them."""

    def __init__(self, max_entries: int = DEFAULT_JOURNAL_SIZE) -> None:
        self.origin = secrets.token_hex(8)
        self.dropped = 0
        self._entries: deque[tuple[int, str, str, str, int]] = deque()
        self._max = max_entries
        self._seq = 0
        self._lock = threading.Lock()

    def add(self, registry: str, key: str | None, tag: str) -> None:
        """One applied fault (an engine's applied listener); requests without a key are not
        journaled, as the ledger's journal keeps none either."""
        if key is None:
            return
        with self._lock:
            self._seq += 1
            self._entries.append(
                (self._seq, _kept_key(key), registry, tag, time.time_ns() // 10**6)
            )
            if len(self._entries) > self._max:
                self._entries.popleft()
                self.dropped += 1

    def page(self, after: int = 0, limit: int = MAX_JOURNAL_PAGE) -> dict[str, Any]:
        """Entries with ``seq > after``, oldest first, at most ``limit``."""
        limit = max(1, min(limit, MAX_JOURNAL_PAGE))
        with self._lock:
            first = self._entries[0][0] if self._entries else self._seq + 1
            start = max(0, after + 1 - first)
            chunk = list(islice(self._entries, start, start + limit))
            last = self._seq
        entries = [
            {"seq": s, "messageId": k, "registry": r, "tag": t, "ts": ts}
            for s, k, r, t, ts in chunk
        ]
        more = bool(chunk) and chunk[-1][0] < last
        return {
            "origin": self.origin,
            "entries": entries,
            "next": chunk[-1][0] if more else None,
            "dropped": self.dropped,
        }
