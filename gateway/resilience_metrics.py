"""Prometheus implementation of :class:`connectors._events.UpstreamObserver` for one hop.

Registered on the injected ``CollectorRegistry`` next to :class:`gateway.metrics.GatewayMetrics`.
Labels: ``hop`` (lgsp/ndxp), ``upstream`` (registry code or ``ndxp``), ``outcome`` (stable
reason or ``http_<status>``), ``state``/``to`` (breaker states). Labelled children are cached
per upstream so an attempt costs dict look-ups, not ``.labels()`` calls. Breaker-state gauges
are pre-created for every upstream so dashboards and alerts see ``closed = 1`` from the start.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from connectors import BREAKER_STATES, CLOSED
from gateway.metric_types import (
    CounterChild,
    HistogramChild,
    LoopCounter,
    LoopGauge,
    LoopHistogram,
)
from gateway.metrics import LATENCY_BUCKETS, LabelledChildren

__all__ = ["ResilienceMetrics"]


class ResilienceMetrics:
    """Attempts, retries, retry budget, breaker, bulkhead and hedge metrics of one hop."""

    def __init__(
        self, registry: CollectorRegistry, *, hop: str, upstreams: Iterable[str] = ()
    ) -> None:
        self.hop = hop
        labels = ["hop", "upstream"]
        self.attempts = LoopCounter(
            "gateway_upstream_attempts",
            "Attempts sent to an upstream (retries and hedges included), by outcome",
            [*labels, "outcome"],
            registry=registry,
        )
        self.attempt_duration = LoopHistogram(
            "gateway_upstream_attempt_duration_seconds",
            "Duration of one attempt to an upstream",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.retries = LoopCounter(
            "gateway_upstream_retries", "Retries scheduled", labels, registry=registry
        )
        self.budget_exhausted = LoopCounter(
            "gateway_upstream_retry_budget_exhausted",
            "Retries not made because the upstream's retry budget was spent",
            labels,
            registry=registry,
        )
        self.hedges = LoopCounter(
            "gateway_upstream_hedges", "Hedged second attempts sent", labels, registry=registry
        )
        self._declare_protection(registry, labels)
        self._cache_children(hop)
        for upstream in upstreams:
            self.prepare(upstream)

    def _declare_protection(self, registry: CollectorRegistry, labels: list[str]) -> None:
        """The breaker and bulkhead series."""
        self.breaker_state = LoopGauge(
            "gateway_circuit_breaker_state",
            "Circuit breaker state: 1 for the current state, 0 for the others",
            [*labels, "state"],
            registry=registry,
        )
        self.breaker_transitions = LoopCounter(
            "gateway_circuit_breaker_transitions",
            "Circuit breaker state changes, by the state entered",
            [*labels, "to"],
            registry=registry,
        )
        self.breaker_rejected_total = LoopCounter(
            "gateway_circuit_breaker_rejected",
            "Calls not sent because the circuit was open",
            labels,
            registry=registry,
        )
        self.bulkhead_rejected_total = LoopCounter(
            "gateway_bulkhead_rejected",
            "Calls rejected because the upstream's bulkhead and queue were full",
            labels,
            registry=registry,
        )
        self.in_flight = _InFlight(self.hop)
        registry.register(self.in_flight)

    def _cache_children(self, hop: str) -> None:
        self._attempts = LabelledChildren(self.attempts, hop)
        self._durations = LabelledChildren(self.attempt_duration, hop)
        self._retries = LabelledChildren(self.retries, hop)
        self._budget_exhausted = LabelledChildren(self.budget_exhausted, hop)
        self._breaker_rejected = LabelledChildren(self.breaker_rejected_total, hop)
        self._bulkhead_rejected = LabelledChildren(self.bulkhead_rejected_total, hop)
        self._hedges = LabelledChildren(self.hedges, hop)
        # An attempt's count and duration, both found with one look-up per (upstream, outcome).
        self._attempt_pairs: dict[tuple[str, str], tuple[CounterChild, HistogramChild]] = {}

    def prepare(self, upstream: str, in_flight: Callable[[], int] = lambda: 0) -> None:
        """Pre-create the series of ``upstream`` (breaker gauges start at ``closed``);
        ``in_flight`` tells, at scrape time, how many calls hold its bulkhead slots."""
        for state in BREAKER_STATES:
            self.breaker_state.labels(self.hop, upstream, state).set(1 if state == CLOSED else 0)
        self.in_flight.sources[upstream] = in_flight

    # -- UpstreamObserver ------------------------------------------------------------------

    def attempt_finished(self, upstream: str, outcome: str, seconds: float) -> None:
        key = (upstream, outcome)
        pair = self._attempt_pairs.get(key)
        if pair is None:
            pair = self._attempt_pairs[key] = (self._attempts(*key), self._durations(upstream))
        pair[0].value += 1  # CounterChild.inc() and HistogramChild.observe() without the calls:
        histogram = pair[1]  # every attempt passes here
        histogram.counts[bisect_left(histogram.bounds, seconds)] += 1
        histogram.sum += seconds

    def retry_scheduled(self, upstream: str, attempt: int, delay: float, reason: str) -> None:
        self._retries(upstream).inc()

    def retry_budget_exhausted(self, upstream: str) -> None:
        self._budget_exhausted(upstream).inc()

    def breaker_state_changed(self, upstream: str, old: str, new: str) -> None:
        self.breaker_state.labels(self.hop, upstream, old).set(0)
        self.breaker_state.labels(self.hop, upstream, new).set(1)
        self.breaker_transitions.labels(self.hop, upstream, new).inc()

    def breaker_rejected(self, upstream: str) -> None:
        self._breaker_rejected(upstream).inc()

    def bulkhead_rejected(self, upstream: str) -> None:
        self._bulkhead_rejected(upstream).inc()

    def hedge_fired(self, upstream: str) -> None:
        self._hedges(upstream).inc()


class _InFlight(Collector):
    """``gateway_bulkhead_in_use``: read from each upstream's bulkhead when scraped."""

    def __init__(self, hop: str) -> None:
        self.hop = hop
        self.sources: dict[str, Callable[[], int]] = {}

    def collect(self) -> Iterable[Metric]:
        gauge = GaugeMetricFamily(
            "gateway_bulkhead_in_use", "Calls holding a bulkhead slot", labels=["hop", "upstream"]
        )
        for upstream, in_flight in self.sources.items():
            gauge.add_metric([self.hop, upstream], in_flight())
        return [gauge]
