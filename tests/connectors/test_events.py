"""Observer hooks and their Prometheus implementation (``gateway.resilience_metrics``)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from connectors._events import NULL_OBSERVER, UpstreamObserver, attempt_outcome
from gateway.resilience_metrics import ResilienceMetrics


def value(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, labels)


def test_attempt_outcome_labels() -> None:
    assert [attempt_outcome(s) for s in (200, 404, 429, 503)] == [
        "success",
        "success",
        "http_429",
        "http_503",
    ]


def test_prometheus_observer_series() -> None:
    registry = CollectorRegistry()
    metrics: UpstreamObserver = ResilienceMetrics(registry, hop="ndxp", upstreams=["dan_cu"])
    up = {"hop": "ndxp", "upstream": "dan_cu"}
    assert value(registry, "gateway_circuit_breaker_state", state="closed", **up) == 1.0
    assert value(registry, "gateway_circuit_breaker_state", state="open", **up) == 0.0
    assert value(registry, "gateway_bulkhead_in_use", **up) == 0.0

    metrics.prepare("dan_cu", lambda: 7)  # calls in flight: read from the upstream when scraped
    metrics.attempt_finished("dan_cu", "read_timeout", 0.2)
    metrics.attempt_finished("dan_cu", "read_timeout", 0.3)
    metrics.retry_scheduled("dan_cu", 1, 0.01, "read_timeout")
    metrics.retry_budget_exhausted("dan_cu")
    metrics.breaker_state_changed("dan_cu", "closed", "open")
    metrics.breaker_rejected("dan_cu")
    metrics.bulkhead_rejected("dan_cu")
    metrics.hedge_fired("dan_cu")

    assert value(registry, "gateway_upstream_attempts_total", outcome="read_timeout", **up) == 2
    assert value(registry, "gateway_upstream_attempt_duration_seconds_count", **up) == 2
    assert value(registry, "gateway_upstream_retries_total", **up) == 1
    assert value(registry, "gateway_upstream_retry_budget_exhausted_total", **up) == 1
    assert value(registry, "gateway_circuit_breaker_state", state="closed", **up) == 0.0
    assert value(registry, "gateway_circuit_breaker_state", state="open", **up) == 1.0
    assert value(registry, "gateway_circuit_breaker_transitions_total", to="open", **up) == 1
    assert value(registry, "gateway_circuit_breaker_rejected_total", **up) == 1
    assert value(registry, "gateway_bulkhead_rejected_total", **up) == 1
    assert value(registry, "gateway_bulkhead_in_use", **up) == 7
    assert value(registry, "gateway_upstream_hedges_total", **up) == 1
    # the 0.3 s bucket bound comes from gateway.metrics.LATENCY_BUCKETS
    assert value(registry, "gateway_upstream_attempt_duration_seconds_bucket", le="0.3", **up) == 2


def test_null_observer_accepts_everything() -> None:
    NULL_OBSERVER.attempt_finished("x", "success", 0.0)
    NULL_OBSERVER.breaker_state_changed("x", "closed", "open")
