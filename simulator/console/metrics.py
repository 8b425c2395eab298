"""The console's own Prometheus metrics: open live streams, polls of the other components and
their failures, records read, and the actions testers took."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge

__all__ = ["ConsoleMetrics"]


class ConsoleMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.streams = Gauge(
            "console_streams_open", "Live event streams open (browsers watching)", registry=registry
        )
        self.polls = Counter(
            "console_polls",
            "Reads of the gateways' records and the mocks' status",
            registry=registry,
        )
        self.poll_failures = Counter(
            "console_poll_failures",
            "Reads that failed, by what was read",
            ["source"],
            registry=registry,
        )
        self.records = Counter(
            "console_records_read", "Hop records read from /opmon/records", registry=registry
        )
        self.actions = Counter(
            "console_actions",
            "Buttons pressed in the console, by action and outcome",
            ["action", "outcome"],
            registry=registry,
        )
