"""Prometheus series of the fault engine, in the injected ``CollectorRegistry``.

    mock_registry_faults_injected_total{registry, fault, row}   counter
    mock_registry_fault_seed{registry}                           gauge (the run seed)

Labels are low-cardinality by construction: four registries, ~18 fault names, ~40 rows.
The four mocks of a process may share one CollectorRegistry, so collectors are created once
per CollectorRegistry and children are cached.
"""

from __future__ import annotations

import weakref

from prometheus_client import CollectorRegistry, Counter, Gauge

from mock_registries.faults.scenarios import Scenario

__all__ = ["FaultMetrics"]

_BY_REGISTRY: weakref.WeakKeyDictionary[CollectorRegistry, FaultMetrics] = (
    weakref.WeakKeyDictionary()
)


class FaultMetrics:
    def __init__(self, metrics_registry: CollectorRegistry) -> None:
        self.injected = Counter(
            "mock_registry_faults_injected",
            "Faults injected by the simulator, by registry, fault kind and Phụ lục V row",
            ["registry", "fault", "row"],
            registry=metrics_registry,
        )
        self.seed = Gauge(
            "mock_registry_fault_seed",
            "Run seed of the fault engine (same seed and request keys, same faults)",
            ["registry"],
            registry=metrics_registry,
        )
        self._children: dict[tuple[str, str, str], Counter] = {}

    @classmethod
    def for_registry(cls, metrics_registry: CollectorRegistry) -> FaultMetrics:
        existing = _BY_REGISTRY.get(metrics_registry)
        if existing is None:
            existing = cls(metrics_registry)
            _BY_REGISTRY[metrics_registry] = existing
        return existing

    def child(self, registry: str, fault: str, row: str) -> Counter:
        key = (registry, fault, row)
        counter = self._children.get(key)
        if counter is None:
            counter = self.injected.labels(registry=registry, fault=fault, row=row)
            self._children[key] = counter
        return counter

    def precreate(self, registry: str, scenario: Scenario | None) -> None:
        """Zero-valued children for every rule the scenario has on ``registry``."""
        if scenario is None:
            return
        for rule in scenario.by_registry.get(registry, ()):
            self.child(registry, rule.fault.name, rule.row_label)
