"""The national world end to end on real loopback HTTP, province client → LGSP → NDXP → mocks.

A one-stop system registers a birth at hộ tịch; once hộ tịch has registered it and the
population database has synced, dân cư shows the child with the declared name and date of
birth and the new số định danh hộ tịch answered. A death registered the same way makes the
person deceased and the spouse widowed in dân cư, then removes the thường trú; the liên thông
legs the simulator does not mock (BHYT, mai táng phí) end handed over. An amendment dossier
submitted to ĐKDN (``nopHoSo``) resolves by its journal number, moves on the clock to its
result, and the enterprise shows the approved change.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest

from mock_registries import VIETNAM_TZ, Clock
from mock_registries.data import fixtures
from simulator.settings import StackSettings
from simulator.stack import Stack
from tests.gateway.identities import MCDT, MCDT_SECRET

MONDAY = datetime(2026, 6, 15, 10, 0, tzinfo=VIETNAM_TZ)
BEN_NGHE = 26740  # the commune of Lê Hoàng Phúc's household (hộ tịch maDonVi)
HO_TICH = "/apiHoTichTuPhap/1.0"
DKDN = "/apiCSDLDKDN/1.0"
DAN_CU = "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
HOUR = 3600.0


@pytest.fixture
async def world_stack(settings: StackSettings) -> AsyncIterator[Stack]:
    async with Stack(settings, clock=Clock.frozen_at(MONDAY), free_ports=True) as running:
        yield running


class Province:
    """A one-stop system calling through its LGSP with a bearer token."""

    def __init__(self, stack: Stack, http: httpx.AsyncClient, bearer: str) -> None:
        self.stack, self.http, self.bearer = stack, http, bearer

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post(
            self.stack.urls["lgsp"] + path,
            content=orjson.dumps(body),
            headers={"Authorization": f"Bearer {self.bearer}", "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        assert response.headers["via"] == "1.1 ndxp-sim-ndxp, 1.1 ndxp-sim-lgsp"
        answer: dict[str, Any] = response.json()
        return answer

    async def get(self, path: str, **params: str) -> dict[str, Any]:
        response = await self.http.get(
            self.stack.urls["lgsp"] + path,
            params=params,
            headers={"Authorization": f"Bearer {self.bearer}"},
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def citizen(self, cccd: str) -> dict[str, Any] | None:
        body = {
            "MaYeuCau": f"YC-{cccd}",
            "MaDVC": "1.001193",
            "MaTichHop": "037",
            "SoDinhDanh": cccd,
        }
        records = (await self.post(DAN_CU, body))["CongdanCollection"]["CongDan"]
        assert len(records) <= 1
        return records[0] if records else None

    async def push(self, module: str, code: str, record: dict[str, Any]) -> dict[str, Any]:
        body = {"maDonVi": BEN_NGHE, "module": module, "maHoSo": code,
                "ngayTiepNhan": f"{self.stack.clock.now():%d/%m/%Y %H:%M:%S}",
                "data": orjson.dumps({"hoTich": record}).decode()}  # fmt: skip
        answer = await self.post(f"{HO_TICH}/dangKyHoTich", body)
        assert answer["status"] == "1", answer
        return answer

    async def state(self, code: str) -> dict[str, Any]:
        return await self.post(f"{HO_TICH}/traTrangThaiHoSo", {"maDonVi": BEN_NGHE, "maHoSo": code})

    def settle(self, state: dict[str, Any], after: float) -> None:
        """Set the clock ``after`` seconds past the moment of the dossier's last status."""
        moment = datetime.strptime(state["thoiGianThucHien"], "%d/%m/%Y %H:%M:%S")
        self.stack.clock.set(moment.replace(tzinfo=VIETNAM_TZ) + timedelta(seconds=after))


@pytest.fixture
async def province(world_stack: Stack, client: httpx.AsyncClient) -> Province:
    token = await client.post(
        world_stack.urls["lgsp"] + "/token",
        data={"grant_type": "client_credentials", "client_id": MCDT, "client_secret": MCDT_SECRET},
    )
    assert token.status_code == 200, token.text
    return Province(world_stack, client, token.json()["access_token"])


def _legs(state: dict[str, Any]) -> list[tuple[str, str]]:
    return [(leg["maBuoc"], leg["trangThai"]) for leg in state["lienThong"]]


async def _register_birth(province: Province) -> tuple[str, str]:
    """Register Lê Minh Khang, born three days ago; (his số định danh, his date yyyyMMdd)."""
    born = MONDAY.date() - timedelta(days=3)
    record = {
        "nksHoTen": "LÊ MINH KHANG", "nksGioiTinh": "1", "nksNgaySinh": f"{born:%d/%m/%Y}",
        "nksNoiSinh": {"maTinh": "79", "maHuyen": "760", "maXa": f"{BEN_NGHE:05d}"},
        "nksDanToc": "01", "meHoTen": "PHẠM THỊ HỒNG NHUNG", "meSoDDCN": fixtures.WIFE_NHUNG,
        "chaHoTen": "LÊ HOÀNG PHÚC", "chaSoDDCN": fixtures.HUSBAND_PHUC,
        "nycHoTen": "LÊ HOÀNG PHÚC", "nycQuanHe": "Cha", "nycSoDDCN": fixtures.HUSBAND_PHUC,
    }  # fmt: skip
    pushed = await province.push("LTKS", "MCDT-KS-1", record)
    assert pushed["trangThai"] == "1"
    early = await province.post(f"{HO_TICH}/ketQuaDangKyHS", {"maHoSo": "MCDT-KS-1"})
    assert (early["status"], early["errorCode"]) == ("0", "200")  # not registered yet
    province.stack.clock.advance(6 * HOUR)
    state = await province.state("MCDT-KS-1")
    assert state["trangThai"] == "4" and state["tenTrangThai"] == "Đã hoàn thành đăng ký"
    result = await province.post(f"{HO_TICH}/ketQuaDangKyHS", {"maHoSo": "MCDT-KS-1"})
    child = result["value"]["soDinhDanh"]
    assert child.startswith("079") and child[3:6] == "226"  # HCMC, a boy born in 2026
    return child, f"{born:%Y%m%d}"


async def test_a_birth_registered_at_ho_tich_appears_in_dan_cu(province: Province) -> None:
    child, born = await _register_birth(province)
    state = await province.state("MCDT-KS-1")
    province.settle(state, after=60)  # registered a minute ago: dân cư has not synced yet
    assert await province.citizen(child) is None
    province.settle(state, after=16 * 60)  # past the 15-minute sync
    seen = await province.citizen(child)
    assert seen is not None and seen["SoDinhDanh"] == child
    assert seen["HoVaTen"] == {"Ho": "LÊ", "ChuDem": "MINH", "Ten": "KHANG"}
    assert seen["NgayThangNamSinh"] == {"Nam": born[:4], "NgayThangNam": born}
    assert seen["Cha"]["SoDinhDanh"] == fixtures.HUSBAND_PHUC
    assert seen["Me"]["SoDinhDanh"] == fixtures.WIFE_NHUNG
    assert seen["ChuHo"] is None  # the police have not registered the thường trú yet
    # hộ tịch hands the package to the police and to Social Security at once
    assert _legs(await province.state("MCDT-KS-1")) == [
        ("KHAI_SINH", "DONE"), ("THUONG_TRU", "PENDING"), ("BHYT", "HANDED_OVER"),
    ]  # fmt: skip
    province.stack.clock.advance(3 * 24 * HOUR)
    seen = await province.citizen(child)
    assert seen is not None and seen["ChuHo"]["SoDinhDanh"] == fixtures.HUSBAND_PHUC
    assert seen["ChuHo"]["QuanHe"] == "CH03" and seen["ThuongTru"]["MaPhuongXa"] == "26740"
    legs = (await province.state("MCDT-KS-1"))["lienThong"]
    assert [(leg["maBuoc"], leg["trangThai"]) for leg in legs] == [
        ("KHAI_SINH", "DONE"), ("THUONG_TRU", "DONE"), ("BHYT", "HANDED_OVER"),
    ]  # fmt: skip
    assert "ngoài phạm vi mô phỏng" in legs[2]["ghiChu"]  # Social Security is not mocked
    record = await province.post(f"{HO_TICH}/traHoSo", {"module": "LTKS", "maHoSo": int(child)})
    assert record["value"][0]["nksHoTen"] == "LÊ MINH KHANG"


async def test_a_death_makes_the_person_deceased_and_the_spouse_widowed(
    province: Province,
) -> None:
    before = await province.citizen(fixtures.WIFE_NHUNG)
    assert before is not None and before["TinhTrangHonNhan"] == "2"
    yesterday = MONDAY.date() - timedelta(days=1)
    record = {
        "nktHoTen": "LÊ HOÀNG PHÚC", "nktGioiTinh": "1", "nktNgaySinh": "07/07/1992",
        "nktSoDDCN": fixtures.HUSBAND_PHUC, "nktNgayChet": f"{yesterday:%d/%m/%Y}",
        "nktNguyenNhanChet": "Tai nạn giao thông",
        "nycHoTen": "PHẠM THỊ HỒNG NHUNG", "nycSoDDCN": fixtures.WIFE_NHUNG,
    }  # fmt: skip
    await province.push("LTKT", "MCDT-KT-1", record)
    province.stack.clock.advance(6 * HOUR)
    assert (await province.state("MCDT-KT-1"))["trangThai"] == "4"
    dead = await province.citizen(fixtures.HUSBAND_PHUC)
    widow = await province.citizen(fixtures.WIFE_NHUNG)
    assert dead is not None and dead["NgayChet"] == f"{yesterday:%Y%m%d}"
    assert widow is not None and widow["TinhTrangHonNhan"] == "4" and widow["VoChong"] is None
    province.stack.clock.advance(5 * 24 * HOUR)  # the police remove his thường trú
    dead = await province.citizen(fixtures.HUSBAND_PHUC)
    widow = await province.citizen(fixtures.WIFE_NHUNG)
    assert dead is not None and dead["ThuongTru"] is None and dead["ChuHo"] is None
    assert widow is not None and widow["ChuHo"]["SoDinhDanh"] == fixtures.WIFE_NHUNG
    assert widow["SoSoHoKhau"] == before["SoSoHoKhau"]  # she heads the same household
    state = await province.state("MCDT-KT-1")
    assert _legs(state) == [
        ("KHAI_TU", "DONE"), ("XOA_THUONG_TRU", "DONE"), ("MAI_TANG_PHI", "HANDED_OVER"),
    ]  # fmt: skip
    again = await province.post(
        f"{HO_TICH}/dangKyHoTich",
        {"maDonVi": BEN_NGHE, "module": "LTKT", "maHoSo": "MCDT-KT-2",
         "ngayTiepNhan": "20/06/2026 09:00:00", "data": {"hoTich": record}},
    )  # fmt: skip
    assert (again["status"], again["errorCode"]) == ("0", "500")  # already dead


async def test_a_dossier_submitted_to_dkdn_resolves_and_amends_the_enterprise(
    province: Province,
) -> None:
    code = fixtures.ENTERPRISE_AN_BINH
    before = (await province.get(f"{DKDN}/chiTietDoanhNghiep", msdn=code))["Data"]
    body = {"MaHoSoMCDT": "H79.22-260615-0001", "MaTTHC": "2.002042",
            "LoaiHoSo": "Thông báo thay đổi", "MaSoDoanhNghiep": code,
            "TenDoanhNghiep": before["MainInformation"]["NAME"],
            "ThanhPhanHoSo": ["Thông báo thay đổi ngành, nghề kinh doanh"]}  # fmt: skip
    receipt = await province.post(f"{DKDN}/nopHoSo", body)
    assert receipt["Status"] == "1" and receipt["RECEIPT_DATE"] == "15/06/2026 10:00:00"
    assert receipt["PLAN_DATE"] == "18/06/2026 17:00:00"
    journal = receipt["IN_JOURNAL_NO"]
    state = (await province.get(f"{DKDN}/tinhTrangHoSo", in_journal_no=journal))["Data"]
    assert state["PROCESS_STATUS"] == "Đã tiếp nhận" and state["MaHoSoMCDT"] == body["MaHoSoMCDT"]
    assert state["TenTTHC"] == "Thông báo thay đổi ngành, nghề kinh doanh"
    assert state["CONTACT_ID_NO"] == before["Representatives"]["ID_NO"]
    province.stack.clock.advance(4 * 24 * HOUR)
    state = (await province.get(f"{DKDN}/tinhTrangHoSo", in_journal_no=journal))["Data"]
    assert state["PROCESS_STATUS"] == "Đã trả kết quả" and state["QuaHan"] is False
    approved = datetime.strptime(state["NgayCoKetQua"], "%Y%m%d%H%M%S")
    after = (await province.get(f"{DKDN}/chiTietDoanhNghiep", msdn=code))["Data"]
    assert after["MainInformation"]["LAST_AMEND_DATE"] == f"{approved:%d/%m/%Y}"
    changes = before["MainInformation"]["NUMBER_CHANGES"] + 1
    assert after["MainInformation"]["NUMBER_CHANGES"] == changes
    again = await province.post(f"{DKDN}/nopHoSo", body)
    assert (again["Status"], again["MaLoi"], again["IN_JOURNAL_NO"]) == (
        "0", "HO_SO_DA_TIEP_NHAN", journal,
    )  # fmt: skip
