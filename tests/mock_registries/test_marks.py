"""Every answer of a mock carries the registry's simulated time in Date, and its own no-record
answers say so (the ground truth of an empty answer) — before any fault rewrites them."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx
from prometheus_client import CollectorRegistry

from mock_registries import Clock, FaultSettings, MockSettings, build_fault_engine
from mock_registries.clock import VIETNAM_TZ
from mock_registries.factory import create_registry_app
from mock_registries.marks import had_no_record

MOMENT = datetime(2024, 6, 4, 9, 30, tzinfo=VIETNAM_TZ)
# The world's ĐKDN dossiers arrive every day (online filing), but none between 00:00 and 06:00.
_NIGHT = "/danhSachHoSoTrongNgay?from_ts=00:00&to_ts=06:00"


def _client(name: str, clock: Clock, **kwargs: object) -> httpx.AsyncClient:
    app = create_registry_app(
        name,  # type: ignore[arg-type]
        MockSettings(not_found_ratio=0.5),
        clock=clock,
        metrics_registry=CollectorRegistry(),
        **kwargs,  # type: ignore[arg-type]
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock")


async def test_date_is_the_simulated_clock() -> None:
    clock = Clock.frozen_at(MOMENT)
    async with _client("gplx", clock) as client:
        answer = await client.get("/traCuuGPLX?soGPLX=010123456701")
    assert parsedate_to_datetime(answer.headers["date"]) == MOMENT
    # HTTP's IMF-fixdate (RFC 9110 §5.6.7): GMT, never the registry's +0700.
    assert answer.headers["date"] == "Tue, 04 Jun 2024 02:30:00 GMT"


async def test_the_registrys_own_no_record_answers_are_marked() -> None:
    clock = Clock.frozen_at(MOMENT)
    seen = {"found": 0, "none": 0}
    async with _client("dkdn", clock) as client:
        for i in range(12):
            answer = await client.get(f"/chiTietDoanhNghiep?msdn=010999123{i % 10}")
            none = answer.json().get("MaLoi") == "KHONG_TIM_THAY"
            assert (answer.headers.get("x-sim-fault") == "-:no_record") is none
            seen["none" if none else "found"] += 1
        night = await client.get(_NIGHT)
    assert night.json()["DataCount"] == 0 and night.headers["x-sim-fault"] == "-:no_record"
    assert had_no_record(200, b'{"Status":"0","MaLoi":"MA_SO_THUE_SAI_CHECK_DIGIT"}') is False


async def test_a_fault_on_top_keeps_the_truth_and_adds_its_own_name() -> None:
    clock = Clock.frozen_at(MOMENT)
    engine = build_fault_engine(FaultSettings(scenario="quang-binh"), clock=clock)
    async with _client("dkdn", clock, fault_engine=engine) as client:
        night = await client.get(_NIGHT)
        monday = await client.get("/danhSachHoSo?from_date=03/06/2024&to_date=03/06/2024")
    # Nothing to empty at night: the registry had no record, the fault changed nothing.
    assert night.headers["x-sim-fault"] == "-:no_record"
    assert monday.json()["DataCount"] == 0
    assert "3:empty_result" in monday.headers["x-sim-fault"]  # row 3 empties it first
    assert "no_record" not in monday.headers["x-sim-fault"]
