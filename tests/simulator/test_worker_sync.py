"""Every worker of ``serve --workers 2`` takes a fault switch and a clock move (worker_sync).

In process: two engines, each with its own clock, share a state file the way two workers do.
With real processes: a mock and a gateway each run as ``serve --workers 2``; a control call
lands on one worker, and every worker — asked over its own keep-alive connection, known by the
pid in ``/healthz`` — reports the same scenario and the same frozen instant.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from mock_registries import VIETNAM_TZ, Clock, FaultSettings, build_fault_engine
from simulator.worker_sync import SharedControl
from tests.gateway.identities import ADMIN
from tests.stack_process import REPO, free_ports, wait_for

MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=VIETNAM_TZ)


def test_a_published_state_is_taken_by_the_other_worker(tmp_path: Path) -> None:
    path = tmp_path / "control.json"
    one, two = (build_fault_engine(FaultSettings(), clock=Clock(speed=1.0)) for _ in range(2))
    mine, theirs = SharedControl(path, one), SharedControl(path, two)
    assert theirs.pull() is False  # nothing published yet

    one.enable("thanh-hoa", ttl_seconds=600)
    one.clock.freeze()
    one.clock.set(MOMENT)
    mine.publish()
    assert theirs.pull() is True
    assert two.clock.is_frozen and two.clock.now() == MOMENT
    assert two.active_scenario is not None and two.active_scenario.name == "thanh-hoa"
    assert two.status()["active"]["expires_in_s"] == one.status()["active"]["expires_in_s"]
    assert theirs.pull() is False  # the same state is not taken twice
    assert mine.pull() is False  # nor by its publisher

    two.disable()
    theirs.publish()
    assert mine.pull() is True and one.active_scenario is None


def test_a_new_enablement_on_a_frozen_clock_starts_the_followers_afresh(tmp_path: Path) -> None:
    """Reset and enable again at the same frozen instant: the followers' counters restart too."""
    path = tmp_path / "control.json"
    clock_one, clock_two = Clock.frozen_at(MOMENT), Clock.frozen_at(MOMENT)
    one = build_fault_engine(FaultSettings(), clock=clock_one)
    two = build_fault_engine(FaultSettings(), clock=clock_two)
    mine, theirs = SharedControl(path, one), SharedControl(path, two)
    one.enable("thanh-hoa")
    mine.publish()
    assert theirs.pull()
    first = two.snapshot()["active"]["enablement"]
    one.reset()
    one.enable("thanh-hoa")
    mine.publish()
    assert theirs.pull()
    again = two.snapshot()["active"]
    assert again["enablement"] != first and again["enabled_at"] == MOMENT.timestamp()


async def test_the_follow_loop_takes_a_state_without_an_admin_call(tmp_path: Path) -> None:
    """Service calls meet the switch through the background loop, not through admin reads."""
    path = tmp_path / "control.json"
    one, two = (build_fault_engine(FaultSettings(), clock=Clock(speed=1.0)) for _ in range(2))
    follower = SharedControl(path, two, interval=0.01)
    follower.start()
    try:
        one.enable("thanh-hoa")
        SharedControl(path, one).publish()
        for _ in range(100):
            if two.active_scenario is not None:
                break
            await asyncio.sleep(0.01)
        assert two.active_scenario is not None and two.active_scenario.name == "thanh-hoa"
    finally:
        await follower.stop()


def test_a_torn_or_foreign_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "control.json"
    engine = build_fault_engine(FaultSettings(), clock=Clock(speed=1.0))
    shared = SharedControl(path, engine)
    path.write_bytes(b'{"version": [1, ')
    assert shared.pull() is False and engine.active_scenario is None


def _serve(
    tmp_path: Path, component: str, **extra: str
) -> tuple[subprocess.Popen[bytes], str, Path]:
    (port,) = free_ports(1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    env |= {
        f"NDXP_PORTS__{component.upper()}": str(port),
        "NDXP_LEDGER_PATH": str(tmp_path / f"{component}.sqlite"),
        "NDXP_LANG": "en",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    log = tmp_path / f"{component}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "simulator.cli", "serve", "--component", component,
             "--workers", "2"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return proc, f"http://127.0.0.1:{port}", log


def _per_worker(url: str) -> dict[int, httpx.Client]:
    """One keep-alive connection to each worker, keyed by the pid that answers on it."""
    clients: dict[int, httpx.Client] = {}
    # A busy box may hand new connections to one worker for a while: the extra connections are
    # held open (that worker's accept loop stays busy with them) so the next go elsewhere.
    held: list[httpx.Client] = []
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            client = httpx.Client(base_url=url, timeout=5, limits=httpx.Limits(max_connections=1))
            pid = client.get("/healthz").json()["pid"]
            if pid in clients:
                held.append(client)
            else:
                clients[pid] = client
            if len(clients) == 2:
                return clients
            time.sleep(0.02)
    finally:
        for extra in held:
            extra.close()
    pytest.fail(f"only workers {sorted(clients)} answered at {url}")


def _all_agree(clients: dict[int, httpx.Client], seconds: float = 5.0) -> dict[int, object]:
    deadline = time.monotonic() + seconds
    while True:
        seen = {}
        for pid, client in clients.items():
            status = client.get("/_admin/faults", headers=ADMIN).json()
            active = status["active"]["name"] if status["active"] else None
            seen[pid] = (active, status["clock"]["now"], status["clock"]["frozen"])
        if len(set(seen.values())) == 1 or time.monotonic() > deadline:
            return seen
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("component", ["dkdn", "lgsp"])
def test_every_worker_takes_the_switch_and_the_clock(tmp_path: Path, component: str) -> None:
    proc, url, log = _serve(tmp_path, component)
    clients: dict[int, httpx.Client] = {}
    try:
        wait_for(proc, log, lambda: _healthy(url), f"{component} --workers 2", seconds=60)
        clients = _per_worker(url)
        first, second = clients.values()
        assert first.post("/_admin/faults/enable", headers=ADMIN,
                          json={"scenario": "thanh-hoa"}).status_code == 200  # fmt: skip
        for action in ({"action": "freeze"}, {"action": "set", "at": MOMENT.isoformat()}):
            assert second.post("/_admin/faults/clock", headers=ADMIN, json=action).is_success
        seen = _all_agree(clients)
        assert set(seen.values()) == {("thanh-hoa", MOMENT.isoformat(), True)}, seen

        assert second.post("/_admin/faults/disable", headers=ADMIN).status_code == 200
        assert {v[0] for v in _all_agree(clients).values()} == {None}

        anonymous = first.post("/_admin/faults/sandboxes", json={"id": "a"})
        assert anonymous.status_code == 401  # the credential first: nothing told to strangers
        refused = first.post("/_admin/faults/sandboxes", headers=ADMIN, json={"id": "a"})
        assert refused.status_code == 409
        assert refused.json()["MaLoi"] == "FAULT_SANDBOX_NEEDS_ONE_PROCESS"
    finally:
        for client in clients.values():
            client.close()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise


@pytest.mark.slow
def test_any_worker_pages_through_every_workers_journal(tmp_path: Path) -> None:
    """Faults applied by both workers of a mock, read back through each worker: one journal."""
    proc, url, log = _serve(tmp_path, "dkdn", NDXP_FAULTS__ALLOW_OVERRIDE_HEADERS="true")
    clients: dict[int, httpx.Client] = {}
    try:
        wait_for(proc, log, lambda: _healthy(url), "dkdn --workers 2", seconds=60)
        clients = _per_worker(url)
        keys = {pid: [f"xr-{pid}-{i}" for i in range(3)] for pid in clients}
        for pid, client in clients.items():
            for key in keys[pid]:
                headers = {"x-sim-fault": "http_503", "x-request-key": key}
                answer = client.get("/chiTietDoanhNghiep?msdn=0101234567", headers=headers)
                assert answer.status_code == 503
        wanted = {key for both in keys.values() for key in both}
        deadline = time.monotonic() + 5
        while True:
            pages = [
                c.get("/_admin/faults/journal", headers=ADMIN).json() for c in clients.values()
            ]
            seen = [{e["messageId"] for e in page["entries"]} for page in pages]
            if all(found == wanted for found in seen) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert seen == [wanted, wanted]
        assert len({page["origin"] for page in pages}) == 1
        assert {e["tag"] for e in pages[0]["entries"]} == {
            "-:http_503"
        }  # no Phụ lục V row: an override
    finally:
        for client in clients.values():
            client.close()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
