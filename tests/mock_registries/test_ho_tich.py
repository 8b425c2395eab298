from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mock_registries.clock import Clock
from mock_registries.data import fixtures
from mock_registries.data.identity import parse_cccd
from mock_registries.settings import MockSettings


def _birth(one_stop: str, **overrides: Any) -> dict[str, Any]:
    ho_tich = {
        "nksHoTen": "Nguyễn Thị Hoa",
        "nksGioiTinh": "2",
        "nksNgaySinh": "20/11/2026",
        "nksNoiSinh": {"maTinh": "01", "maHuyen": "001", "maXa": "00001"},
        "meHoTen": "Trần Thị Bình",
        "meSoDDCN": fixtures.WIFE_BINH,
        "chaHoTen": "Nguyễn Văn An",
        "chaSoDDCN": fixtures.HEAD_AN,
        **overrides,
    }
    return {"maDonVi": "00001", "maHoSoMCDT": one_stop, "module": "LTKS", "hoTich": ho_tich}


async def test_birth_record_agrees_with_dan_cu(ho_tich: httpx.AsyncClient) -> None:
    response = await ho_tich.get(f"/traCuuKhaiSinh?soDinhDanh={fixtures.DAUGHTER_DIEP}")
    data = response.json()["data"]
    assert response.json()["SoDinhDanh"] == fixtures.DAUGHTER_DIEP
    assert data["nksHoTen"] == "NGUYỄN THỊ DIỆP" and data["nksNgaySinh"] == "30/11/2015"
    assert data["meSoDDCN"] == fixtures.WIFE_BINH and data["chaSoDDCN"] == fixtures.HEAD_AN
    assert data["quyenSo"][-4:] == data["ngayDangKy"][-4:] >= "2015"


async def test_marriage_record_from_either_spouse(ho_tich: httpx.AsyncClient) -> None:
    husband = (await ho_tich.get(f"/traCuuKetHon?soDinhDanh={fixtures.HUSBAND_PHUC}")).json()
    wife = (await ho_tich.get(f"/traCuuKetHon?soDinhDanh={fixtures.WIFE_NHUNG}")).json()
    assert husband["data"] == wife["data"]
    assert husband["data"]["voHoTen"] == "PHẠM THỊ HỒNG NHUNG"
    single = await ho_tich.get(f"/traCuuKetHon?soDinhDanh={fixtures.SINGLE_TAI}")
    assert single.status_code == 200
    assert single.json() | {"statusDescription": ""} == {
        "status": "0",
        "statusDescription": "",
        "errorCode": "201",
        "SoDinhDanh": fixtures.SINGLE_TAI,
        "data": None,
    }


async def test_some_elderly_have_death_records(ho_tich: httpx.AsyncClient) -> None:
    found = 0
    for i in range(200):
        response = await ho_tich.get(f"/traCuuKhaiTu?soDinhDanh=0010{30 + i % 20}{i:06d}")
        assert response.status_code == 200
        data = response.json()["data"]
        if data is not None:
            assert data["nktNgayChet"][-4:] >= data["nktNgaySinh"][-4:]
            found += 1
    assert 0 < found < 200


async def test_birth_registration_moves_to_a_result(
    ho_tich: httpx.AsyncClient, clock: Clock
) -> None:
    finals: dict[str, int] = {}
    for i in range(30):
        submitted = await ho_tich.post("/dangKyKhaiSinh", json=_birth(f"MCDT-{i}"))
        assert submitted.status_code == 200, submitted.text
        assert submitted.json()["TrangThaiHoSo"] in ("1", "2")
    status = await ho_tich.post("/traTrangThaiHoSo", json={"maHoSo": "MCDT-0"})
    assert status.json()["ketQuaXuLy"] is None
    clock.advance(30 * 24 * 3600)
    for i in range(30):
        body = (await ho_tich.post("/traTrangThaiHoSo", json={"maHoSo": f"MCDT-{i}"})).json()
        finals[body["maHoSoLT"]] = int(body["TrangThaiHoSo"])
        if body["TrangThaiHoSo"] in ("9", "10"):
            newborn = parse_cccd(body["ketQuaXuLy"]["soDinhDanh"])
            assert newborn is not None
            assert (newborn.province_code, newborn.birth_year, newborn.male) == (1, 2026, False)
        else:
            assert body["ketQuaXuLy"] is None
    assert 10 in finals.values()


async def test_duplicates_and_unknown_dossiers(ho_tich: httpx.AsyncClient) -> None:
    assert (await ho_tich.post("/dangKyKhaiSinh", json=_birth("DUP"))).status_code == 200
    again = await ho_tich.post("/dangKyKhaiSinh", json=_birth("DUP"))
    assert again.status_code == 409 and again.json()["MaLoi"] == "HO_SO_DA_TON_TAI"
    missing = await ho_tich.post("/traTrangThaiHoSo", json={"maHoSo": "G15-LTKS-261123-999999"})
    assert missing.status_code == 404 and missing.json()["MaLoi"] == "RECORD_NOT_FOUND"


async def test_store_refuses_when_full_and_keeps_what_it_has(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    async with make_client("ho_tich", MockSettings(max_stored_dossiers=100)) as client:
        for i in range(100):
            assert (await client.post("/dangKyKhaiSinh", json=_birth(f"F-{i}"))).status_code == 200
        full = await client.post("/dangKyKhaiSinh", json=_birth("F-100"))
        assert full.status_code == 503 and full.json()["MaLoi"] == "KHO_HO_SO_DAY"
        kept = await client.post("/traTrangThaiHoSo", json={"maHoSo": "F-0"})
        assert kept.status_code == 200
        metrics = (await client.get("/metrics")).text
    assert 'registry_stored_dossiers{registry="ho_tich"} 100.0' in metrics
    assert 'registry_stored_dossiers_capacity{registry="ho_tich"} 100.0' in metrics


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"nksNgaySinh": "01/01/2099"}, "NGAY_TRONG_TUONG_LAI"),
        ({"nksNgaySinh": "2026-11-20"}, "NGAY_KHONG_HOP_LE"),
        ({"nksGioiTinh": "3"}, "DATA_TYPE_INVALID"),
        ({"meSoDDCN": "12345"}, "SO_DINH_DANH_KHONG_HOP_LE"),
        ({"nksNoiSinh": {"maTinh": "99"}}, "DATA_TYPE_INVALID"),
        ({"nksNoiSinh": "Hà Nội"}, "DATA_TYPE_INVALID"),
    ],
)
async def test_bad_birth_registration(
    ho_tich: httpx.AsyncClient, overrides: dict[str, Any], code: str
) -> None:
    response = await ho_tich.post("/dangKyKhaiSinh", json=_birth("BAD", **overrides))
    assert response.status_code == 400 and response.json()["MaLoi"] == code
