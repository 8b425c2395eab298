"""Prometheus metrics of one gateway hop, registered in an injected ``CollectorRegistry``.

Labels are low-cardinality only: hop (lgsp/ndxp), provider (registry), service code, consumer
subsystem, status code, outcome, symptom. Never an identifier of a person, never a raw path.
The series are :mod:`gateway.metric_types` (lock-free, one writer: the hop's event loop) and
labelled children are cached per label tuple; the series one finished call moves (its request,
its upstream call, its symptoms) are cached together per kind of call (:class:`CallSeries`), so
accounting pays one dict look-up per call and a float addition per update.

    gateway_requests_total{hop,provider,service,consumer,code,outcome}     RED: rate and errors
    gateway_request_duration_seconds{hop,provider,service}                RED: duration
    gateway_requests_in_flight{hop}
    gateway_upstream_requests_total{hop,upstream,outcome}                  calls to the next hop
    gateway_upstream_request_duration_seconds{hop,upstream}
    gateway_errors_total{hop,reason}                                       refused by this hop
    gateway_quota_rejections_total{hop,consumer}                           429 from our quota
    gateway_contract_violations_total{hop,provider,service}
    gateway_symptoms_total{hop,provider,symptom}                           see gateway.symptoms
    gateway_build_info{version,hop}

The ledger's queue metrics come from ``gateway.opmon.metrics``; retries, breaker and bulkhead
from ``gateway.resilience_metrics``; injected faults from the mocks.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Generic, TypeVar

from prometheus_client import CollectorRegistry, Info

from gateway.metric_types import (
    CounterChild,
    Family,
    GaugeChild,
    HistogramChild,
    LoopCounter,
    LoopGauge,
    LoopHistogram,
)
from gateway.symptoms import split_symptoms

__all__ = [
    "LATENCY_BUCKETS",
    "CallKey",
    "CallSeries",
    "GatewayMetrics",
    "LabelledChildren",
]

# SLO thresholds (0.3 s, 0.8 s, 2.5 s) are exact bucket bounds; 30 s is the registry timeout
# and 60 s catches what outlived it (Phụ lục V rows 20/51/54–56/63: answers over 30 s); 90 s
# holds the LGSP's answers at its own deadline (the NDXP's 60 s plus a margin), which would
# otherwise fall in +Inf and cap every histogram_quantile at 60 s.
LATENCY_BUCKETS = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.3,
    0.5,
    0.8,
    1.0,
    2.5,
    5.0,
    10.0,
    20.0,
    30.0,
    60.0,
    90.0,
)


C = TypeVar("C", CounterChild, GaugeChild, HistogramChild)


class LabelledChildren(Generic[C]):
    """The children of one labelled metric whose leading labels are fixed (the hop), each
    looked up by the remaining labels only: one dict hit per update.

        requests = LabelledChildren(counter, hop)   # fixed leading labels
        requests("dan_cu", "200").inc()
    """

    def __init__(self, metric: Family[C], *fixed: str) -> None:
        self._metric: Family[C] = metric
        self._fixed = fixed
        self._children: dict[tuple[str, ...], C] = {}

    def __call__(self, *labels: str) -> C:
        child = self._children.get(labels)
        if child is None:
            child = self._children[labels] = self._metric.labels(*self._fixed, *labels)
        return child


Pair = tuple[CounterChild, HistogramChild]


class GatewayMetrics:
    """RED metrics per hop/service/consumer plus upstream-attempt and protection metrics."""

    def __init__(self, registry: CollectorRegistry, *, hop: str, version: str = "0.1.0") -> None:
        self.hop = hop
        self.requests = LoopCounter(
            "gateway_requests",
            "Requests answered by this hop, by outcome",
            ["hop", "provider", "service", "consumer", "code", "outcome"],
            registry=registry,
        )
        self.duration = LoopHistogram(
            "gateway_request_duration_seconds",
            "Time from request in to response out at this hop",
            ["hop", "provider", "service"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.in_flight = LoopGauge(
            "gateway_requests_in_flight", "Requests being handled", ["hop"], registry=registry
        ).labels(hop)
        self.upstream_requests = LoopCounter(
            "gateway_upstream_requests",
            "Calls to the upstream (registry or next hop), by outcome",
            ["hop", "upstream", "outcome"],
            registry=registry,
        )
        self.upstream_duration = LoopHistogram(
            "gateway_upstream_request_duration_seconds",
            "Upstream call time (all attempts) as seen by this hop",
            ["hop", "upstream"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.gateway_errors = LoopCounter(
            "gateway_errors",
            "Errors produced by this hop itself, by stable reason",
            ["hop", "reason"],
            registry=registry,
        )
        self.contract_violations = LoopCounter(
            "gateway_contract_violations",
            "2xx answers missing fields required by the service contract",
            ["hop", "provider", "service"],
            registry=registry,
        )
        self.quota_rejections = LoopCounter(
            "gateway_quota_rejections",
            "Requests refused by this hop's per-consumer quota (HTTP 429)",
            ["hop", "consumer"],
            registry=registry,
        )
        self.symptoms = LoopCounter(
            "gateway_symptoms",
            "Calls by the symptom this hop observed (gateway.symptoms), header-independent",
            ["hop", "provider", "symptom"],
            registry=registry,
        )
        Info("gateway_build", "Build of the gateway", registry=registry).info(
            {"version": version, "hop": hop}
        )
        self._cache_children(hop)

    def _cache_children(self, hop: str) -> None:
        self._requests = LabelledChildren(self.requests, hop)
        self._duration = LabelledChildren(self.duration, hop)
        self._upstream = LabelledChildren(self.upstream_requests, hop)
        self._upstream_duration = LabelledChildren(self.upstream_duration, hop)
        self._errors = LabelledChildren(self.gateway_errors, hop)
        self._quota = LabelledChildren(self.quota_rejections, hop)
        self._symptoms = LabelledChildren(self.symptoms, hop)
        self._violations = LabelledChildren(self.contract_violations, hop)
        self._calls: dict[CallKey, CallSeries] = {}

    def observe_call(self, key: CallKey, seconds: float, upstream_seconds: float) -> None:
        """One finished call: its request, its upstream call (when it made one) and each of
        its symptoms, all found with one look-up of ``key`` (see :data:`CallKey`)."""
        series = self._calls.get(key)
        if series is None:
            series = self._calls[key] = self._series(key)
        series.requests.value += 1  # CounterChild.inc() without the call: every request
        duration = series.duration  # and HistogramChild.observe() without the call
        duration.counts[bisect_left(duration.bounds, seconds)] += 1
        duration.sum += seconds
        upstream = series.upstream
        if upstream is not None:
            upstream[0].value += 1
            duration = upstream[1]
            duration.counts[bisect_left(duration.bounds, upstream_seconds)] += 1
            duration.sum += upstream_seconds
        for counter in series.counters:
            counter.value += 1

    def _series(self, key: CallKey) -> CallSeries:
        provider, service, consumer, code, outcome, symptom, upstream, upstream_outcome = key
        counters = [self._symptoms(provider, each) for each in split_symptoms(symptom)]
        if outcome == "contract_violation":
            counters.append(self._violations(provider, service))
        return CallSeries(
            self._requests(provider, service, consumer, str(code), outcome),
            self._duration(provider, service),
            None
            if upstream is None
            else (
                self._upstream(upstream, upstream_outcome or "-"),
                self._upstream_duration(upstream),
            ),
            tuple(counters),
        )

    def gateway_error(self, reason: str) -> None:
        self._errors(reason).inc()

    def quota_rejected(self, consumer: str) -> None:
        self._quota(consumer).inc()


# (provider, service, consumer, status code, outcome, symptoms comma-separated, upstream
# called or None, that call's outcome or None): what one finished call moves.
CallKey = tuple[str, str, str, int, str, str, str | None, str | None]


class CallSeries:
    """The children one kind of finished call moves, picked the first time it is seen."""

    __slots__ = ("counters", "duration", "requests", "upstream")

    def __init__(
        self,
        requests: CounterChild,
        duration: HistogramChild,
        upstream: Pair | None,  # the upstream call's count and duration
        counters: tuple[CounterChild, ...],  # symptoms, and a contract violation
    ) -> None:
        self.requests = requests
        self.duration = duration
        self.upstream = upstream
        self.counters = counters
