"""How long the ledger keeps records, and how large it may grow — as X-Road's operational
monitoring keeps records for ``keep-records-for-days`` (7 by default) and cleans them up on a
schedule.

    policy = Retention(max_age_days=7, max_bytes=1 << 30)
    pruned = policy.prune(conn, now_ms)     # by age and size: every few seconds
    if policy.over(conn): policy.shrink(conn)   # by size: after every batch (a few pragmas)

Two rules: records older than ``max_age_days`` go; and the file and its write-ahead log stay
under ``max_bytes``. The WAL is held under :attr:`Retention.wal_limit` (checkpoints every that
many pages, ``journal_size_limit``), so the main file's budget is ``max_bytes - wal_limit``:
when its pages in use pass ``HIGH_WATER`` of the budget, the oldest records go until they are
back under ``LOW_WATER``, then the freed pages are handed back to the file system
(incremental auto-vacuum, set on files this code creates) and the WAL is truncated. Checked
after every batch, so the cap holds within one batch whatever the traffic. Deletes run in chunks
of :data:`CHUNK` rows, each its own short transaction, so readers (``/opmon/records``,
reports) never wait long. The fault journal beside the records is pruned to the oldest record
kept.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CHUNK",
    "HIGH_WATER",
    "LOW_WATER",
    "PAGE_BYTES",
    "Retention",
    "file_bytes",
    "used_bytes",
]

PAGE_BYTES = 4096  # SQLite's default page size, for the WAL checkpoint interval

CHUNK = 5_000
HIGH_WATER = 0.85
LOW_WATER = 0.70
_DAY_MS = 86_400_000


def used_bytes(conn: sqlite3.Connection) -> int:
    """Bytes of the database's pages in use (free pages excluded)."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    return int((pages - free) * size)


def file_bytes(path: Path) -> int:
    """The ledger's size on disk: the file and its write-ahead log."""
    total = 0
    for each in (path, path.with_name(path.name + "-wal")):
        try:
            total += each.stat().st_size
        except FileNotFoundError:
            pass
    return total


@dataclass(frozen=True, slots=True)
class Retention:
    """The ledger's retention: a maximum age and a maximum size."""

    max_age_days: float = 7.0
    max_bytes: int = 1 << 30

    @property
    def wal_limit(self) -> int:
        """Bytes the write-ahead log may take (a sixteenth of the cap, 1–16 MiB)."""
        return max(1 << 20, min(16 << 20, self.max_bytes // 16))

    @property
    def budget(self) -> int:
        """Bytes the main file may take."""
        return self.max_bytes - self.wal_limit

    def over(self, conn: sqlite3.Connection) -> bool:
        return used_bytes(conn) > HIGH_WATER * self.budget

    def prune(self, conn: sqlite3.Connection, now_ms: int) -> int:
        """Delete what the rules say must go; the number of records deleted."""
        cutoff = now_ms - int(self.max_age_days * _DAY_MS)
        deleted = self._delete_while(conn, cutoff)
        self._delete_faults_before(conn, cutoff)
        if deleted:
            self._release(conn, now_ms)
        return deleted + self.shrink(conn)

    def shrink(self, conn: sqlite3.Connection) -> int:
        """Delete the oldest records until the pages in use fall under the low-water mark."""
        deleted = 0
        used = used_bytes(conn)
        if used <= HIGH_WATER * self.budget:
            return 0
        while used > LOW_WATER * self.budget:
            first, last = conn.execute("SELECT min(id), max(id) FROM records").fetchone()
            if first is None:
                break
            rows = last - first + 1
            share = 1.0 - (LOW_WATER * self.budget) / used
            count = max(1, min(CHUNK, int(rows * share) + 1))
            deleted += self._delete_chunk(conn, "id", first + count)
            conn.execute("PRAGMA incremental_vacuum")
            conn.commit()
            used = used_bytes(conn)
        self._release(conn, None)
        return deleted

    def _release(self, conn: sqlite3.Connection, now_ms: int | None) -> None:
        """After deletes: the fault journal follows, free pages and the WAL go back."""
        oldest = conn.execute("SELECT min(requestInTs) FROM records").fetchone()[0]
        if oldest is not None or now_ms is not None:
            self._delete_faults_before(conn, oldest if oldest is not None else now_ms or 0)
        conn.execute("PRAGMA incremental_vacuum")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _delete_while(self, conn: sqlite3.Connection, before_ms: int) -> int:
        deleted = 0
        while True:
            done = self._delete_chunk(conn, "responseOutTs", before_ms)
            deleted += done
            if done < CHUNK:
                return deleted

    @staticmethod
    def _delete_chunk(conn: sqlite3.Connection, column: str, bound: int) -> int:
        """Up to :data:`CHUNK` records with ``column`` below ``bound``, oldest first (an index
        range: nothing to delete costs one probe)."""
        with conn:
            cursor = conn.execute(
                "DELETE FROM records WHERE id IN "
                f"(SELECT id FROM records WHERE {column} < ? ORDER BY {column} LIMIT {CHUNK})",
                (bound,),
            )
        return int(cursor.rowcount)

    @staticmethod
    def _delete_faults_before(conn: sqlite3.Connection, ts: int) -> None:
        with conn:
            conn.execute("DELETE FROM injected_faults WHERE ts < ?", (ts,))
