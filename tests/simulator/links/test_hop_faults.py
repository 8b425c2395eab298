"""Hop faults through the whole stack on real sockets: the LGSP–NDXP axis rows fail on that
link and at the NDXP, the province's X-Road error names the side that failed, the report
attributes them there, and an idle link layer is not on the path at all."""

from __future__ import annotations

from pathlib import Path

import httpx
import orjson

from gateway.opmon import SqliteLedger
from mock_registries import Clock
from mock_registries.faults.scenarios import Scenario
from simulator.demo import DEMO_MOMENT, run_demo
from simulator.report import build_report
from simulator.settings import SERVICES
from simulator.stack import Stack
from tests.mock_registries.faults.support import rule, scenario
from tests.simulator.scaled import scaled_settings

MCDT = ("VN/GOV/000.00.00.H56/MCDT", "mcdt-demo-secret")
TRA_HO_SO = "/apiHoTichTuPhap/1.0/traHoSo"


async def test_rows_43_44_48_49_fail_on_the_lgsp_ndxp_axis_and_the_report_says_so(
    tmp_path: Path,
) -> None:
    rows: dict[str, object] = {}
    for province in ("dak-lak", "dak-nong"):
        settings = scaled_settings(tmp_path / province, province)
        (tmp_path / province).mkdir()
        ledger = SqliteLedger(settings.ledger_path)
        clock = Clock.frozen_at(DEMO_MOMENT)
        async with Stack(
            settings, only=SERVICES, free_ports=True, ledger=ledger, clock=clock
        ) as stack:
            await run_demo(stack.urls["lgsp"], rounds=90, concurrency=16, seed=7, now=DEMO_MOMENT)
        report = build_report(settings.ledger_path)
        rows |= {r.row: r for r in report.rows}
        blame = {b.where: b for b in report.blame}
        # What the LGSP recorded (the X-Road error types) puts the failures on the axis.
        assert blame["lgsp-ndxp"].injected_at.keys() <= {"lgsp-ndxp", "ndxp"}
    for row in ("43", "44", "48", "49"):
        stats = rows[row]
        assert stats.injected_at.get("lgsp-ndxp"), (row, stats.injected_at)  # type: ignore[attr-defined]
        assert stats.failed_at.get("lgsp-ndxp"), (row, stats.failed_at)  # type: ignore[attr-defined]
        assert not any(k.startswith("registry") for k in stats.failed_at), stats  # type: ignore[attr-defined]


def _front_scenario() -> Scenario:
    return scenario(
        "front",
        rule("maintenance", row=48, registry="ho_tich", at="ndxp", route="*trahoso*"),
        rule("html_error", row=43, registry="ho_tich", at="ndxp", status=502, route="*dangky*"),
        rule("reset_before", row=44, registry="dkdn", at="lgsp-ndxp"),
    )


async def test_the_province_reads_which_side_failed_in_the_xroad_error(tmp_path: Path) -> None:
    settings = scaled_settings(tmp_path, None)
    async with Stack(settings, only=SERVICES, free_ports=True) as stack:
        engine = stack.fault_engine
        assert engine is not None
        engine.scenarios["front"] = _front_scenario()
        lgsp_app = stack.components["lgsp"].gateway
        assert lgsp_app is not None
        ndxp_url = stack.urls["ndxp"]
        # One upstream per provider (its own breaker and pool), all to the NDXP's one address.
        upstreams = [u for u in lgsp_app.hops.upstreams.values() if u.name.startswith("ndxp/")]
        assert len(upstreams) == 4
        # No link fault: the LGSP dials the NDXP itself.
        assert {u.base_url for u in upstreams} == {ndxp_url}
        engine.enable("front")
        # The LGSP → NDXP link now runs through its proxy, for every provider.
        assert ndxp_url not in {u.base_url for u in upstreams}
        async with httpx.AsyncClient(base_url=stack.urls["lgsp"], auth=MCDT) as client:
            maintenance = await client.post(TRA_HO_SO, json={"module": "LTKS", "maHoSo": 1})
            register = {"maDonVi": 1, "module": "LTKS", "maHoSo": "x", "ngayTiepNhan": "x"}
            page = await client.post(
                "/apiHoTichTuPhap/1.0/dangKyHoTich", json={**register, "data": "{}"}
            )
            reset = await client.get("/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn=0109991239")
            metrics = {
                hop: (await client.get(stack.urls[hop] + "/metrics")).text
                for hop in ("lgsp", "ndxp")
            }
        engine.disable()
        assert {u.base_url for u in upstreams} == {ndxp_url}
    # The NDXP itself is in maintenance: its own error, with the window's end.
    assert maintenance.status_code == 503
    assert maintenance.headers["x-road-error"] == "Server.ServerProxy.MaintenanceMode"
    assert int(maintenance.headers["retry-after"]) > 0
    # The NDXP's web front answered with an HTML page: the LGSP got no valid NDXP answer.
    assert page.status_code == 502
    assert page.headers["x-road-error"] == "Server.ClientProxy.ServiceFailed.InvalidResponse"
    # An NGSP-addressed call gets a WSO2 fault body; its description is the hop's own text.
    assert "NDXP" in orjson.loads(page.content)["fault"]["description"]
    # The link LGSP → NDXP was reset: the LGSP says so.
    assert reset.headers["x-road-error"] == "Server.ClientProxy.ServiceFailed.IOError"
    # Each answer names the fault behind it, though the LGSP's own error answered the last two.
    assert maintenance.headers["x-sim-fault"] == "48:maintenance@ndxp"
    assert page.headers["x-sim-fault"] == "43:html_error@ndxp"
    assert reset.headers["x-sim-fault"] == "44:reset_before@lgsp-ndxp"
    # Each gateway counts the faults at its front and on the link it dials.
    counted = (
        'ndxp_sim_hop_faults_injected_total{kind="reset_before",row="44",site="lgsp-ndxp"} 1.0'
    )
    assert counted in metrics["lgsp"]
    assert 'kind="maintenance",row="48",site="ndxp"} 1.0' in metrics["ndxp"]
    assert 'site="lgsp-ndxp"' not in metrics["ndxp"]
