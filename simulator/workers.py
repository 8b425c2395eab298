"""``ndxp-sim serve --component X --workers N``: N processes serve one component on one port.

The mechanism is uvicorn's own (what ``uvicorn --workers N`` runs): the parent binds the
listening socket once and :class:`uvicorn.supervisors.Multiprocess` starts N spawned workers
that all accept on it; the parent keeps them alive (a dead or hung worker is replaced), passes
SIGINT/SIGTERM on as SIGTERM, and SIGHUP restarts them one by one. Why one pre-bound socket and
not SO_REUSEPORT: it works with any port (0 included), a worker that dies loses no queued
connection (with SO_REUSEPORT its own accept queue dies with it), and a busy worker simply
accepts less while an idle one takes the next connection, where SO_REUSEPORT hashes a
connection to a worker whatever that worker's load.

Each worker builds its component from the same settings (``load`` runs in the worker, so
nothing unpicklable crosses), serves it with the component's own protocol and limits, and at a
stop drains as ``ndxp-sim up`` does: calls in flight get ``shutdown_grace_seconds``, then an
X-Road 503; the ledger is flushed last. What is per worker and what is shared
(``docs/workers.md``): quotas are split, each worker holding 1/N (``gateway.quota``); tokens are
signed with a secret the parent draws, so any worker accepts a token another issued
(``gateway.tokens``); breakers, bulkheads and connection pools are per worker; all workers write
the one SQLite ledger (WAL, one writer thread each), so ``/opmon/records`` on any worker and
``ndxp-sim report`` read every worker's records; each worker has the component's fault engine
(a gateway its hop faults too) and follows every fault switch and clock move another worker
took (``simulator.worker_sync``).
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

import uvicorn
from prometheus_client import CollectorRegistry
from pydantic import SecretStr
from uvicorn.config import STARTUP_FAILURE
from uvicorn.lifespan.on import LifespanOn
from uvicorn.supervisors import Multiprocess

from gateway.opmon import SqliteLedger
from mock_registries import REGISTRY_NAMES, Clock
from simulator.cli_text import CLI
from simulator.components import (
    bind,
    build_component,
    component_server_options,
    fault_engine,
    read_catalog,
)
from simulator.failures import ComponentFailed, StackFailure
from simulator.ledger_cli import open_ledger
from simulator.links import LinkFaults
from simulator.run import freeze_startup_heap, listening_table
from simulator.settings import StackSettings
from simulator.worker_journal import SharedJournal
from simulator.worker_sync import ControlSync, SharedControl

__all__ = ["WorkerConfig", "serve_workers"]

_CLEAN = (0, -signal.SIGTERM, -signal.SIGINT)
_STARTUP_FAILURE_FILE = "startup-failure.txt"


class _WorkerLifespan(LifespanOn):
    """The app's lifespan around the worker's own parts: the hop-fault links and the shared
    control state start after the app; at the stop (after every call of this worker has been
    answered: uvicorn runs the shutdown after the drain) they stop, then the ledger is flushed
    and closed."""

    async def startup(self) -> None:
        await super().startup()
        config = self.config
        if isinstance(config, WorkerConfig):
            if config.links is not None:
                await config.links.start()
            if config.shared is not None:
                config.shared.start()

    async def shutdown(self) -> None:
        await super().shutdown()
        config = self.config
        if not isinstance(config, WorkerConfig):
            return
        if config.shared is not None:
            await config.shared.stop()
        if config.links is not None:
            await config.links.aclose()
        for ledger in (config.ledger, config.journal_store):
            if ledger is not None:
                await asyncio.to_thread(ledger.close)


class WorkerConfig(uvicorn.Config):
    """uvicorn's config of one worker: picklable settings in the parent, the component built
    by :meth:`load` in the worker."""

    def __init__(self, settings: StackSettings, component: str, run_dir: Path) -> None:
        self.stack_settings = settings
        self.component = component
        self.run_dir = run_dir  # the control state and a mock's journal, shared by the workers
        self.ledger: SqliteLedger | None = None
        self.journal_store: SqliteLedger | None = None
        self.links: LinkFaults | None = None
        self.shared: SharedControl | None = None
        options = component_server_options(settings, component)
        options.update(http="httptools", loop="uvloop")  # the component's protocol: in load()
        super().__init__(
            f"ndxp-sim:{component}",
            workers=settings.workers,
            log_level=settings.log_level,
            timeout_graceful_shutdown=settings.shutdown_grace_seconds,
            **options,
        )

    def load(self) -> None:
        """Build the component in this worker. If it cannot be built, say why once (on stderr
        and in the run's folder, for the parent) and exit with uvicorn's start-up failure code:
        the parent then stops every worker instead of respawning this one for ever."""
        try:
            self._load()
        except Exception as exc:
            for ledger in (self.ledger, self.journal_store):
                if ledger is not None:
                    ledger.close()
            why = exc.message("en") if isinstance(exc, StackFailure) else _why(exc)
            (self.run_dir / _STARTUP_FAILURE_FILE).write_text(why, encoding="utf-8")
            print(f"ndxp-sim: {self.component}: {why}", file=sys.stderr, flush=True)
            sys.exit(STARTUP_FAILURE)

    def _load(self) -> None:
        settings, name = self.stack_settings, self.component
        self.http = component_server_options(settings, name)["http"]
        registry = CollectorRegistry()
        clock = Clock(speed=settings.mocks.clock_speed)
        self.ledger = ledger = open_ledger(settings, (name,))
        engine = fault_engine(settings, clock, None)
        journal = ledger
        if journal is None:  # a mock (or a gateway with its ledger off): the run's own file
            journal = self.journal_store = SqliteLedger(self.run_dir / "journal.sqlite")
        engine.journal = SharedJournal(journal)
        if name not in REGISTRY_NAMES:  # a gateway: its hop faults, as in one process
            catalog = read_catalog(settings.gateway_settings().catalog_path)
            self.links = LinkFaults(engine, catalog)
        app, _ = build_component(
            settings, name, registry, clock=clock, engine=engine, ledger=ledger,
            workers=settings.workers, links=self.links,
        )  # fmt: skip
        self.shared = SharedControl(self.run_dir / "control.json", engine)
        self.app = ControlSync(app, self.shared)
        if self.ledger is not None:
            registry.register(self.ledger.collector(name))
        super().load()
        self.lifespan_class = _WorkerLifespan
        freeze_startup_heap()

    def load_app(self) -> Any:
        return self.app


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


def _startup_failure(run_dir: Path, component: str, codes: list[int | None]) -> ComponentFailed:
    """What stopped the workers at start-up, as the failing worker wrote it down."""
    try:
        why = (run_dir / _STARTUP_FAILURE_FILE).read_text(encoding="utf-8")
    except OSError:
        why = f"uvicorn: start-up failed, exit codes {codes}"
    return ComponentFailed(component, why)


def _shared(settings: StackSettings) -> StackSettings:
    """The settings every worker gets: one token-signing secret for all of them."""
    secret = SecretStr(secrets.token_urlsafe(32))
    tokens = settings.gateway.tokens.model_copy(update={"shared_secret": secret})
    gateway = settings.gateway.model_copy(update={"tokens": tokens})
    return settings.model_copy(update={"gateway": gateway})


def serve_workers(settings: StackSettings, component: str) -> int:
    """Serve ``component`` from ``settings.workers`` processes until SIGINT/SIGTERM."""
    lang = settings.lang
    sock = bind(settings.host, settings.ports.of(component), component)
    try:
        url = f"http://{settings.host}:{sock.getsockname()[1]}"
        urls = {**settings.upstream_urls, component: url}
        settings = _shared(settings.model_copy(update={"upstream_urls": urls}))
        probe = open_ledger(settings, (component,))  # an unwritable file: one CLI line, here
        if probe is not None:
            probe.close()
        if component not in REGISTRY_NAMES:  # an unreadable catalog, as well
            read_catalog(settings.gateway_settings().catalog_path)
        fault_engine(settings, Clock(), None)  # and an unknown scenario
        run_dir = Path(tempfile.mkdtemp(prefix=f"ndxp-{component}-workers-"))
        config = WorkerConfig(settings, component, run_dir)
        supervisor = Multiprocess(config, sockets=[sock])
        banner = "serve.workers_mock" if component in REGISTRY_NAMES else "serve.workers"
        print(listening_table({component: url}, lang), flush=True)
        print("\n" + CLI(banner, lang, n=settings.workers, component=component), flush=True)
        try:
            supervisor.run()
            codes = [process.exitcode for process in supervisor.processes]
            if STARTUP_FAILURE in codes:  # uvicorn stopped every worker: say why, once
                raise _startup_failure(run_dir, component, codes)
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        sock.close()
    # uvicorn re-raises the stop signal once drained: a worker ending on it stopped cleanly.
    clean = all(code in _CLEAN for code in codes)
    if clean:
        print(CLI("serve.workers_stopped_clean", lang, n=len(codes)), flush=True)
    else:
        print(CLI("serve.workers_stopped", lang, codes=codes), flush=True)
    return 0 if clean else 1
