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
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["ServingThread"]

T = TypeVar("T")


class ServingThread:
    """Runs coroutines on a new event loop (made by ``loop_factory``) in a daemon thread."""

    def __init__(self, name: str, loop_factory: Callable[[], asyncio.AbstractEventLoop]) -> None:
        self.loop = loop_factory()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            if pending:
                self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        finally:
            self.loop.close()

    def serve(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        """Start ``coroutine`` on the thread's loop; its outcome as a future of the caller's."""
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    async def close(self) -> None:
        """Stop the loop (what still runs on it is cancelled) and wait for the thread."""
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self._thread.join)
