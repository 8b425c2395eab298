"""How the one-stop system fills each catalog service's parameters (``BUILDERS``, by service code)
and what it learns from an answer for its next calls (``LEARNERS``): well-formed identifiers of
the synthetic population, dates around the dossier's own "now", codes taken from earlier lists.
Every identifier is one the world has on the dossier's day (``mock_registries.samples``), so a
"no data" answer in a load test is one the exchange caused, not the builder; the mix asks no
deliberate negative cases (those are the fault scenarios' and the conformance plan's job).

Pure Python: the locustfile imports it, and so do the harness and the tests.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import orjson

from loadtests.calls import Call, Dossier, Service
from mock_registries.data.admin_units import PROVINCES, random_address
from mock_registries.samples import SampleIds, sample_cooperative

__all__ = ["BUILDERS", "LEARNERS", "Builder", "Learner"]

# One commune per province where the mix registers births (hộ tịch maDonVi: a GSO ward code).
_UNITS = {p.code: random_address(random.Random(p.code), p.code).ward.code for p in PROVINCES}

# A builder returns None when it has nothing to ask (a detail call with no code learnt yet).
Builder = Callable[[Service, Dossier, random.Random], Call | None]
Learner = Callable[[bytes, Dossier], None]


def _post(service: Service, document: dict[str, Any]) -> Call:
    return Call(service.code, service.method, service.address, orjson.dumps(document))


def _tra_cuu_cong_dan(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    return _post(
        service,
        {
            "MaYeuCau": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "MaDVC": "1.001234",
            "MaTichHop": "MCDT",
            "SoDinhDanh": dossier.ids.cccd,
        },
    )


def _query(param: str, pick: Callable[[SampleIds], str]) -> Builder:
    def build(service: Service, dossier: Dossier, rng: random.Random) -> Call:
        path = f"{service.address}?{urlencode({param: pick(dossier.ids)})}"
        return Call(service.code, service.method, path, b"{}" if service.method == "POST" else None)

    return build


def _dang_ky_ho_tich(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    # Liên thông khai sinh (module LTKS) at a commune of the mother's province: a baby born in
    # the last two months to the sample's mother (a married woman of the world, her name as
    # dân cư holds it: the registrar checks it), who also files it.
    born = dossier.now.date() - timedelta(days=rng.randrange(1, 60))
    mother, name = dossier.ids.mother, dossier.ids.mother_name.upper()
    unit = _UNITS[int(mother[:3])]
    dossier.learnt["ho_tich_unit"] = [str(unit)]
    record = {
        "nksHoTen": f"{name.split()[0]} {rng.choice(('MINH AN', 'BẢO NGỌC', 'GIA HUY'))}",
        "nksGioiTinh": rng.choice(("1", "2")),
        "nksNgaySinh": f"{born:%d/%m/%Y}",
        "nksNoiSinh": {"maTinh": f"{int(mother[:3]):02d}"},
        "meHoTen": name,
        "meSoDDCN": mother,
        "nycHoTen": name,
        "nycQuanHe": "Mẹ",
        "nycSoDDCN": mother,
    }
    return _post(
        service,
        {
            "maDonVi": unit,
            "module": "LTKS",
            "maHoSo": dossier.one_stop_code,
            "ngayTiepNhan": f"{dossier.now:%d/%m/%Y %H:%M:%S}",
            "data": orjson.dumps({"hoTich": record}).decode(),
        },
    )


def _tra_trang_thai(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    # The one-stop system polls with its own dossier code, at the unit it pushed to.
    unit = int(dossier.learnt.get("ho_tich_unit", ["1"])[0])
    return _post(service, {"maDonVi": unit, "maHoSo": dossier.one_stop_code})


def _tra_ho_so(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    # A citizen's birth record: its BTP id is the số định danh as a number.
    return _post(service, {"module": "LTKS", "maHoSo": int(dossier.ids.cccd)})


GPLX_ACCOUNT = {"username": "H56.MCDT", "password": "gplx-demo-secret"}
GPLX_UNIT = "000.00.00.G18"


def _mapi(service: Service, dossier: Dossier, rng: random.Random) -> Call | None:
    """The DVC GPLX sync job: log in, list the last days' dossiers, then fetch their details."""
    session = dossier.learnt.get("gplx_session")
    if not session:
        return Call(service.code, "POST", f"{service.address}/login", orjson.dumps(GPLX_ACCOUNT))
    common = {"session": session[0], "donViXuLy": GPLX_UNIT}
    codes = dossier.learnt.get("gplx")
    if codes is None:
        # A day within the last month: older dossiers are followed to their final status.
        first = dossier.now.date() - timedelta(days=rng.randrange(0, 30))
        listing = {"service": "DanhSachHoSo", "ngayNhan1": f"{first:%Y-%m-%d}"}
        listing["ngayNhan2"] = listing["ngayNhan1"]
        return Call(service.code, "POST", f"{service.address}/g", orjson.dumps(common | listing))
    if not codes:
        return None
    detail = {"service": "TraCuuHoSo", "mahoso": codes.pop(rng.randrange(len(codes)))}
    return Call(service.code, "POST", f"{service.address}/g", orjson.dumps(common | detail))


def _learn_mapi(body: bytes, dossier: Dossier) -> None:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return
    if not isinstance(document, dict):
        pass
    elif isinstance(document.get("session"), str):
        dossier.learnt["gplx_session"] = [document["session"]]
    elif "total" in document:
        items = document.get("data") or ()
        codes = [i["maHoSo"] for i in items if isinstance(i, dict) and i.get("maHoSo")]
        dossier.learnt["gplx"] = codes


def _cooperative(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    code = sample_cooperative(dossier.ids.cccd, dossier.seed, dossier.now)
    return Call(service.code, service.method, f"{service.address}?{urlencode({'mst': code})}")


def _province(dossier: Dossier) -> int:
    return int(dossier.ids.cccd[:3])


def _danh_sach_ho_so(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    """ĐKDN's dossiers of a few days (at most 5, dd/MM/yyyy) within the last month, first
    page: the sync job also follows older dossiers to their final status (rows 12/13)."""
    last = dossier.now.date() - timedelta(days=rng.randrange(0, 30))
    first = last - timedelta(days=rng.randrange(0, 4))
    query = {"from_date": f"{first:%d/%m/%Y}", "to_date": f"{last:%d/%m/%Y}", "limit": 20}
    return Call(service.code, service.method, f"{service.address}?{urlencode(query)}")


def _learn_dkdn(body: bytes, dossier: Dossier) -> None:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return
    items = document.get("MainInformation") if isinstance(document, dict) else None
    codes = [
        i["IN_JOURNAL_NO"] for i in items or () if isinstance(i, dict) and "IN_JOURNAL_NO" in i
    ]
    dossier.learnt["dkdn"] = codes


def _tinh_trang_ho_so(service: Service, dossier: Dossier, rng: random.Random) -> Call | None:
    codes = dossier.learnt.get("dkdn")
    if not codes:
        return None
    code = codes.pop(rng.randrange(len(codes)))
    return Call(service.code, service.method, f"{service.address}?in_journal_no={code}")


def _province_list(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    query = {"maTinh": f"{_province(dossier):02d}", "offset": rng.randrange(0, 100, 20)}
    return Call(service.code, service.method, f"{service.address}?{urlencode(query)}")


# Amendment dossiers a one-stop system forwards to ĐKDN: (MaTTHC, LoaiHoSo, components).
_AMENDMENTS = (
    ("2.002038", "Đăng ký thay đổi",
     ("Thông báo thay đổi nội dung đăng ký doanh nghiệp", "Nghị quyết, quyết định thay đổi")),
    ("2.002042", "Thông báo thay đổi", ("Thông báo thay đổi nội dung đăng ký doanh nghiệp",)),
)  # fmt: skip


def _nop_ho_so(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    # The applicant's own enterprise, named as registered (ĐKDN refuses another name).
    procedure, kind, components = rng.choice(_AMENDMENTS)
    return _post(
        service,
        {
            "MaHoSoMCDT": dossier.one_stop_code,
            "MaTTHC": procedure,
            "LoaiHoSo": kind,
            "MaSoDoanhNghiep": dossier.ids.msdn,
            "TenDoanhNghiep": dossier.ids.enterprise_name,
            "ThanhPhanHoSo": list(components),
        },
    )


def _dong_bo_ho_so(service: Service, dossier: Dossier, rng: random.Random) -> Call:
    unit = _UNITS[_province(dossier)]
    return _post(service, {"maDonVi": unit, "ngay": f"{dossier.now:%d/%m/%Y}"})


BUILDERS: dict[str, Builder] = {
    "TraCuuThongTinCongDan": _tra_cuu_cong_dan,
    "chiTietDoanhNghiep": _query("msdn", lambda ids: ids.msdn),
    "chiTietHoKinhDoanh": _query("mst", lambda ids: ids.hkd),
    "chiTietHopTacXa": _cooperative,
    "danhSachHoSo": _danh_sach_ho_so,
    "tinhTrangHoSo": _tinh_trang_ho_so,
    "danhSachDoanhNghiep": _province_list,
    "danhSachHoKinhDoanh": _province_list,
    "nopHoSo": _nop_ho_so,
    "dangKyHoTich": _dang_ky_ho_tich,
    "traTrangThaiHoSo": _tra_trang_thai,
    "traHoSo": _tra_ho_so,
    "dongBoHoSo": _dong_bo_ho_so,
    "traCuuGPLX": _query("soGPLX", lambda ids: ids.gplx),
    "mapi": _mapi,
}
LEARNERS: dict[str, Learner] = {"mapi": _learn_mapi, "danhSachHoSo": _learn_dkdn}
