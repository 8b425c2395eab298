"""``nopHoSo`` files a dossier in the world: its journal number resolves in ``tinhTrangHoSo``
and ``danhSachHoSo`` with what was submitted, its status moves on the simulated clock in office
hours, and the approval shows in the enterprise's ``LAST_AMEND_DATE``; refusals are the
service's ``Status "0"`` with stable codes, a broken body a 400."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.data import fixtures
from mock_registries.world.calendar import is_working_day

AN_BINH = fixtures.ENTERPRISE_AN_BINH
AN_BINH_NAME = "CÔNG TY TNHH MỘT THÀNH VIÊN THƯƠNG MẠI AN BÌNH"  # as the register prints it
HOUR = 3600.0


def _body(**changes: Any) -> dict[str, Any]:
    body = {"MaHoSoMCDT": "H01.22-261123-0001", "MaTTHC": "2.002038",
            "LoaiHoSo": "Đăng ký thay đổi", "MaSoDoanhNghiep": AN_BINH,
            "TenDoanhNghiep": AN_BINH_NAME,
            "ThanhPhanHoSo": ["Thông báo thay đổi người đại diện",
                              "Nghị quyết của chủ sở hữu"]}  # fmt: skip
    return body | changes


async def _json(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


async def _detail(dkdn: httpx.AsyncClient, code: str) -> dict[str, Any]:
    answer = await _json(await dkdn.get("/tinhTrangHoSo", params={"in_journal_no": code}))
    assert answer["Status"] == "1", answer
    detail: dict[str, Any] = answer["Data"]
    return detail


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=VIETNAM_TZ)


async def test_a_submission_resolves_moves_on_the_clock_and_amends_the_enterprise(
    dkdn: httpx.AsyncClient, clock: Clock
) -> None:
    before = await _json(await dkdn.get("/chiTietDoanhNghiep", params={"msdn": AN_BINH}))
    receipt = await _json(await dkdn.post("/nopHoSo", json=_body()))
    assert receipt["Status"] == "1" and receipt["RECEIPT_DATE"] == "23/11/2026 09:30:00"
    assert receipt["PLAN_DATE"] == "26/11/2026 17:00:00"  # Monday + 3 working days
    code = receipt["IN_JOURNAL_NO"]
    assert code.startswith("000.00.00.G05-261123-")
    detail = await _detail(dkdn, code)
    assert (detail["MaTTHC"], detail["DOCUMENT_TYPE"]) == ("2.002038", "Đăng ký thay đổi")
    assert detail["TenTTHC"] == "Đăng ký thay đổi nội dung đăng ký doanh nghiệp"
    assert [c["TenThanhPhan"] for c in detail["ThanhPhanHoSo"]] == _body()["ThanhPhanHoSo"]
    assert detail["ENTERPRISE_GDT_CODE"] == AN_BINH and detail["NAME"] == AN_BINH_NAME
    assert detail["MaHoSoMCDT"] == "H01.22-261123-0001" and detail["KetQua"] == []
    assert detail["PROCESS_STATUS"] == "Đã tiếp nhận"
    listed = await _json(
        await dkdn.get(
            "/danhSachHoSo",
            params={"from_date": "23/11/2026", "to_date": "23/11/2026", "limit": 100},
        )  # fmt: skip
    )
    assert code in [item["IN_JOURNAL_NO"] for item in listed["MainInformation"]]
    seen = [detail["PROCESS_STATUS"]]
    for _ in range(12):  # half-days across the three working days
        clock.advance(12 * HOUR)
        detail = await _detail(dkdn, code)
        seen.append(detail["PROCESS_STATUS"])
    assert detail["PROCESS_STATUS"] == "Đã trả kết quả" and detail["QuaHan"] is False
    assert "Đang xử lý" in seen and seen == sorted(seen, key=seen.index)  # never goes back
    for step in detail["LichSuXuLy"][1:]:  # every human step: a working day, office hours
        at = _moment(step["ThoiDiemXuLy"])
        assert is_working_day(at.date()) and (7, 30) <= (at.hour, at.minute) < (17, 0)
    approved = _moment(detail["NgayCoKetQua"])
    assert approved <= _moment(detail["NgayHenTra"])
    assert [f["FILE_ID"] for f in detail["KetQua"]] == [f"{code}.KQ1"]
    pdf = await dkdn.get("/taiTepTin", params={"file_id": f"{code}.KQ1"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    after = await _json(await dkdn.get("/chiTietDoanhNghiep", params={"msdn": AN_BINH}))
    main, old = after["Data"]["MainInformation"], before["Data"]["MainInformation"]
    assert main["LAST_AMEND_DATE"] == f"{approved:%d/%m/%Y}"
    assert main["NUMBER_CHANGES"] == old["NUMBER_CHANGES"] + 1


async def test_a_file_received_before_a_holiday_counts_from_the_next_working_day(
    dkdn: httpx.AsyncClient, clock: Clock
) -> None:
    clock.set(datetime(2026, 4, 29, 16, 30, tzinfo=VIETNAM_TZ))  # after 15:00, before 30/4–1/5
    receipt = await _json(await dkdn.post("/nopHoSo", json=_body(ThanhPhanHoSo=[])))
    assert receipt["PLAN_DATE"] == "07/05/2026 17:00:00"  # day 0 Mon 4/5, + 3 working days
    clock.advance(30 * 24 * HOUR)
    detail = await _detail(dkdn, receipt["IN_JOURNAL_NO"])
    statuses = [step["TrangThaiHoSo"] for step in detail["LichSuXuLy"]]
    assert statuses == ["1", "2", "4", "5", "4", "9", "10"]  # no components: bổ sung first
    assert detail["SUPPLEMENT_DATE"] is not None
    accepted = _moment(detail["LichSuXuLy"][1]["ThoiDiemXuLy"])
    assert accepted.date() == datetime(2026, 5, 4).date()  # not on the holidays


@pytest.mark.parametrize(("changes", "code"), [
    ({"MaSoDoanhNghiep": None}, "CHUA_HO_TRO_THANH_LAP_MOI"),
    ({"MaSoDoanhNghiep": "0109991238"}, "MA_SO_THUE_SAI_CHECK_DIGIT"),
    ({"TenDoanhNghiep": "Công ty TNHH Khác"}, "TEN_DOANH_NGHIEP_KHONG_KHOP"),
    ({"MaSoDoanhNghiep": fixtures.HKD_BINH, "TenDoanhNghiep": "Hộ kinh doanh Tạp hóa Bình"},
     "KHONG_THUOC_THAM_QUYEN"),
])  # fmt: skip
async def test_a_refused_submission_is_status_zero_with_a_stable_code(
    dkdn: httpx.AsyncClient, changes: dict[str, Any], code: str
) -> None:
    answer = await _json(await dkdn.post("/nopHoSo", json=_body(**changes)))
    assert (answer["Status"], answer["MaLoi"]) == ("0", code)
    assert "IN_JOURNAL_NO" not in answer and answer["Message"]


async def test_an_unknown_enterprise_is_not_filed(dkdn: httpx.AsyncClient) -> None:
    for number in range(10**6, 10**6 + 400):  # well-formed codes the register never issued
        msdn = f"01{number:07d}"
        found = await _json(await dkdn.get("/chiTietDoanhNghiep", params={"msdn": msdn + "0"}))
        if found.get("MaLoi") == "KHONG_TIM_THAY":
            answer = await _json(
                await dkdn.post("/nopHoSo", json=_body(MaSoDoanhNghiep=msdn + "0"))
            )
            assert (answer["Status"], answer["MaLoi"]) == ("0", "KHONG_TIM_THAY")
            return
    pytest.fail("no unknown code found")


async def test_a_resubmission_gets_the_first_journal_number(dkdn: httpx.AsyncClient) -> None:
    first = await _json(await dkdn.post("/nopHoSo", json=_body()))
    again = await _json(await dkdn.post("/nopHoSo", json=_body()))
    assert (again["Status"], again["MaLoi"]) == ("0", "HO_SO_DA_TIEP_NHAN")
    assert again["IN_JOURNAL_NO"] == first["IN_JOURNAL_NO"]
    other = await _json(await dkdn.post("/nopHoSo", json=_body(MaHoSoMCDT="H01.22-2")))
    assert other["IN_JOURNAL_NO"] != first["IN_JOURNAL_NO"]


@pytest.mark.parametrize("changes", [
    {"MaTTHC": "thay đổi"},
    {"MaHoSoMCDT": "Nguyễn Văn An 0123"},  # free text (personal data) is not a one-stop code
    {"MaSoDoanhNghiep": "01099"},
    {"ThanhPhanHoSo": [""]},
    {"Khac": 1},
])  # fmt: skip
async def test_a_body_that_breaks_the_schema_is_a_400(
    dkdn: httpx.AsyncClient, changes: dict[str, Any]
) -> None:
    response = await dkdn.post("/nopHoSo", json=_body(**changes))
    assert response.status_code == 400
    answer = response.json()
    assert answer["MaLoi"] == "DU_LIEU_KHONG_HOP_LE" and answer["Status"] == "0"
    assert "Nguyễn" not in answer["MoTaLoi"]
