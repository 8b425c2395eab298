"""Runs components — the four registry mocks, the NDXP, the LGSP and the tester's console — as
uvicorn servers in ONE process, each on its own port: the gateways and the console on the
caller's event loop, the registry mocks on a second loop in a thread of their own
(:mod:`simulator.serving_thread` says why: the world's computing must not hold the gateways'
timers).

Sockets are bound before any app is built, so port 0 works (tests get free ports) and every
component knows the real URLs of its upstreams.

    async with Stack(settings) as stack:
        print(stack.urls["lgsp"])

Either all of it serves or none: a component that cannot start (its port taken, the catalog
unreadable, an app whose start-up raises) stops every other one, frees every port, ends the
registries' thread and closes the ledger before the failure — a
:class:`~simulator.failures.StackFailure` naming the component — reaches the caller. A
component that stops by itself later is logged (its name and the error's type), named by
:meth:`Stack.health`, and resolves :attr:`Stack.failed`, which ``ndxp-sim up`` waits on.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Generator, Iterable
from dataclasses import dataclass
from functools import partial

import uvicorn
from prometheus_client import CollectorRegistry

from gateway import GatewayApp
from gateway.opmon import LedgerSink
from mock_registries import REGISTRY_NAMES, Clock, FaultEngine, World, build_world
from simulator.components import (
    ASGIApp,
    bind,
    build_component,
    component_server_options,
    fault_engine,
    read_catalog,
)
from simulator.failures import ComponentFailed
from simulator.links import LinkFaults
from simulator.serving_thread import ServingThread
from simulator.settings import COMPONENTS, CONSOLE, GATEWAYS, SERVICES, StackSettings
from simulator.startup_log import HeldLog

__all__ = ["Component", "Stack"]

log = logging.getLogger("ndxp_sim.stack")

_STOP_MARGIN_SECONDS = 5.0  # beyond the drain's grace, before what still runs is cancelled


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the stack."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def _serving(name: str, server: _Server, sock: socket.socket) -> None:
    """Component ``name``'s server until it stops. uvicorn ends a failed start-up with
    ``sys.exit``: here that is this component's failure, not the process's end."""
    try:
        await server.serve(sockets=[sock])
    except SystemExit:
        raise ComponentFailed(name, "uvicorn: start-up failed") from None
    except asyncio.CancelledError:
        _abandon(server)
        raise


def _abandon(server: _Server) -> None:
    """Close ``server``'s listener and connections at once: it was cancelled (its loop broke,
    or its stop outlasted the grace), so it will not drain them itself."""
    for listener in getattr(server, "servers", ()):
        listener.close()
    for connection in list(server.server_state.connections):
        transport = getattr(connection, "transport", None)
        if transport is not None:
            transport.abort()


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
        self.clock = clock or Clock(speed=settings.mocks.clock_speed)
        self.ledger = ledger
        self.fault_engine: FaultEngine | None = None
        self.links: LinkFaults | None = None
        self.world: World | None = None
        self._registries_thread: ServingThread | None = None
        self._frozen = False
        self._stopping = False
        self.failures: dict[str, ComponentFailed] = {}  # what stopped by itself, by component
        self.failed: asyncio.Future[ComponentFailed] | None = None  # the first of them
        self.components: dict[str, Component] = {}
        socks: dict[str, socket.socket] = {}
        try:
            unknown = set(wanted) - set(COMPONENTS)
            if unknown:
                raise ValueError(f"unknown component(s): {', '.join(sorted(unknown))}")
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
            if ledger is not None:  # the stack owns the ledger it was given: it closes it
                ledger.close()
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
            catalog = read_catalog(self.settings.gateway_settings().catalog_path)
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
        """Serve every component; if one cannot, stop all and raise its
        :class:`ComponentFailed` (or what else went wrong) once nothing runs any more."""
        held = HeldLog.install(logging.getLogger("uvicorn.error"))
        try:
            self._register_ledger_metrics()
            if self.links is not None:
                await self.links.start()
            for component in self.components.values():
                self._launch(component)
            await self._until_started(held)
        except BaseException:
            try:
                await self.stop()
            finally:
                held.remove()
            raise
        held.release()
        self.failed = asyncio.get_running_loop().create_future()
        for component in self.components.values():
            assert component.task is not None
            component.task.add_done_callback(partial(self._ended, component.name))
        # What start-up built (modules, the world's tables, the apps) leaves the collector's
        # reach while serving: a full collection then scans only what serving allocated, not
        # the start-up heap again and again (a pass holds the interpreter lock: both loops).
        gc.collect()
        gc.freeze()
        self._frozen = True

    def _launch(self, component: Component) -> None:
        config = uvicorn.Config(
            component.app,
            log_level=self.settings.log_level,
            timeout_graceful_shutdown=self.settings.shutdown_grace_seconds,
            **component_server_options(self.settings, component.name),
        )
        component.server = _Server(config)
        serving = _serving(component.name, component.server, component.sock)
        if component.name in REGISTRY_NAMES:
            component.task = self._registries().serve(serving)
        else:
            component.task = asyncio.create_task(serving, name=f"serve-{component.name}")

    async def _until_started(self, held: HeldLog) -> None:
        components = list(self.components.values())
        while not all(c.server is not None and c.server.started for c in components):
            tasks = [c.task for c in components if c.task is not None]
            await asyncio.wait(tasks, timeout=0.01, return_when=asyncio.FIRST_COMPLETED)
            for component in components:
                if component.task is not None and component.task.done():
                    raise _startup_failure(component.name, component.task, held)

    def _ended(self, name: str, task: asyncio.Future[None]) -> None:
        """A component's server ended: news only if the stack is not stopping."""
        failure = _stopped_by_itself(name, task)
        if self._stopping:
            return
        self.failures[name] = failure
        log.error("%s stopped serving (%s: %s)", name, failure.reason, failure.why)
        if self.failed is not None and not self.failed.done():
            self.failed.set_result(failure)

    def health(self) -> dict[str, object]:
        """``ok`` while every component serves; ``degraded`` naming what stopped and why."""
        if not self.failures:
            return {"status": "ok"}
        stopped = {name: {"reason": f.reason, "why": f.why} for name, f in self.failures.items()}
        return {"status": "degraded", "stopped": stopped}

    def _registries(self) -> ServingThread:
        if self._registries_thread is None:
            loop_factory = type(asyncio.get_running_loop())  # uvloop's where the stack runs on it
            self._registries_thread = ServingThread("ndxp-sim-registries", loop_factory)
        return self._registries_thread

    async def stop(self) -> None:
        """Stop what runs — also after a start that failed half-way — and release the ports,
        the registries' thread and the ledger. A second call does nothing."""
        if self._stopping:
            return
        self._stopping = True
        try:
            await self._stop_servers()
        finally:
            await self._release()

    async def _stop_servers(self) -> None:
        # The console's live streams never end by themselves: close them first.
        for component in self.components.values():
            if component.close is not None:
                with _logged(f"{component.name}: close"):
                    await component.close()
        # Gateways first: they drain in-flight calls while the registries still answer.
        gateways = [c for c in self.components.values() if c.name in GATEWAYS]
        for group in (gateways, list(self.components.values())):
            for component in group:
                if component.server is not None:
                    component.server.should_exit = True
            await self._drained([c.task for c in group if c.task is not None])

    async def _drained(self, tasks: list[asyncio.Future[None]]) -> None:
        """Wait for ``tasks``; past the grace (a start-up that never ends), cancel them."""
        if not tasks:
            return
        grace = self.settings.shutdown_grace_seconds + _STOP_MARGIN_SECONDS
        _, late = await asyncio.wait(tasks, timeout=grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _release(self) -> None:
        if self._registries_thread is not None:
            with _logged("registries: close"):
                await self._registries_thread.close()
        if self._frozen:  # what this stack built can be collected again once it is gone
            gc.unfreeze()
            self._frozen = False
        for component in self.components.values():
            component.sock.close()
        if self.links is not None:
            with _logged("links: close"):
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


def _startup_failure(name: str, task: asyncio.Future[None], held: HeldLog) -> ComponentFailed:
    """What stopped component ``name`` while it started (a start-up has no request data: the
    cause is told as the server or the exception gave it)."""
    if task.cancelled():
        failure = ComponentFailed(name, "cancelled")
    elif (error := task.exception()) is None:
        failure = ComponentFailed(name, "stopped during start-up")
    elif isinstance(error, ComponentFailed):
        failure = ComponentFailed(name, held.cause() or error.why)
    else:
        failure = ComponentFailed(name, f"{type(error).__name__}: {error}")
    failure.details = held.details()
    return failure


def _stopped_by_itself(name: str, task: asyncio.Future[None]) -> ComponentFailed:
    """Why a serving component ended: only the error's type (a request's data can be in its
    text)."""
    if task.cancelled():
        return ComponentFailed(name, "cancelled", during_startup=False)
    error = task.exception()
    if isinstance(error, ComponentFailed):  # the registries' loop broke: named per registry
        return type(error)(name, error.why, during_startup=False)
    why = type(error).__name__ if error is not None else "server exited"
    return ComponentFailed(name, why, during_startup=False)


@contextlib.contextmanager
def _logged(what: str) -> Generator[None, None, None]:
    """A step of the stop that fails is logged (its type) and the stop goes on."""
    try:
        yield
    except Exception as exc:
        log.error("%s failed (%s)", what, type(exc).__name__)
