"""Phụ lục V rows 12/13 stretch the world: while the Yên Bái scenario is active, dossier
statuses reach the registries' answers late and dân cư learns of registered events late."""

from __future__ import annotations

from datetime import timedelta

import httpx
import orjson
from prometheus_client import CollectorRegistry

from mock_registries import FaultSettings, MockSettings, build_fault_engine, build_world
from mock_registries.clock import Clock
from mock_registries.data import fixtures
from mock_registries.factory import create_registry_app, link_world
from mock_registries.faults import load_catalog
from mock_registries.faults.spec import parse_fault
from mock_registries.world import Delays, MarriageDeclaration
from tests.mock_registries.conftest import FROZEN_AT

HOUR = 3600.0


def test_the_catalog_entry_parses_and_validates_its_targets() -> None:
    fault = parse_fault({"kind": "sync_lag", "seconds": 600, "what": "dan_cu"})
    assert fault.stage == "world" and fault.params["what"] == ["dan_cu"]
    assert fault.delay is not None and fault.delay.sample(0.3) == 600
    rows = load_catalog().by_row
    lags = [r.fault for row in (12, 13) for r in rows[row].faults if r.fault.kind == "sync_lag"]
    assert [f.params["what"] for f in lags] == [["status"], ["dan_cu", "status"]]


def test_an_active_scenario_lags_the_world_and_its_end_restores_it() -> None:
    clock = Clock.frozen_at(FROZEN_AT)
    engine = build_fault_engine(FaultSettings(seed=3), clock=clock)
    world = build_world(MockSettings(), clock=clock)
    link_world(world, engine)
    link_world(world, engine)  # idempotent
    assert world.delays() == Delays()
    engine.enable("yen-bai", ttl_seconds=2 * 24 * HOUR)
    lagged = world.delays()
    assert 2 * HOUR <= lagged.status_sync_seconds <= 8 * HOUR
    assert lagged.dan_cu_sync_seconds > Delays().dan_cu_sync_seconds + HOUR
    engine.enable("yen-bai", ttl_seconds=2 * 24 * HOUR)  # drawn once per activation, alike
    assert world.delays() == lagged
    world.register_marriage(MarriageDeclaration(fixtures.GROOM_QUAN, fixtures.BRIDE_HA))
    clock.advance(5 * HOUR)
    assert world.marriage_record(fixtures.GROOM_QUAN) is not None  # hộ tịch has it
    assert world.person(fixtures.GROOM_QUAN).marital_status == "1"  # dân cư lags
    clock.advance(2 * 24 * HOUR)
    engine.status()  # the TTL passes: the scenario expires, the delays come back
    assert world.delays() == Delays()
    assert world.person(fixtures.GROOM_QUAN).marital_status == "2"


async def test_status_answers_lag_behind_the_dossier_while_row_12_is_active() -> None:
    clock = Clock.frozen_at(FROZEN_AT)
    engine = build_fault_engine(FaultSettings(seed=3), clock=clock)
    settings = MockSettings()
    app = create_registry_app(
        "ho_tich", settings, clock=clock, metrics_registry=CollectorRegistry(),
        fault_engine=engine, world=build_world(settings, clock=clock),
    )  # fmt: skip
    record = {"chongHoTen": "TRẦN MINH QUÂN", "chongNgaySinh": "25/06/1996",
              "chongSoDDCN": fixtures.GROOM_QUAN, "voHoTen": "VÕ THỊ THU HÀ",
              "voNgaySinh": "14/02/1998", "voSoDDCN": fixtures.BRIDE_HA,
              "nycSoDDCN": fixtures.GROOM_QUAN}  # fmt: skip
    push = {"maDonVi": 20233, "module": "LTKH", "maHoSo": "KH-1",
            "ngayTiepNhan": f"{FROZEN_AT:%d/%m/%Y %H:%M:%S}",
            "data": orjson.dumps({"hoTich": record}).decode()}  # fmt: skip
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
        assert (await client.post("/dangKyHoTich", json=push)).json()["status"] == "1"
        clock.set(FROZEN_AT + timedelta(hours=6))
        lookup = {"maDonVi": 20233, "maHoSo": "KH-1"}
        assert (await client.post("/traTrangThaiHoSo", json=lookup)).json()["trangThai"] == "4"
        engine.enable("yen-bai")
        late = (await client.post("/traTrangThaiHoSo", json=lookup)).json()
        assert late["trangThai"] in ("1", "3")  # as it stood hours ago
        engine.disable()
        assert (await client.post("/traTrangThaiHoSo", json=lookup)).json()["trangThai"] == "4"
