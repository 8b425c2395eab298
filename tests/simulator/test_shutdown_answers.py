"""Issue #15's case 7: a call still in flight when the stack stops gets an X-Road answer (503,
``…ShuttingDown``, ``Retry-After``) instead of uvicorn's plain-text 500 or a dropped connection,
and the ledger records what the client got — not a 499 "never sent"."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx

from gateway.opmon import SqliteLedger
from mock_registries import FaultSettings
from simulator.settings import StackSettings
from simulator.stack import Stack
from tests.gateway.identities import MCDT, MCDT_SECRET, basic
from tests.gateway.wire_bodies import error_text

DN = "/apiCSDLDKDN/1.0/chiTietDoanhNghiep"


async def test_a_call_in_flight_at_shutdown_is_answered_and_recorded(tmp_path: Path) -> None:
    settings = StackSettings(
        ledger_path=tmp_path / "ledger.sqlite",
        faults=FaultSettings(allow_override_headers=True),
        shutdown_grace_seconds=1,
    )
    ledger = SqliteLedger(settings.ledger_path)
    stack = Stack(settings, free_ports=True, ledger=ledger)
    await stack.start()
    lgsp = stack.urls["lgsp"]
    async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
        call = asyncio.create_task(
            client.get(
                lgsp + DN,
                params={"msdn": "0109991239"},
                # The registry answers after 8 s: still in flight when the stop runs out.
                headers={"Authorization": basic(MCDT, MCDT_SECRET), "X-Sim-Fault": "latency_8000"},
            )
        )
        await asyncio.sleep(1.0)
        assert not call.done()
        await stack.stop()
        response = await asyncio.wait_for(call, 10)
    assert response.status_code == 503, response.text
    assert response.headers["x-road-error"].endswith(".ShuttingDown")
    assert response.headers["retry-after"] == "1"
    assert error_text(response.json())  # WSO2's fault body: the call used the NGSP path
    conn = sqlite3.connect(settings.ledger_path)
    rows = conn.execute(
        "SELECT securityServerType, statusCode, faultCode FROM records ORDER BY id"
    ).fetchall()
    conn.close()
    lgsp_rows = [(status, fault) for hop, status, fault in rows if hop == "lgsp"]
    assert len(lgsp_rows) == 1
    status, fault = lgsp_rows[0]
    assert status == 503 and fault is not None and fault.endswith(".ShuttingDown")
    assert 499 not in {status for _, status, _ in rows}
