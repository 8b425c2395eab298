"""CSDL hộ tịch điện tử toàn quốc mock (Bộ Tư pháp), the ministry's ``apiHoTichTuPhap`` contract.

    POST /dangKyHoTich       push a registration (module LTKS khai sinh, LTKT khai tử, LTKH kết hôn)
    POST /danhMuc            a catalogue (loaiDanhMuc 1–5)
    POST /traTrangThaiHoSo   state of a pushed registration (trangThai 1/2/3/4/6)
    POST /ketQuaDangKyHS     its result once completed (errorCode 200 before, 201 unknown)
    POST /dongBoHoSo         a commune's dossiers of one day, for the one-stop system (``sync``)
    POST /traHoSo            a registered record by id (module, maHoSo): pushed this run, or any
                             citizen's birth / death / marriage record (id = số định danh)

Refusals are HTTP 200 with ``status "0"`` and the ministry's ``errorCode`` (106 unit, 108
province, 200 incomplete, 201 not found, 302 wrong type, 500 incorrect data); a request that
breaks the documented schema is a 400 with ``errorCode`` 302 too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter
from prometheus_client import Gauge
from starlette.responses import Response

from mock_registries.common import AnswerCache
from mock_registries.data.admin_units import ward_by_code
from mock_registries.dates import DMY, DateError, read_date
from mock_registries.errors import BusinessError
from mock_registries.ho_tich import models, shapes
from mock_registries.ho_tich.catalogs import CATALOGUE_NAMES, CATALOGUES
from mock_registries.ho_tich.payloads import btp_error, check_record, date_refusal, parse_data
from mock_registries.ho_tich.sync import add_sync_routes
from mock_registries.ho_tich.view import CivilRegistry
from mock_registries.web import RegistryContext

__all__ = ["build_router"]


def _json(payload: Any) -> Response:
    return Response(orjson.dumps(payload), media_type="application/json")


class _Registry:
    def __init__(self, context: RegistryContext) -> None:
        self.clock = context.clock
        self.civil = CivilRegistry(context.world)
        # Records are pure functions of (seed, id, moment, epoch): hot ids skip them.
        self.cache: AnswerCache[bytes] = AnswerCache(context.cache_size)
        self.stored = Gauge(
            "registry_stored_dossiers",
            "Dossiers submitted to the mock and kept in memory for this run",
            ["registry"],
            registry=context.metrics_registry,
        ).labels("ho_tich")
        Gauge(
            "registry_stored_dossiers_capacity",
            "Bound on dossiers kept in memory (MockSettings.world.max_stored_dossiers)",
            ["registry"],
            registry=context.metrics_registry,
        ).labels("ho_tich").set(context.world.settings.max_stored_dossiers)

    def register(self, request: models.DangKyHoTichRequest) -> dict[str, Any]:
        try:
            ward_by_code(request.maDonVi)
        except KeyError:
            raise btp_error("106", f"Mã đơn vị {request.maDonVi} không đúng.") from None
        now = self.clock.now()
        try:  # the one-stop system's own clock: a real day, not judged against ours
            read_date(request.ngayTiepNhan[:10], (DMY,), field="ngayTiepNhan", today=date.max)
        except DateError as exc:
            raise date_refusal(exc) from None
        record = parse_data(request.data)
        check_record(request.module, record, now.date())
        dossier = self.civil.register(
            request.module, request.maDonVi, request.maHoSo, request.maHoSoLT, record, now
        )
        self.stored.set(self.civil.stored())
        return {
            "status": "1",
            "statusDescription": "Tiếp nhận hồ sơ thành công",
            "maHoSo": shapes.dossier_id(dossier),
            "maHoSoMCDT": request.maHoSo,
            "maHoSoLT": request.maHoSoLT,
            "trangThai": str(dossier.status(now)),
        }

    def book(self, module: str, record_id: int) -> bytes:
        """``traHoSo``: the record ``record_id`` of ``module`` (refusal 201 if none)."""
        now = self.clock.now()
        key, moment = (module, record_id), (int(now.timestamp()) // 60, self.civil.epoch(now))
        encoded = self.cache.get(key, moment)
        if encoded is None:
            try:
                answer = self.civil.book(module, record_id, now)
            except BusinessError as refusal:  # a refusal is an answer too: cache it
                answer = refusal.answer
            encoded = orjson.dumps(answer)
            self.cache.put(key, moment, encoded)
        return encoded


def build_router(context: RegistryContext) -> APIRouter:
    router = APIRouter()
    registry = _Registry(context)
    clock = context.clock
    add_sync_routes(router, registry)

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
        return _json({**shapes.OK, **answer})

    @router.post(
        "/traTrangThaiHoSo",
        summary="Trạng thái hồ sơ: 1 chờ xử lý, 2 bổ sung, 3 đủ điều kiện, 4 hoàn thành, 6 từ chối",
        response_model=models.TraTrangThaiHoSoResponse | models.LoiBTP,
    )
    async def tra_trang_thai_ho_so(body: models.TraCuuHoSoRequest) -> Response:
        dossier = registry.civil.find(body.maDonVi, body.maHoSo)
        return _json(registry.civil.state(dossier, clock.now()))

    @router.post(
        "/ketQuaDangKyHS",
        summary="Kết quả đăng ký hộ tịch (số đăng ký, quyển, trang; số định danh của trẻ)",
        response_model=models.KetQuaDangKyHSResponse | models.LoiBTP,
    )
    async def ket_qua_dang_ky_hs(body: models.TraCuuHoSoRequest) -> Response:
        dossier = registry.civil.find(body.maDonVi, body.maHoSo)
        return _json(registry.civil.result(dossier, clock.now()))

    @router.post(
        "/traHoSo",
        summary="Bản ghi hộ tịch theo mã hồ sơ (module, maHoSo)",
        response_model=models.TraHoSoResponse | models.LoiBTP,
    )
    async def tra_ho_so(body: models.TraHoSoRequest) -> Response:
        return Response(registry.book(body.module, body.maHoSo), media_type="application/json")

    return router
