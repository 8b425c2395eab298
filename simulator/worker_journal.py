"""One fault journal for the N workers of ``serve --workers N``.

Each worker journals the faults its engine applied into one SQLite file they share — the
component's ledger for a gateway, a ``journal.sqlite`` in the run's directory for a mock (a
mock keeps no ledger of its own) — the ledger's ``injected_faults`` table, written by each
worker's own writer thread under WAL: an existing store, not a protocol between workers.
``GET /_admin/faults/journal`` on any worker then pages through that table: every worker's
faults, whichever worker the read reaches, in the format of one engine's journal
(``mock_registries.faults.journal``). The page's ``origin`` names the file, so a collector
that reads it through several workers keeps each entry once.

A read first commits what this worker has queued; another worker's latest faults show once its
writer commits them, within one ``flush_interval_seconds`` (0.2 s by default).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from gateway.opmon import SqliteLedger
from gateway.opmon.schema import connect
from mock_registries import MAX_JOURNAL_PAGE

__all__ = ["SharedJournal"]

_PAGE = (
    "SELECT id, messageId, registry, tag, ts FROM injected_faults WHERE id > ? ORDER BY id LIMIT ?"
)


class SharedJournal:
    """A :class:`mock_registries.Journal` kept in the shared ledger file ``ledger.path``."""

    def __init__(self, ledger: SqliteLedger) -> None:
        self.ledger = ledger
        digest = hashlib.blake2b(str(ledger.path.resolve()).encode(), digest_size=8)
        self.origin = "workers-" + digest.hexdigest()

    def add(self, registry: str, key: str | None, tag: str) -> None:
        self.ledger.record_fault(key, registry, tag)

    def page(self, after: int = 0, limit: int = MAX_JOURNAL_PAGE) -> dict[str, Any]:
        """Entries with ``seq > after`` (the row id), oldest first, at most ``limit``."""
        # This worker's queued faults first; briefly — the read runs on the worker's event loop.
        self.ledger.flush(0.05)
        limit = max(1, min(limit, MAX_JOURNAL_PAGE))
        rows = _read(self.ledger.path, after, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return {
            "origin": self.origin,
            "entries": [
                {"seq": seq, "messageId": key, "registry": registry, "tag": tag, "ts": ts}
                for seq, key, registry, tag, ts in rows
            ],
            "next": rows[-1][0] if more else None,
            "dropped": self.ledger.dropped,
        }


def _read(path: Path, after: int, limit: int) -> list[tuple[int, str, str, str, int]]:
    conn = connect(path, readonly=True)
    try:
        conn.row_factory = None
        return list(conn.execute(_PAGE, (after, limit)).fetchall())
    except sqlite3.OperationalError:  # no table yet: nothing journaled
        return []
    finally:
        conn.close()
