"""Catalog scenarios on the real registry mocks: the rows' symptoms show on their contracts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import orjson
from prometheus_client import CollectorRegistry

from mock_registries.asgi import ASGIApp
from mock_registries.clock import Clock
from mock_registries.factory import RegistryName, create_registry_app
from mock_registries.faults.engine import FaultEngine
from mock_registries.faults.setup import FaultSettings, build_fault_engine
from mock_registries.settings import MockSettings


def _client(name: RegistryName, engine: FaultEngine, clock: Clock) -> httpx.AsyncClient:
    app: ASGIApp = create_registry_app(
        name, MockSettings(), clock=clock, metrics_registry=CollectorRegistry(), fault_engine=engine
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock")  # type: ignore[arg-type]


UNIT = "000.00.00.G18"


async def _gplx(client: httpx.AsyncClient, service: str, **fields: str) -> httpx.Response:
    """A call of the DVC GPLX session API (login first, as integrators do)."""
    login = await client.post(
        "/mapi/login", json={"username": "H56.MCDT", "password": "gplx-demo-secret"}
    )
    session = login.json()["session"]
    body = {"session": session, "service": service, "donViXuLy": UNIT, **fields}
    return await client.post("/mapi/g", json=body)


async def _gplx_dossiers(client: httpx.AsyncClient, clock: Clock) -> list[dict[str, Any]]:
    today = clock.now().date()
    listing = await _gplx(
        client,
        "DanhSachHoSo",
        ngayNhan1=str(today - timedelta(days=4)),
        ngayNhan2=str(today),
    )
    assert listing.status_code == 200, listing.text
    rows = listing.json()["data"]
    assert rows, listing.text
    return list(rows)


async def test_dak_lak_row_45_strips_result_fields_from_gplx(fault_clock: Clock) -> None:
    engine = build_fault_engine(FaultSettings(seed=1), clock=fault_clock)
    async with _client("gplx", engine, fault_clock) as client:
        code = (await _gplx_dossiers(client, fault_clock))[0]["maHoSo"]
        clean = (await _gplx(client, "TraCuuHoSo", mahoso=code)).text
        engine.enable("dak-lak")
        faulted = await _gplx(client, "TraCuuHoSo", mahoso=code)
    assert "NgayCoKetQua" in clean and "TepKetQua" in clean
    assert faulted.status_code == 200
    assert faulted.headers["x-sim-fault"] == "45:missing_fields"
    # Fields that carried a value are gone; one that was null (no result yet) had nothing to
    # lose and may stay.
    before = orjson.loads(clean)["data"][0]
    after = orjson.loads(faulted.text)["data"][0]
    for name in ("NgayCoKetQua", "NgayTraKetQua", "TepKetQua"):
        assert name not in after or before[name] is None
    assert "TepKetQua" not in after
    assert code in faulted.text


async def test_quang_binh_rows_3_68_empty_the_dkdn_dossier_list(fault_clock: Clock) -> None:
    engine = build_fault_engine(FaultSettings(seed=1, scenario="quang-binh"), clock=fault_clock)
    today = fault_clock.now().date()
    params = {
        "from_date": (today - timedelta(days=4)).strftime("%d/%m/%Y"),
        "to_date": today.strftime("%d/%m/%Y"),
    }
    # Row 3 also slows answers down (p = 0.5, median 2 s): pick request keys it spares.
    spared = []
    for i in range(50):
        decision = engine.decide("dkdn", "GET", "/danhSachHoSo", "/danhSachHoSo", f"k{i}")
        if decision is not None and not decision.delay:
            spared.append(f"k{i}")
    async with _client("dkdn", engine, fault_clock) as client:
        response = await client.get(
            "/danhSachHoSo", params=params, headers={"x-request-key": spared[0]}
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["DataCount"] in (0, "0")
    assert all(v == [] for v in body.values() if isinstance(v, list))
    assert response.headers["x-sim-fault"].split(",")[0] == "3:empty_result"


async def test_thanh_hoa_row_21_strips_the_licence_dossier_fields(fault_clock: Clock) -> None:
    engine = build_fault_engine(FaultSettings(seed=1), clock=fault_clock)
    async with _client("gplx", engine, fault_clock) as client:
        clean = (await _gplx_dossiers(client, fault_clock))[0]
        engine.enable("thanh-hoa")
        faulted = await _gplx(
            client,
            "DanhSachHoSo",
            ngayNhan1=str(fault_clock.now().date() - timedelta(days=4)),
            ngayNhan2=str(fault_clock.now().date()),
        )
    removed = {"soDienThoai", "giayKhamSucKhoe", "danhSachLePhi", "dvhcNoiCuTru"}
    assert removed <= set(clean)
    assert "21:missing_fields" in faulted.headers.get("x-sim-fault", ""), faulted.headers
    assert not removed & set(faulted.json()["data"][0])


async def test_thanh_hoa_row_25_strips_phone_card_date_and_parents_birth(
    fault_clock: Clock,
) -> None:
    engine = build_fault_engine(FaultSettings(seed=1), clock=fault_clock)
    body = {"MaYeuCau": "R25", "SoDinhDanh": "001210000123"}
    async with _client("dan_cu", engine, fault_clock) as client:
        clean = (await client.post("/TraCuuThongTinCongDan", json=body)).json()
        engine.enable("thanh-hoa")
        faulted = await client.post(
            "/TraCuuThongTinCongDan", json=body, headers={"x-request-key": "r25"}
        )
    removed = {"SoDienThoai", "NgayCapCCCD", "NgaySinhCha", "NgaySinhMe"}
    citizen = clean["CongdanCollection"]["CongDan"][0]
    assert removed <= set(citizen) and citizen["NgaySinhCha"] == "19800514"
    assert faulted.headers["x-sim-fault"] == "25:missing_fields"
    assert not removed & set(faulted.json()["CongdanCollection"]["CongDan"][0])
