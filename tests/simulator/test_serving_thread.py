"""The registries' own event loop (``simulator.serving_thread``) fails in the open: a coroutine's
SystemExit fails that coroutine alone; a loop that breaks cancels what ran on it (their
``finally`` runs), closes, keeps its cause, and every caller waiting on it gets
:class:`LoopFailed` instead of waiting for ever."""

from __future__ import annotations

import asyncio
import threading

import pytest

from simulator.failures import LoopFailed
from simulator.serving_thread import ServingThread

DEADLINE_S = 10.0


async def _forever(cleaned: threading.Event, started: threading.Event | None = None) -> None:
    try:
        if started is not None:
            started.set()
        await asyncio.Event().wait()
    finally:
        cleaned.set()


def _break() -> None:
    raise SystemExit("broken")  # escapes run_forever, as a bug in the loop itself would


async def test_a_broken_loop_cancels_its_work_and_fails_every_waiting_caller() -> None:
    thread = ServingThread("test-broken", asyncio.new_event_loop)
    cleaned = [threading.Event(), threading.Event()]
    started = [threading.Event(), threading.Event()]
    waiting = [thread.serve(_forever(c, s)) for c, s in zip(cleaned, started, strict=True)]
    for event in started:  # both run on the loop when it breaks
        assert await asyncio.to_thread(event.wait, DEADLINE_S)
    assert thread.alive
    thread.loop.call_soon_threadsafe(_break)
    for future in waiting:
        with pytest.raises(LoopFailed) as failed:
            await asyncio.wait_for(future, DEADLINE_S)
        assert failed.value.why == "SystemExit"
    assert all(event.is_set() for event in cleaned)  # their finally ran before the loop closed
    await asyncio.wait_for(thread.close(), DEADLINE_S)  # it is winding down: close() only waits
    assert isinstance(thread.failure, SystemExit)
    assert not thread.alive and thread.loop.is_closed()
    with pytest.raises(LoopFailed):
        thread.serve(_forever(threading.Event()))  # closed, never "never awaited"


async def _exits() -> None:
    raise SystemExit(3)  # what uvicorn does when a server's start-up fails


async def _answer() -> int:
    await asyncio.sleep(0)
    return 42


async def test_a_coroutine_that_exits_fails_alone() -> None:
    thread = ServingThread("test-contained", asyncio.new_event_loop)
    cleaned = threading.Event()
    other = thread.serve(_forever(cleaned))
    try:
        with pytest.raises(Exception, match=r"SystemExit\(3\)"):
            await asyncio.wait_for(thread.serve(_exits()), DEADLINE_S)
        assert thread.alive and thread.failure is None
        assert await asyncio.wait_for(thread.serve(_answer()), DEADLINE_S) == 42
        assert not other.done()
    finally:
        await thread.close()
    assert cleaned.is_set() and other.cancelled()
    assert thread.failure is None and thread.loop.is_closed()
