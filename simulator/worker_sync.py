"""Every worker of ``serve --workers N`` takes each fault switch and clock move.

The N workers of one component share one port, so a control call (``ndxp-sim faults …``, the
console) reaches whichever worker accepted it. That worker applies it and *publishes* its
engine's state — the active scenario with its simulated enable/expiry times, and the clock's
placement — to one small JSON file in a directory the supervisor made for the run; the others
*pull* it: each checks the file every ``interval`` seconds and before any admin call it
serves, and takes a newer state. That is how X-Road spreads its control state — security
servers pull the global configuration the central server publishes, they are not pushed to —
here with one host's file system as the publisher: no store, no protocol of our own. The
file is replaced atomically (``os.replace``), so a reader sees a whole state or the previous
one. Two control calls landing at once on two workers: the later publication wins in every
worker, the same outcome as two calls in sequence.

What stays per worker (docs/workers.md): the per-request counters of a scenario (fail-first,
arrival keys); the fault journal is shared through a file too (``worker_journal``). Sandboxes
are refused (409
``FAULT_SANDBOX_NEEDS_ONE_PROCESS``): a consumer's calls spread over the workers, and a sandbox
held by one of them would catch only some of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from pathlib import Path
from typing import Any

import orjson

from mock_registries import ADMIN_PREFIX, FaultEngine, admin_credential_ok

__all__ = ["ControlSync", "SharedControl"]

log = logging.getLogger("simulator.workers")

ASGIApp = Any
_SANDBOXES = ADMIN_PREFIX + "/sandboxes"
_NO_SANDBOX = orjson.dumps(
    {
        "MaLoi": "FAULT_SANDBOX_NEEDS_ONE_PROCESS",
        "MoTaLoi": "Môi trường thử riêng (sandbox) chỉ có khi thành phần chạy một tiến trình; "
        "thành phần này chạy nhiều worker (serve --workers N). "
        "(Sandboxes need a component run as one process, not --workers N.)",
    }
)


class SharedControl:
    """One worker's side of the shared control state in ``path``."""

    def __init__(self, path: Path, engine: FaultEngine, *, interval: float = 0.05) -> None:
        self.path = path
        self.engine = engine
        self.interval = interval
        self._seen = b""  # the file as last read
        self._version: tuple[int, int] | None = None  # (time, pid) of the state applied
        self._task: asyncio.Task[None] | None = None

    def publish(self) -> None:
        """Write this worker's state for the others (after it applied a control call)."""
        self._version = (time.time_ns(), os.getpid())
        state = {
            "version": list(self._version),
            "engine": self.engine.snapshot(),
            "clock": list(self.engine.clock.state()),
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        self._seen = orjson.dumps(state)
        temporary.write_bytes(self._seen)
        os.replace(temporary, self.path)

    def pull(self) -> bool:
        """Take the published state if it changed since the last look; true if taken.

        The file is read whole each time (a few hundred bytes): an inode and mtime check would
        miss a change, as file systems reuse inodes and stamp times at a tick's granularity."""
        try:
            seen = self.path.read_bytes()
        except FileNotFoundError:
            return False
        if seen == self._seen:
            return False
        self._seen = seen
        try:
            state = orjson.loads(seen)
            version = (int(state["version"][0]), int(state["version"][1]))
        except (orjson.JSONDecodeError, KeyError, IndexError, TypeError, ValueError):
            return False  # not a state this version wrote: ignored until the next publication
        if version == self._version:
            return False
        self._version = version
        wall, sim, frozen = state["clock"]
        self.engine.clock.restore(
            (float(wall), float(sim), None if frozen is None else float(frozen))
        )
        self.engine.restore(state["engine"])
        return True

    async def _follow(self) -> None:
        while True:
            try:
                self.pull()
            except Exception:  # a bad state must not end the loop: log it, keep following
                log.exception("could not take the shared control state from %s", self.path)
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self.pull()
        self._task = asyncio.get_running_loop().create_task(self._follow(), name="worker-sync")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


class ControlSync:
    """ASGI middleware: a worker's admin calls see the latest shared state, and a control call
    this worker applied (a POST answered 2xx) is published to the others before its answer
    leaves: a caller's next admin call, whichever worker takes it, sees it; service calls on
    another worker see it within one ``interval`` (50 ms)."""

    def __init__(self, app: ASGIApp, shared: SharedControl) -> None:
        self.app = app
        self.shared = shared

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST" and scope["path"].startswith(_SANDBOXES):
            if admin_credential_ok(self.shared.engine, scope):  # else the engine answers its 401
                await _refuse_sandbox(send)
                return
        try:
            self.shared.pull()
        except Exception:  # a state this worker cannot take must not fail the admin call
            log.exception("could not take the shared control state from %s", self.shared.path)
        if scope["method"] != "POST":
            await self.app(scope, receive, send)
            return

        async def publishing(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                self.shared.publish()
            await send(message)

        await self.app(scope, receive, publishing)


async def _refuse_sandbox(send: Any) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(_NO_SANDBOX)).encode()),
    ]
    await send({"type": "http.response.start", "status": 409, "headers": headers})
    await send({"type": "http.response.body", "body": _NO_SANDBOX})
