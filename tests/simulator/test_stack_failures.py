"""A stack that cannot start, or that loses a component later, fails cleanly: the failure names
the component and its cause, every port of the stack can be bound again, the registries' thread
and the ledger's writer are gone. Real servers on 127.0.0.1, a real SQLite ledger; each stack
runs in an event loop of its own (``asyncio.run``), so that what is still alive once that loop
has ended is a leak."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import re
import socket
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

import simulator.stack
from gateway.opmon import SqliteLedger
from simulator import (
    COMPONENTS,
    CatalogUnreadable,
    ComponentFailed,
    PortUnavailable,
    Stack,
    StackSettings,
)
from simulator.failures import LoopFailed
from simulator.run import run_up
from simulator.serving_thread import ServingThread
from tests.simulator.broken import CAUSE, assert_free, break_registry, new_threads
from tests.stack_process import free_ports, sample_call

MCDT = ("VN/GOV/000.00.00.H56/MCDT", "mcdt-demo-secret")


def _settings(tmp_path: Path, **extra: object) -> StackSettings:
    return StackSettings(ledger_path=tmp_path / "ledger.sqlite", **extra)  # type: ignore[arg-type]


def test_a_registry_that_fails_to_start_stops_every_other_component(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_registry("gplx", monkeypatch.setattr)
    before = threading.enumerate()
    settings = _settings(tmp_path)

    async def start() -> tuple[list[int], ComponentFailed]:
        stack = Stack(settings, free_ports=True, ledger=SqliteLedger(settings.ledger_path))
        ports = [c.port for c in stack.components.values()]
        with pytest.raises(ComponentFailed) as failed:
            await asyncio.wait_for(stack.start(), 120)
        await stack.stop()  # a second stop does nothing
        return ports, failed.value

    ports, failure = asyncio.run(start())
    assert (failure.component, failure.during_startup) == ("gplx", True)
    assert failure.why == f"RuntimeError: {CAUSE}"
    assert failure.message("en") == (
        f"gplx failed to start (RuntimeError: {CAUSE}); every other component was stopped"
    )
    assert len(ports) == len(COMPONENTS)
    assert_free(ports)
    assert new_threads(before) == []  # neither the registries' thread nor the ledger's writer


def test_a_busy_port_starts_nothing_and_closes_the_ledger(tmp_path: Path) -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    busy = holder.getsockname()[1]
    ports = dict(zip(COMPONENTS, free_ports(len(COMPONENTS)), strict=True))
    ports["ho_tich"] = busy
    settings = _settings(tmp_path, ports=ports)
    before = threading.enumerate()
    try:
        with pytest.raises(PortUnavailable) as failed:
            Stack(settings, ledger=SqliteLedger(settings.ledger_path))
    finally:
        holder.close()
    assert (failed.value.component, failed.value.port) == ("ho_tich", busy)
    assert_free(p for name, p in ports.items() if name != "ho_tich")
    assert new_threads(before) == []


def test_an_unreadable_catalog_names_the_file_and_frees_everything(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("members: [", encoding="utf-8")
    settings = _settings(tmp_path, gateway={"catalog_path": catalog})
    ports = dict(zip(COMPONENTS, free_ports(len(COMPONENTS)), strict=True))
    settings = settings.model_copy(update={"ports": settings.ports.model_copy(update=ports)})
    before = threading.enumerate()
    with pytest.raises(CatalogUnreadable) as failed:
        Stack(settings, ledger=SqliteLedger(settings.ledger_path))
    assert failed.value.path == catalog and "line" in failed.value.why
    assert "NDXP_GATEWAY__CATALOG_PATH" in failed.value.message("en")
    assert_free(ports.values())
    assert new_threads(before) == []


def _break_loop() -> None:
    raise SystemExit("a broken loop")  # what ends run_forever from inside, as a loop bug would


def test_a_registry_loop_that_breaks_later_degrades_the_stack(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The registries' loop breaks while serving: each mock is named as stopped, the stack's
    health says so, ``failed`` resolves (``ndxp-sim up`` waits on it), the log names the
    components and the error's type only, and the stop still frees everything."""
    before = threading.enumerate()
    settings = _settings(tmp_path)

    async def run() -> tuple[list[int], dict[str, object], ComponentFailed, int]:
        async with Stack(settings, free_ports=True, ledger=SqliteLedger(settings.ledger_path)) as s:
            ports = [c.port for c in s.components.values()]
            call = sample_call(0)  # a citizen look-up at dân cư through both gateways
            async with httpx.AsyncClient(base_url=s.urls["lgsp"], timeout=30, auth=MCDT) as client:
                answer = await client.request(
                    call.method, call.path, content=call.body,
                    headers={"Content-Type": "application/json"},
                )  # fmt: skip
            assert s.health() == {"status": "ok"} and s.failed is not None
            thread = s._registries_thread
            assert thread is not None
            thread.loop.call_soon_threadsafe(_break_loop)
            failure = await asyncio.wait_for(asyncio.shield(s.failed), 30)
            while len(s.failures) < 4:  # the four mocks end one callback after another
                await asyncio.sleep(0.01)
            # The mocks' futures settle while the thread still winds its loop down (async
            # generators, then the close): its end is waited for, with a bound.
            await asyncio.wait_for(thread.close(), 10)  # winding down already: close() only waits
            assert not thread.alive and thread.loop.is_closed()
            return ports, s.health(), failure, answer.status_code

    with caplog.at_level(logging.ERROR, logger="ndxp_sim.stack"):
        ports, health, failure, status = asyncio.run(run())
    assert status == 200
    assert isinstance(failure, LoopFailed) and failure.why == "SystemExit"
    assert health["status"] == "degraded"
    stopped = health["stopped"]
    assert isinstance(stopped, dict) and set(stopped) == {"dan_cu", "dkdn", "ho_tich", "gplx"}
    assert all(
        entry == {"reason": "loop_failed", "why": "SystemExit"} for entry in stopped.values()
    )
    assert failure.message("vi").startswith(f"{failure.component} đã dừng bất ngờ (SystemExit)")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "stopped serving (loop_failed: SystemExit)" in logged
    citizen = json.loads(sample_call(0).body)["SoDinhDanh"]
    assert citizen not in logged and "a broken loop" not in logged
    assert_free(ports)
    assert new_threads(before) == []


async def test_up_stops_the_whole_stack_when_a_component_stops_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ndxp-sim up`` does not serve half a stack: when the registries' loop breaks, it stops
    every component, says which stopped and why in one line, and exits 1."""
    threads: list[ServingThread] = []

    class Recorded(ServingThread):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            threads.append(self)

    monkeypatch.setattr(simulator.stack, "ServingThread", Recorded)
    ports = dict(zip(COMPONENTS, free_ports(len(COMPONENTS)), strict=True))
    settings = _settings(tmp_path, ports=ports)
    thresholds = gc.get_threshold()
    up = asyncio.create_task(run_up(settings, None))
    try:
        deadline = asyncio.get_running_loop().time() + 120
        while "Ctrl-C" not in capsys.readouterr().out:  # the listening table is printed
            assert not up.done() and asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.05)
        threads[0].loop.call_soon_threadsafe(_break_loop)
        code = await asyncio.wait_for(up, 60)
    finally:
        gc.unfreeze()  # what `up` froze and tuned for serving
        gc.set_threshold(*thresholds)
    assert code == 1
    # The last line says it (before it, uvicorn may log the cancelled lifespans of the broken
    # loop's servers: not a request's data).
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert re.fullmatch(
        r"ndxp-sim: (dan_cu|dkdn|ho_tich|gplx) đã dừng bất ngờ \(SystemExit\); "
        r"đã dừng mọi thành phần khác",
        last,
    ), last
    assert_free(ports.values())
