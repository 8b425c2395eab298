"""Hộ tịch on the ministry's ``apiHoTichTuPhap`` contract: push, state, result, records,
catalogues, and refusals with the ministry's ``errorCode``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest

from mock_registries.clock import Clock
from mock_registries.data import fixtures
from mock_registries.data.identity import parse_cccd
from mock_registries.settings import MockSettings
from mock_registries.world import World, WorldSettings
from tests.mock_registries.conftest import FROZEN_AT

UNIT = 1  # Phường Phúc Xá (GSO 00001)
DAY = 24 * 3600


def _birth(**overrides: Any) -> dict[str, Any]:
    return {
        "nksHoTen": "NGUYỄN THỊ HOA",
        "nksGioiTinh": "2",
        "nksNgaySinh": "20/11/2026",
        "nksNoiSinh": {"maTinh": "01", "maHuyen": "001", "maXa": "00001"},
        "meHoTen": "TRẦN THỊ BÌNH",
        "meSoDDCN": fixtures.WIFE_BINH,
        "chaHoTen": "NGUYỄN VĂN AN",
        "chaSoDDCN": fixtures.HEAD_AN,
        "nycHoTen": "NGUYỄN VĂN AN",
        **overrides,
    }


def _push(one_stop: str, record: dict[str, Any], module: str = "LTKS", **extra: Any) -> Any:
    return {
        "maDonVi": UNIT,
        "module": module,
        "maHoSo": one_stop,
        "ngayTiepNhan": "23/11/2026 09:00:00",
        "data": orjson.dumps({"hoTich": record}).decode(),
        **extra,
    }


async def _post(client: httpx.AsyncClient, path: str, body: Any) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def test_birth_registration_moves_to_a_result_with_a_new_cccd(
    ho_tich: httpx.AsyncClient, clock: Clock
) -> None:
    pushed = await _post(ho_tich, "/dangKyHoTich", _push("MC-1", _birth(), maHoSoLT="LT-9"))
    assert (pushed["status"], pushed["trangThai"], pushed["maHoSoLT"]) == ("1", "1", "LT-9")
    lookup = {"maDonVi": UNIT, "maHoSo": "MC-1"}
    early = await _post(ho_tich, "/ketQuaDangKyHS", lookup)
    assert (early["status"], early["errorCode"]) == ("0", "200")
    states = []
    for _ in range(12):
        clock.advance(DAY)
        states.append((await _post(ho_tich, "/traTrangThaiHoSo", lookup))["trangThai"])
    assert set(states) <= {"1", "2", "3", "4", "6"} and states[-1] in ("4", "6")
    if states[-1] == "4":
        result = (await _post(ho_tich, "/ketQuaDangKyHS", lookup))["value"]
        parts = parse_cccd(result["soDinhDanh"])
        assert parts is not None and (parts.province_code, parts.birth_year) == (1, 2026)
        assert not parts.male and result["maGiayToKetQua"].startswith("KQ.G15.")
        record = await _post(ho_tich, "/traHoSo", {"module": "LTKS", "maHoSo": pushed["maHoSo"]})
        assert record["value"][0]["so"] == result["soDangKy"]


async def test_data_as_xml_and_other_record_types(ho_tich: httpx.AsyncClient) -> None:
    xml = (
        "<hoTich><nksHoTen>LÊ AN</nksHoTen><nksGioiTinh>1</nksGioiTinh>"
        "<nksNgaySinh>01/11/2026</nksNgaySinh><nksNoiSinh><maTinh>79</maTinh></nksNoiSinh>"
        f"<meHoTen>PHẠM THỊ HỒNG NHUNG</meHoTen><meSoDDCN>{fixtures.WIFE_NHUNG}</meSoDDCN>"
        "<nycHoTen>LÊ HOÀNG PHÚC</nycHoTen></hoTich>"
    )
    body = {**_push("MC-X", {}), "data": xml}
    assert (await _post(ho_tich, "/dangKyHoTich", body))["status"] == "1"
    death = {"nktHoTen": "ĐÀO VĂN TÀI", "nktGioiTinh": "1", "nktNgayChet": "20/11/2026",
             "nktSoDDCN": fixtures.SINGLE_TAI, "nycHoTen": "ĐÀO VĂN AN"}  # fmt: skip
    assert (await _post(ho_tich, "/dangKyHoTich", _push("MC-T", death, "LTKT")))["status"] == "1"
    bride, name, born = _single_woman()
    married = {"chongHoTen": "ĐÀO VĂN TÀI", "chongNgaySinh": "22/11/1992",
               "chongSoDDCN": fixtures.SINGLE_TAI, "voHoTen": name, "voNgaySinh": born,
               "voSoDDCN": bride}  # fmt: skip
    assert (await _post(ho_tich, "/dangKyHoTich", _push("MC-K", married, "LTKH")))["status"] == "1"
    wives = (
        (fixtures.WIFE_NHUNG, "PHẠM THỊ HỒNG NHUNG", "19/01/1994"),  # married
        (fixtures.DAUGHTER_DIEP, "NGUYỄN THỊ DIỆP", "30/11/2015"),
    )  # 11 years old
    for wife, name, born in wives:
        record = {**married, "voSoDDCN": wife, "voHoTen": name, "voNgaySinh": born}
        refused = await _post(ho_tich, "/dangKyHoTich", _push(f"MC-{wife}", record, "LTKH"))
        assert (refused["errorCode"], refused["statusDescription"]) == ("500", "DATA_INCORRECT")


def _single_woman() -> tuple[str, str, str]:
    """(số định danh, name, dd/MM/yyyy) of a single woman born in the 1990s."""
    world = World(2024, clock=Clock.frozen_at(FROZEN_AT))
    for serial in range(1000):
        cid = f"0011{90 + serial % 10}{serial * 7907 % 10**6:06d}"
        person = world.person(cid)
        if person is not None and person.marital_status == "1" and person.alive:
            return cid, person.name.upper, f"{person.birth_date:%d/%m/%Y}"
    raise AssertionError("no single woman born in the 1990s")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (_push("E1", _birth(), maDonVi=2), "106"),
        (_push("E2", _birth(nksNoiSinh={"maTinh": "99"})), "108"),
        (_push("E3", _birth(nksHoTen="")), "200"),
        (_push("E4", _birth(nksGioiTinh="3")), "302"),
        (_push("E5", _birth(nksNgaySinh="2026-11-20")), "302"),
        (_push("E6", _birth(meSoDDCN="12345")), "302"),
        ({**_push("E7", {}), "data": "{not json"}, "302"),
        (_push("E8", _birth(nksNgaySinh="01/01/2099")), "500"),
        (_push("E9", _birth(meSoDDCN=fixtures.HEAD_AN)), "500"),
    ],
)
async def test_refusals_carry_the_ministrys_codes(
    ho_tich: httpx.AsyncClient, body: dict[str, Any], code: str
) -> None:
    answer = await _post(ho_tich, "/dangKyHoTich", body)
    assert (answer["status"], answer["errorCode"]) == ("0", code)
    assert answer["statusDescription"].isupper() and answer["errorDescription"]


async def test_duplicates_and_unknown_dossiers(ho_tich: httpx.AsyncClient) -> None:
    await _post(ho_tich, "/dangKyHoTich", _push("DUP", _birth()))
    again = await _post(ho_tich, "/dangKyHoTich", _push("DUP", _birth()))
    assert again["errorCode"] == "500" and "đã được tiếp nhận" in again["errorDescription"]
    missing = await _post(ho_tich, "/traTrangThaiHoSo", {"maDonVi": UNIT, "maHoSo": "KHONG-CO"})
    assert (missing["errorCode"], missing["statusDescription"]) == ("201", "RECORD_NOT_FOUND")
    other_unit = await _post(ho_tich, "/traTrangThaiHoSo", {"maDonVi": 4, "maHoSo": "DUP"})
    assert other_unit["errorCode"] == "201"


async def test_records_of_the_population_agree_with_dan_cu(ho_tich: httpx.AsyncClient) -> None:
    birth = await _post(
        ho_tich, "/traHoSo", {"module": "LTKS", "maHoSo": int(fixtures.DAUGHTER_DIEP)}
    )
    (record,) = birth["value"]
    assert record["id"] == int(fixtures.DAUGHTER_DIEP) and record["so"]
    assert record["nksHoTen"] == "NGUYỄN THỊ DIỆP" and record["nksNgaySinh"] == "30/11/2015"
    assert record["meSoDDCN"] == fixtures.WIFE_BINH and record["chaSoDDCN"] == fixtures.HEAD_AN
    marriage = await _post(
        ho_tich, "/traHoSo", {"module": "LTKH", "maHoSo": int(fixtures.HUSBAND_PHUC)}
    )
    assert marriage["value"][0]["voSoDDCN"] == fixtures.WIFE_NHUNG
    single = await _post(
        ho_tich, "/traHoSo", {"module": "LTKH", "maHoSo": int(fixtures.SINGLE_TAI)}
    )
    assert single["errorCode"] == "201"


async def test_catalogues(ho_tich: httpx.AsyncClient) -> None:
    ethnic = await _post(ho_tich, "/danhMuc", {"loaiDanhMuc": "3"})
    assert len(ethnic["value"]) == 54 and ethnic["value"][0] == {"ma": "01", "ten": "Kinh"}
    provinces = await _post(ho_tich, "/danhMuc", {"loaiDanhMuc": "4"})
    assert len(provinces["value"]) == 63
    bad = await ho_tich.post("/danhMuc", json={"loaiDanhMuc": 3})
    assert bad.status_code == 400 and bad.json()["errorCode"] == "302"


async def test_store_refuses_when_full_and_keeps_what_it_has(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    settings = MockSettings(world=WorldSettings(max_stored_dossiers=100))
    async with make_client("ho_tich", settings) as client:
        for i in range(100):
            answer = await _post(client, "/dangKyHoTich", _push(f"F-{i}", _birth()))
            assert answer["status"] == "1"
        full = await client.post("/dangKyHoTich", json=_push("F-100", _birth()))
        assert full.status_code == 503 and full.json()["MaLoi"] == "KHO_HO_SO_DAY"
        kept = await _post(client, "/traTrangThaiHoSo", {"maDonVi": UNIT, "maHoSo": "F-0"})
        assert kept["status"] == "1"
        metrics = (await client.get("/metrics")).text
    assert 'registry_stored_dossiers{registry="ho_tich"} 100.0' in metrics
    assert 'registry_stored_dossiers_capacity{registry="ho_tich"} 100.0' in metrics


async def test_the_daily_sync_lists_what_the_other_services_report(
    ho_tich: httpx.AsyncClient, clock: Clock
) -> None:
    """``dongBoHoSo`` (row 67) lists a commune's dossiers of a day with the state
    ``traTrangThaiHoSo`` reports for them, and no other commune's."""
    pushed = await _post(ho_tich, "/dangKyHoTich", _push("MC-SYNC", _birth(nksHoTen="NGUYỄN AN")))
    day = clock.now().strftime("%d/%m/%Y")
    listed = await _post(ho_tich, "/dongBoHoSo", {"maDonVi": UNIT, "ngay": day})
    item = next(i for i in listed["value"] if i["maHoSoMCDT"] == "MC-SYNC")
    assert item["maHoSo"] == pushed["maHoSo"] and item["module"] == "LTKS"
    state = await _post(ho_tich, "/traTrangThaiHoSo", {"maDonVi": UNIT, "maHoSo": "MC-SYNC"})
    assert {k: state[k] for k in item} == item
    other = await _post(ho_tich, "/dongBoHoSo", {"maDonVi": 4, "ngay": day})
    assert all(i["maHoSoMCDT"] != "MC-SYNC" for i in other["value"])
    assert (await _post(ho_tich, "/dongBoHoSo", {"maDonVi": UNIT, "ngay": "31/02/2026"}))[
        "errorCode"
    ] == "302"


async def test_a_marriage_has_no_requester_and_is_never_sent_back_for_papers(
    ho_tich: httpx.AsyncClient, clock: Clock
) -> None:
    """DataDKKH has no nyc… block: the spouses' own numbers (required) are the papers."""
    bride, name, born = _single_woman()
    married = {"chongHoTen": "ĐÀO VĂN TÀI", "chongNgaySinh": "22/11/1992",
               "chongSoDDCN": fixtures.SINGLE_TAI, "voHoTen": name, "voNgaySinh": born,
               "voSoDDCN": bride}  # fmt: skip
    for missing in ("chongSoDDCN", "voSoDDCN"):
        record = {k: v for k, v in married.items() if k != missing}
        refused = await _post(ho_tich, "/dangKyHoTich", _push("KH-0", record, "LTKH"))
        assert refused["errorCode"] == "200" and missing in refused["errorDescription"]
    assert (await _post(ho_tich, "/dangKyHoTich", _push("KH-1", married, "LTKH")))["status"] == "1"
    # A birth without nycSoDDCN is asked for it; the marriage, without one, is not.
    birth = await _post(ho_tich, "/dangKyHoTich", _push("KS-1", _birth()))
    assert birth["status"] == "1"
    marriage_states, birth_states = [], []
    for _ in range(40):
        clock.advance(DAY / 4)
        for code, states in (("KH-1", marriage_states), ("KS-1", birth_states)):
            answer = await _post(ho_tich, "/traTrangThaiHoSo", {"maDonVi": UNIT, "maHoSo": code})
            states.append(answer["trangThai"])
    assert "2" not in marriage_states and marriage_states[-1] in ("4", "6")
    assert "2" in birth_states and birth_states[-1] in ("4", "6")
