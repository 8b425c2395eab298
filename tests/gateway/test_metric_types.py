"""The loop-thread metric types expose exactly what prometheus_client's own types expose."""

from __future__ import annotations

import re

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from gateway.metric_types import LoopCounter, LoopGauge, LoopHistogram
from gateway.metrics import LATENCY_BUCKETS


def _exposition(registry: CollectorRegistry) -> str:
    # _created holds the creation time: equal in form, not in value.
    return re.sub(r"(_created\{[^}]*\}) \S+", r"\1 T", generate_latest(registry).decode())


def _feed(counter: object, gauge: object, histogram: object) -> None:
    for code in ("200", "502", "200"):
        counter.labels("ndxp", code).inc()  # type: ignore[attr-defined]
    counter.labels("lgsp", "429").inc(2.5)  # type: ignore[attr-defined]
    gauge.labels("ndxp").set(3)  # type: ignore[attr-defined]
    gauge.labels("ndxp").inc()  # type: ignore[attr-defined]
    gauge.labels("lgsp").dec(2)  # type: ignore[attr-defined]
    # On a bound, between bounds, below the first, above the last.
    for seconds in (0.005, 0.3, 0.0001, 0.27, 61.0, 30.0):
        histogram.labels("dkdn").observe(seconds)  # type: ignore[attr-defined]


def test_exposition_matches_prometheus_client() -> None:
    ours, theirs = CollectorRegistry(), CollectorRegistry()
    _feed(
        LoopCounter("x_requests", "Requests", ["hop", "code"], registry=ours),
        LoopGauge("x_in_flight", "In flight", ["hop"], registry=ours),
        LoopHistogram("x_seconds", "Time", ["upstream"], buckets=LATENCY_BUCKETS, registry=ours),
    )
    _feed(
        Counter("x_requests", "Requests", ["hop", "code"], registry=theirs),
        Gauge("x_in_flight", "In flight", ["hop"], registry=theirs),
        Histogram("x_seconds", "Time", ["upstream"], buckets=LATENCY_BUCKETS, registry=theirs),
    )
    assert _exposition(ours) == _exposition(theirs)
    assert ours.get_sample_value("x_seconds_bucket", {"upstream": "dkdn", "le": "0.3"}) == 4
    assert ours.get_sample_value("x_requests_total", {"hop": "ndxp", "code": "200"}) == 2


def test_duplicate_names_and_bad_use_are_refused() -> None:
    registry = CollectorRegistry()
    counter = LoopCounter("y_calls", "Calls", ["hop"], registry=registry)
    with pytest.raises(ValueError, match="Duplicated"):
        Counter("y_calls", "Calls again", registry=registry)
    with pytest.raises(ValueError, match="takes labels"):
        counter.labels("ndxp", "extra")
    with pytest.raises(ValueError, match="only go up"):
        counter.labels("ndxp").inc(-1)
    with pytest.raises(ValueError, match="increasing"):
        LoopHistogram("y_seconds", "Time", [], buckets=(1.0, 0.5), registry=registry)


def test_an_answer_the_lgsp_gave_up_on_falls_in_a_finite_bucket() -> None:
    # The LGSP waits for the NDXP's whole deadline plus a margin (65 s by default): such an
    # answer must land under a finite bound, or histogram_quantile caps every p99 at 60 s.
    from gateway import GatewaySettings
    from gateway.hops import LAYER_MARGIN_SECONDS

    lgsp_waits = GatewaySettings().timeout.total + LAYER_MARGIN_SECONDS
    assert max(LATENCY_BUCKETS) > lgsp_waits
    assert 60.0 in LATENCY_BUCKETS  # the NDXP's own deadline stays a bound
