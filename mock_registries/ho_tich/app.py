"""CSDL hộ tịch điện tử toàn quốc mock (Bộ Tư pháp) and the liên thông khai sinh flow.

    GET  /traCuuKhaiSinh?soDinhDanh=   birth registration of a citizen
    GET  /traCuuKhaiTu?soDinhDanh=     death registration (if any)
    GET  /traCuuKetHon?soDinhDanh=     marriage registration of a married citizen
    POST /dangKyKhaiSinh               submit a liên thông birth-registration dossier
    POST /traTrangThaiHoSo             status of a submitted dossier (and its result)

Errors carry BTP's numeric ``errorCode`` too (201 RECORD_NOT_FOUND, 302 DATA_TYPE_INVALID, …).
"""

from __future__ import annotations

from typing import Any

import orjson
from prometheus_client import CollectorRegistry, Gauge

from mock_registries.asgi import RegistryApp, RegistryError, Request, Response
from mock_registries.clock import Clock
from mock_registries.common import (
    DEFAULT_CACHE_SIZE,
    AnswerCache,
    json_object,
    optional_str,
    parse_date,
    require_str,
)
from mock_registries.data.citizens import Population
from mock_registries.data.dossiers import lifecycle_fields
from mock_registries.data.identity import PROVINCE_CODES, parse_cccd
from mock_registries.ho_tich import models
from mock_registries.ho_tich.records import CivilRecords
from mock_registries.ho_tich.registrations import MODULE, PROCEDURE, Registrations
from mock_registries.settings import MockSettings

__all__ = ["create_app"]

_OK = {"status": "1", "statusDescription": "Thành công"}


def _not_found(what: str) -> RegistryError:
    return RegistryError(404, "RECORD_NOT_FOUND", f"Không tìm thấy {what}.", errorCode="201")


def _invalid(message: str) -> RegistryError:
    return RegistryError(400, "DATA_TYPE_INVALID", message, errorCode="302")


def _object(body: dict[str, Any], name: str) -> dict[str, Any]:
    value = body.get(name)
    if not isinstance(value, dict):
        raise _invalid(f"Trường {name} phải là một đối tượng JSON.")
    return value


def create_app(
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
    cache_size: int = DEFAULT_CACHE_SIZE,
) -> RegistryApp:
    app = RegistryApp(
        title="CSDL hộ tịch điện tử toàn quốc",
        registry="ho_tich",
        description="Mô phỏng CSDL hộ tịch (Bộ Tư pháp) và liên thông đăng ký khai sinh.",
        metrics_registry=metrics_registry,
    )
    population = Population(settings.seed, settings.not_found_ratio)
    records = CivilRecords(population)
    registrations = Registrations(settings.seed, settings.max_stored_dossiers)
    stored = Gauge(
        "registry_stored_dossiers",
        "Dossiers submitted to the mock and kept in memory for this run",
        ["registry"],
        registry=metrics_registry,
    ).labels("ho_tich")
    capacity = Gauge(
        "registry_stored_dossiers_capacity",
        "Bound on dossiers kept in memory (MockSettings.max_stored_dossiers)",
        ["registry"],
        registry=metrics_registry,
    ).labels("ho_tich")
    capacity.set(settings.max_stored_dossiers)
    cache: AnswerCache[bytes] = AnswerCache(cache_size)

    def valid_cccd(request: Request) -> str:
        cid = request.query.get("soDinhDanh", "").strip()
        if parse_cccd(cid) is None:
            raise RegistryError(
                400,
                "SO_DINH_DANH_KHONG_HOP_LE",
                "Số định danh cá nhân phải gồm 12 chữ số, bắt đầu bằng mã tỉnh.",
                errorCode="302",
            )
        return cid

    def answer(cid: str, data: dict[str, Any] | None, missing: str) -> bytes:
        if data is None:  # BTP answers status "0" + errorCode 201 in a 200, not an HTTP error
            body = {
                "status": "0",
                "statusDescription": f"Không tìm thấy {missing}.",
                "errorCode": "201",
            }
            return orjson.dumps({**body, "SoDinhDanh": cid, "data": None})
        return orjson.dumps({**_OK, "SoDinhDanh": cid, "data": data})

    def cached(request: Request, kind: str) -> Response:
        """Records are pure functions of (seed, ID, day): hot IDs are served from the cache."""
        cid = valid_cccd(request)
        today = clock.now().date()
        encoded = cache.get((kind, cid, today))
        if encoded is None:
            person = population.get(cid, today)
            if kind == "khai-sinh":
                data, missing = (records.birth(person) if person else None), "thông tin khai sinh"
            elif kind == "khai-tu":
                data = records.death(person, today) if person else None
                missing = "thông tin đăng ký khai tử"
            else:
                data = records.marriage(person, today) if person else None
                missing = "thông tin đăng ký kết hôn"
            encoded = answer(cid, data, missing)
            cache.put((kind, cid, today), encoded)
        return Response(encoded)

    @app.route(
        "GET",
        "/traCuuKhaiSinh",
        query_params=("soDinhDanh",),
        response_model=models.KhaiSinhResponse,
    )
    async def tra_cuu_khai_sinh(request: Request) -> Response:
        """Tra cứu thông tin đăng ký khai sinh theo số định danh cá nhân."""
        return cached(request, "khai-sinh")

    @app.route(
        "GET",
        "/traCuuKhaiTu",
        query_params=("soDinhDanh",),
        response_model=models.KhaiTuResponse,
    )
    async def tra_cuu_khai_tu(request: Request) -> Response:
        """Tra cứu thông tin đăng ký khai tử theo số định danh cá nhân."""
        return cached(request, "khai-tu")

    @app.route(
        "GET",
        "/traCuuKetHon",
        query_params=("soDinhDanh",),
        response_model=models.KetHonResponse,
    )
    async def tra_cuu_ket_hon(request: Request) -> Response:
        """Tra cứu thông tin đăng ký kết hôn (hiện tại) theo số định danh của vợ hoặc chồng."""
        return cached(request, "ket-hon")

    @app.route(
        "POST",
        "/dangKyKhaiSinh",
        request_model=models.DangKyKhaiSinhRequest,
        response_model=models.DangKyKhaiSinhResponse,
        responses={409: "Hồ sơ đã tồn tại", 503: "Kho hồ sơ đầy"},
    )
    async def dang_ky_khai_sinh(request: Request) -> Response:
        """Tiếp nhận hồ sơ liên thông đăng ký khai sinh từ hệ thống một cửa điện tử."""
        body = json_object(request)
        unit = require_str(body, "maDonVi")
        one_stop = require_str(body, "maHoSoMCDT")
        module = optional_str(body, "module") or MODULE
        if module != MODULE:
            raise _invalid(f"module {module[:10]} không được hỗ trợ (chỉ {MODULE}).")
        ho_tich = _object(body, "hoTich")
        now = clock.now()
        name = require_str(ho_tich, "nksHoTen")
        gender = require_str(ho_tich, "nksGioiTinh")
        if gender not in ("1", "2"):
            raise _invalid("nksGioiTinh phải là 1 (Nam) hoặc 2 (Nữ).")
        born = parse_date(
            require_str(ho_tich, "nksNgaySinh"),
            "nksNgaySinh",
            today=now.date(),
            formats=("%d/%m/%Y",),
        )
        if born.year < 2000:
            raise _invalid(
                "nksNgaySinh: liên thông khai sinh chỉ áp dụng cho trẻ sinh từ năm 2000."
            )
        birth_place = _object(ho_tich, "nksNoiSinh")
        province_text = require_str(birth_place, "maTinh")
        if not province_text.isdigit() or int(province_text) not in PROVINCE_CODES:
            raise _invalid("nksNoiSinh.maTinh không phải mã tỉnh hợp lệ.")
        require_str(ho_tich, "meHoTen")
        mother = require_str(ho_tich, "meSoDDCN")
        if parse_cccd(mother) is None:
            raise RegistryError(
                400, "SO_DINH_DANH_KHONG_HOP_LE", "meSoDDCN không hợp lệ.", errorCode="302"
            )
        father = optional_str(ho_tich, "chaSoDDCN")
        if father is not None and parse_cccd(father) is None:
            raise RegistryError(
                400, "SO_DINH_DANH_KHONG_HOP_LE", "chaSoDDCN không hợp lệ.", errorCode="302"
            )
        registration = registrations.submit(
            one_stop_code=one_stop,
            unit=unit,
            child_name=name,
            child_male=gender == "1",
            child_birth=born,
            province_code=int(province_text),
            now=now,
        )
        stored.set(len(registrations))
        current = registration.lifecycle.current(now)
        result = {
            "status": "1",
            "statusDescription": "Tiếp nhận hồ sơ thành công",
            "maHoSoLT": registration.code,
            "maHoSoMCDT": one_stop,
            "TrangThaiHoSo": str(current.status),
            "TenTrangThaiHoSo": current.name,
        }
        return Response(orjson.dumps(result))

    @app.route(
        "POST",
        "/traTrangThaiHoSo",
        request_model=models.TraTrangThaiHoSoRequest,
        response_model=models.TraTrangThaiHoSoResponse,
        responses={404: "Không tìm thấy hồ sơ"},
    )
    async def tra_trang_thai_ho_so(request: Request) -> Response:
        """Trạng thái xử lý của hồ sơ liên thông (và kết quả khi đã có)."""
        body = json_object(request)
        code = require_str(body, "maHoSo")
        registration = registrations.get(code)
        if registration is None:
            raise _not_found(f"hồ sơ {code[:40]}")
        now = clock.now()
        result = {
            **_OK,
            "maHoSoLT": registration.code,
            "maHoSoMCDT": registration.one_stop_code,
            "maDonVi": registration.unit,
            "MaTTHC": PROCEDURE[0],
            "TenTTHC": PROCEDURE[1],
            **lifecycle_fields(registration.lifecycle, now),
            "ketQuaXuLy": registration.result(settings.seed, now),
        }
        return Response(orjson.dumps(result))

    return app
