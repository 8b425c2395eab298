"""The embedded ledger: a SQLite file written by one background thread in batches.

    ledger = SqliteLedger(Path("var/ledger.sqlite"))
    ledger.record(hop_record)   # request path: a non-blocking put, never touches the disk
    ledger.flush()              # wait until everything recorded so far is committed
    ledger.close()              # flush, stop the thread, close the file

Why a thread and not an asyncio task: the stack runs six servers on one event loop; a commit
(fsync under WAL checkpoints) must not stall it, and a thread with its own connection keeps
SQLite's locking simple. When the bounded queue is full the record is dropped and counted
(``gateway_ledger_dropped_total``) rather than making a caller wait.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from pathlib import Path
from typing import NamedTuple

from prometheus_client.registry import Collector

from gateway.opmon.metrics import LedgerCollector
from gateway.opmon.records import HopRecord
from gateway.opmon.schema import INSERT, INSERT_FAULT, connect, record_row, scrub_text

__all__ = ["DEFAULT_QUEUE_SIZE", "SqliteLedger"]

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
    ) -> None:
        self.path = Path(path)
        self.queue_size = queue_size
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.dropped = 0
        self.written = 0
        self.failed_batches = 0
        self._queue: queue.Queue[object] = queue.Queue(maxsize=queue_size)
        self._conn = connect(self.path)  # fail at start-up, not on the first record
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self._thread.start()

    @property
    def depth(self) -> int:
        return self._queue.qsize()

    def record(self, record: HopRecord) -> None:
        if self._closed:
            self.dropped += 1
            return
        try:
            self._queue.put_nowait(record)
        except queue.Full:
            self.dropped += 1

    def record_fault(self, message_id: str | None, registry: str, tag: str) -> None:
        """Journal a fault a mock applied (non-blocking, like :meth:`record`)."""
        if message_id is None or self._closed:
            return
        entry = FaultEntry(scrub_text(message_id) or "", registry, tag, int(time.time() * 1000))
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            self.dropped += 1

    def collector(self, hop: str) -> Collector:
        """The writer's queue and losses as Prometheus metrics, read at scrape time."""
        return LedgerCollector(self, hop=hop)

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Block until every record put before this call is committed; False on timeout."""
        if self._closed:
            return True
        barrier = _Barrier()
        self._queue.put(barrier, timeout=timeout)
        return barrier.done.wait(timeout)

    def close(self) -> None:
        """Commit everything queued, then stop the writer and close the file."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        conn = self._conn
        try:
            while True:
                batch: list[HopRecord] = []
                faults: list[FaultEntry] = []
                signals: list[object] = []
                try:
                    first = self._queue.get(timeout=self.flush_interval)
                except queue.Empty:
                    continue
                item: object = first
                while True:
                    if isinstance(item, HopRecord):
                        batch.append(item)
                    elif isinstance(item, FaultEntry):
                        faults.append(item)
                    else:
                        signals.append(item)
                        break  # commit what came before a barrier/stop before answering it
                    if len(batch) + len(faults) >= self.batch_size:
                        break
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                self._commit(conn, batch, faults)
                for signal in signals:
                    if isinstance(signal, _Barrier):
                        signal.done.set()
                    elif signal is _STOP:
                        return
        finally:
            conn.close()

    def _commit(
        self, conn: sqlite3.Connection, batch: list[HopRecord], faults: list[FaultEntry]
    ) -> None:
        if not batch and not faults:
            return
        try:
            with conn:
                conn.executemany(INSERT, [record_row(r) for r in batch])
                conn.executemany(INSERT_FAULT, faults)
            self.written += len(batch)
        except sqlite3.Error:
            # A full disk or a locked file must not kill the writer; the loss is counted.
            self.failed_batches += 1
            self.dropped += len(batch)
