"""Counters, gauges and histograms for metrics written by one event-loop thread.

Why not ``prometheus_client.Counter``: each of its ``inc()``/``observe()`` takes a lock and
re-checks that the metric is observable, and a gateway hop makes some fifteen such
updates per request (RED, upstream, attempt, bulkhead and symptom series). The hop's
metrics are only ever written from its event loop, so here a child is a plain number updated in
place, and the families are built when Prometheus scrapes (``collect``). The exposition — names,
``_total``/``_bucket``/``_count``/``_sum``/``_created`` samples, help, labels, bucket bounds — is
the one prometheus_client produces for the same declarations, so rules, dashboards and
``CollectorRegistry.get_sample_value`` see no difference.

A scrape served by another thread reads numbers that may be one update behind; the GIL keeps
each number whole.

    requests = LoopCounter("gateway_requests", "Requests", ["hop", "code"], registry=registry)
    requests.labels("ndxp", "200").inc()
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from prometheus_client import CollectorRegistry
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.samples import Sample
from prometheus_client.utils import floatToGoString

__all__ = ["Family", "LoopCounter", "LoopGauge", "LoopHistogram"]


class CounterChild:
    __slots__ = ("value", "created")

    def __init__(self) -> None:
        self.value = 0.0
        self.created = time.time()

    def inc(self, amount: float = 1.0) -> None:
        if amount < 0:
            raise ValueError("counters only go up")
        self.value += amount


class GaugeChild:
    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0.0

    def set(self, value: float) -> None:
        self.value = value

    def inc(self, amount: float = 1.0) -> None:
        self.value += amount

    def dec(self, amount: float = 1.0) -> None:
        self.value -= amount


class HistogramChild:
    __slots__ = ("bounds", "counts", "created", "sum")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)  # per bucket, not cumulative; the last is +Inf
        self.sum = 0.0
        self.created = time.time()

    def observe(self, value: float) -> None:
        # bisect_left: the first bound >= value, i.e. Prometheus' "le" (less or equal) bucket.
        self.counts[bisect_left(self.bounds, value)] += 1
        self.sum += value


C = TypeVar("C", CounterChild, GaugeChild, HistogramChild)


class Family(Generic[C]):
    """A metric name with its labelled children; registered on ``registry`` as a collector."""

    kind = ""

    def __init__(
        self,
        name: str,
        documentation: str,
        labelnames: Sequence[str],
        *,
        registry: CollectorRegistry,
    ) -> None:
        self.name = name.removesuffix("_total") if self.kind == "counter" else name
        self.documentation = documentation
        self.labelnames = tuple(labelnames)
        self._children: dict[tuple[str, ...], C] = {}
        registry.register(self)

    def labels(self, *values: str) -> C:
        child = self._children.get(values)
        if child is None:
            if len(values) != len(self.labelnames):
                raise ValueError(f"{self.name} takes labels {self.labelnames}, got {values}")
            child = self._children[values] = self._new_child()
        return child

    def _new_child(self) -> C:
        raise NotImplementedError

    def describe(self) -> Iterable[Metric]:
        return [self._family()]  # names only: lets the registry refuse duplicates

    def collect(self) -> Iterator[Metric]:
        family = self._family()
        for values, child in list(self._children.items()):
            self._add(family, list(values), child)
        yield family

    def _family(self) -> Metric:
        raise NotImplementedError

    def _add(self, family: Metric, values: list[str], child: C) -> None:
        raise NotImplementedError


class LoopCounter(Family[CounterChild]):
    kind = "counter"

    def _new_child(self) -> CounterChild:
        return CounterChild()

    def _family(self) -> Metric:
        return CounterMetricFamily(self.name, self.documentation, labels=self.labelnames)

    def _add(self, family: Metric, values: list[str], child: CounterChild) -> None:
        assert isinstance(family, CounterMetricFamily)
        family.add_metric(values, child.value, created=child.created)


class LoopGauge(Family[GaugeChild]):
    kind = "gauge"

    def _new_child(self) -> GaugeChild:
        return GaugeChild()

    def _family(self) -> Metric:
        return GaugeMetricFamily(self.name, self.documentation, labels=self.labelnames)

    def _add(self, family: Metric, values: list[str], child: GaugeChild) -> None:
        assert isinstance(family, GaugeMetricFamily)
        family.add_metric(values, child.value)


class LoopHistogram(Family[HistogramChild]):
    kind = "histogram"

    def __init__(
        self,
        name: str,
        documentation: str,
        labelnames: Sequence[str],
        *,
        buckets: Sequence[float],
        registry: CollectorRegistry,
    ) -> None:
        bounds = tuple(float(b) for b in buckets if b != float("inf"))
        if list(bounds) != sorted(set(bounds)):
            raise ValueError("histogram buckets must be distinct and in increasing order")
        self._bounds = bounds
        le: list[str] = [floatToGoString(b) for b in bounds]  # type: ignore[no-untyped-call]
        self._le = [*le, "+Inf"]
        super().__init__(name, documentation, labelnames, registry=registry)

    def _new_child(self) -> HistogramChild:
        return HistogramChild(self._bounds)

    def _family(self) -> Metric:
        return HistogramMetricFamily(self.name, self.documentation, labels=self.labelnames)

    def _add(self, family: Metric, values: list[str], child: HistogramChild) -> None:
        assert isinstance(family, HistogramMetricFamily)
        cumulative, buckets = 0, []
        for le, count in zip(self._le, list(child.counts), strict=True):
            cumulative += count
            buckets.append((le, float(cumulative)))
        family.add_metric(values, buckets, child.sum)
        labels = dict(zip(self.labelnames, values, strict=True))
        family.samples.append(Sample(self.name + "_created", labels, child.created, None, None))
