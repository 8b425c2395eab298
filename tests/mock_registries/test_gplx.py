from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from mock_registries.clock import Clock
from mock_registries.data import fixtures
from mock_registries.world import World


async def _get(client: httpx.AsyncClient, path: str, status: int = 200) -> dict[str, Any]:
    response = await client.get(path)
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_fixed_licence_belongs_to_the_household_head(gplx: httpx.AsyncClient) -> None:
    body = await _get(gplx, f"/traCuuGPLX?soGPLX={fixtures.LICENCE_AN}")
    assert body["error_code"] == 0 and body["SoGPLX"] == fixtures.LICENCE_AN
    assert body["data"] | {"SoSeri": None, "NgayTrungTuyen": None} == {
        "SoGPLX": fixtures.LICENCE_AN,
        "SoSeri": None,
        "HoVaTen": "NGUYỄN VĂN AN",
        "NgaySinh": "19800514",
        "GioiTinh": "1",
        "SoDinhDanh": fixtures.HEAD_AN,
        "HangGPLX": "B2",
        "NgayTrungTuyen": None,
        "NgayCapGPLX": "15/06/2020",
        "NgayHHGPLX": "15/06/2030",
        "NoiCapGPLX": "Sở Giao thông vận tải Hà Nội",
        "TrangThai": "Còn hiệu lực",
        "DiemConLai": 12,
        "DanhSachHang": [
            {
                "HangGPLX": "B2",
                "NgayTrungTuyen": body["data"]["NgayTrungTuyen"],
                "NgayCapGPLX": "15/06/2020",
                "NgayHHGPLX": "15/06/2030",
                "NoiCapGPLX": "Sở Giao thông vận tải Hà Nội",
            }
        ],
    }


async def test_generated_licences_are_consistent(
    gplx: httpx.AsyncClient, dan_cu: httpx.AsyncClient, clock: Clock
) -> None:
    world = World(2024, clock=clock)  # the same world the mocks are views of
    numbers = [
        held.number
        for i in range(300)
        for held in world.licences_of(f"0790{70 + i % 30}{i * 7919 % 10**6:06d}")
    ]
    assert len(numbers) > 40
    states = set()
    for number in numbers[:40]:
        data = (await _get(gplx, f"/traCuuGPLX?soGPLX={number}"))["data"]
        states.add(data["TrangThai"])
        assert data["SoDinhDanh"].startswith("079")  # holder registered in the issuing province
        for klass in data["DanhSachHang"]:
            if klass["HangGPLX"] in ("A1", "A2", "A"):
                assert klass["NgayHHGPLX"] is None
        person = await dan_cu.post(
            "/TraCuuThongTinCongDan", json={"MaYeuCau": "1", "SoDinhDanh": data["SoDinhDanh"]}
        )
        (record,) = person.json()["CongdanCollection"]["CongDan"]
        assert record["NgayThangNamSinh"]["NgayThangNam"] == data["NgaySinh"]
        name = record["HoVaTen"]
        assert " ".join(p for p in name.values() if p) == data["HoVaTen"]
    assert "Còn hiệu lực" in states
    # a licence number names its holder: a made-up one is (almost always) not issued
    made_up = [await gplx.get(f"/traCuuGPLX?soGPLX=79{i * 7919:010d}") for i in range(20)]
    assert sum(r.status_code == 404 for r in made_up) >= 18


@pytest.mark.parametrize("number", ["01012345678", "0101234567890", "01012345678x", ""])
async def test_malformed_licence_number(gplx: httpx.AsyncClient, number: str) -> None:
    body = await _get(gplx, f"/traCuuGPLX?soGPLX={number}", 400)
    assert body["MaLoi"] == "DU_LIEU_KHONG_HOP_LE" and "soGPLX" in body["MoTaLoi"]


async def test_a_licence_of_no_province_is_not_found(gplx: httpx.AsyncClient) -> None:
    body = await _get(gplx, "/traCuuGPLX?soGPLX=990123456789", 404)
    assert body["MaLoi"] == "KHONG_TIM_THAY_GPLX"


async def test_renewal_dossier_gets_its_result_over_time(
    gplx: httpx.AsyncClient, clock: Clock
) -> None:
    listing = await _get(
        gplx, "/danhSachHoSoGPLX?ngayNhan1=2026-11-23&ngayNhan2=2026-11-23&limit=100"
    )
    assert listing["total"] >= len(listing["data"]) > 0
    code = listing["data"][0]["maHoSo"]
    before = (await _get(gplx, f"/traCuuHoSoGPLX?maHoSo={code}"))["data"][0]
    assert before["NgayCoKetQua"] is None and before["TepKetQua"] == []
    clock.advance(40 * 24 * 3600)
    seen_result = False
    for item in listing["data"]:
        after = (await _get(gplx, f"/traCuuHoSoGPLX?maHoSo={item['maHoSo']}"))["data"][0]
        if after["MaTrangThai"] == "10":
            assert after["NgayCoKetQua"] and after["NgayTraKetQua"]
            fmt = "%d/%m/%Y %H:%M:%S"
            done = datetime.strptime(after["NgayCoKetQua"], fmt)
            assert datetime.strptime(after["NgayTraKetQua"], fmt) > done
            path = after["TepKetQua"][0]["DuongDan"]
            file = await _get(gplx, f"/layTaiLieuHoSo?duongDan={path}")
            assert file["TepTinDinhKem"][0]["Base64"].startswith("JVBERi0")  # %PDF-
            seen_result = True
    assert seen_result


async def test_unknown_dossier_and_file(gplx: httpx.AsyncClient) -> None:
    body = await _get(gplx, "/traCuuHoSoGPLX?maHoSo=000.00.00.G18-261123-9999", 404)
    assert body["MaLoi"] == "KHONG_TIM_THAY_HO_SO"
    await _get(gplx, "/layTaiLieuHoSo?duongDan=000.00.00.G18-261123-0001/KQ1.pdf", 404)
    too_long = await _get(gplx, "/danhSachHoSoGPLX?ngayNhan1=2026-11-01&ngayNhan2=2026-11-20")
    assert too_long["error_code"] == 1 and too_long["message"]
