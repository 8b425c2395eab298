"""Runs components — the four registry mocks, the NDXP, the LGSP and the tester's console — as
uvicorn servers in ONE process, each on its own port: the gateways and the console on the
caller's event loop, the registry mocks on a second loop in a thread of their own
(:mod:`simulator.serving_thread` says why: the world's computing must not hold the gateways'
timers).

Sockets are bound before any app is built, so port 0 works (tests get free ports) and every
component knows the real URLs of its upstreams.

    async with Stack(settings) as stack:
        print(stack.urls["lgsp"])
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import socket
from collections.abc import Awaitable, Callable, Generator, Iterable
from dataclasses import dataclass
from typing import Any

import uvicorn
from prometheus_client import CollectorRegistry

from gateway import GatewayApp, Role, create_app, load_catalog, server_options
from gateway.opmon import LedgerSink
from mock_registries import (
    MOCK_HTTP_PROTOCOL,
    REGISTRY_NAMES,
    Clock,
    FaultEngine,
    World,
    build_fault_engine,
    build_world,
    create_registry_app,
)
from simulator.links import LinkFaults, front_protocol
from simulator.serving_thread import ServingThread
from simulator.settings import COMPONENTS, CONSOLE, GATEWAYS, SERVICES, StackSettings

__all__ = [
    "ASGIApp",
    "Component",
    "PortUnavailable",
    "Stack",
    "bind",
    "build_component",
    "component_server_options",
    "fault_engine",
]


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the stack."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


@dataclass
class Component:
    name: str
    app: ASGIApp
    sock: socket.socket
    metrics_registry: CollectorRegistry
    close: Callable[[], Awaitable[None]] | None = None  # before the server stops (open streams)
    gateway: GatewayApp | None = None  # a gateway's own app, behind its front (``app``)
    server: _Server | None = None
    task: asyncio.Future[None] | None = None

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])


def fault_engine(settings: StackSettings, clock: Clock, ledger: LedgerSink | None) -> FaultEngine:
    """One engine for the mocks and gateways of the process: a scenario spans registries,
    gateways and the links between them."""
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


class PortUnavailable(OSError):
    """A component's port is taken (or not ours to bind); names the setting that moves it."""

    def __init__(self, component: str, host: str, port: int, why: str) -> None:
        self.component = component
        self.host = host
        self.port = port
        self.why = why
        self.variable = f"NDXP_PORTS__{component.upper()}"
        super().__init__(
            f"{component}: không mở được cổng {host}:{port} ({why}); "
            f"đặt cổng khác, ví dụ {self.variable}={port + 1000}"
        )


class Stack:
    """The components named in ``only`` (default: all six), started together."""

    def __init__(
        self,
        settings: StackSettings,
        *,
        only: Iterable[str] | None = None,
        clock: Clock | None = None,
        ledger: LedgerSink | None = None,
        free_ports: bool = False,
    ) -> None:
        wanted = tuple(only) if only is not None else COMPONENTS
        unknown = set(wanted) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown component(s): {', '.join(sorted(unknown))}")
        self.clock = clock or Clock(speed=settings.mocks.clock_speed)
        self.ledger = ledger
        self.fault_engine: FaultEngine | None = None
        self.links: LinkFaults | None = None
        self.world: World | None = None
        self._registries_thread: ServingThread | None = None
        self._frozen = False
        self.components: dict[str, Component] = {}
        socks: dict[str, socket.socket] = {}
        try:
            for name in wanted:
                port = 0 if free_ports else settings.ports.of(name)
                socks[name] = bind(settings.host, port, name)
            urls = dict(settings.upstream_urls)
            for name, sock in socks.items():
                urls[name] = f"http://{settings.host}:{sock.getsockname()[1]}"
            self.settings = settings.model_copy(update={"upstream_urls": urls})
            if any(name in SERVICES for name in wanted):
                self.fault_engine = self._fault_engine()
                # One national world for all mocks: a birth registered at hộ tịch shows in dân cư.
                self.world = build_world(self.settings.mocks, clock=self.clock)
            for name in wanted:
                registry = CollectorRegistry()
                if name == CONSOLE:
                    self.components[name] = self._console(socks[name], registry)
                    continue
                app, gateway = self._build(name, registry)
                self.components[name] = Component(name, app, socks[name], registry, None, gateway)
        except BaseException:
            for sock in socks.values():
                sock.close()
            raise

    def _fault_engine(self) -> FaultEngine:
        return fault_engine(self.settings, self.clock, self.ledger)

    def _console(self, sock: socket.socket, registry: CollectorRegistry) -> Component:
        from simulator.console import create_console

        console = create_console(self.settings, metrics_registry=registry)
        return Component(CONSOLE, console.app, sock, registry, close=console.close)

    def _build(self, name: str, registry: CollectorRegistry) -> tuple[ASGIApp, GatewayApp | None]:
        assert self.fault_engine is not None
        if self.links is None and name in GATEWAYS:
            catalog = load_catalog(self.settings.gateway_settings().catalog_path)
            self.links = LinkFaults(self.fault_engine, catalog)
        return build_component(
            self.settings, name, registry, clock=self.clock, engine=self.fault_engine,
            world=self.world, ledger=self.ledger, links=self.links,
        )  # fmt: skip

    @property
    def urls(self) -> dict[str, str]:
        return {name: self.settings.base_url(name) for name in self.components}

    def _register_ledger_metrics(self) -> None:
        gateways = [c for c in self.components.values() if c.name in GATEWAYS]
        if self.ledger is None or not gateways:
            return
        # One ledger serves both hops of this process: expose it once, on the outer hop.
        owner = gateways[-1] if gateways[-1].name == "lgsp" else gateways[0]
        collector = self.ledger.collector(owner.name)
        if collector is not None:
            owner.metrics_registry.register(collector)

    async def start(self) -> None:
        self._register_ledger_metrics()
        if self.links is not None:
            await self.links.start()
        for component in self.components.values():
            config = uvicorn.Config(
                component.app,
                log_level=self.settings.log_level,
                timeout_graceful_shutdown=self.settings.shutdown_grace_seconds,
                **component_server_options(self.settings, component.name),
            )
            component.server = _Server(config)
            serving = component.server.serve(sockets=[component.sock])
            if component.name in REGISTRY_NAMES:
                component.task = self._registries().serve(serving)
            else:
                component.task = asyncio.create_task(serving, name=f"serve-{component.name}")
        try:
            await self._until_started()
        except BaseException:
            if self._registries_thread is not None:
                await self._registries_thread.close()  # its servers stop with its loop
            raise
        # What start-up built (modules, the world's tables, the apps) leaves the collector's
        # reach while serving: a full collection then scans only what serving allocated, not
        # the start-up heap again and again (a pass holds the interpreter lock: both loops).
        gc.collect()
        gc.freeze()
        self._frozen = True

    async def _until_started(self) -> None:
        while not all(c.server is not None and c.server.started for c in self.components.values()):
            for component in self.components.values():
                if component.task is not None and component.task.done():
                    component.task.result()  # re-raise a start-up failure
                    raise RuntimeError(f"{component.name} stopped during start-up")
            await asyncio.sleep(0.01)

    def _registries(self) -> ServingThread:
        if self._registries_thread is None:
            loop_factory = type(asyncio.get_running_loop())  # uvloop's where the stack runs on it
            self._registries_thread = ServingThread("ndxp-sim-registries", loop_factory)
        return self._registries_thread

    async def stop(self) -> None:
        # The console's live streams never end by themselves: close them first.
        for component in self.components.values():
            if component.close is not None:
                await component.close()
        # Gateways first: they drain in-flight calls while the registries still answer.
        order = [c for c in self.components.values() if c.name in GATEWAYS]
        order += [c for c in self.components.values() if c.name not in GATEWAYS]
        for group in (order[: sum(c.name in GATEWAYS for c in order)], order):
            for component in group:
                if component.server is not None:
                    component.server.should_exit = True
            await asyncio.gather(
                *(c.task for c in group if c.task is not None), return_exceptions=True
            )
        if self._registries_thread is not None:
            await self._registries_thread.close()
        if self._frozen:  # what this stack built can be collected again once it is gone
            gc.unfreeze()
            self._frozen = False
        for component in self.components.values():
            component.sock.close()
        if self.links is not None:
            await self.links.aclose()
        # Only now, with every gateway drained, is the ledger complete: flush and close it.
        if self.ledger is not None:
            await asyncio.to_thread(self.ledger.close)

    def catch_signals(self) -> asyncio.Future[str]:
        """Install SIGINT/SIGTERM handlers now; the future resolves to the signal's name.

        Call it before :meth:`start`, so a signal that arrives while servers come up is not
        lost (the default action would kill the process without draining anything).
        """
        loop = asyncio.get_running_loop()
        received: asyncio.Future[str] = loop.create_future()

        def on_signal(sig: signal.Signals) -> None:
            if not received.done():
                received.set_result(sig.name)
            for each in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(each)

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal, sig)
        return received

    async def __aenter__(self) -> Stack:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
