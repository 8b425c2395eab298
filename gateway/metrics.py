"""Prometheus metrics of one gateway hop, registered in an injected ``CollectorRegistry``.

Labels are low-cardinality only: hop (lgsp/ndxp), provider (registry), service code, consumer
subsystem, status code, outcome, symptom. Never an identifier of a person, never a raw path.
Labelled children are cached per label tuple so the hot path pays a dict look-up, not
``.labels()``.

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

The ledger's queue metrics come from ``gateway.ledger.metrics``; retries, breaker and bulkhead
from ``gateway.resilience_metrics``; injected faults from the mocks.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info

__all__ = ["LATENCY_BUCKETS", "GatewayMetrics"]

# SLO thresholds (0.3 s, 0.8 s, 2.5 s) are exact bucket bounds; 30 s is the registry timeout
# and 60 s catches what outlived it (Phụ lục V rows 20/51/54–56/63: answers over 30 s).
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
)


class GatewayMetrics:
    """RED metrics per hop/service/consumer plus upstream-attempt and protection metrics."""

    def __init__(self, registry: CollectorRegistry, *, hop: str, version: str = "0.1.0") -> None:
        self.hop = hop
        self.requests = Counter(
            "gateway_requests",
            "Requests answered by this hop, by outcome",
            ["hop", "provider", "service", "consumer", "code", "outcome"],
            registry=registry,
        )
        self.duration = Histogram(
            "gateway_request_duration_seconds",
            "Time from request in to response out at this hop",
            ["hop", "provider", "service"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.in_flight = Gauge(
            "gateway_requests_in_flight", "Requests being handled", ["hop"], registry=registry
        ).labels(hop)
        self.upstream_requests = Counter(
            "gateway_upstream_requests",
            "Calls to the upstream (registry or next hop), by outcome",
            ["hop", "upstream", "outcome"],
            registry=registry,
        )
        self.upstream_duration = Histogram(
            "gateway_upstream_request_duration_seconds",
            "Upstream call time (all attempts) as seen by this hop",
            ["hop", "upstream"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.gateway_errors = Counter(
            "gateway_errors",
            "Errors produced by this hop itself, by stable reason",
            ["hop", "reason"],
            registry=registry,
        )
        self.contract_violations = Counter(
            "gateway_contract_violations",
            "2xx answers missing fields required by the service contract",
            ["hop", "provider", "service"],
            registry=registry,
        )
        self.quota_rejections = Counter(
            "gateway_quota_rejections",
            "Requests refused by this hop's per-consumer quota (HTTP 429)",
            ["hop", "consumer"],
            registry=registry,
        )
        self.symptoms = Counter(
            "gateway_symptoms",
            "Calls by the symptom this hop observed (gateway.symptoms), header-independent",
            ["hop", "provider", "symptom"],
            registry=registry,
        )
        Info("gateway_build", "Build of the gateway", registry=registry).info(
            {"version": version, "hop": hop}
        )
        self._requests: dict[tuple[str, str, str, str, str], Counter] = {}
        self._duration: dict[tuple[str, str], Histogram] = {}
        self._upstream: dict[tuple[str, str], Counter] = {}
        self._upstream_duration: dict[str, Histogram] = {}
        self._errors: dict[str, Counter] = {}
        self._quota: dict[str, Counter] = {}
        self._symptoms: dict[tuple[str, str], Counter] = {}

    def observe_request(
        self, provider: str, service: str, consumer: str, code: int, outcome: str, seconds: float
    ) -> None:
        key = (provider, service, consumer, str(code), outcome)
        child = self._requests.get(key)
        if child is None:
            child = self._requests[key] = self.requests.labels(self.hop, *key)
        child.inc()
        dkey = (provider, service)
        hist = self._duration.get(dkey)
        if hist is None:
            hist = self._duration[dkey] = self.duration.labels(self.hop, provider, service)
        hist.observe(seconds)

    def observe_upstream(self, upstream: str, outcome: str, seconds: float) -> None:
        key = (upstream, outcome)
        child = self._upstream.get(key)
        if child is None:
            child = self._upstream[key] = self.upstream_requests.labels(self.hop, upstream, outcome)
        child.inc()
        hist = self._upstream_duration.get(upstream)
        if hist is None:
            hist = self._upstream_duration[upstream] = self.upstream_duration.labels(
                self.hop, upstream
            )
        hist.observe(seconds)

    def gateway_error(self, reason: str) -> None:
        child = self._errors.get(reason)
        if child is None:
            child = self._errors[reason] = self.gateway_errors.labels(self.hop, reason)
        child.inc()

    def quota_rejected(self, consumer: str) -> None:
        child = self._quota.get(consumer)
        if child is None:
            child = self._quota[consumer] = self.quota_rejections.labels(self.hop, consumer)
        child.inc()

    def observe_symptom(self, provider: str, symptom: str) -> None:
        key = (provider, symptom)
        child = self._symptoms.get(key)
        if child is None:
            child = self._symptoms[key] = self.symptoms.labels(self.hop, provider, symptom)
        child.inc()
