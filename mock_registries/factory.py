"""Builds the ASGI app of one registry by name, with its data, clock and (optional) faults.

A registry is one :class:`~mock_registries.web.RegistrySpec` (its package's ``SPEC``): adding one
means a package with a router and its data module, and its name below
(see ``docs/adding-a-registry.md``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Literal

from prometheus_client import CollectorRegistry

from mock_registries.asgi import ASGIApp
from mock_registries.clock import Clock
from mock_registries.common import DEFAULT_CACHE_SIZE
from mock_registries.settings import MockSettings
from mock_registries.web import RegistryContext, RegistrySpec, create_registry_api

if TYPE_CHECKING:
    from mock_registries.faults.engine import FaultEngine

__all__ = ["REGISTRY_NAMES", "RegistryName", "create_registry_app", "registry_spec"]

RegistryName = Literal["dan_cu", "dkdn", "ho_tich", "gplx"]
REGISTRY_NAMES: tuple[RegistryName, ...] = ("dan_cu", "dkdn", "ho_tich", "gplx")


def registry_spec(name: str) -> RegistrySpec:
    """The spec of registry ``name`` (its package ``mock_registries.<name>``)."""
    if name not in REGISTRY_NAMES:
        raise ValueError(f"unknown registry {name!r}")
    spec = import_module(f"mock_registries.{name}").SPEC
    assert isinstance(spec, RegistrySpec)
    return spec


def create_registry_app(
    name: RegistryName,
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
    fault_engine: FaultEngine | None = None,
    cache_size: int = DEFAULT_CACHE_SIZE,
) -> ASGIApp:
    """The registry app ``name`` (one of :data:`REGISTRY_NAMES`), wrapped in the fault
    middleware when a (process-wide, shared) ``fault_engine`` is given."""
    context = RegistryContext(settings, clock, metrics_registry, cache_size)
    app = create_registry_api(registry_spec(name), context)
    if fault_engine is not None:
        from mock_registries.faults.middleware import FaultMiddleware

        app = FaultMiddleware(
            app, registry=name, engine=fault_engine, metrics_registry=metrics_registry
        )
    return app
