"""CSDL giấy phép lái xe mock: the DVC GPLX sync API (session) and its REST aliases.

    POST /mapi/login {username, password}             → {error_code, result, session}
    POST /mapi/g {session, service, donViXuLy, …}     service = DanhSachHoSo (ngayNhan1,
                                                      ngayNhan2), TraCuuHoSo (mahoso),
                                                      LayTaiLieuHoSo (duongdanteptin)
    GET  /traCuuGPLX?soGPLX=                          licence: class, dates, status, points
    GET  /traCuuHoSoGPLX?maHoSo=                      alias of TraCuuHoSo (no session)
    GET  /danhSachHoSoGPLX?ngayNhan1&ngayNhan2&offset&limit   alias of DanhSachHoSo, paged
    GET  /layTaiLieuHoSo?duongDan=                    alias of LayTaiLieuHoSo

Session and unit refusals are HTTP 200 with ``error_code`` −300…−304, as the service answers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query
from starlette.responses import Response

from mock_registries.common import AnswerCache, day_window
from mock_registries.dates import ISO, DateError, date_range
from mock_registries.errors import RegistryError
from mock_registries.gplx import models, view
from mock_registries.gplx.session import SessionError, Sessions
from mock_registries.gplx.view import UNIT
from mock_registries.web import RegistryContext

__all__ = ["build_router"]

_MAX_DAYS = 5
_MAX_LIMIT = 100
_OK = "Thành công"


def _json(payload: Any) -> Response:
    return Response(orjson.dumps(payload), media_type="application/json")


def _refusal(error_code: int, message: str, code: str | None = None) -> Response:
    """A refusal in the service's envelope; ``code`` adds the simulator's stable ``MaLoi``."""
    answer: dict[str, Any] = {"error_code": error_code, "message": message}
    return _json(answer if code is None else {**answer, "MaLoi": code})


class _Registry:
    def __init__(self, context: RegistryContext) -> None:
        self.clock = context.clock
        self.licensing = view.Licensing(context.world)
        self.sessions = Sessions(context.settings.seed)
        self.cache: AnswerCache[bytes] = AnswerCache(context.cache_size)

    def licence(self, number: str) -> bytes:
        now = self.clock.now()
        moment = (int(now.timestamp()) // 60, self.licensing.epoch(now))
        encoded = self.cache.get(number, moment)
        if encoded is None:
            found = self.licensing.licence(number, now)
            if found is None:
                raise RegistryError(404, "KHONG_TIM_THAY_GPLX", f"Không tìm thấy GPLX số {number}.")
            answer = {"error_code": 0, "message": _OK, "SoGPLX": number}
            encoded = orjson.dumps({**answer, "data": view.licence(found)})
            self.cache.put(number, moment, encoded)
        return encoded

    def range(self, first: str, last: str, now: datetime) -> tuple[date, date] | Response:
        """The window asked for, or the service's refusal (``error_code`` 1 and ``MaLoi``)."""
        try:
            start, end = date_range(
                ("ngayNhan1", first), ("ngayNhan2", last), ISO, today=now.date()
            )
        except DateError as exc:
            return _refusal(1, exc.message, exc.reason)
        if (end - start).days >= _MAX_DAYS:
            message = "Khoảng thời gian không được vượt quá 05 ngày."
            return _refusal(1, message, "KHOANG_THOI_GIAN_QUA_DAI")
        return start, end

    def listing(self, start: date, end: date, offset: int, limit: int, now: datetime) -> bytes:
        found = self.licensing.items(*day_window(start, end, now), now)
        items = [
            view.dossier_item(dossier, self.licensing.applicant(dossier, now))
            for dossier in found[offset : offset + limit]
        ]
        answer = {"error_code": 0, "message": _OK, "total": len(found), "data": items}
        return orjson.dumps(answer)

    def detail(self, code: str, now: datetime) -> list[dict[str, Any]]:
        dossier = self.licensing.dossier(code, now)
        if dossier is None:
            return []
        return [view.dossier_detail(dossier, self.licensing.seen(now))]

    def document(self, path: str, now: datetime) -> list[dict[str, Any]]:
        code, _, _ = path.partition("/")
        dossier = self.licensing.dossier(code, now)
        if dossier is None or dossier.result_path(self.licensing.seen(now)) != path:
            return []
        return [view.document(dossier, path)]

    def g(
        self, request: models.DanhSachHoSo | models.TraCuuHoSo | models.LayTaiLieuHoSo
    ) -> Response:
        now = self.clock.now()
        try:
            self.sessions.use(request.session, self.clock.timestamp())
        except SessionError as exc:
            return _refusal(exc.error_code, exc.message)
        if not request.donViXuLy:
            return _refusal(-300, "Thiếu mã đơn vị xử lý (donViXuLy).")
        if request.donViXuLy != UNIT:
            return _refusal(-303, f"Mã đơn vị {request.donViXuLy[:40]} không đúng.")
        if isinstance(request, models.DanhSachHoSo):
            window = self.range(request.ngayNhan1, request.ngayNhan2, now)
            if isinstance(window, Response):
                return window
            return Response(self.listing(*window, 0, 10**6, now), media_type="application/json")
        if isinstance(request, models.TraCuuHoSo):
            data = self.detail(request.mahoso, now)
            message = _OK if data else f"Không tìm thấy hồ sơ {request.mahoso[:40]}."
            return _json({"error_code": 0, "message": message, "data": data})
        files = self.document(request.duongdanteptin, now)
        message = _OK if files else f"Không tìm thấy tệp {request.duongdanteptin[:60]}."
        return _json({"error_code": 0, "message": message, "TepTinDinhKem": files})


def build_router(context: RegistryContext) -> APIRouter:
    router = APIRouter()
    registry = _Registry(context)
    _session_api(router, registry)
    _rest_aliases(router, registry)
    return router


def _session_api(router: APIRouter, registry: _Registry) -> None:
    clock = registry.clock

    @router.post(
        "/mapi/login",
        summary="Đăng nhập, nhận session (DVC GPLX)",
        description="Sai tài khoản hoặc mật khẩu: error_code -302, session null (giả định).",
        response_model=models.LoginResponse,
    )
    async def login(body: models.LoginRequest) -> Response:
        session = registry.sessions.login(body.username, body.password, clock.timestamp())
        if session is None:
            answer = {"error_code": -302, "result": "Tài khoản hoặc mật khẩu không đúng."}
            return _json({**answer, "session": None})
        return _json({"error_code": 0, "result": "Đăng nhập thành công", "session": session})

    @router.post(
        "/mapi/g",
        summary="Gọi dịch vụ theo service=: DanhSachHoSo, TraCuuHoSo, LayTaiLieuHoSo",
        description="Session hết hạn sau 30 phút không dùng (đồng hồ mô phỏng): -304.",
        response_model=models.DanhSachHoSoGPLXResponse
        | models.TraCuuHoSoGPLXResponse
        | models.LayTaiLieuHoSoResponse
        | models.LoiPhien,
    )
    async def g(body: models.GRequest) -> Response:
        return registry.g(body)


def _rest_aliases(router: APIRouter, registry: _Registry) -> None:
    clock = registry.clock

    @router.get(
        "/traCuuGPLX",
        summary="Tra cứu giấy phép lái xe theo số GPLX (12 chữ số)",
        response_model=models.TraCuuGPLXResponse,
        responses={404: {"description": "Không tìm thấy GPLX"}},
    )
    async def tra_cuu_gplx(
        soGPLX: Annotated[str, Query(pattern=models.LICENCE_PATTERN, examples=["010123456789"])],
    ) -> Response:
        return Response(registry.licence(soGPLX), media_type="application/json")

    @router.get(
        "/traCuuHoSoGPLX",
        summary="(bí danh của TraCuuHoSo, không cần session) tra cứu hồ sơ đổi GPLX",
        response_model=models.TraCuuHoSoGPLXResponse,
        responses={404: {"description": "Không tìm thấy hồ sơ"}},
    )
    async def tra_cuu_ho_so_gplx(
        maHoSo: Annotated[str, Query(min_length=1, max_length=64)],
    ) -> Response:
        data = registry.detail(maHoSo, clock.now())
        if not data:
            raise RegistryError(404, "KHONG_TIM_THAY_HO_SO", f"Không tìm thấy hồ sơ {maHoSo[:40]}.")
        return _json({"error_code": 0, "message": _OK, "data": data})

    @router.get(
        "/danhSachHoSoGPLX",
        summary="(bí danh của DanhSachHoSo, không cần session) hồ sơ trong ≤ 05 ngày, phân trang",
        response_model=models.DanhSachHoSoGPLXResponse | models.LoiPhien,
    )
    async def danh_sach_ho_so_gplx(
        ngayNhan1: Annotated[str, Query(pattern=models.ISO_DATE)],
        ngayNhan2: Annotated[str, Query(pattern=models.ISO_DATE)],
        offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
        limit: Annotated[int, Query(ge=1, le=_MAX_LIMIT)] = 50,
    ) -> Response:
        now = clock.now()
        window = registry.range(ngayNhan1, ngayNhan2, now)
        if isinstance(window, Response):
            return window
        return Response(
            registry.listing(*window, offset, limit, now), media_type="application/json"
        )

    @router.get(
        "/layTaiLieuHoSo",
        summary="(bí danh của LayTaiLieuHoSo, không cần session) tệp kết quả, base64",
        response_model=models.LayTaiLieuHoSoResponse,
        responses={404: {"description": "Không tìm thấy tệp"}},
    )
    async def lay_tai_lieu_ho_so(
        duongDan: Annotated[str, Query(min_length=1, max_length=200)],
    ) -> Response:
        files = registry.document(duongDan, clock.now())
        if not files:
            raise RegistryError(404, "KHONG_TIM_THAY_TEP", f"Không tìm thấy tệp {duongDan[:60]}.")
        return _json({"error_code": 0, "message": _OK, "TepTinDinhKem": files})
