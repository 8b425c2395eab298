"""Builds the ASGI app of one registry by name, with its data, clock and (optional) faults."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from prometheus_client import CollectorRegistry

from mock_registries.asgi import ASGIApp
from mock_registries.clock import Clock
from mock_registries.settings import MockSettings

if TYPE_CHECKING:
    from mock_registries.faults.engine import FaultEngine

__all__ = ["REGISTRY_NAMES", "RegistryName", "create_registry_app"]

RegistryName = Literal["dan_cu", "dkdn", "ho_tich", "gplx"]
REGISTRY_NAMES: tuple[RegistryName, ...] = ("dan_cu", "dkdn", "ho_tich", "gplx")


def create_registry_app(
    name: RegistryName,
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
    fault_engine: FaultEngine | None = None,
) -> ASGIApp:
    """The registry app ``name`` (one of :data:`REGISTRY_NAMES`), wrapped in the fault
    middleware when a (process-wide, shared) ``fault_engine`` is given."""
    if name == "dan_cu":
        from mock_registries.dan_cu import create_app
    elif name == "dkdn":
        from mock_registries.dkdn import create_app
    elif name == "ho_tich":
        from mock_registries.ho_tich import create_app
    elif name == "gplx":
        from mock_registries.gplx import create_app
    else:
        raise ValueError(f"unknown registry {name!r}")
    app: ASGIApp = create_app(settings, clock=clock, metrics_registry=metrics_registry)
    if fault_engine is not None:
        from mock_registries.faults.middleware import FaultMiddleware

        app = FaultMiddleware(
            app, registry=name, engine=fault_engine, metrics_registry=metrics_registry
        )
    return app
