"""The DVC GPLX sync API: login, ``service=`` dispatch on ``/mapi/g``, session expiry on the
simulated clock, and the −300…−304 codes, all in HTTP 200 as the service answers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_registries.clock import Clock

UNIT = "000.00.00.G18"
ACCOUNT = {"username": "H56.MCDT", "password": "gplx-demo-secret"}


async def _login(gplx: httpx.AsyncClient) -> str:
    response = await gplx.post("/mapi/login", json=ACCOUNT)
    body = response.json()
    assert response.status_code == 200 and body["error_code"] == 0, body
    assert isinstance(body["session"], str) and len(body["session"]) == 32
    return str(body["session"])


async def _g(gplx: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await gplx.post("/mapi/g", json=fields)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_list_then_detail_then_file(gplx: httpx.AsyncClient, clock: Clock) -> None:
    session = await _login(gplx)
    common = {"session": session, "donViXuLy": UNIT}
    listing = await _g(
        gplx, **common, service="DanhSachHoSo", ngayNhan1="2026-11-18", ngayNhan2="2026-11-20"
    )
    assert listing["error_code"] == 0 and listing["total"] == len(listing["data"]) > 100
    item = listing["data"][0]
    for field in ("maHoSo", "hoTen", "ngaySinh", "soCmnd", "dvhcNoiCuTru", "soDienThoai",
                  "giayKhamSucKhoe", "danhSachLePhi", "gplxDaCap", "hoSoDinhKem"):  # fmt: skip
        assert item[field], field
    assert len(item["dvhcNoiCuTru"]) == 10 and item["danhSachLePhi"][0]["soTien"] == 135_000
    results = []
    for row in listing["data"]:
        detail = await _g(gplx, **common, service="TraCuuHoSo", mahoso=row["maHoSo"])
        (found,) = detail["data"]
        assert found["MaHoSo"] == row["maHoSo"] and found["MaTrangThai"]
        results += [f["DuongDan"] for f in found["TepKetQua"]]
        clock.advance(1)  # the session stays alive while it is used
    assert results
    files = await _g(gplx, **common, service="LayTaiLieuHoSo", duongdanteptin=results[0])
    assert files["TepTinDinhKem"][0]["Base64"].startswith("JVBERi0")
    missing = await _g(gplx, **common, service="TraCuuHoSo", mahoso="000.00.00.G18-261120-9999")
    assert (missing["error_code"], missing["data"]) == (0, [])


async def test_codes_300_to_304(gplx: httpx.AsyncClient, clock: Clock) -> None:
    session = await _login(gplx)
    call = {"service": "TraCuuHoSo", "mahoso": "x"}
    assert (await _g(gplx, **call, donViXuLy=UNIT))["error_code"] == -301
    assert (await _g(gplx, **call, session="", donViXuLy=UNIT))["error_code"] == -301
    assert (await _g(gplx, **call, session="khong-co", donViXuLy=UNIT))["error_code"] == -302
    assert (await _g(gplx, **call, session=session))["error_code"] == -300
    assert (await _g(gplx, **call, session=session, donViXuLy="H56"))["error_code"] == -303
    clock.advance(29 * 60)
    assert (await _g(gplx, **call, session=session, donViXuLy=UNIT))["error_code"] == 0
    clock.advance(31 * 60)
    expired = await _g(gplx, **call, session=session, donViXuLy=UNIT)
    assert expired["error_code"] == -304 and "hết hạn" in expired["message"]
    again = await _g(gplx, **call, session=session, donViXuLy=UNIT)
    assert again["error_code"] == -302  # an expired session is forgotten


async def test_wrong_password_and_bad_ranges(gplx: httpx.AsyncClient) -> None:
    wrong = (await gplx.post("/mapi/login", json={**ACCOUNT, "password": "x"})).json()
    assert (wrong["error_code"], wrong["session"]) == (-302, None)
    session = await _login(gplx)
    for first, last in (("2026-11-20", "2026-11-01"), ("2026-11-01", "2026-11-20"),
                        ("2026-02-30", "2026-03-01")):  # fmt: skip
        body = await _g(
            gplx,
            session=session,
            donViXuLy=UNIT,
            service="DanhSachHoSo",
            ngayNhan1=first,
            ngayNhan2=last,
        )
        assert body["error_code"] == 1 and body["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"service": "XoaHoSo", "session": "s"},
        {"service": "DanhSachHoSo", "session": "s", "ngayNhan1": "20/11/2026", "ngayNhan2": "x"},
        {"service": "TraCuuHoSo", "session": "s"},
        {"session": "s"},
        {"username": "H56.MCDT"},
    ],
)
async def test_schema_invalid_calls_are_400(gplx: httpx.AsyncClient, body: dict[str, Any]) -> None:
    path = "/mapi/login" if "username" in body else "/mapi/g"
    response = await gplx.post(path, json=body)
    assert response.status_code == 400
    dated = body.get("ngayNhan1") is not None  # a date of the wrong shape names itself
    code = "NGAY_KHONG_HOP_LE" if dated else "DU_LIEU_KHONG_HOP_LE"
    assert response.json()["MaLoi"] == code and response.json()["message"]
