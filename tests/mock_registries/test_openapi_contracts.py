"""Live answers of every mock validate against the OpenAPI document the mock publishes."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import jsonschema
import pytest

from mock_registries.clock import Clock
from mock_registries.data import fixtures
from mock_registries.data.admin_units import PROVINCES
from mock_registries.data.identity import CccdParts, format_cccd, make_mst
from mock_registries.factory import REGISTRY_NAMES
from mock_registries.world import World, WorldSettings

DAY = 24 * 3600


class ContractChecker:
    """Sends requests and validates each JSON answer against its documented status schema."""

    def __init__(self, client: httpx.AsyncClient, document: dict[str, Any]) -> None:
        self.client = client
        self.document = document
        self.checked: dict[tuple[str, str, int], int] = {}

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = await self.client.request(method, path, **kwargs)
        template = path.split("?", 1)[0]
        operation = self.document["paths"][template][method.lower()]
        responses = operation["responses"]
        status = response.status_code
        documented = responses.get(str(status)) or responses.get(f"{status // 100}XX")
        assert documented is not None, f"{method} {path}: undocumented {status}"
        content = documented.get("content", {}).get("application/json")
        if content is not None and "schema" in content:
            schema = {**self.document, **content["schema"]}
            jsonschema.Draft202012Validator(schema).validate(response.json())
        key = (method, template, response.status_code)
        self.checked[key] = self.checked.get(key, 0) + 1
        return response


@pytest.fixture
async def checker(
    request: pytest.FixtureRequest, make_client: Callable[..., httpx.AsyncClient]
) -> AsyncIterator[ContractChecker]:
    from mock_registries.settings import MockSettings
    from mock_registries.world import WorldSettings

    settings = MockSettings(world=WorldSettings(unissued_share=0.1))
    async with make_client(request.param, settings) as client:
        document = (await client.get("/openapi.json")).json()
        yield ContractChecker(client, document)


def _citizens(count: int) -> list[str]:
    rng = random.Random(11)
    ids = [
        format_cccd(
            CccdParts(
                rng.choice(PROVINCES).code,
                rng.randint(1925, 2025),
                rng.random() < 0.5,
                rng.randrange(10**6),
            )
        )
        for _ in range(count)
    ]
    return [*fixtures.CITIZENS, *ids]


def _msts(count: int) -> list[str]:
    rng = random.Random(12)
    return [
        *fixtures.ENTERPRISES,
        *(make_mst(rng, rng.choice(("01", "03", "80", "36"))) for _ in range(count)),
    ]


@pytest.mark.parametrize("checker", ["dan_cu"], indirect=True)
async def test_dan_cu_contract(checker: ContractChecker) -> None:
    for cid in _citizens(150):
        meta = {"MaYeuCau": f"YC-{cid}", "MaDVC": "G15-TP110", "MaTichHop": "037"}
        await checker.call("POST", "/TraCuuThongTinCongDan", json={**meta, "SoDinhDanh": cid})
        await checker.call(
            "POST",
            "/XacThucThongTinCongDan",
            json={
                **meta,
                "SoDinhDanh": cid,
                "HoVaTen": "NGUYỄN VĂN AN",
                "NgayThangNamSinh": "1980",
            },
        )
        await checker.call(
            "POST",
            "/XacThucThongTinHoGiaDinh",
            json={**meta, "SoDinhDanhChuHo": cid, "SoDinhDanhThanhVien": [fixtures.SON_CHAU]},
        )
    await checker.call(
        "POST", "/TraCuuThongTinCongDan", json={"MaYeuCau": "1", "SoCMND": "135602342"}
    )
    await checker.call("POST", "/TraCuuThongTinCongDan", json={"SoDinhDanh": "1"})
    assert checker.checked[("POST", "/TraCuuThongTinCongDan", 200)] > 150
    assert ("POST", "/TraCuuThongTinCongDan", 400) in checker.checked


@pytest.mark.parametrize("checker", ["dkdn"], indirect=True)
async def test_dkdn_contract(checker: ContractChecker, clock: Clock) -> None:
    for mst in _msts(120):
        for path in (
            "/chiTietDoanhNghiep?msdn=",
            "/chiTietHoKinhDoanh?mst=",
            "/chiTietHopTacXa?mst=",
        ):
            await checker.call("GET", path + mst)
        await checker.call("GET", f"/chiTietDoanhNghiep?msdn={mst}-001")
    for step in range(4):
        listing = await checker.call(
            "GET", "/danhSachHoSo?from_date=19/11/2026&to_date=23/11/2026&limit=100"
        )
        for item in listing.json()["MainInformation"][step::4]:
            detail = await checker.call(
                "GET", f"/tinhTrangHoSo?in_journal_no={item['IN_JOURNAL_NO']}"
            )
            for result in detail.json()["Data"]["KetQua"]:
                await checker.call("GET", f"/taiTepTin?file_id={result['FILE_ID']}")
        await checker.call("GET", "/danhSachHoSoTrongNgay?from_ts=07:00&to_ts=23:00&limit=100")
        clock.advance(3 * DAY)
    await checker.call("GET", "/danhSachHoSo?from_date=01/11/2026&to_date=23/11/2026")
    await checker.call("GET", "/tinhTrangHoSo?in_journal_no=khong-co")
    await checker.call("GET", "/chiTietDoanhNghiep?msdn=0100109107")
    assert checker.checked[("GET", "/tinhTrangHoSo", 200)] >= 100
    assert ("GET", "/taiTepTin", 200) in checker.checked


@pytest.mark.parametrize("checker", ["gplx"], indirect=True)
async def test_gplx_contract(checker: ContractChecker, clock: Clock) -> None:
    rng = random.Random(13)
    world = World(2024, WorldSettings(unissued_share=0.1), clock=clock)
    for cid in _citizens(300):  # a licence number names its holder: take them from the world
        for held in world.licences_of(cid):
            await checker.call("GET", f"/traCuuGPLX?soGPLX={held.number}")
    for _ in range(20):  # made-up numbers: not issued (404)
        number = f"{rng.choice(PROVINCES).code:02d}{rng.randrange(10**10):010d}"
        await checker.call("GET", f"/traCuuGPLX?soGPLX={number}")
    await checker.call("GET", f"/traCuuGPLX?soGPLX={fixtures.LICENCE_AN}")
    for step in range(4):
        login = await checker.call(
            "POST", "/mapi/login", json={"username": "H56.MCDT", "password": "gplx-demo-secret"}
        )
        session = {"session": login.json()["session"], "donViXuLy": "000.00.00.G18"}
        listing = await checker.call(
            "POST",
            "/mapi/g",
            json={
                **session,
                "service": "DanhSachHoSo",
                "ngayNhan1": "2026-11-20",
                "ngayNhan2": "2026-11-23",
            },  # fmt: skip
        )
        for item in listing.json()["data"][step::9]:
            detail = await checker.call(
                "POST",
                "/mapi/g",
                json={**session, "service": "TraCuuHoSo", "mahoso": item["maHoSo"]},
            )
            await checker.call("GET", f"/traCuuHoSoGPLX?maHoSo={item['maHoSo']}")
            for result in detail.json()["data"][0]["TepKetQua"]:
                await checker.call(
                    "POST",
                    "/mapi/g",
                    json={
                        **session,
                        "service": "LayTaiLieuHoSo",
                        "duongdanteptin": result["DuongDan"],
                    },
                )
                await checker.call("GET", f"/layTaiLieuHoSo?duongDan={result['DuongDan']}")
        await checker.call("GET", "/danhSachHoSoGPLX?ngayNhan1=2026-11-22&ngayNhan2=2026-11-23")
        clock.advance(4 * DAY)
    await checker.call("POST", "/mapi/g", json={"service": "TraCuuHoSo", "mahoso": "x"})
    assert ("GET", "/layTaiLieuHoSo", 200) in checker.checked
    assert checker.checked[("GET", "/traCuuGPLX", 200)] > 100


@pytest.mark.parametrize("checker", ["ho_tich"], indirect=True)
async def test_ho_tich_contract(checker: ContractChecker, clock: Clock) -> None:
    for cid in _citizens(120):
        for module in ("LTKS", "LTKT", "LTKH"):
            await checker.call("POST", "/traHoSo", json={"module": module, "maHoSo": int(cid)})
    for kind in "12345":
        await checker.call("POST", "/danhMuc", json={"loaiDanhMuc": kind})
    record = {
        "nksHoTen": "LÊ MINH KHANG",
        "nksGioiTinh": "1",
        "nksNgaySinh": "15/11/2026",
        "nksNoiSinh": {"maTinh": "79"},
        "meHoTen": "PHẠM THỊ HỒNG NHUNG",
        "meSoDDCN": fixtures.WIFE_NHUNG,
        "nycHoTen": "LÊ HOÀNG PHÚC",
    }
    for i in range(40):
        body = {"maDonVi": 26740, "module": "LTKS", "maHoSo": f"MCDT-{i}",
                "ngayTiepNhan": "23/11/2026 09:00:00", "data": {"hoTich": record}}  # fmt: skip
        await checker.call("POST", "/dangKyHoTich", json=body)
    await checker.call("POST", "/dangKyHoTich", json=body)  # duplicate: status 0
    for _ in range(4):
        for i in range(40):
            lookup = {"maDonVi": 26740, "maHoSo": f"MCDT-{i}"}
            await checker.call("POST", "/traTrangThaiHoSo", json=lookup)
            await checker.call("POST", "/ketQuaDangKyHS", json=lookup)
        clock.advance(3 * DAY)
    assert checker.checked[("POST", "/ketQuaDangKyHS", 200)] == 160
    assert ("POST", "/traHoSo", 200) in checker.checked


def test_every_registry_has_a_contract_test() -> None:
    tested = {"dan_cu", "dkdn", "gplx", "ho_tich"}
    assert set(REGISTRY_NAMES) == tested
