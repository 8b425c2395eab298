"""Dates on the wire (README table): each registry reads its dates strictly — its own format, a
real calendar day, not after its simulated today (23/11/2026 09:30, Vietnam time, in these
tests) — and refuses the rest in its own envelope with a stable code; random date strings never
get a 5xx."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mock_registries.clock import Clock
from mock_registries.data import fixtures
from mock_registries.dates import (
    DMY,
    ISO,
    YEAR,
    YMD,
    DateError,
    FutureDate,
    ReversedRange,
    date_range,
    read_date,
)

TODAY = date(2026, 11, 23)
META = {"MaYeuCau": "req-1", "MaDVC": "1.001193", "MaTichHop": "037"}
_DATE_CODES = {"NGAY_KHONG_HOP_LE", "NGAY_TRONG_TUONG_LAI", "KHOANG_THOI_GIAN_KHONG_HOP_LE"}


@pytest.mark.parametrize(
    ("value", "formats", "error"),
    [
        ("31/02/1980", (DMY,), DateError),
        ("1/2/1980", (DMY,), DateError),  # strptime would take it: the wire does not
        (" 01/02/1980", (DMY,), DateError),
        ("01/02/1980\n", (DMY,), DateError),
        ("１２/０２/１９８０", (DMY,), DateError),  # fullwidth digits are no wire digits
        ("19801332", (YMD,), DateError),
        ("2026-11-24", (ISO,), FutureDate),
        ("0000", (YEAR,), DateError),
        ("2027", (YEAR,), FutureDate),
        (20261101, (YMD,), DateError),
    ],
)
def test_read_date_refuses(value: Any, formats: Any, error: type[DateError]) -> None:
    with pytest.raises(error) as caught:
        read_date(value, formats, field="ngay", today=TODAY)
    assert type(caught.value) is error and caught.value.field == "ngay"


def test_read_date_reads_every_format_up_to_today() -> None:
    assert read_date("23/11/2026", (DMY,), field="x", today=TODAY) == TODAY
    assert read_date("2026-11-23", (ISO,), field="x", today=TODAY) == TODAY
    assert read_date("29/02/2024", (YMD, DMY), field="x", today=TODAY) == date(2024, 2, 29)
    assert read_date("2026", (YEAR,), field="x", today=TODAY) == date(2026, 1, 1)
    with pytest.raises(ReversedRange) as caught:
        date_range(("a", "2026-11-20"), ("b", "2026-11-19"), ISO, today=TODAY)
    assert caught.value.reason == "KHOANG_THOI_GIAN_KHONG_HOP_LE"


async def _json(client: httpx.AsyncClient, method: str, path: str, **kw: Any) -> Any:
    response = await client.request(method, path, **kw)
    return response.status_code, response.json()


async def test_dkdn_refuses_in_status_zero(dkdn: httpx.AsyncClient) -> None:
    async def ask(first: str, last: str) -> tuple[int, Any]:
        status, body = await _json(dkdn, "GET", f"/danhSachHoSo?from_date={first}&to_date={last}")
        return status, (body["Status"], body["MaLoi"])

    assert await ask("01/01/2030", "02/01/2030") == (200, ("0", "NGAY_TRONG_TUONG_LAI"))
    assert await ask("22/11/2026", "24/11/2026") == (200, ("0", "NGAY_TRONG_TUONG_LAI"))
    assert await ask("31/02/2026", "01/03/2026") == (200, ("0", "NGAY_KHONG_HOP_LE"))
    assert await ask("23/11/2026", "22/11/2026") == (
        200,
        ("0", "KHOANG_THOI_GIAN_KHONG_HOP_LE"),
    )
    assert await ask("2026-11-20", "2026-11-21") == (400, ("0", "NGAY_KHONG_HOP_LE"))
    today = await _json(dkdn, "GET", "/danhSachHoSo?from_date=23/11/2026&to_date=23/11/2026")
    assert today[1]["Status"] == "1"


async def test_a_missing_date_is_a_missing_field_not_a_bad_date(
    dkdn: httpx.AsyncClient, gplx: httpx.AsyncClient
) -> None:
    """A date the client left out was never a date of the wrong shape: the schema's own code."""
    status, body = await _json(dkdn, "GET", "/danhSachHoSo?from_date=20/11/2026")
    assert (status, body["MaLoi"]) == (400, "DU_LIEU_KHONG_HOP_LE")
    assert "to_date: thiếu trường bắt buộc" in body["MoTaLoi"]
    status, body = await _json(gplx, "GET", "/danhSachHoSoGPLX?ngayNhan2=2026-11-20")
    assert (status, body["MaLoi"]) == (400, "DU_LIEU_KHONG_HOP_LE")
    # A date of the wrong shape beside a missing one still names the date.
    status, body = await _json(dkdn, "GET", "/danhSachHoSo?from_date=2026-11-20")
    assert (status, body["MaLoi"]) == (400, "NGAY_KHONG_HOP_LE")


async def test_gplx_refuses_with_error_code_one(gplx: httpx.AsyncClient) -> None:
    async def ask(first: str, last: str) -> tuple[int, Any]:
        path = f"/danhSachHoSoGPLX?ngayNhan1={first}&ngayNhan2={last}"
        status, body = await _json(gplx, "GET", path)
        return status, (body.get("error_code"), body["MaLoi"])

    assert await ask("2030-01-01", "2030-01-02") == (200, (1, "NGAY_TRONG_TUONG_LAI"))
    assert await ask("2026-02-30", "2026-03-01") == (200, (1, "NGAY_KHONG_HOP_LE"))
    assert await ask("2026-11-22", "2026-11-20") == (200, (1, "KHOANG_THOI_GIAN_KHONG_HOP_LE"))
    assert await ask("2026-11-10", "2026-11-20") == (200, (1, "KHOANG_THOI_GIAN_QUA_DAI"))
    assert await ask("20/11/2026", "21/11/2026") == (400, (None, "NGAY_KHONG_HOP_LE"))
    ok = await _json(gplx, "GET", "/danhSachHoSoGPLX?ngayNhan1=2026-11-23&ngayNhan2=2026-11-23")
    assert ok[1]["error_code"] == 0


async def test_gplx_session_service_reads_the_same_way(gplx: httpx.AsyncClient) -> None:
    login = {"username": "H56.MCDT", "password": "gplx-demo-secret"}
    session = (await gplx.post("/mapi/login", json=login)).json()["session"]
    body = {"session": session, "donViXuLy": "000.00.00.G18", "service": "DanhSachHoSo"}
    future = {**body, "ngayNhan1": "2027-01-01", "ngayNhan2": "2027-01-02"}
    answer = (await gplx.post("/mapi/g", json=future)).json()
    assert (answer["error_code"], answer["MaLoi"]) == (1, "NGAY_TRONG_TUONG_LAI")


def _record(**overrides: Any) -> dict[str, Any]:
    return {
        "nksHoTen": "NGUYỄN THỊ HOA",
        "nksGioiTinh": "2",
        "nksNgaySinh": "20/11/2026",
        "nksNoiSinh": {"maTinh": "01"},
        "meHoTen": "TRẦN THỊ BÌNH",
        "meSoDDCN": fixtures.WIFE_BINH,
        "nycHoTen": "NGUYỄN VĂN AN",
        **overrides,
    }


def _push(record: dict[str, Any], received: str = "23/11/2026 09:00:00") -> dict[str, Any]:
    data = orjson.dumps({"hoTich": record}).decode()
    return {"maDonVi": 1, "module": "LTKS", "maHoSo": "D1", "ngayTiepNhan": received, "data": data}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_push(_record(nksNgaySinh="24/11/2026")), ("500", "NGAY_TRONG_TUONG_LAI")),
        (_push(_record(nksNgaySinh="31/02/2026")), ("302", "NGAY_KHONG_HOP_LE")),
        (_push(_record(nksNgaySinh="20/11/2026 08:00")), ("302", "NGAY_KHONG_HOP_LE")),
        (_push(_record(meNgaySinh="1985-01-01")), ("302", "NGAY_KHONG_HOP_LE")),
        (_push(_record(), received="31/11/2026 09:00:00"), ("302", "NGAY_KHONG_HOP_LE")),
    ],
)
async def test_ho_tich_refuses_with_errorcode_and_maloi(
    ho_tich: httpx.AsyncClient, body: dict[str, Any], expected: tuple[str, str]
) -> None:
    status, answer = await _json(ho_tich, "POST", "/dangKyHoTich", json=body)
    assert status == 200 and answer["status"] == "0"
    assert (answer["errorCode"], answer["MaLoi"]) == expected


async def test_ho_tich_daily_sync_refuses_a_day_to_come(ho_tich: httpx.AsyncClient) -> None:
    for day, expected in (
        ("24/11/2026", "NGAY_TRONG_TUONG_LAI"),
        ("29/02/2026", "NGAY_KHONG_HOP_LE"),
    ):
        _, answer = await _json(ho_tich, "POST", "/dongBoHoSo", json={"maDonVi": 1, "ngay": day})
        assert (answer["status"], answer["MaLoi"]) == ("0", expected)
    status, answer = await _json(ho_tich, "POST", "/dongBoHoSo", json={"maDonVi": 1, "ngay": "x"})
    assert (status, answer["MaLoi"]) == (400, "NGAY_KHONG_HOP_LE")


async def test_dan_cu_soap_fault_carries_the_same_code(dan_cu: httpx.AsyncClient) -> None:
    envelope = (
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:dan="http://dancuquocgia.bca"><soapenv:Body><dan:TraCuuThongTinCongDan>'
        "<dan:MaYeuCau>r1</dan:MaYeuCau>"
        f"<dan:SoDinhDanh>{fixtures.HEAD_AN}</dan:SoDinhDanh>"
        "<dan:NgayThangNamSinh><dan:NgayThangNam>20991231</dan:NgayThangNam>"
        "</dan:NgayThangNamSinh></dan:TraCuuThongTinCongDan></soapenv:Body></soapenv:Envelope>"
    )
    response = await dan_cu.post(
        "/TraCuuThongTinCongDan", content=envelope, headers={"content-type": "text/xml"}
    )
    assert response.status_code == 500 and b"soapenv:Client" in response.content
    assert b"NGAY_TRONG_TUONG_LAI" in response.content


_DATEISH = st.one_of(
    st.text(alphabet="0123456789/-", min_size=4, max_size=10),
    st.dates().map(lambda d: f"{d:%d/%m/%Y}"),
    st.dates().map(lambda d: f"{d:%Y-%m-%d}"),
    st.dates().map(lambda d: f"{d:%Y%m%d}"),
    st.text(max_size=12),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=_DATEISH, last=_DATEISH)
async def test_random_dates_get_an_answer_or_a_stable_code(
    dkdn: httpx.AsyncClient, gplx: httpx.AsyncClient, dan_cu: httpx.AsyncClient, clock: Clock,
    first: str, last: str,
) -> None:  # fmt: skip
    params = {"from_date": first, "to_date": last}
    status, body = await _json(dkdn, "GET", "/danhSachHoSo", params=params)
    assert status in (200, 400)
    assert body["Status"] == "1" or body["MaLoi"] in {*_DATE_CODES, "KHOANG_THOI_GIAN_QUA_DAI"}
    params = {"ngayNhan1": first, "ngayNhan2": last}
    status, body = await _json(gplx, "GET", "/danhSachHoSoGPLX", params=params)
    assert status in (200, 400)
    assert body.get("error_code") == 0 or body["MaLoi"] in {
        *_DATE_CODES,
        "KHOANG_THOI_GIAN_QUA_DAI",
    }
    lookup = {**META, "SoDinhDanh": fixtures.HEAD_AN, "NgayThangNamSinh": first}
    status, body = await _json(dan_cu, "POST", "/TraCuuThongTinCongDan", json=lookup)
    assert status == 200 or (status, body["MaLoi"]) in {
        (400, "NGAY_SINH_KHONG_HOP_LE"),
        (400, "NGAY_TRONG_TUONG_LAI"),
    }
