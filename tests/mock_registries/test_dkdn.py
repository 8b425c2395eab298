from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mock_registries.clock import Clock
from mock_registries.data import fixtures
from mock_registries.data.identity import mst_check_digit
from mock_registries.settings import MockSettings
from mock_registries.world import World, WorldSettings


async def _get(client: httpx.AsyncClient, path: str, status: int = 200) -> dict[str, Any]:
    response = await client.get(path)
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_enterprise_whose_representative_is_a_citizen(dkdn: httpx.AsyncClient) -> None:
    body = await _get(dkdn, f"/chiTietDoanhNghiep?msdn={fixtures.ENTERPRISE_AN_BINH}")
    assert body["Status"] == "1" and body["MaSoDoanhNghiep"] == fixtures.ENTERPRISE_AN_BINH
    data = body["Data"]
    assert data["MainInformation"]["NAME"] == "CÔNG TY TNHH MỘT THÀNH VIÊN THƯƠNG MẠI AN BÌNH"
    assert data["MainInformation"]["ENTERPRISE_TYPE_ID"] == "01"
    assert data["Representatives"]["ID_NO"] == fixtures.HEAD_AN
    assert data["Representatives"]["FULL_NAME"] == "NGUYỄN VĂN AN"
    assert data["HOAdress"]["WardID"] == "00001"
    assert sum(a["IS_MAIN"] == "Y" for a in data["BusinessActivity"]) == 1


async def test_generated_representative_matches_dan_cu(
    dkdn: httpx.AsyncClient, dan_cu: httpx.AsyncClient
) -> None:
    body = await _get(dkdn, "/chiTietDoanhNghiep?msdn=0100109106")
    representative = body["Data"]["Representatives"]
    citizen = await dan_cu.post(
        "/TraCuuThongTinCongDan", json={"MaYeuCau": "1", "SoDinhDanh": representative["ID_NO"]}
    )
    records = citizen.json()["CongdanCollection"]["CongDan"]
    if records:  # the representative may be one of the not-found share
        name = records[0]["HoVaTen"]
        assert f"{name['Ho']} {name['ChuDem']} {name['Ten']}" == representative["FULL_NAME"]


async def test_kinds_have_their_own_endpoints(dkdn: httpx.AsyncClient) -> None:
    hkd = await _get(dkdn, f"/chiTietHoKinhDoanh?mst={fixtures.HKD_BINH}")
    assert hkd["Data"]["MainInformation"]["ENTERPRISE_KIND"] == "HKD"
    htx = await _get(dkdn, f"/chiTietHopTacXa?mst={fixtures.HTX_PHUC}")
    assert htx["Data"]["Representatives"]["ID_NO"] == fixtures.HUSBAND_PHUC
    wrong = await _get(dkdn, f"/chiTietDoanhNghiep?msdn={fixtures.HKD_BINH}")
    assert wrong == {
        "Status": "0",
        "Message": f"Mã số {fixtures.HKD_BINH} không phải là mã số doanh nghiệp.",
        "DataCount": 0,
        "MaLoi": "KHONG_TIM_THAY",
        "MaSoDoanhNghiep": fixtures.HKD_BINH,
        "Data": None,
    }


async def test_branches_resolve_up_to_their_count(dkdn: httpx.AsyncClient, clock: Clock) -> None:
    world = World(2024, clock=clock)  # the world the mock is a view of
    codes = (f"0{n}{mst_check_digit(f'0{n}')}" for n in range(10010900, 10012000))
    bases = [
        (code, len(found.branches))
        for code in codes
        if "None" not in code and (found := world.enterprise(code)) is not None and found.branches
    ][:3]
    assert bases
    for base, count in bases:
        for branch in range(1, count + 2):
            response = await dkdn.get(f"/chiTietDoanhNghiep?msdn={base}-{branch:03d}")
            assert response.status_code == 200
            if branch > count:
                assert response.json()["Status"] == "0"
                continue
            info = response.json()["Data"]["MainInformation"]
            assert info["PARENT_GDT_CODE"] == base
            assert info["NAME"].startswith("CHI NHÁNH")


async def test_codes_never_issued_answer_status_zero(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    settings = MockSettings(world=WorldSettings(unissued_share=0.5))
    async with make_client("dkdn", settings) as client:
        codes = [f"0{n}{mst_check_digit(f'0{n}')}" for n in range(10010900, 10011000)]
        answers = [
            await _get(client, f"/chiTietDoanhNghiep?msdn={code}")
            for code in codes
            if "None" not in code
        ][:12]
    missing = [a for a in answers if a["Status"] == "0"]
    assert 0 < len(missing) < len(answers)
    assert all((a["DataCount"], a["Data"]) == (0, None) for a in missing)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("msdn=0100109107", "MA_SO_THUE_SAI_CHECK_DIGIT"),
        ("msdn=0100109106-000", "MA_SO_KHONG_HOP_LE"),
    ],
)
async def test_a_well_formed_bad_code_is_the_services_status_zero(
    dkdn: httpx.AsyncClient, query: str, code: str
) -> None:
    body = await _get(dkdn, f"/chiTietDoanhNghiep?{query}")
    assert (body["Status"], body["DataCount"], body["Data"], body["MaLoi"]) == ("0", 0, None, code)
    assert body["Message"]


@pytest.mark.parametrize("query", ["msdn=01001091", "msdn=0100109106-0001", "msdn=abc", ""])
async def test_a_malformed_code_is_a_400(dkdn: httpx.AsyncClient, query: str) -> None:
    body = await _get(dkdn, f"/chiTietDoanhNghiep?{query}", 400)
    assert body["MaLoi"] == "DU_LIEU_KHONG_HOP_LE" and "msdn" in body["MoTaLoi"]
    assert body["Status"] == "0"


async def test_main_information_carries_the_contract_fields(dkdn: httpx.AsyncClient) -> None:
    main = (await _get(dkdn, "/chiTietDoanhNghiep?msdn=0300588569"))["Data"]["MainInformation"]
    assert isinstance(main["ENTERPRISE_ID"], int) and main["ENTERPRISE_ID"] < 10**10
    assert main["NAME_F"] and main["NAME_F"].isascii() and main["NAME_F"].isupper()
    founded = main["FOUNDING_DATE"][-4:]
    assert (main["IMP_BUSINESS_CODE"] is not None) == (founded < "2010")


async def test_dossier_list_is_paged_and_bounded_to_five_days(dkdn: httpx.AsyncClient) -> None:
    page1 = await _get(dkdn, "/danhSachHoSo?from_date=18/11/2026&to_date=22/11/2026&limit=30")
    page2 = await _get(
        dkdn, "/danhSachHoSo?from_date=18/11/2026&to_date=22/11/2026&offset=30&limit=30"
    )
    assert page1["DataCount"] == page2["DataCount"] > 60
    codes = [d["IN_JOURNAL_NO"] for d in page1["MainInformation"] + page2["MainInformation"]]
    assert len(set(codes)) == 60
    too_long = await _get(dkdn, "/danhSachHoSo?from_date=10/11/2026&to_date=22/11/2026")
    assert (too_long["Status"], too_long["MaLoi"]) == ("0", "KHOANG_THOI_GIAN_QUA_DAI")
    assert too_long["Message"] == "Khoảng thời gian không được vượt quá 05 ngày."
    reversed_ = await _get(dkdn, "/danhSachHoSo?from_date=22/11/2026&to_date=20/11/2026")
    assert reversed_["MaLoi"] == "KHOANG_THOI_GIAN_KHONG_HOP_LE"
    no_day = await _get(dkdn, "/danhSachHoSo?from_date=30/02/2026&to_date=01/03/2026")
    assert no_day["MaLoi"] == "NGAY_KHONG_HOP_LE"
    future = await _get(dkdn, "/danhSachHoSo?from_date=24/11/2026&to_date=25/11/2026")
    assert (future["Status"], future["MaLoi"]) == ("0", "NGAY_TRONG_TUONG_LAI")
    statuses = {d["PROCESS_STATUS"] for d in page1["MainInformation"] + page2["MainInformation"]}
    assert statuses <= {
        "Đã tiếp nhận", "Đang xử lý", "Yêu cầu bổ sung", "Đã chấp thuận", "Từ chối",
        "Đã trả kết quả",
    }  # fmt: skip


async def test_same_day_list_by_time_window(dkdn: httpx.AsyncClient, clock: Clock) -> None:
    clock.advance(8 * 3600)  # 17:30, after the office day
    day = await _get(dkdn, "/danhSachHoSoTrongNgay?from_ts=07:00&to_ts=17:30&limit=100")
    morning = await _get(dkdn, "/danhSachHoSoTrongNgay?from_ts=07:00&to_ts=11:59&limit=100")
    assert day["DataCount"] > morning["DataCount"] > 0
    item = day["MainInformation"][0]
    assert item["IN_JOURNAL_NO"].startswith("000.00.00.G05-261123-")
    assert len(item["PROCESSED_DATE"]) == 5 and item["PROCESS_STATUS"]
    backwards = await _get(dkdn, "/danhSachHoSoTrongNgay?from_ts=12:00&to_ts=07:00")
    assert backwards["Status"] == "0"
    await _get(dkdn, "/danhSachHoSoTrongNgay?from_ts=24:00&to_ts=07:00", 400)


async def test_dossier_status_names_its_contact(dkdn: httpx.AsyncClient) -> None:
    listing = await _get(dkdn, "/danhSachHoSo?from_date=20/11/2026&to_date=20/11/2026&limit=5")
    code = listing["MainInformation"][0]["IN_JOURNAL_NO"]
    data = (await _get(dkdn, f"/tinhTrangHoSo?in_journal_no={code}"))["Data"]
    for field in ("CONTACT_FULL_NAME", "CONTACT_ID_NO", "CONTACT_PHONE", "CONTACT_EMAIL"):
        assert data[field], field
    assert data["SUBMISSION_TYPE"] in ("Trực tuyến", "Trực tiếp")
    assert data["ENTERPRISE_TYPE_ID"] and data["PROCESS_STATUS"]


async def test_dossiers_move_through_their_lifecycle(dkdn: httpx.AsyncClient, clock: Clock) -> None:
    listing = await _get(dkdn, "/danhSachHoSo?from_date=23/11/2026&to_date=23/11/2026&limit=100")
    codes = [d["IN_JOURNAL_NO"] for d in listing["MainInformation"]]
    assert codes, "dossiers received this morning"
    clock.advance(30 * 24 * 3600)
    finals = []
    for code in codes:
        detail = (await _get(dkdn, f"/tinhTrangHoSo?in_journal_no={code}"))["Data"]
        moments = [h["ThoiDiemXuLy"] for h in detail["LichSuXuLy"]]
        assert moments == sorted(moments) and moments[0] == detail["NgayTiepNhan"]
        finals.append(int(detail["TrangThaiHoSo"]))
        if detail["TrangThaiHoSo"] in ("9", "10"):
            assert detail["NgayCoKetQua"] and detail["KetQua"]
            file_id = detail["KetQua"][0]["FILE_ID"]
            pdf = await dkdn.get(f"/taiTepTin?file_id={file_id}")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-1.4")
        else:
            assert detail["KetQua"] == []
    assert 10 in finals


async def test_unknown_dossier_and_file(dkdn: httpx.AsyncClient) -> None:
    for code in ("000.00.00.G05-261120-9999", "000.00.00.G05-301120-0001"):
        body = await _get(dkdn, f"/tinhTrangHoSo?in_journal_no={code}")
        assert (body["Status"], body["MaLoi"]) == ("0", "KHONG_TIM_THAY")
    await _get(dkdn, "/taiTepTin?file_id=000.00.00.G05-261120-0001.TP99", 404)
    await _get(dkdn, "/tinhTrangHoSo", 400)
