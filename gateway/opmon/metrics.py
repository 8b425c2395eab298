"""The ledger's own health as Prometheus metrics, read from the writer at scrape time.

    gateway_ledger_queue_depth          gauge    records waiting for the writer
    gateway_ledger_queue_capacity       gauge    the bound of that queue
    gateway_ledger_records_written_total counter records committed to the file
    gateway_ledger_dropped_total        counter  records lost (queue full, write failed, closed)
    gateway_ledger_write_failures_total counter  batches that could not be committed
    gateway_ledger_pruned_total         counter  records deleted by the retention rules
    gateway_ledger_size_bytes           gauge    the file and its WAL on disk

A collector rather than live metric objects: the request path then pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

__all__ = ["LedgerCollector", "LedgerStats"]


class LedgerStats(Protocol):
    """What the collector reads from a ledger writer."""

    @property
    def depth(self) -> int: ...

    @property
    def size_bytes(self) -> int: ...

    queue_size: int
    written: int
    dropped: int
    failed_batches: int
    pruned: int


class LedgerCollector(Collector):
    def __init__(self, ledger: LedgerStats, *, hop: str) -> None:
        self.ledger = ledger
        self.hop = hop

    def collect(self) -> Iterable[Metric]:
        labels = ["hop"]
        depth = GaugeMetricFamily(
            "gateway_ledger_queue_depth", "Ledger records waiting for the writer", labels=labels
        )
        depth.add_metric([self.hop], self.ledger.depth)
        capacity = GaugeMetricFamily(
            "gateway_ledger_queue_capacity", "Bound of the ledger writer queue", labels=labels
        )
        capacity.add_metric([self.hop], self.ledger.queue_size)
        written = CounterMetricFamily(
            "gateway_ledger_records_written",
            "Ledger records committed to the SQLite file",
            labels=labels,
        )
        written.add_metric([self.hop], self.ledger.written)
        dropped = CounterMetricFamily(
            "gateway_ledger_dropped",
            "Ledger records lost: queue full, write failed or ledger closed",
            labels=labels,
        )
        dropped.add_metric([self.hop], self.ledger.dropped)
        failed = CounterMetricFamily(
            "gateway_ledger_write_failures",
            "Batches the writer could not commit (full disk, locked or read-only file)",
            labels=labels,
        )
        failed.add_metric([self.hop], self.ledger.failed_batches)
        pruned = CounterMetricFamily(
            "gateway_ledger_pruned",
            "Ledger records deleted by retention (maximum age or size)",
            labels=labels,
        )
        pruned.add_metric([self.hop], self.ledger.pruned)
        size = GaugeMetricFamily(
            "gateway_ledger_size_bytes", "Ledger file and its WAL on disk", labels=labels
        )
        size.add_metric([self.hop], self.ledger.size_bytes)
        return [depth, capacity, written, dropped, failed, pruned, size]
