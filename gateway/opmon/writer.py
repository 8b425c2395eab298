"""The embedded ledger: a SQLite file written by one background thread in batches.

    ledger = SqliteLedger(Path("var/ledger.sqlite"))
    ledger.record(hop_record)   # request path: a non-blocking put, never touches the disk
    ledger.record_pending((row, facts))  # the same, the record built by the writer thread
    ledger.flush()              # wait until everything recorded so far is committed
    ledger.close()              # flush, stop the thread, close the file

Why a thread and not an asyncio task: the stack runs both gateways on one event loop; a commit
(fsync under WAL checkpoints) must not stall it, and a thread with its own connection keeps
SQLite's locking simple. The request path only appends to a deque (atomic under the GIL); the
writer is woken when a batch is full, or finds the records every ``flush_interval`` — never one
wake-up (a lock, a notify, a thread switch) per record. When ``queue_size`` records wait, a
new one is dropped and counted (``gateway_ledger_dropped_total``) rather than making a caller
wait.

The same thread applies the retention (``gateway.opmon.retention``: a maximum age and size)
every ``prune_interval`` seconds, between batches, so pruning never stalls a request.

Failures are visible: a batch that cannot be committed (full disk, read-only file) or a full
queue starts an *episode* — one log line when it starts and one when writes recover, the
counters meanwhile, and :meth:`SqliteLedger.problem` naming the cause (``/healthz`` answers
``degraded`` with it). A file that cannot be opened for writing at start-up raises
:class:`LedgerUnwritable` naming the path. What a SIGKILL loses: the records still queued
(at most one ``flush_interval`` of traffic, and never more than ``queue_size``); SIGTERM and
Ctrl-C flush them (``ndxp-sim`` drains the hops first, then closes the ledger).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import deque
from pathlib import Path
from typing import NamedTuple

from prometheus_client.registry import Collector

from gateway.opmon.metrics import LedgerCollector
from gateway.opmon.records import HopRecord, PendingRecord
from gateway.opmon.retention import Retention, file_bytes
from gateway.opmon.schema import (
    INSERT,
    INSERT_FAULT,
    connect,
    pending_row,
    record_row,
    scrub_text,
)
from gateway.privacy import stored_id

__all__ = ["DEFAULT_QUEUE_SIZE", "LedgerUnwritable", "SqliteLedger"]

log = logging.getLogger("ndxp_sim.ledger")


class LedgerUnwritable(OSError):
    """The ledger file cannot be created or written at start-up (``path``, ``why``)."""

    reason = "ledger_unwritable"

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"không ghi được sổ ledger {path}: {why} (ledger not writable)")
        self.path = path
        self.why = why
        self.strerror = why


DEFAULT_QUEUE_SIZE = 50_000
_STOP = object()


class FaultEntry(NamedTuple):
    """One fault a mock applied: the request key (X-Road-Id), registry and ``row:kind`` tag."""

    message_id: str
    registry: str
    tag: str
    ts: int


class _Barrier:
    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = threading.Event()


class SqliteLedger:
    """A :class:`~gateway.opmon.LedgerSink` backed by a SQLite file in WAL mode."""

    def __init__(
        self,
        path: Path,
        *,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        batch_size: int = 500,
        flush_interval: float = 0.2,
        retention: Retention | None = None,
        prune_interval: float = 5.0,
    ) -> None:
        self.path = Path(path)
        self.queue_size = queue_size
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.retention = retention or Retention()
        self.prune_interval = prune_interval
        self.dropped = 0
        self.written = 0
        self.failed_batches = 0
        self.pruned = 0
        self._write_error: str | None = None  # the cause of a write-failure episode
        self._overflowing = False  # a queue-full episode
        self._pending: deque[object] = deque()  # records, fault entries, barriers, stop
        self._wake = threading.Event()
        self._conn = self._open()  # fail at start-up, not on the first record
        self._next_prune = 0.0
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self._thread.start()

    def _open(self) -> sqlite3.Connection:
        try:
            conn = connect(self.path, wal_limit=self.retention.wal_limit)
            conn.execute("BEGIN IMMEDIATE")  # a read-only file opens; only a write lock tells
            conn.rollback()
        except (OSError, sqlite3.Error) as exc:
            raise LedgerUnwritable(self.path, getattr(exc, "strerror", None) or str(exc)) from None
        return conn

    @property
    def depth(self) -> int:
        return len(self._pending)

    @property
    def size_bytes(self) -> int:
        return file_bytes(self.path)

    def problem(self) -> str | None:
        """Why records are being lost right now, or ``None`` while the ledger keeps up."""
        if self._write_error is not None:
            return f"ghi sổ ledger thất bại: {self._write_error} (ledger writes failing)"
        if self._overflowing:
            return "hàng đợi ghi sổ ledger đầy, bản ghi bị bỏ (ledger queue full)"
        return None

    def record(self, record: HopRecord | PendingRecord) -> None:
        pending = self._pending
        if self._closed or len(pending) >= self.queue_size:
            self._overflow()
            return
        pending.append(record)
        if len(pending) == self.batch_size:
            self._wake.set()

    # A pending record is queued as it is: the writer thread builds its row (_rows).
    record_pending = record

    def _overflow(self) -> None:
        self.dropped += 1
        if not self._overflowing and not self._closed:
            self._overflowing = True
            log.warning(
                "ledger %s: queue full (%d records); records are dropped and counted "
                "(gateway_ledger_dropped_total) until the writer catches up",
                self.path,
                self.queue_size,
            )

    def record_fault(
        self, message_id: str | None, registry: str, tag: str, *, at_ms: int | None = None
    ) -> None:
        """Journal a fault a mock applied (non-blocking, like :meth:`record`); ``at_ms``: when,
        if not now (a journal pulled from another process keeps its own moments)."""
        if message_id is None or self._closed:
            return
        key = scrub_text(stored_id(message_id)) or ""
        if len(self._pending) >= self.queue_size:
            self._overflow()
            return
        when = int(time.time() * 1000) if at_ms is None else at_ms
        self._pending.append(FaultEntry(key, registry, tag, when))

    def collector(self, hop: str) -> Collector:
        """The writer's queue and losses as Prometheus metrics, read at scrape time."""
        return LedgerCollector(self, hop=hop)

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Block until every record put before this call is committed; False on timeout."""
        if self._closed:
            return True
        barrier = _Barrier()
        self._pending.append(barrier)
        self._wake.set()
        return barrier.done.wait(timeout)

    def close(self) -> None:
        """Commit everything queued, then stop the writer and close the file."""
        if self._closed:
            return
        self._closed = True
        self._pending.append(_STOP)
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        conn = self._conn
        try:
            while True:
                self._wake.wait(self.flush_interval)
                self._wake.clear()  # whatever was appended before this point is drained now
                if self._drain(conn):
                    return
                self._after_batch(conn)
        finally:
            conn.close()

    def _drain(self, conn: sqlite3.Connection) -> bool:
        """Commit everything pending, batch by batch; True once the stop signal is reached."""
        pending = self._pending
        while pending:
            batch: list[HopRecord | PendingRecord] = []
            faults: list[FaultEntry] = []
            signal: object = None
            while pending and len(batch) + len(faults) < self.batch_size:
                item = pending.popleft()
                if type(item) is tuple or isinstance(item, HopRecord):
                    batch.append(item)
                elif isinstance(item, FaultEntry):
                    faults.append(item)
                else:
                    signal = item  # commit what came before a barrier or stop, then answer it
                    break
            self._commit(conn, batch, faults)
            if isinstance(signal, _Barrier):
                signal.done.set()
            elif signal is _STOP:
                return True
        return False

    def _rows(self, batch: list[HopRecord | PendingRecord]) -> list[list[object]]:
        """The rows of ``batch``; a pending record whose row cannot be built is logged and
        counted as dropped rather than stopping the writer."""
        rows = []
        for item in batch:
            try:
                rows.append(pending_row(item) if type(item) is tuple else record_row(item))  # type: ignore[arg-type]
            except Exception:
                self.dropped += 1
                log.exception("ledger %s: a record could not be built; dropped", self.path)
        return rows

    def _commit(
        self,
        conn: sqlite3.Connection,
        batch: list[HopRecord | PendingRecord],
        faults: list[FaultEntry],
    ) -> None:
        if not batch and not faults:
            return
        rows = self._rows(batch)
        try:
            with conn:
                conn.executemany(INSERT, rows)
                conn.executemany(INSERT_FAULT, faults)
            self.written += len(rows)
        except sqlite3.Error as exc:
            # A full disk or a locked file must not kill the writer; the loss is counted.
            self.failed_batches += 1
            self.dropped += len(rows)
            if self._write_error is None:
                self._write_error = str(exc)
                log.error(
                    "ledger %s: cannot write (%s); records are dropped and counted "
                    "(gateway_ledger_dropped_total) until writes succeed again",
                    self.path,
                    exc,
                )
            return
        if self._write_error is not None:
            self._write_error = None
            log.warning("ledger %s: writes recovered (%d records dropped)", self.path, self.dropped)

    def _after_batch(self, conn: sqlite3.Connection) -> None:
        """End a queue-full episode once the queue has drained; prune when it is time."""
        if self._overflowing and len(self._pending) < self.queue_size // 2:
            self._overflowing = False
            log.warning("ledger %s: queue drained (%d records dropped)", self.path, self.dropped)
        now = time.monotonic()
        try:
            if now >= self._next_prune:
                self._next_prune = now + self.prune_interval
                self.pruned += self.retention.prune(conn, time.time_ns() // 1_000_000)
            elif self.retention.over(conn):  # the size cap holds within one batch
                self.pruned += self.retention.shrink(conn)
        except sqlite3.Error as exc:
            log.warning("ledger %s: pruning failed (%s); retried later", self.path, exc)
