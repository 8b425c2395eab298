"""What one component of ndxp-sim is built from, wherever it runs — in the in-process stack
(:mod:`simulator.stack`) or as one of the processes of ``serve --workers N``
(:mod:`simulator.workers`): its listening socket, its app, its uvicorn options, the fault engine
and the gateways' catalog. What cannot be had — a taken port, an unreadable catalog — raises a
:class:`~simulator.failures.StackFailure` that names it, before anything serves.
"""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from prometheus_client import CollectorRegistry
from pydantic import ValidationError

from gateway import Catalog, GatewayApp, Role, create_app, load_catalog, server_options
from gateway.opmon import LedgerSink
from mock_registries import (
    MOCK_HTTP_PROTOCOL,
    REGISTRY_NAMES,
    Clock,
    FaultEngine,
    World,
    build_fault_engine,
    create_registry_app,
)
from simulator.failures import CatalogUnreadable, PortUnavailable
from simulator.links import LinkFaults, front_protocol
from simulator.settings import StackSettings

__all__ = [
    "ASGIApp",
    "bind",
    "build_component",
    "component_server_options",
    "fault_engine",
    "read_catalog",
]

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def read_catalog(path: Path) -> Catalog:
    """The gateways' catalog; a missing, non-YAML or invalid file raises
    :class:`CatalogUnreadable` naming the file and the first problem."""
    try:
        return load_catalog(path)
    except OSError as exc:
        raise CatalogUnreadable(path, exc.strerror or str(exc)) from None
    except yaml.YAMLError as exc:
        raise CatalogUnreadable(path, " ".join(str(exc).split())) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "/"
        raise CatalogUnreadable(path, f"{where}: {first['msg']}") from None


def fault_engine(settings: StackSettings, clock: Clock, ledger: LedgerSink | None) -> FaultEngine:
    """One engine for the mocks and gateways of the process: a scenario spans registries,
    gateways and the links between them. An unknown start-up scenario raises the engine's
    ``ScenarioNotFound`` (one line in the CLI)."""
    engine = build_fault_engine(settings.fault_settings(), clock=clock)
    if ledger is not None:
        # Journal applied faults by request key, so that even a request whose answer
        # never came (hang, reset) is attributed to its Phụ lục V row.
        engine.add_applied_listener(
            lambda registry, key, tag: ledger.record_fault(key, registry, tag)
        )
    return engine


def build_component(
    settings: StackSettings,
    name: str,
    registry: CollectorRegistry,
    *,
    clock: Clock,
    engine: FaultEngine | None,
    ledger: LedgerSink | None,
    world: World | None = None,
    workers: int = 1,
    links: LinkFaults | None = None,
) -> tuple[ASGIApp, GatewayApp | None]:
    """The app of registry mock or gateway ``name`` (one of ``workers`` processes serving it)
    and, for a gateway, its own app — behind its front of hop faults when ``links`` is given."""
    if name in REGISTRY_NAMES:
        mock = create_registry_app(
            name, settings.mocks, clock=clock, metrics_registry=registry, fault_engine=engine,
            world=world,
        )  # fmt: skip
        return mock, None
    role: Role = "lgsp" if name == "lgsp" else "ndxp"
    gateway_settings = settings.gateway_settings(workers=workers)
    # The per-consumer sandboxes live on this process's fault engine (none in a worker).
    sandboxes = engine.bindings if engine is not None else None
    app = create_app(
        gateway_settings, role=role, metrics_registry=registry, ledger=ledger, sandboxes=sandboxes
    )
    if links is None:
        return app, app
    front = links.wrap(
        app,
        role=role,
        spelling=gateway_settings.error_spelling,
        upstream_urls=gateway_settings.upstreams,
        metrics_registry=registry,
    )
    return front, app


def component_server_options(settings: StackSettings, name: str) -> dict[str, Any]:
    """The uvicorn options of component ``name`` besides the app, log level and grace.

    Each answer's Date is its system's clock — a mock's simulated time, a gateway's own — so
    uvicorn adds none; a gateway's protocol lends each connection to its front (hop faults)."""
    gateway = settings.gateway
    options = {**server_options(gateway.server, spelling=gateway.error_spelling)}
    options["date_header"] = False
    if name in REGISTRY_NAMES:
        return {**options, "http": MOCK_HTTP_PROTOCOL}
    return {**options, "http": front_protocol(options["http"])}


def bind(host: str, port: int, component: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortUnavailable(component, host, port, exc.strerror or str(exc)) from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock
