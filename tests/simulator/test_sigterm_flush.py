"""SIGTERM under load: every request that got an answer is in the ledger after a clean exit.

``ndxp-sim up`` runs as a real subprocess; eight clients keep calling four registries through
the LGSP (a third of the calls held 300 ms at the registry, so calls are in flight on every hop)
when the process gets SIGTERM. The gateways must drain, the ledger must flush, the process must
exit 0 — and the ledger must hold an ``lgsp`` record for every answered call (and an ``ndxp``
record for every call the registry answered).
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.gateway.identities import MCDT, MCDT_SECRET, basic
from tests.stack_process import launch_up, sample_call

pytestmark = pytest.mark.slow

CLIENTS = 8
SIGTERM_AFTER = 150  # answered calls before the signal
MAX_CALLS = 600


@dataclass(frozen=True, slots=True)
class Answer:
    road_id: str
    echoed_id: str | None
    status: int
    answered_by: str
    registry: str
    sent: float
    received: float


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
            call = sample_call(index)
            registry, method, path, body = call.registry, call.method, call.path, call.body
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
    up = launch_up(tmp_path, {"NDXP_FAULTS__ALLOW_OVERRIDE_HEADERS": "true"})
    proc, ledger, lgsp, log = up.proc, up.ledger, up.url("lgsp"), up.log
    try:
        answers, sigterm_at, refused = await _drive(proc, lgsp)
        code = await asyncio.to_thread(proc.wait, 15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, output
    assert "đã dừng sạch khi nhận SIGTERM" in output, output

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
