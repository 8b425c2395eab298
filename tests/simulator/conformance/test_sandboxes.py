"""Per-consumer sandboxes over real HTTP: two consumers in different sandboxes at once do not
see each other's faults, a consumer outside every sandbox sees none, and a client cannot put
itself in someone else's sandbox. The ledger shows it, record by record, at both hops."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from gateway.opmon import SqliteLedger, iter_records
from mock_registries import sample_identifiers
from simulator.control import FaultControl, JsonClient
from simulator.stack import Stack
from tests.gateway.identities import DIRECT, DIRECT_SECRET, IOC, IOC_SECRET, MCDT, MCDT_SECRET
from tests.simulator.scaled import scaled_settings

LOOKUP = "/apiCSDLDKDN/1.0/chiTietDoanhNghiep"
FAILING = [{"row": 20, "faults": [{"kind": "http_error", "status": 503}]}]


async def _calls(url: str, who: tuple[str, str], tag: str, n: int) -> list[int]:
    statuses = []
    async with httpx.AsyncClient(base_url=url, auth=who, timeout=30, trust_env=False) as http:
        for i in range(n):
            # IOC also claims sandbox "a": the gateway must not believe it.
            headers = {"X-Road-Id": f"{tag}-{i}", "X-Sim-Sandbox": "a"}
            response = await http.get(
                LOOKUP, params={"msdn": sample_identifiers(i).msdn}, headers=headers
            )
            statuses.append(response.status_code)
    return statuses


async def test_sandboxes_keep_their_faults_to_themselves(tmp_path: Path) -> None:
    settings = scaled_settings(tmp_path, None)
    async with Stack(settings, free_ports=True, ledger=SqliteLedger(settings.ledger_path)) as stack:
        control = FaultControl(
            [u for name, u in stack.urls.items() if name != "console"],
            JsonClient(headers=stack.settings.admin_headers()),
        )
        try:
            await control.sandbox_call("POST", "", {"id": "a", "consumer": MCDT, "seed": 1})
            await control.sandbox_call("POST", "", {"id": "b", "consumer": IOC, "seed": 2})
            await control.sandbox_call("POST", "/a/rows", {"name": "down", "rows": FAILING})
            listed = await control.sandboxes()
            lgsp = stack.urls["lgsp"]
            mcdt, ioc, direct = await asyncio.gather(
                _calls(lgsp, (MCDT, MCDT_SECRET), "mcdt", 5),
                _calls(lgsp, (IOC, IOC_SECRET), "ioc", 5),
                _calls(lgsp, (DIRECT, DIRECT_SECRET), "direct", 5),
            )
        finally:
            await control.aclose()
    assert {s["id"]: s["consumer"] for s in listed} == {"a": MCDT, "b": IOC}
    assert mcdt == [503] * 5
    assert ioc == [200] * 5 and direct == [200] * 5

    records = list(iter_records(settings.ledger_path))
    by_caller: dict[str, list[dict[str, object]]] = {}
    for record in records:
        by_caller.setdefault(str(record["messageId"]).split("-")[0], []).append(record)
    # Both hops of MCDT's calls ran in sandbox a and met its fault; IOC's ran in b, untouched.
    assert {(r["securityServerType"], r["sandbox"]) for r in by_caller["mcdt"]} == {
        ("lgsp", "a"),
        ("ndxp", "a"),
    }
    # The fault, or (once the NDXP's breaker for the registry opens) no call to meet it.
    injected = [r["injectedFault"] for r in by_caller["mcdt"]]
    assert "20:http_503" in injected and set(injected) <= {"20:http_503", None}, injected
    assert {r["sandbox"] for r in by_caller["ioc"]} == {"b"}
    assert all(r["injectedFault"] in (None, "-:no_record") for r in by_caller["ioc"])
    assert {r["sandbox"] for r in by_caller["direct"]} == {None}
    assert all(r["statusCode"] == 200 for r in by_caller["direct"])
