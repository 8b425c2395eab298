"""The registry mocks serve on an event loop of their own (``simulator.serving_thread``): a
registry busy computing its world must not hold the loop the gateways and the caller run on.

It did: under load a dozen cold world answers ran back to back in one iteration of the shared
loop, and a gateway's 1 s connect to the next hop was cut by its own timer after 1.7 s — an
NDXP timeout the scoring gate then counted against the gateway."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from mock_registries import Clock
from simulator.demo import DEMO_MOMENT
from simulator.settings import SERVICES, StackSettings
from simulator.stack import Stack

HOLD_S = 1.5  # how long the registry's own loop is held, as a long cold computation holds it
CCCD = "079203001234"


async def _heartbeat_gaps(stop: asyncio.Event) -> float:
    """The longest wait between two 10 ms ticks of the caller's loop until ``stop``."""
    longest = 0.0
    last = time.monotonic()
    while not stop.is_set():
        await asyncio.sleep(0.01)
        now = time.monotonic()
        longest, last = max(longest, now - last), now
    return longest


def _spin(seconds: float) -> None:
    """CPU-bound work, as the world's computing is: it gives the interpreter lock up only when
    the interpreter makes it (``sys.getswitchinterval``), not as ``time.sleep`` does."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@pytest.mark.parametrize("hold", [time.sleep, _spin], ids=["blocking", "cpu-bound"])
async def test_a_registry_holding_its_loop_does_not_hold_the_callers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hold: Any
) -> None:
    settings = StackSettings(ledger_path=tmp_path / "ledger.sqlite")
    clock = Clock.frozen_at(DEMO_MOMENT)
    async with Stack(settings, only=SERVICES, free_ports=True, clock=clock) as stack:
        assert stack.world is not None
        computed_on: list[int] = []
        person = stack.world.person

        def busy(*args: Any, **kwargs: Any) -> Any:
            computed_on.append(threading.get_ident())
            hold(HOLD_S)  # holds whatever loop called it
            return person(*args, **kwargs)

        monkeypatch.setattr(stack.world, "person", busy)
        stop = asyncio.Event()
        gaps = asyncio.create_task(_heartbeat_gaps(stop))
        body = {"MaYeuCau": "YC-1", "MaDVC": "1.001193", "MaTichHop": "037", "SoDinhDanh": CCCD}
        async with httpx.AsyncClient(timeout=10.0, trust_env=False) as http:
            answer = await http.post(stack.urls["dan_cu"] + "/TraCuuThongTinCongDan", json=body)
        stop.set()
        longest = await gaps
    assert answer.status_code == 200, answer.text
    assert computed_on and threading.get_ident() not in computed_on
    assert longest < HOLD_S / 3, f"the caller's loop was held {longest:.2f} s"
