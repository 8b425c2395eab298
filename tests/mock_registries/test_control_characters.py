"""A control character (C0 or DEL) in a client's identifier or free text is refused with each
registry's own 4xx and a stable code — never echoed back: no XML 1.0 message (the registries'
SOAP side) can carry one, so the real services cannot answer with it either."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from mock_registries.data import fixtures

CONTROLS = ["\x00", "\x07", "\x1b[31m", "\x7f", "\r\n"]


def _no_echo(response: httpx.Response, bad: str) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, response.text
    assert bad.encode() not in response.content
    assert b"\\u0000" not in response.content and b"\\u001b" not in response.content
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("bad", CONTROLS)
@pytest.mark.parametrize("field", ["MaYeuCau", "MaDVC", "MaTichHop", "HoVaTen"])
async def test_dan_cu_refuses_control_characters(
    dan_cu: httpx.AsyncClient, field: str, bad: str
) -> None:
    request = {"MaYeuCau": "MCDT-1", "SoDinhDanh": fixtures.HEAD_AN, field: f"ab{bad}cd"}
    body = _no_echo(await dan_cu.post("/TraCuuThongTinCongDan", json=request), bad)
    assert body["MaLoi"] == "DU_LIEU_KHONG_HOP_LE"
    assert f"{field}: sai định dạng" in body["MoTaLoi"]


@pytest.mark.parametrize("bad", CONTROLS)
async def test_ho_tich_refuses_control_characters_in_the_dossier_code(
    ho_tich: httpx.AsyncClient, bad: str
) -> None:
    for path in ("/traTrangThaiHoSo", "/ketQuaDangKyHS"):
        response = await ho_tich.post(path, json={"maDonVi": 1, "maHoSo": f"MC{bad}1"})
        body = _no_echo(response, bad)
        assert (body["errorCode"], body["MaLoi"]) == ("302", "DU_LIEU_KHONG_HOP_LE")


@pytest.mark.parametrize("bad", CONTROLS)
async def test_gplx_refuses_control_characters(gplx: httpx.AsyncClient, bad: str) -> None:
    login = await gplx.post("/mapi/login", json={"username": f"H56{bad}", "password": "x"})
    assert _no_echo(login, bad)["MaLoi"] == "DU_LIEU_KHONG_HOP_LE"
    ok = await gplx.post(
        "/mapi/login", json={"username": "H56.MCDT", "password": "gplx-demo-secret"}
    )
    session = ok.json()["session"]
    fields = {"session": session, "service": "TraCuuHoSo", "mahoso": f"G18{bad}1"}
    assert _no_echo(await gplx.post("/mapi/g", json=fields), bad)["MaLoi"] == "DU_LIEU_KHONG_HOP_LE"


async def test_a_tab_or_newline_free_of_controls_still_passes(dan_cu: httpx.AsyncClient) -> None:
    request = {
        "MaYeuCau": "MCDT-2 lần 1",
        "SoDinhDanh": fixtures.HEAD_AN,
        "HoVaTen": "Nguyễn Văn An",
    }
    response = await dan_cu.post(
        "/TraCuuThongTinCongDan",
        content=orjson.dumps(request),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json()["MaYeuCau"] == "MCDT-2 lần 1"


@pytest.mark.parametrize("bad", CONTROLS)
@pytest.mark.parametrize(
    ("module", "field", "record"),
    [
        ("LTKS", "nksHoTen", {"nksHoTen": "NGUYỄN THỊ {bad}HOA"}),
        ("LTKT", "nktNguyenNhanChet", {"nktNguyenNhanChet": "Bệnh{bad}"}),
    ],
)
async def test_ho_tich_refuses_control_characters_in_what_it_stores(
    ho_tich: httpx.AsyncClient, bad: str, module: str, field: str, record: dict[str, str]
) -> None:
    """Free text inside the dossier's ``data`` (a newborn's name, a cause of death) is stored
    and shown again in later answers, dân cư's SOAP side included: refused on arrival, the way
    the ministry refuses what is wrong inside ``data`` (200, ``status`` 0, ``errorCode`` 302)."""
    data = {
        "nksGioiTinh": "2",
        "nksNgaySinh": "20/11/2026",
        "nksNoiSinh": {"maTinh": "01", "maHuyen": "001", "maXa": "00001"},
        "nycHoTen": "NGUYỄN VĂN AN",
        "nktGioiTinh": "1",
        "meHoTen": "TRẦN THỊ BÌNH",
        "meSoDDCN": fixtures.WIFE_BINH,
        "nktHoTen": "NGUYỄN VĂN AN",
        "nktSoDDCN": fixtures.HEAD_AN,
        "nktNgaySinh": "14/05/1980",
        "nktNgayChet": "20/11/2026",
        **{key: value.format(bad=bad) for key, value in record.items()},
    }
    push = {
        "maDonVi": 1,
        "module": module,
        "maHoSo": f"MC-CTRL-{module}",
        "ngayTiepNhan": "23/11/2026 09:00:00",
        "data": orjson.dumps({"hoTich": data}).decode(),
    }
    refused = await ho_tich.post("/dangKyHoTich", json=push)
    assert refused.status_code == 200 and bad.encode() not in refused.content
    body = refused.json()
    assert (body["status"], body["errorCode"]) == ("0", "302")
    assert field in body["errorDescription"] and "ký tự điều khiển" in body["errorDescription"]
    clean = {**data, field: record[field].format(bad=" ")}
    taken = await ho_tich.post(
        "/dangKyHoTich", json={**push, "data": orjson.dumps({"hoTich": clean}).decode()}
    )
    assert taken.json()["status"] == "1", taken.text  # the same dossier with a space is taken
