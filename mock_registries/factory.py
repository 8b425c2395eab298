"""Builds the ASGI app of one registry by name, with its world, clock and (optional) faults.

The four mocks of a process are views of one :class:`~mock_registries.world.World` (pass the same
``world`` to each); with a fault engine, the world's event delays follow its scenario: a
``sync_lag`` fault (Phụ lục V rows 12/13) adds its lag while the scenario is active.

A registry is one :class:`~mock_registries.web.RegistrySpec` (its package's ``SPEC``): adding one
means a package with a router and its data module, and its name below
(see ``docs/adding-a-registry.md``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Literal
from weakref import WeakKeyDictionary, WeakSet

from prometheus_client import CollectorRegistry

from mock_registries.asgi import ASGIApp
from mock_registries.clock import Clock
from mock_registries.common import DEFAULT_CACHE_SIZE
from mock_registries.marks import NoRecordMark, SimulatedDate
from mock_registries.settings import MockSettings
from mock_registries.web import RegistryContext, RegistrySpec, create_registry_api
from mock_registries.world import World

if TYPE_CHECKING:
    from mock_registries.faults.engine import FaultEngine

__all__ = [
    "REGISTRY_NAMES",
    "RegistryName",
    "build_world",
    "create_registry_app",
    "link_world",
    "registry_spec",
]

RegistryName = Literal["dan_cu", "dkdn", "ho_tich", "gplx"]
REGISTRY_NAMES: tuple[RegistryName, ...] = ("dan_cu", "dkdn", "ho_tich", "gplx")


def registry_spec(name: str) -> RegistrySpec:
    """The spec of registry ``name`` (its package ``mock_registries.<name>``)."""
    if name not in REGISTRY_NAMES:
        raise ValueError(f"unknown registry {name!r}")
    spec = import_module(f"mock_registries.{name}").SPEC
    assert isinstance(spec, RegistrySpec)
    return spec


def build_world(settings: MockSettings, *, clock: Clock) -> World:
    """The national world of a process (build one, share it between the mocks)."""
    return World(settings.seed, settings.world, clock=clock)


_LINKED: WeakKeyDictionary[FaultEngine, WeakSet[World]] = WeakKeyDictionary()


def link_world(world: World, engine: FaultEngine) -> None:
    """Let ``engine``'s scenarios stretch ``world``'s delays (idempotent)."""
    linked = _LINKED.setdefault(engine, WeakSet())
    if world in linked:
        return
    linked.add(world)
    base = world.delays()

    def follow(_scenario: object) -> None:
        world.set_delays(base.lagged(engine.sync_lag("status"), engine.sync_lag("dan_cu")))

    engine.add_listener(follow)
    follow(None)


def create_registry_app(
    name: RegistryName,
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
    fault_engine: FaultEngine | None = None,
    cache_size: int = DEFAULT_CACHE_SIZE,
    world: World | None = None,
) -> ASGIApp:
    """The registry app ``name`` (one of :data:`REGISTRY_NAMES`) over ``world`` (a world of
    its own when none is given), wrapped in the fault middleware when a (process-wide,
    shared) ``fault_engine`` is given; its answers carry its simulated time and mark its own
    no-record answers (:mod:`mock_registries.marks`)."""
    world = world if world is not None else build_world(settings, clock=clock)
    context = RegistryContext(settings, clock, metrics_registry, cache_size, world)
    app: ASGIApp = NoRecordMark(create_registry_api(registry_spec(name), context))
    if fault_engine is not None:
        link_world(world, fault_engine)
        from mock_registries.faults.middleware import FaultMiddleware

        app = FaultMiddleware(
            app, registry=name, engine=fault_engine, metrics_registry=metrics_registry
        )
    return SimulatedDate(app, clock)
