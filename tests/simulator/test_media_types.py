"""A JSON body sent under another media type — ``text/plain``, a form (curl's ``-d`` default),
XML — gets a clear 415 ``KIEU_NOI_DUNG_KHONG_HO_TRO`` from every registry, through the LGSP and
the NDXP on real sockets, in the registry's own error envelope. Before, dân cư parsed any body
as JSON whatever it was labelled, and the other registries said "not a JSON object" of a JSON
object."""

from __future__ import annotations

import httpx
import orjson
import pytest

from simulator.stack import Stack

AUTH = ("VN/GOV/000.00.00.H56/MCDT", "mcdt-demo-secret")
CITIZEN = orjson.dumps(
    {"MaYeuCau": "1", "MaDVC": "1.001", "MaTichHop": "MCDT", "SoDinhDanh": "001080012345"}
)
WRONG_TYPES = ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
# (path through the LGSP, a body the service would accept as JSON, the envelope's own field)
SERVICES = [
    ("/apiCSDLDC/1.0/TraCuuThongTinCongDan", CITIZEN, None),
    ("/apiHoTichTuPhap/1.0/danhMuc", b'{"loaiDanhMuc":"3"}', "errorCode"),
    ("/apiCSDLDKDN/1.0/nopHoSo", b'{"MaHoSoMCDT":"X-1"}', "Status"),
    ("/apiDVC-GPLX/tcdbdvcdata/mapi/login", b'{"username":"H56.MCDT"}', "message"),
]


@pytest.mark.parametrize(("path", "body", "envelope"), SERVICES)
async def test_a_json_body_under_another_media_type_is_a_415(
    stack: Stack, client: httpx.AsyncClient, path: str, body: bytes, envelope: str | None
) -> None:
    for media in WRONG_TYPES:
        answer = await client.post(
            stack.urls["lgsp"] + path, content=body, headers={"Content-Type": media}, auth=AUTH
        )
        assert answer.status_code == 415, (media, answer.text)
        error = answer.json()
        assert error["MaLoi"] == "KIEU_NOI_DUNG_KHONG_HO_TRO"
        assert error["MoTaLoi"].startswith(f"Kiểu nội dung '{media}' không được hỗ trợ")
        assert envelope is None or envelope in error


async def test_json_with_parameters_or_unlabelled_is_still_read(
    stack: Stack, client: httpx.AsyncClient
) -> None:
    url = stack.urls["lgsp"] + "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
    for headers in ({"Content-Type": "application/json; charset=utf-8"}, {}):
        answer = await client.post(url, content=CITIZEN, headers=headers, auth=AUTH)
        assert answer.status_code == 200, answer.text
        assert answer.json()["CongdanCollection"]["SoCongDan"] == 1
