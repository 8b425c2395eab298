from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mock_registries.data import fixtures
from mock_registries.settings import MockSettings
from mock_registries.world import WorldSettings

META = {"MaYeuCau": "YC-0001", "MaDVC": "G15-TP110", "MaTichHop": "037"}


async def _lookup(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await client.post("/TraCuuThongTinCongDan", json={**META, **fields})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_lookup_echoes_metadata_and_returns_the_20_fields(dan_cu: httpx.AsyncClient) -> None:
    body = await _lookup(dan_cu, SoDinhDanh=fixtures.SON_CHAU)
    assert body["MaYeuCau"] == "YC-0001" and body["SoDinhDanh"] == fixtures.SON_CHAU
    assert body["MaDVC"] == "G15-TP110" and body["MaTichHop"] == "037"
    (record,) = body["CongdanCollection"]["CongDan"]
    # the 20 shared fields, then five of Luật Căn cước 2023 in the JSON view
    assert list(record)[20:] == [
        "SoDienThoai", "NgayCapCCCD", "NgaySinhCha", "NgaySinhMe", "NgayChet",
    ]  # fmt: skip
    assert record["NgayChet"] is None
    assert record["NgaySinhCha"] == "19800514" and record["NgaySinhMe"] == "19830902"
    assert "20240321" <= record["NgayCapCCCD"] <= "20261123"  # a card from 14 on
    assert record["HoVaTen"] == {"Ho": "NGUYỄN", "ChuDem": "MINH", "Ten": "CHÂU"}
    assert record["NgayThangNamSinh"] == {"Nam": "2010", "NgayThangNam": "20100321"}
    assert record["Cha"]["SoDinhDanh"] == fixtures.HEAD_AN
    assert record["NguoiDaiDien"]["HoVaTen"] == "NGUYỄN VĂN AN"  # a minor: represented by a parent
    assert record["ChuHo"] == {
        "QuanHe": "CH03",
        "SoDinhDanh": fixtures.HEAD_AN,
        "SoCMND": None,
        "HoVaTen": "NGUYỄN VĂN AN",
    }
    assert record["ThuongTru"]["MaPhuongXa"] == "00001"
    assert body["CongdanCollection"]["ThoiDiemDuLieu"] == "20261123093000"


async def test_optional_name_and_birth_date_must_match(dan_cu: httpx.AsyncClient) -> None:
    ok = await _lookup(
        dan_cu, SoDinhDanh=fixtures.HEAD_AN, HoVaTen="nguyen van an", NgayThangNamSinh="1980"
    )
    assert ok["CongdanCollection"]["SoCongDan"] == 1
    wrong = await _lookup(dan_cu, SoDinhDanh=fixtures.HEAD_AN, HoVaTen="NGUYỄN VĂN BA")
    assert wrong["CongdanCollection"] == {
        "SoCongDan": 0,
        "GhiChu": "Không tìm thấy thông tin công dân",
        "ThoiDiemDuLieu": "20261123093000",
        "CongDan": [],
    }
    other_day = await _lookup(dan_cu, SoDinhDanh=fixtures.HEAD_AN, NgayThangNamSinh="19800515")
    assert other_day["CongdanCollection"]["SoCongDan"] == 0


async def test_same_seed_gives_byte_identical_answers(
    mock_settings: MockSettings, make_client: Callable[..., httpx.AsyncClient]
) -> None:
    request = {**META, "SoDinhDanh": "079199654321"}
    answers = []
    for _ in range(2):
        async with make_client("dan_cu", mock_settings) as client:
            answers.append((await client.post("/TraCuuThongTinCongDan", json=request)).content)
    async with make_client("dan_cu", MockSettings(seed=7)) as client:
        other = (await client.post("/TraCuuThongTinCongDan", json=request)).content
    assert answers[0] == answers[1] != other


async def test_numbers_never_issued_answer_an_empty_collection(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    # With half of the numbers never issued, some of a run of serials are not found — and the
    # same ones every time; fixed identities are always issued.
    settings = MockSettings(world=WorldSettings(unissued_share=0.5))
    async with make_client("dan_cu", settings) as client:
        found = [
            (await _lookup(client, SoDinhDanh=f"0790990000{n:02d}"))["CongdanCollection"][
                "SoCongDan"
            ]
            for n in range(20)
        ]
        fixed = await _lookup(client, SoDinhDanh=fixtures.HEAD_AN)
    assert 0 < sum(found) < 20 and fixed["CongdanCollection"]["SoCongDan"] == 1


@pytest.mark.parametrize(
    ("name", "born", "expected"),
    [
        ("Trần Thị Bình", "19830902", True),
        ("TRAN THI BINH", "02/09/1983", True),
        ("Trần Thị Bình", "1983", True),
        ("Trần Thị Bích", "19830902", False),
        ("Trần Thị Bình", "19830903", False),
    ],
)
async def test_verification_answers_yes_or_no_without_data(
    dan_cu: httpx.AsyncClient, name: str, born: str, expected: bool
) -> None:
    response = await dan_cu.post(
        "/XacThucThongTinCongDan",
        json={**META, "SoDinhDanh": fixtures.WIFE_BINH, "HoVaTen": name, "NgayThangNamSinh": born},
    )
    assert response.json() == {
        **META,
        "SoDinhDanh": fixtures.WIFE_BINH,
        "SoCMND": None,
        "TonTai": expected,
    }


async def test_household_verification(dan_cu: httpx.AsyncClient) -> None:
    members = [fixtures.WIFE_BINH, fixtures.DAUGHTER_DIEP, fixtures.HUSBAND_PHUC]
    response = await dan_cu.post(
        "/XacThucThongTinHoGiaDinh",
        json={**META, "SoDinhDanhChuHo": fixtures.HEAD_AN, "SoDinhDanhThanhVien": members},
    )
    body = response.json()
    assert body["TonTai"] is True
    assert [(m["LaThanhVien"], m["QuanHe"]) for m in body["ThanhVien"]] == [
        (True, "CH02"),
        (True, "CH03"),
        (False, None),
    ]
    not_head = await dan_cu.post(
        "/XacThucThongTinHoGiaDinh",
        json={**META, "SoDinhDanhChuHo": fixtures.SON_CHAU, "SoDinhDanhThanhVien": []},
    )
    assert not_head.json()["TonTai"] is False
    wrong_book = await dan_cu.post(
        "/XacThucThongTinHoGiaDinh",
        json={
            **META,
            "SoDinhDanhChuHo": fixtures.HEAD_AN,
            "SoSoHoKhau": "000000000",
            "SoDinhDanhThanhVien": [],
        },
    )
    assert wrong_book.json()["TonTai"] is False


@pytest.mark.parametrize(
    ("path", "body"),
    [
        # The members under another key: no "TonTai: true, ThanhVien: []" that reads as a pass.
        (
            "/XacThucThongTinHoGiaDinh",
            {"SoDinhDanhChuHo": fixtures.HEAD_AN, "DanhSachThanhVien": [fixtures.WIFE_BINH]},
        ),
        # The name under another key: no TonTai for the number alone.
        ("/XacThucThongTinCongDan", {"SoDinhDanh": fixtures.HEAD_AN, "HoTen": "NGUYỄN VĂN AN"}),
    ],
)
async def test_a_misnamed_required_field_is_refused_not_passed(
    dan_cu: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    response = await dan_cu.post(path, json={**META, **body})
    assert response.status_code == 400
    assert response.json()["MaLoi"] == "THIEU_TRUONG_BAT_BUOC"
    assert "thiếu trường bắt buộc" in response.json()["MoTaLoi"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**META, "SoDinhDanh": "00108001234"}, "SO_DINH_DANH_KHONG_HOP_LE"),
        ({**META, "SoDinhDanh": "999080012345"}, "SO_DINH_DANH_KHONG_HOP_LE"),
        ({"SoDinhDanh": fixtures.HEAD_AN}, "THIEU_TRUONG_BAT_BUOC"),
        ({**META, "SoCMND": "13560234"}, "SO_CMND_KHONG_HOP_LE"),
        ({**META}, "THIEU_SO_DINH_DANH"),
        (
            {**META, "SoDinhDanh": fixtures.HEAD_AN, "NgayThangNamSinh": "31-12-1980"},
            "NGAY_SINH_KHONG_HOP_LE",
        ),
        ({**META, "SoDinhDanh": 1080012345}, "SO_DINH_DANH_KHONG_HOP_LE"),
    ],
)
async def test_bad_input_gets_a_stable_code_and_vietnamese_message(
    dan_cu: httpx.AsyncClient, body: dict[str, Any], code: str
) -> None:
    response = await dan_cu.post("/TraCuuThongTinCongDan", json=body)
    assert response.status_code == 400
    assert response.json()["MaLoi"] == code
    assert response.json()["MoTaLoi"]


async def test_no_number_at_all_is_told_which_numbers_to_send(dan_cu: httpx.AsyncClient) -> None:
    """Neither SoDinhDanh nor SoCMND: the message says what is missing (JSON and SOAP alike),
    not a bare 'nội dung yêu cầu: không hợp lệ'."""
    response = await dan_cu.post("/TraCuuThongTinCongDan", json={**META})
    assert (response.status_code, response.json()["MaLoi"]) == (400, "THIEU_SO_DINH_DANH")
    assert "SoDinhDanh hoặc SoCMND" in response.json()["MoTaLoi"]


@pytest.mark.parametrize(
    ("born", "code"),
    [
        ("20230231", "NGAY_SINH_KHONG_HOP_LE"),  # the shape, no calendar day
        ("19801332", "NGAY_SINH_KHONG_HOP_LE"),
        ("31/02/1980", "NGAY_SINH_KHONG_HOP_LE"),
        ("00000101", "NGAY_SINH_KHONG_HOP_LE"),
        ("20991231", "NGAY_TRONG_TUONG_LAI"),  # after the simulated today (23/11/2026)
        ("24/11/2026", "NGAY_TRONG_TUONG_LAI"),
        ("2099", "NGAY_TRONG_TUONG_LAI"),
        ({"NgayThangNam": "20261124"}, "NGAY_TRONG_TUONG_LAI"),
        ({"Nam": "2027"}, "NGAY_TRONG_TUONG_LAI"),
    ],
)
async def test_a_birth_date_that_is_no_date_is_refused_not_unmatched(
    dan_cu: httpx.AsyncClient, born: Any, code: str
) -> None:
    """Nobody is born on 31/02 or after today: "not found" would hide the caller's bug."""
    for path in ("/TraCuuThongTinCongDan", "/XacThucThongTinCongDan"):
        body = {**META, "SoDinhDanh": fixtures.HEAD_AN, "HoVaTen": "NGUYỄN VĂN AN"}
        response = await dan_cu.post(path, json={**body, "NgayThangNamSinh": born})
        assert response.status_code == 400, response.text
        assert response.json()["MaLoi"] == code
        assert "NgayThangNamSinh" in response.json()["MoTaLoi"]


async def test_today_and_the_current_year_are_still_birth_dates(dan_cu: httpx.AsyncClient) -> None:
    for born in ("20261123", "23/11/2026", "2026"):
        body = await _lookup(dan_cu, SoDinhDanh=fixtures.HEAD_AN, NgayThangNamSinh=born)
        assert body["CongdanCollection"]["SoCongDan"] == 0  # An was born in 1980


async def test_lookup_by_legacy_cmnd_and_nested_birth_date(dan_cu: httpx.AsyncClient) -> None:
    body = await _lookup(
        dan_cu,
        SoCMND="135602342",
        HoVaTen="ĐÀO VĂN TÀI",
        NgayThangNamSinh={"NgayThangNam": "19921122"},
    )
    (record,) = body["CongdanCollection"]["CongDan"]
    assert record["SoDinhDanh"] == fixtures.SINGLE_TAI and record["SoCMND"] == "135602342"
    by_year = await _lookup(dan_cu, SoCMND="135602342", NgayThangNamSinh={"Nam": "1993"})
    assert by_year["CongdanCollection"]["SoCongDan"] == 0
    both = await _lookup(dan_cu, SoDinhDanh=fixtures.HEAD_AN, SoCMND="135602342")
    assert both["CongdanCollection"]["SoCongDan"] == 0  # the two numbers name two people


async def test_generated_citizens_with_a_cmnd_are_found_by_it(dan_cu: httpx.AsyncClient) -> None:
    found = 0
    for serial in range(400):
        cid = f"0010{70 + serial % 20}{serial * 2477 % 10**6:06d}"
        body = await _lookup(dan_cu, SoDinhDanh=cid)
        records = body["CongdanCollection"]["CongDan"]
        if records and records[0]["SoCMND"]:
            again = await _lookup(dan_cu, SoCMND=records[0]["SoCMND"])
            assert again["CongdanCollection"]["CongDan"][0]["SoDinhDanh"] == cid
            found += 1
    assert found > 5
