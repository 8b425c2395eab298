"""Builds the ASGI app of one registry by name, with its data, clock and (optional) faults."""

from __future__ import annotations

from typing import Literal

from prometheus_client import CollectorRegistry

from mock_registries.asgi import ASGIApp
from mock_registries.clock import Clock
from mock_registries.settings import MockSettings

__all__ = ["REGISTRY_NAMES", "RegistryName", "create_registry_app"]

RegistryName = Literal["dan_cu", "dkdn", "ho_tich", "gplx"]
REGISTRY_NAMES: tuple[RegistryName, ...] = ("dan_cu", "dkdn", "ho_tich", "gplx")


def create_registry_app(
    name: RegistryName,
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
) -> ASGIApp:
    """The registry app ``name`` (one of :data:`REGISTRY_NAMES`)."""
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
    return create_app(settings, clock=clock, metrics_registry=metrics_registry)
