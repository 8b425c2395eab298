"""``ndxp-sim serve --component lgsp`` in a process of its own: the LGSP's link to the NDXP gets
its faults from the proxy running in the LGSP's process (the hop that dials the link), its
fault admin API switches them, and its ledger journals them."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx

from simulator.settings import REGISTRY_NAMES, StackSettings
from simulator.stack import Stack
from tests.gateway.identities import ADMIN
from tests.stack_process import REPO, free_ports, wait_for

MCDT = ("VN/GOV/000.00.00.H56/MCDT", "mcdt-demo-secret")
LOOKUP = "/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn=0109991239"


async def test_a_separate_lgsp_process_faults_its_own_link_to_the_ndxp(tmp_path: Path) -> None:
    settings = StackSettings(ledger_path=tmp_path / "ndxp.sqlite")
    async with Stack(settings, only=(*REGISTRY_NAMES, "ndxp"), free_ports=True) as far:
        [port] = free_ports(1)
        ledger = tmp_path / "lgsp.sqlite"
        env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
        env |= {
            "NDXP_PORTS__LGSP": str(port),
            "NDXP_UPSTREAM_URLS__NDXP": far.urls["ndxp"],
            "NDXP_SCENARIO": "dak-lak",
            "NDXP_LEDGER_PATH": str(ledger),
            "PYTHONUNBUFFERED": "1",
        }
        log = tmp_path / "lgsp.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "simulator.cli", "serve", "--component", "lgsp"],
                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            wait_for(proc, log, lambda: b"Ctrl-C" in log.read_bytes(), "serve --component lgsp")
            lgsp = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=lgsp, auth=MCDT, timeout=20) as client:
                faulted = [await client.get(LOOKUP) for _ in range(60)]
                refused = await client.get("/_admin/faults")  # Basic MCDT is no admin
                status = (await client.get("/_admin/faults", headers=ADMIN, auth=None)).json()
                await client.post("/_admin/faults/disable", headers=ADMIN, auth=None)
                clean = [await client.get(LOOKUP) for _ in range(20)]
        finally:
            proc.terminate()
            proc.wait(10)
    assert refused.status_code == 401
    assert status["active"]["name"] == "dak-lak"
    resets = [r for r in faulted if r.headers.get("x-road-error", "").endswith(".IOError")]
    assert resets and all(
        r.headers["x-road-error"] == "Server.ClientProxy.ServiceFailed.IOError" for r in resets
    )
    assert all(r.status_code == 200 for r in clean), [(r.status_code, r.text[:200]) for r in clean]
    conn = sqlite3.connect(ledger)
    try:
        tags = [t for (t,) in conn.execute("SELECT tag FROM injected_faults")]
    finally:
        conn.close()
    assert len(tags) == len(resets) and all(t.endswith("@lgsp-ndxp") for t in tags)
