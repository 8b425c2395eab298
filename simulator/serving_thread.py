"""An event loop of its own, in a thread, for the registry mocks of the in-process stack.

Why: the mocks compute their answers from the national world synchronously (a person with
relatives, a day of dossiers with their lifecycles), costly on the first ask. Sharing the
gateways' loop, a dozen such answers ran back to back in one loop iteration, and everything
else of that iteration waited: a gateway's short connect timeout to the next hop (a connect
takes about five iterations on asyncio's loop) ran out although the kernel had connected at
once — a timeout the report then pinned on the NDXP. On a loop of their own the
mocks only share the interpreter lock, which Python hands over every few milliseconds
(``sys.getswitchinterval``), so a gateway's timers and I/O stay within milliseconds of their
time however much the world computes.

    thread = ServingThread("registries", type(asyncio.get_running_loop()))
    done = thread.serve(server.serve(sockets=[sock]))   # an asyncio future of this loop
    ...
    await thread.close()                                 # after the servers have stopped

A failure stays the caller's to see: a coroutine that raises (``SystemExit`` included, as
uvicorn's start-up failure is) fails its own future only, never the loop it shares; if the loop
itself breaks, whatever ran on it is cancelled, the loop is closed, :attr:`ServingThread.failure`
says why and every future still open fails with :class:`~simulator.failures.LoopFailed`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from simulator.failures import LoopFailed

__all__ = ["ServingThread"]

T = TypeVar("T")

log = logging.getLogger("ndxp_sim.stack")


class ServingThread:
    """Runs coroutines on a new event loop (made by ``loop_factory``) in a daemon thread."""

    def __init__(self, name: str, loop_factory: Callable[[], asyncio.AbstractEventLoop]) -> None:
        self.name = name
        self.loop = loop_factory()
        self.failure: BaseException | None = None  # why the loop broke, if it did
        self._open: set[concurrent.futures.Future[Any]] = set()
        self._lock = threading.Lock()
        self._ended = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        return not self._ended.is_set()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        # A callback's SystemExit, a broken loop: the end of this loop, not of the process.
        except BaseException as exc:
            self.failure = exc
            log.error("%s: event loop failed (%s)", self.name, type(exc).__name__)
        finally:
            self._wind_down()

    def _wind_down(self) -> None:
        """Cancel what still runs on the loop, let it finish, close the loop; fail any future
        the loop could not settle."""
        with self._lock:
            self._closing = True  # a close() from now on only waits: a stop would cut this short
        try:
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            if pending:
                self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        except BaseException as exc:
            self.failure = self.failure or exc
            log.error("%s: event loop failed while stopping (%s)", self.name, type(exc).__name__)
        finally:
            self.loop.close()
            with self._lock:
                self._ended.set()
                unsettled, self._open = self._open, set()
            for future in unsettled:
                future.cancel()

    def serve(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        """Start ``coroutine`` on the thread's loop; its outcome as a future of the caller's."""
        with self._lock:
            if self._ended.is_set():
                coroutine.close()
                raise self._loop_failed()
            future = asyncio.run_coroutine_threadsafe(_contained(coroutine), self.loop)
            self._open.add(future)
        future.add_done_callback(self._settled)
        future.add_done_callback(lambda _: self._close_if_unstarted(coroutine))
        return asyncio.ensure_future(self._outcome(future))

    def _close_if_unstarted(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        """A coroutine cancelled before its first step never ran: close it (no "never
        awaited" warning) — on the loop's thread, unless that loop is gone."""
        if inspect.getcoroutinestate(coroutine) != inspect.CORO_CREATED:
            return
        if threading.current_thread() is self._thread or self.loop.is_closed():
            coroutine.close()
            return
        try:
            self.loop.call_soon_threadsafe(self._close_if_unstarted, coroutine)
        except RuntimeError:  # closed meanwhile: nothing can start it any more
            coroutine.close()

    def _settled(self, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._open.discard(future)

    async def _outcome(self, future: concurrent.futures.Future[T]) -> T:
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            if future.cancelled() and self.failure is not None:
                raise self._loop_failed() from self.failure
            raise

    def _loop_failed(self) -> LoopFailed:
        why = type(self.failure).__name__ if self.failure is not None else "stopped"
        return LoopFailed(self.name, why, during_startup=False)

    async def close(self) -> None:
        """Stop the loop (what still runs on it is cancelled) and wait for the thread."""
        with self._lock:
            if not self._ended.is_set() and not self._closing:
                self._closing = True
                self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self._thread.join)


class _Contained(Exception):
    """A coroutine on the thread's loop raised SystemExit or KeyboardInterrupt."""


async def _contained(coroutine: Coroutine[Any, Any, T]) -> T:
    """``coroutine``, whose SystemExit/KeyboardInterrupt fails it alone: left as they are, the
    task re-raises them out of ``run_forever`` and every other server on the loop dies too."""
    try:
        return await coroutine
    except (SystemExit, KeyboardInterrupt) as exc:
        raise _Contained(f"{type(exc).__name__}({exc})") from exc
