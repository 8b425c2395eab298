"""The ĐKDN province listings (Phụ lục V rows 1, 77) on the world: a listing names the
enterprises the look-ups answer for (submissions, row 17: ``test_dkdn_submission``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


async def _get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("path", "detail", "kinds"), [
    ("/danhSachDoanhNghiep", "/chiTietDoanhNghiep", {"DN", "HTX"}),
    ("/danhSachHoKinhDoanh", "/chiTietHoKinhDoanh", {"HKD"}),
])  # fmt: skip
async def test_a_province_listing_shows_what_the_look_ups_answer(
    dkdn: httpx.AsyncClient, path: str, detail: str, kinds: set[str]
) -> None:
    page = await _get(dkdn, path, maTinh="48", offset=20, limit=10)
    assert page["Status"] == "1" and page["MaTinh"] == "48" and len(page["MainInformation"]) == 10
    first = (await _get(dkdn, path, maTinh="48", limit=30))["MainInformation"]
    assert first[20:] == page["MainInformation"]  # pages of one listing
    param = "msdn" if detail == "/chiTietDoanhNghiep" else "mst"
    for item in page["MainInformation"][:5]:
        assert item["ENTERPRISE_KIND"] in kinds
        if item["ENTERPRISE_KIND"] == "HTX":
            continue  # chiTietHopTacXa answers an HTX
        found = await _get(dkdn, detail, **{param: item["ENTERPRISE_GDT_CODE"]})
        assert found["Data"]["MainInformation"] == item
        assert found["Data"]["HOAdress"]["CityID"] == "48"


async def test_a_listing_refuses_an_unknown_province_and_stops_at_its_count(
    dkdn: httpx.AsyncClient,
) -> None:
    refused = await _get(dkdn, "/danhSachDoanhNghiep", maTinh="99")
    assert refused["Status"] == "0" and refused["MaLoi"] == "MA_TINH_KHONG_DUNG"
    listing = await _get(dkdn, "/danhSachDoanhNghiep", maTinh="01", limit=1)
    assert 0 < listing["DataCount"] <= 1000
    beyond = await dkdn.get("/danhSachDoanhNghiep", params={"maTinh": "01", "offset": 1000})
    assert beyond.status_code == 400
