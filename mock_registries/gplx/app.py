"""CSDL giấy phép lái xe mock: licence look-up and licence-renewal dossiers.

GET /traCuuGPLX?soGPLX=                          licence: class, dates, status, points
GET /traCuuHoSoGPLX?maHoSo=                      renewal dossier: status, NgayCoKetQua,
                                                 NgayTraKetQua, TepKetQua
GET /danhSachHoSoGPLX?ngayNhan1&ngayNhan2&offset&limit   dossiers received (≤ 5 days), paged
GET /layTaiLieuHoSo?duongDan=                    a result file, base64 (LayTaiLieuHoSo)
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import orjson
from prometheus_client import CollectorRegistry

from mock_registries.asgi import RegistryApp, RegistryError, Request, Response
from mock_registries.clock import Clock
from mock_registries.common import (
    DEFAULT_CACHE_SIZE,
    AnswerCache,
    day_window,
    int_query,
    pdf_document,
    query_dates,
)
from mock_registries.data.citizens import Population
from mock_registries.data.dossiers import DA_TRA_KET_QUA, DA_XU_LY_XONG
from mock_registries.gplx import models
from mock_registries.gplx.records import (
    RENEWAL_PROCEDURE,
    UNIT,
    Licence,
    LicenceBook,
    RenewalDossier,
    RenewalDossiers,
    parse_licence_number,
)
from mock_registries.settings import MockSettings

__all__ = ["create_app", "render_licence"]

_MAX_DAYS = 5
_MAX_LIMIT = 100


def _d(value: Any) -> str:
    return str(value.strftime("%d/%m/%Y"))


def _dt(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%d/%m/%Y %H:%M:%S")


def render_licence(licence: Licence) -> dict[str, Any]:
    return {
        "SoGPLX": licence.number,
        "SoSeri": licence.serial,
        "HoVaTen": licence.holder_name.upper,
        "NgaySinh": (
            licence.holder_birth.strftime("%Y%m%d")
            if licence.holder_birth
            else f"{licence.holder_birth_year:04d}0000"
        ),
        "GioiTinh": "1" if licence.male else "2",
        "SoDinhDanh": licence.holder_id,
        "HangGPLX": licence.licence_class,
        "NgayTrungTuyen": _d(licence.passed),
        "NgayCapGPLX": _d(licence.issued),
        "NgayHHGPLX": None if licence.expires is None else _d(licence.expires),
        "NoiCapGPLX": licence.issuer,
        "TrangThai": licence.state,
        "DiemConLai": licence.points,
    }


def _error(status: int, code: str, message: str, error_code: int) -> RegistryError:
    return RegistryError(status, code, message, error_code=error_code)


def create_app(
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
    cache_size: int = DEFAULT_CACHE_SIZE,
) -> RegistryApp:
    app = RegistryApp(
        title="CSDL giấy phép lái xe",
        registry="gplx",
        description="Mô phỏng CSDL giấy phép lái xe và hồ sơ đổi GPLX (DVC GPLX).",
        metrics_registry=metrics_registry,
    )
    population = Population(settings.seed, settings.not_found_ratio)
    licences = LicenceBook(population, settings.not_found_ratio)
    dossiers = RenewalDossiers(settings.seed)
    cache: AnswerCache[bytes] = AnswerCache(cache_size)

    @app.route(
        "GET",
        "/traCuuGPLX",
        query_params=("soGPLX",),
        response_model=models.TraCuuGPLXResponse,
    )
    async def tra_cuu_gplx(request: Request) -> Response:
        """Tra cứu giấy phép lái xe theo số GPLX (12 chữ số)."""
        number = request.query.get("soGPLX", "").strip()
        if parse_licence_number(number) is None:
            raise _error(
                400, "SO_GPLX_KHONG_HOP_LE", "Số GPLX phải gồm 12 chữ số, bắt đầu bằng mã tỉnh.", -1
            )
        today = clock.now().date()
        encoded = cache.get((number, today))
        if encoded is None:
            licence = licences.get(number, today)
            answer: dict[str, Any] = {"error_code": 0, "message": "Thành công", "SoGPLX": number}
            if licence is None:  # the GPLX API answers error_code -2 in a 200, not an HTTP error
                answer |= {"error_code": -2, "message": f"Không tìm thấy GPLX số {number}."}
            answer["data"] = None if licence is None else render_licence(licence)
            encoded = orjson.dumps(answer)
            cache.put((number, today), encoded)
        return Response(encoded)

    def dossier_detail(dossier: RenewalDossier, now: datetime) -> dict[str, Any]:
        lifecycle = dossier.lifecycle
        current = lifecycle.current(now)
        licence = licences.get(dossier.licence_number, now.date())
        holder = licence.holder_name.upper if licence else "KHÔNG XÁC ĐỊNH"
        result = dossier.result_path(now)
        return {
            "MaHoSo": dossier.code,
            "MaTTHC": RENEWAL_PROCEDURE[0],
            "TenDVC": RENEWAL_PROCEDURE[1],
            "SoGPLX": dossier.licence_number,
            "HoTenNguoiNop": holder,
            "MaTrangThai": str(current.status),
            "TrangThaiHoSo": current.name,
            "DonViXuLy": "Cục Cảnh sát giao thông",
            "MaDonViXuLy": UNIT,
            "NgayNop": _dt(lifecycle.received),
            "NgayTiepNhan": _dt(lifecycle.received),
            "NgayHenTra": _dt(lifecycle.due),
            "NgayCoKetQua": _dt(lifecycle.first(DA_XU_LY_XONG, now)),
            "NgayTraKetQua": _dt(lifecycle.first(DA_TRA_KET_QUA, now)),
            "QuaHan": lifecycle.overdue(now),
            "HinhThucNhanKQ": "1" if dossier.by_post else "0",
            "TepKetQua": []
            if result is None
            else [{"TenTaiLieu": "Giấy phép lái xe (bản điện tử)", "DuongDan": result}],
        }

    @app.route(
        "GET",
        "/traCuuHoSoGPLX",
        query_params=("maHoSo",),
        response_model=models.TraCuuHoSoGPLXResponse,
        responses={404: "Không tìm thấy hồ sơ"},
    )
    async def tra_cuu_ho_so_gplx(request: Request) -> Response:
        """Tra cứu hồ sơ đổi GPLX: trạng thái, ngày có kết quả, ngày trả kết quả, tệp kết quả."""
        now = clock.now()
        code = request.query.get("maHoSo", "").strip()
        if not code:
            raise _error(400, "THIEU_THAM_SO", "Thiếu mã hồ sơ (maHoSo).", -1)
        dossier = dossiers.get(code, now)
        if dossier is None:
            raise _error(404, "KHONG_TIM_THAY_HO_SO", f"Không tìm thấy hồ sơ {code[:40]}.", -2)
        answer = {"error_code": 0, "message": "Thành công", "data": [dossier_detail(dossier, now)]}
        return Response(orjson.dumps(answer))

    @app.route(
        "GET",
        "/danhSachHoSoGPLX",
        query_params=("ngayNhan1", "ngayNhan2", "offset", "limit"),
        response_model=models.DanhSachHoSoGPLXResponse,
    )
    async def danh_sach_ho_so_gplx(request: Request) -> Response:
        """Danh sách hồ sơ đổi GPLX tiếp nhận trong khoảng ngày (tối đa 05 ngày), phân trang."""
        now = clock.now()
        start, end = query_dates(request, "ngayNhan1", "ngayNhan2", now=now, formats=("%Y-%m-%d",))
        if end < start or (end - start).days >= _MAX_DAYS:
            raise _error(
                400, "KHOANG_THOI_GIAN_KHONG_HOP_LE", "Khoảng ngày phải từ 1 đến 5 ngày.", -1
            )
        offset = int_query(request, "offset", 0, 10**6)
        limit = int_query(request, "limit", 50, _MAX_LIMIT)
        codes = dossiers.numbering.between(*day_window(start, end, now))
        items = []
        for code in codes[offset : offset + limit]:
            dossier = dossiers.get(code, now)
            assert dossier is not None
            items.append(
                {
                    "MaHoSo": code,
                    "SoGPLX": dossier.licence_number,
                    "MaTrangThai": str(dossier.lifecycle.current(now).status),
                    "NgayTiepNhan": _dt(dossier.lifecycle.received),
                }
            )
        answer = {"error_code": 0, "message": "Thành công", "total": len(codes), "data": items}
        return Response(orjson.dumps(answer))

    @app.route(
        "GET",
        "/layTaiLieuHoSo",
        query_params=("duongDan",),
        response_model=models.LayTaiLieuHoSoResponse,
        responses={404: "Không tìm thấy tệp"},
    )
    async def lay_tai_lieu_ho_so(request: Request) -> Response:
        """Tải tệp kết quả của hồ sơ (base64) theo đường dẫn trong TepKetQua."""
        now = clock.now()
        path = request.query.get("duongDan", "").strip()
        code, _, _ = path.partition("/")
        dossier = dossiers.get(code, now)
        if dossier is None or dossier.result_path(now) != path:
            raise _error(404, "KHONG_TIM_THAY_TEP", f"Không tìm thấy tệp {path[:60]}.", -2)
        pdf = pdf_document(["Giay phep lai xe (ban dien tu)", f"So GPLX: {dossier.licence_number}"])
        answer = {
            "error_code": 0,
            "TepTinDinhKem": [
                {
                    "Base64": base64.b64encode(pdf).decode(),
                    "DuongDan": path,
                    "TenTaiLieu": "KQ1.pdf",
                }
            ],
        }
        return Response(orjson.dumps(answer))

    return app
