"""The ledger on the running stack: records per hop, no personal data, /opmon/records, metrics."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import httpx
import orjson

from gateway.opmon import SqliteLedger
from simulator.stack import Stack
from tests.gateway.identities import ADMIN, CCCD, MCDT, MCDT_SECRET, basic

TRA_CUU = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
NAME = "Nguyễn Thị Hồng Nhung"
DASHBOARD = Path(__file__).resolve().parents[2] / "deploy/grafana/dashboards/ndxp-sim-overview.json"


async def _lookups(stack: Stack, n: int) -> list[httpx.Response]:
    body = orjson.dumps(
        {"MaYeuCau": "r", "MaDVC": "1.001", "MaTichHop": "MCDT", "SoDinhDanh": CCCD, "HoTen": NAME}
    )
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        out = []
        for i in range(n):
            out.append(
                await client.post(
                    f"{stack.urls['lgsp']}{TRA_CUU}?soDinhDanh={CCCD}",
                    content=body,
                    headers={
                        "Authorization": basic(MCDT, MCDT_SECRET),
                        "X-Road-Id": f"corr-{CCCD}-{i}",
                        "X-Road-UserId": CCCD,
                        "Content-Type": "application/json",
                    },
                )
            )
        # a caller error that echoes the path, with a CCCD in it
        out.append(
            await client.get(
                f"{stack.urls['lgsp']}/apiCSDLDC/1.0/{CCCD}",
                headers={"Authorization": basic(MCDT, MCDT_SECRET)},
            )
        )
        return out


async def test_every_hop_writes_one_record_without_personal_data(
    ledger_stack: tuple[Stack, SqliteLedger],
) -> None:
    stack, ledger = ledger_stack
    responses = await _lookups(stack, 5)
    assert [r.status_code for r in responses[:5]] == [200] * 5
    assert ledger.flush(5.0)
    conn = sqlite3.connect(ledger.path)
    rows = conn.execute(
        "SELECT securityServerType, restPath, succeeded FROM records WHERE messageId LIKE 'corr-%'"
    ).fetchall()
    conn.close()
    assert sorted(r[0] for r in rows) == ["lgsp"] * 5 + ["ndxp"] * 5
    assert all(r[2] == 1 and CCCD not in r[1] for r in rows)
    conn = sqlite3.connect(ledger.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    stored = b"".join(p.read_bytes() for p in ledger.path.parent.glob("ledger.sqlite*"))
    assert CCCD.encode() not in stored
    assert NAME.encode() not in stored and "Nguyễn".encode() not in stored
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        for name in ("lgsp", "ndxp"):
            metrics = (await client.get(stack.urls[name] + "/metrics")).text
            assert CCCD not in metrics and "Nguy" not in metrics


async def test_opmon_records_endpoint_pages_and_exports_csv(
    ledger_stack: tuple[Stack, SqliteLedger],
) -> None:
    stack, _ = ledger_stack
    await _lookups(stack, 3)
    now = int(time.time())
    async with httpx.AsyncClient(timeout=10, trust_env=False, headers=ADMIN) as client:
        base = stack.urls["ndxp"] + "/opmon/records"
        page = await client.get(base, params={"recordsFrom": now - 60, "recordsTo": now + 1})
        assert page.status_code == 200
        records = page.json()["records"]
        assert len(records) == 3 and page.json()["nextRecordsFrom"] is None  # ndxp hop only
        assert {r["securityServerType"] for r in records} == {"ndxp"}
        csv_page = await client.get(
            stack.urls["lgsp"] + "/opmon/records",
            params={"recordsFrom": now - 60, "recordsTo": now + 1, "format": "csv"},
        )
        assert csv_page.headers["content-type"].startswith("text/csv")
        assert csv_page.text.splitlines()[0].startswith("securityServerType,requestInTs")
        bad = await client.get(base, params={"recordsFrom": "yesterday"})
        assert bad.status_code == 400 and "recordsFrom" in bad.json()["message"]


async def test_dashboard_queries_only_metrics_the_stack_exports(
    ledger_stack: tuple[Stack, SqliteLedger],
) -> None:
    stack, _ = ledger_stack
    await _lookups(stack, 1)
    exported: set[str] = set()
    async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
        for url in stack.urls.values():
            text = (await client.get(url + "/metrics")).text
            for line in text.splitlines():
                if line.startswith("# TYPE "):
                    name, kind = line.split()[2:4]
                    exported.add(name)
                    if kind == "histogram":
                        exported |= {f"{name}_bucket", f"{name}_count", f"{name}_sum"}
                    if kind == "counter" and not name.endswith("_total"):
                        exported.add(f"{name}_total")
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    assert len(exprs) >= 15
    used = set()
    for expr in exprs:
        used |= set(re.findall(r"\b([a-z_]+(?:_total|_seconds_bucket|_state|_depth))\b", expr))
        used |= set(re.findall(r"\b(hop:[a-z_]+:[a-z0-9_]+)\b", expr))
    recorded = {m for m in used if ":" in m}
    rules = (DASHBOARD.parents[2] / "prometheus/rules/recording.yml").read_text(encoding="utf-8")
    assert all(f"record: {m}" in rules for m in recorded), recorded
    missing = sorted(m for m in used - recorded if m not in exported)
    assert not missing, f"dashboard queries metrics nobody exports: {missing}"
