"""CSDL hộ tịch điện tử toàn quốc mock (Bộ Tư pháp), the ministry's ``apiHoTichTuPhap`` contract.

    POST /dangKyHoTich       push a registration (module LTKS khai sinh, LTKT khai tử, LTKH kết hôn)
    POST /danhMuc            a catalogue (loaiDanhMuc 1–5)
    POST /traTrangThaiHoSo   state of a pushed registration (trangThai 1/2/3/4/6)
    POST /ketQuaDangKyHS     its result once completed (errorCode 200 before, 201 unknown)
    POST /traHoSo            a registered record by id (module, maHoSo): pushed this run, or any
                             citizen's birth / death / marriage record (id = số định danh)

Refusals are HTTP 200 with ``status "0"`` and the ministry's ``errorCode`` (106 unit, 108
province, 200 incomplete, 201 not found, 302 wrong type, 500 incorrect data); a request that
breaks the documented schema is a 400 with ``errorCode`` 302 too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from fastapi import APIRouter
from prometheus_client import Gauge
from starlette.responses import Response

from mock_registries.common import AnswerCache
from mock_registries.data.admin_units import ward_by_code
from mock_registries.data.citizens import Population
from mock_registries.ho_tich import models, view
from mock_registries.ho_tich.catalogs import CATALOGUE_NAMES, CATALOGUES
from mock_registries.ho_tich.payloads import btp_error, check_record, parse_data
from mock_registries.ho_tich.records import CivilRecords
from mock_registries.ho_tich.registrations import Registration, Registrations
from mock_registries.web import RegistryContext

__all__ = ["build_router"]


def _json(payload: Any) -> Response:
    return Response(orjson.dumps(payload), media_type="application/json")


class _Registry:
    def __init__(self, context: RegistryContext) -> None:
        settings = context.settings
        self.seed = settings.seed
        self.clock = context.clock
        self.population = Population(settings.seed, settings.not_found_ratio)
        self.records = CivilRecords(self.population)
        self.registrations = Registrations(settings.seed, settings.max_stored_dossiers)
        # Records of the population are pure functions of (seed, id, day): hot ids skip them.
        self.cache: AnswerCache[bytes] = AnswerCache(context.cache_size)
        self.stored = Gauge(
            "registry_stored_dossiers",
            "Dossiers submitted to the mock and kept in memory for this run",
            ["registry"],
            registry=context.metrics_registry,
        ).labels("ho_tich")
        Gauge(
            "registry_stored_dossiers_capacity",
            "Bound on dossiers kept in memory (MockSettings.max_stored_dossiers)",
            ["registry"],
            registry=context.metrics_registry,
        ).labels("ho_tich").set(settings.max_stored_dossiers)

    def register(self, request: models.DangKyHoTichRequest) -> dict[str, Any]:
        try:
            ward_by_code(request.maDonVi)
        except KeyError:
            raise btp_error("106", f"Mã đơn vị {request.maDonVi} không đúng.") from None
        now = self.clock.now()
        duplicate = self.registrations.duplicate(request.maDonVi, request.maHoSo)
        if duplicate is not None:
            raise btp_error(
                "500", f"Hồ sơ {request.maHoSo[:40]} đã được tiếp nhận (mã {duplicate.id})."
            )
        record = parse_data(request.data)
        check_record(request.module, record, self.population, now.date())
        registration = self.registrations.submit(
            module=request.module,
            unit=request.maDonVi,
            one_stop_code=request.maHoSo,
            lien_thong_code=request.maHoSoLT,
            record=record,
            now=now,
        )
        self.stored.set(len(self.registrations))
        return {
            "status": "1",
            "statusDescription": "Tiếp nhận hồ sơ thành công",
            "maHoSo": registration.id,
            "maHoSoMCDT": registration.one_stop_code,
            "maHoSoLT": registration.lien_thong_code,
            "trangThai": view.trang_thai(registration, now),
        }

    def find(self, request: models.TraCuuHoSoRequest) -> Registration:
        found = self.registrations.find(request.maDonVi, request.maHoSo)
        if found is None:
            raise btp_error("201", f"Không tìm thấy hồ sơ {request.maHoSo[:40]}.")
        return found

    def result(self, request: models.TraCuuHoSoRequest) -> dict[str, Any]:
        registration = self.find(request)
        result = registration.result(self.seed, self.clock.now())
        if result is None:
            raise btp_error("200", "Hồ sơ chưa hoàn thành đăng ký.")
        return view.registration_result(registration, result)

    def book(self, module: str, record_id: int) -> bytes:
        """``traHoSo``: the record ``record_id`` of ``module`` (refusal 201 if none)."""
        now = self.clock.now()
        if record_id >= 10**9:
            key = (module, record_id, now.date())
            encoded = self.cache.get(key)
            if encoded is None:
                found = self._population_record(module, f"{record_id:012d}", now)
                answer = (
                    btp_error("201", f"Không tìm thấy hồ sơ {module} số {record_id}.").answer
                    if found is None
                    else {**view.OK, "value": [view.book_record(record_id, module, found)]}
                )
                encoded = orjson.dumps(answer)
                self.cache.put(key, encoded)
            return encoded
        registration = self.registrations.get(record_id)
        result = None if registration is None else registration.result(self.seed, now)
        if registration is None or result is None or registration.module != module:
            raise btp_error("201", f"Không tìm thấy hồ sơ {module} số {record_id}.")
        record = {**result, "noiDangKy": f"{registration.unit:05d}", **registration.record}
        return orjson.dumps({**view.OK, "value": [view.book_record(record_id, module, record)]})

    def _population_record(self, module: str, cid: str, now: datetime) -> dict[str, Any] | None:
        person = self.population.get(cid, now.date())
        if person is None:
            return None
        if module == "LTKS":
            return self.records.birth(person)
        if module == "LTKT":
            return self.records.death(person, now.date())
        return self.records.marriage(person, now.date()) if person.male else None


def build_router(context: RegistryContext) -> APIRouter:
    router = APIRouter()
    registry = _Registry(context)
    clock = context.clock

    @router.post(
        "/dangKyHoTich",
        summary="Tiếp nhận hồ sơ đăng ký hộ tịch từ một cửa điện tử (LTKS, LTKT, LTKH)",
        response_model=models.DangKyHoTichResponse | models.LoiBTP,
        responses={503: {"description": "Kho hồ sơ của phiên chạy đã đầy"}},
    )
    async def dang_ky_ho_tich(body: models.DangKyHoTichRequest) -> Response:
        return _json(registry.register(body))

    @router.post(
        "/danhMuc",
        summary="Danh mục: 1 quốc tịch, 2 quốc gia, 3 dân tộc, 4 tỉnh, 5 giấy tờ tùy thân",
        response_model=models.DanhMucResponse,
    )
    async def danh_muc(body: models.DanhMucRequest) -> Response:
        kind = body.loaiDanhMuc
        value = [{"ma": code, "ten": name} for code, name in CATALOGUES[kind]]
        answer = {"loaiDanhMuc": kind, "tenDanhMuc": CATALOGUE_NAMES[kind], "value": value}
        return _json({**view.OK, **answer})

    @router.post(
        "/traTrangThaiHoSo",
        summary="Trạng thái hồ sơ: 1 chờ xử lý, 2 bổ sung, 3 đủ điều kiện, 4 hoàn thành, 6 từ chối",
        response_model=models.TraTrangThaiHoSoResponse | models.LoiBTP,
    )
    async def tra_trang_thai_ho_so(body: models.TraCuuHoSoRequest) -> Response:
        return _json(view.registration_state(registry.find(body), clock.now()))

    @router.post(
        "/ketQuaDangKyHS",
        summary="Kết quả đăng ký hộ tịch (số đăng ký, quyển, trang; số định danh của trẻ)",
        response_model=models.KetQuaDangKyHSResponse | models.LoiBTP,
    )
    async def ket_qua_dang_ky_hs(body: models.TraCuuHoSoRequest) -> Response:
        return _json(registry.result(body))

    @router.post(
        "/traHoSo",
        summary="Bản ghi hộ tịch theo mã hồ sơ (module, maHoSo)",
        response_model=models.TraHoSoResponse | models.LoiBTP,
    )
    async def tra_ho_so(body: models.TraHoSoRequest) -> Response:
        return Response(registry.book(body.module, body.maHoSo), media_type="application/json")

    return router
