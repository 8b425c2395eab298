"""One ledger file built from records and journals read over HTTP, in the very form the
in-process stack writes (the gateway's own ledger writer fills it), so the run report reads a
deployment of many processes exactly as it reads one process's ledger.

    merged = MergedLedger()            # a temporary folder of its own
    merged.add(records)                # dicts with the X-Road opmon field names
    merged.add_journal(entries)        # {"messageId", "registry", "tag", "ts"}
    report = build_report(merged.flushed())
    merged.close()                     # the folder goes with it
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from gateway.opmon import HopRecord, SqliteLedger

__all__ = ["MergedLedger"]

_FIELDS = tuple(f.name for f in fields(HopRecord))
_CHUNK = 10_000


class MergedLedger:
    """A temporary ledger file; blocking methods (the writer flushes): call them off the loop."""

    def __init__(self, prefix: str = "ndxp-merged-") -> None:
        self._dir = tempfile.TemporaryDirectory(prefix=prefix)
        self.path = Path(self._dir.name) / "merged.sqlite"
        self.ledger = SqliteLedger(self.path, queue_size=2 * _CHUNK, flush_interval=0.05)

    def add(self, records: list[dict[str, Any]]) -> None:
        for start in range(0, len(records), _CHUNK):
            for record in records[start : start + _CHUNK]:
                values: dict[str, Any] = {k: record.get(k) for k in _FIELDS}
                self.ledger.record(HopRecord(**values))
            self.ledger.flush()

    def add_journal(self, entries: Iterable[dict[str, Any]]) -> None:
        """Fault-journal entries, each at the moment its component applied the fault."""
        for n, entry in enumerate(entries, 1):
            self.ledger.record_fault(
                str(entry["messageId"]), str(entry["registry"]), str(entry["tag"]),
                at_ms=int(entry["ts"]),
            )  # fmt: skip
            if n % _CHUNK == 0:
                self.ledger.flush()
        self.ledger.flush()

    def flushed(self) -> Path:
        self.ledger.flush()
        return self.path

    def close(self) -> None:
        self.ledger.close()
        self._dir.cleanup()
