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


# (name, help, kind, the writer's attribute), in the order of the module docstring.
_SERIES = (
    ("gateway_ledger_queue_depth", "Ledger records waiting for the writer", "gauge", "depth"),
    ("gateway_ledger_queue_capacity", "Bound of the ledger writer queue", "gauge", "queue_size"),
    (
        "gateway_ledger_records_written",
        "Ledger records committed to the SQLite file",
        "counter",
        "written",
    ),
    (
        "gateway_ledger_dropped",
        "Ledger records lost: queue full, write failed or ledger closed",
        "counter",
        "dropped",
    ),
    (
        "gateway_ledger_write_failures",
        "Batches the writer could not commit (full disk, locked or read-only file)",
        "counter",
        "failed_batches",
    ),
    (
        "gateway_ledger_pruned",
        "Ledger records deleted by retention (maximum age or size)",
        "counter",
        "pruned",
    ),
    ("gateway_ledger_size_bytes", "Ledger file and its WAL on disk", "gauge", "size_bytes"),
)


class LedgerCollector(Collector):
    def __init__(self, ledger: LedgerStats, *, hop: str) -> None:
        self.ledger = ledger
        self.hop = hop

    def collect(self) -> Iterable[Metric]:
        families: list[Metric] = []
        for name, documentation, kind, attribute in _SERIES:
            family_type = GaugeMetricFamily if kind == "gauge" else CounterMetricFamily
            family = family_type(name, documentation, labels=["hop"])
            family.add_metric([self.hop], getattr(self.ledger, attribute))
            families.append(family)
        return families
