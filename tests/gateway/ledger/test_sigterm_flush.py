"""SIGTERM under load: every request that got an answer is in the ledger after a clean exit.

``ndxp-sim up`` runs as a real subprocess; eight clients keep calling four registries through
the LGSP (a third of the calls held 300 ms at the registry, so calls are in flight on every hop)
when the process gets SIGTERM. The gateways must drain, the ledger must flush, the process must
exit 0 — and the ledger must hold an ``lgsp`` record for every answered call (and an ``ndxp``
record for every call the registry answered).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson
import pytest

from gateway.settings import StackSettings
from mock_registries.samples import sample_identifiers
from tests.gateway.identities import MCDT, MCDT_SECRET, basic

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
CLIENTS = 8
SIGTERM_AFTER = 150  # answered calls before the signal
MAX_CALLS = 600
READY = "Ctrl-C to stop"


@dataclass(frozen=True, slots=True)
class Answer:
    road_id: str
    echoed_id: str | None
    status: int
    answered_by: str
    registry: str
    sent: float
    received: float


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(n)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def _call(index: int) -> tuple[str, str, str, bytes]:
    ids = sample_identifiers(index)
    registry = ("dan_cu", "dkdn", "ho_tich", "gplx")[index % 4]
    if registry == "dan_cu":
        body = orjson.dumps(
            {"MaYeuCau": f"r{index}", "MaDVC": "1.001", "MaTichHop": "MCDT", "SoDinhDanh": ids.cccd}
        )
        return registry, "POST", "/apiCSDLDC/1.0/TraCuuThongTinCongDan", body
    path = {
        "dkdn": f"/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn={ids.msdn}",
        "ho_tich": f"/apiHoTich/1.0/traCuuKhaiSinh?soDinhDanh={ids.cccd}",
        "gplx": f"/apiGPLX/1.0/traCuuGPLX?soGPLX={ids.gplx}",
    }[registry]
    return registry, "GET", path, b""


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, str, Path]:
    ports = dict(zip(StackSettings.components(), _free_ports(6), strict=True))
    ledger = tmp_path / "ledger.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    env |= {f"NDXP_PORTS__{name.upper()}": str(port) for name, port in ports.items()}
    env |= {
        "NDXP_LEDGER_PATH": str(ledger),
        "NDXP_FAULTS__ALLOW_OVERRIDE_HEADERS": "true",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "up"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 20
    while READY not in log.read_text(encoding="utf-8", errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail(f"ndxp-sim up did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return proc, ledger, f"http://127.0.0.1:{ports['lgsp']}", log


async def _drive(proc: subprocess.Popen[bytes], lgsp: str) -> tuple[list[Answer], float, int]:
    """Run the clients until the stack stops answering; SIGTERM it mid-way."""
    answers: list[Answer] = []
    counter = iter(range(MAX_CALLS))
    sigterm_at: list[float] = []
    refused = 0
    auth = basic(MCDT, MCDT_SECRET)

    async def client(worker: int, http: httpx.AsyncClient) -> None:
        nonlocal refused
        for index in counter:
            registry, method, path, body = _call(index)
            road_id = f"sigterm-w{worker}-n{index}"
            headers = {"Authorization": auth, "X-Road-Id": road_id}
            if body:
                headers["Content-Type"] = "application/json"
            if index % 3 == 0:
                headers["X-Sim-Fault"] = "latency_300"
            sent = time.perf_counter()
            try:
                response = await http.request(method, lgsp + path, content=body, headers=headers)
            except httpx.TransportError:
                if sigterm_at:
                    refused += 1
                    return  # the stack is going away: no answer, nothing to account for
                raise
            answers.append(
                Answer(
                    road_id,
                    response.headers.get("x-road-id"),
                    response.status_code,
                    response.headers.get("x-sim-answered-by", ""),
                    registry,
                    sent,
                    time.perf_counter(),
                )
            )
            if len(answers) >= SIGTERM_AFTER and not sigterm_at:
                sigterm_at.append(time.perf_counter())
                proc.send_signal(signal.SIGTERM)

    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(timeout=20, trust_env=False, limits=limits) as http:
        await asyncio.wait_for(
            asyncio.gather(*(client(w, http) for w in range(CLIENTS))), timeout=25
        )
    assert sigterm_at, f"only {len(answers)} answers before the calls ran out"
    return answers, sigterm_at[0], refused


def _ledger_ids(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT securityServerType, messageId FROM records WHERE messageId LIKE 'sigterm-%'"
        ).fetchall()
    finally:
        conn.close()
    out: dict[str, list[str]] = {"lgsp": [], "ndxp": []}
    for hop, message_id in rows:
        out[hop].append(message_id)
    return out


async def test_sigterm_under_load_keeps_every_answered_call_in_the_ledger(
    tmp_path: Path,
) -> None:
    proc, ledger, lgsp, log = _start(tmp_path)
    try:
        answers, sigterm_at, refused = await _drive(proc, lgsp)
        code = await asyncio.to_thread(proc.wait, 15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, output
    assert "stopped cleanly on SIGTERM" in output, output

    # The load was real: several registries answered, and calls were in flight at the signal.
    assert len(answers) >= SIGTERM_AFTER
    assert refused > 0, "no client ever saw the stack go away"
    by_registry = {a.registry for a in answers if a.answered_by.startswith("registry:")}
    assert by_registry == {"dan_cu", "dkdn", "ho_tich", "gplx"}, by_registry
    in_flight = [a for a in answers if a.sent < sigterm_at < a.received]
    assert in_flight, "no call was in flight when SIGTERM arrived"
    assert all(a.echoed_id == a.road_id for a in answers)

    recorded = _ledger_ids(ledger)
    lgsp_ids, ndxp_ids = set(recorded["lgsp"]), set(recorded["ndxp"])
    assert len(recorded["lgsp"]) == len(lgsp_ids), "one lgsp record per call"
    missing_lgsp = sorted(a.road_id for a in answers if a.road_id not in lgsp_ids)
    assert not missing_lgsp, f"{len(missing_lgsp)} answered calls lost from the lgsp hop"
    from_registry = [a for a in answers if a.answered_by.startswith("registry:")]
    missing_ndxp = sorted(a.road_id for a in from_registry if a.road_id not in ndxp_ids)
    assert not missing_ndxp, f"{len(missing_ndxp)} registry answers lost from the ndxp hop"
    # Calls answered while draining are accounted for too, not only the easy ones before it.
    late = [a for a in answers if a.received > sigterm_at]
    assert late and all(a.road_id in lgsp_ids for a in late)
