"""CSDLQG về đăng ký doanh nghiệp mock (NGSP ``apiCSDLDKDN`` contract).

    GET /chiTietDoanhNghiep?msdn=        doanh nghiệp (or its branch NNNNNNNNNN-NNN)
    GET /chiTietHoKinhDoanh?mst=         hộ kinh doanh
    GET /chiTietHopTacXa?mst=            hợp tác xã
    GET /danhSachHoSo?from_date&to_date&offset&limit    dossiers received in ≤ 5 days, paged
    GET /danhSachHoSoTrongNgay?from_ts&to_ts&offset&limit  today's dossiers (HH:mm window)
    GET /tinhTrangHoSo?in_journal_no=    processing detail: contact, TTHC, status, files
    GET /taiTepTin?file_id=              a component or result file (PDF)
    GET /danhSachDoanhNghiep, /danhSachHoKinhDoanh  (``dkdn.sharing``)
    POST /nopHoSo                        submit an amendment dossier (``dkdn.submission``)

The service answers its refusals with HTTP 200 and ``Status "0"`` + ``Message`` (unknown code,
wrong check digit, a range over 5 days): integrators branch on ``Status``. The simulator adds a
stable ``MaLoi`` to those answers. A request that breaks the documented schema is a 400.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

import orjson
from fastapi import APIRouter, Query
from starlette.responses import Response

from mock_registries.clock import VIETNAM_TZ
from mock_registries.common import AnswerCache, day_window, pdf_document
from mock_registries.data.identity import MstError, MstParts, parse_mst
from mock_registries.dates import DMY, DateError, date_range
from mock_registries.dkdn import models, view
from mock_registries.dkdn.models import status_zero
from mock_registries.dkdn.sharing import add_sharing_routes
from mock_registries.dkdn.submission import add_submission_routes
from mock_registries.errors import RegistryError
from mock_registries.web import RegistryContext
from mock_registries.world import BusinessDossier

__all__ = ["build_router", "status_zero"]

_MAX_DAYS = 5
_MAX_LIMIT = 100
_KIND_NAMES = {"DN": "doanh nghiệp", "HKD": "hộ kinh doanh", "HTX": "hợp tác xã"}

Msdn = Annotated[str, Query(pattern=models.MSDN_PATTERN, examples=["0109991239"])]
Day = Annotated[str, Query(pattern=models.DATE_PATTERN, description="dd/MM/yyyy")]
Clock = Annotated[str, Query(pattern=models.TIME_PATTERN, description="HH:mm")]
Offset = Annotated[int, Query(ge=0, le=10**6)]
Limit = Annotated[int, Query(ge=1, le=_MAX_LIMIT)]


def _mst(value: str) -> MstParts:
    try:
        return parse_mst(value)
    except MstError as exc:
        if exc.reason == "check_digit":
            raise status_zero(
                "MA_SO_THUE_SAI_CHECK_DIGIT",
                f"Mã số {value} không hợp lệ: sai chữ số kiểm tra.",
                MaSoDoanhNghiep=value,
                Data=None,
            ) from None
        raise status_zero(
            "MA_SO_KHONG_HOP_LE",
            f"Mã số {value} không hợp lệ (chi nhánh đánh số từ 001).",
            MaSoDoanhNghiep=value,
            Data=None,
        ) from None


def _range(first: str, last: str, now: datetime) -> tuple[date, date]:
    try:
        start, end = date_range(("from_date", first), ("to_date", last), DMY, today=now.date())
    except DateError as exc:
        raise status_zero(exc.reason, exc.message) from None
    if (end - start).days >= _MAX_DAYS:
        raise status_zero(
            "KHOANG_THOI_GIAN_QUA_DAI", "Khoảng thời gian không được vượt quá 05 ngày."
        )
    return start, end


class _Registry:
    def __init__(self, context: RegistryContext) -> None:
        self.clock = context.clock
        self.register = view.Register(context.world)
        self.cache: AnswerCache[bytes] = AnswerCache(context.cache_size)

    def lookup(self, value: str, kind: str) -> bytes:
        mst = _mst(value)
        now = self.clock.now()
        key, moment = (mst.code, kind), (int(now.timestamp()) // 60, self.register.epoch(now))
        encoded = self.cache.get(key, moment)
        if encoded is None:
            found = self.register.enterprise(mst.code, now)
            if found is None or found.kind != kind:
                message = f"Không tìm thấy {_KIND_NAMES[kind]} với mã số {mst.code}."
                if found is not None:
                    message = f"Mã số {mst.code} không phải là mã số {_KIND_NAMES[kind]}."
                error = status_zero("KHONG_TIM_THAY", message, MaSoDoanhNghiep=mst.code, Data=None)
                encoded = orjson.dumps(error.answer)
            else:
                answer = {"Status": "1", "Message": "success", "DataCount": 1}
                answer |= {"MaSoDoanhNghiep": mst.code, "Data": view.enterprise(found)}
                encoded = orjson.dumps(answer)
            self.cache.put(key, moment, encoded)
        return encoded

    def page(
        self, found: list[BusinessDossier], offset: int, limit: int, now: datetime, today: bool
    ) -> bytes:
        seen = self.register.seen(now)
        render = view.today_summary if today else view.dossier_summary
        items = [render(dossier, seen) for dossier in found[offset : offset + limit]]
        answer = {"Status": "1", "Message": "success", "DataCount": len(found)}
        answer |= {"Offset": offset, "Limit": limit, "MainInformation": items}
        return orjson.dumps(answer)

    def dossier(self, code: str, now: datetime) -> BusinessDossier:
        found = self.register.dossier(code, now)
        if found is None:
            raise status_zero("KHONG_TIM_THAY", f"Không tìm thấy hồ sơ {code[:40]}.")
        return found

    def detail(self, code: str) -> bytes:
        now = self.clock.now()
        detail = view.dossier_detail(self.register.world, self.dossier(code, now), now)
        return orjson.dumps({"Status": "1", "Message": "success", "DataCount": 1, "Data": detail})


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def build_router(context: RegistryContext) -> APIRouter:
    router = APIRouter()
    registry = _Registry(context)
    _lookups(router, registry)
    _dossiers(router, registry)
    _files(router, registry)
    add_sharing_routes(router, registry)
    add_submission_routes(router, registry)
    return router


def _lookups(router: APIRouter, registry: _Registry) -> None:
    @router.get(
        "/chiTietDoanhNghiep",
        summary="Chi tiết doanh nghiệp (hoặc chi nhánh) theo mã số doanh nghiệp",
        response_model=models.ChiTietDoanhNghiepResponse,
    )
    async def chi_tiet_doanh_nghiep(msdn: Msdn) -> Response:
        return _json(registry.lookup(msdn, "DN"))

    @router.get(
        "/chiTietHoKinhDoanh",
        summary="Chi tiết hộ kinh doanh theo mã số thuế",
        response_model=models.ChiTietDoanhNghiepResponse,
    )
    async def chi_tiet_ho_kinh_doanh(
        mst: Annotated[str, Query(pattern=models.MSDN_PATTERN, examples=["8012345677"])],
    ) -> Response:
        return _json(registry.lookup(mst, "HKD"))

    @router.get(
        "/chiTietHopTacXa",
        summary="Chi tiết hợp tác xã theo mã số thuế",
        response_model=models.ChiTietDoanhNghiepResponse,
    )
    async def chi_tiet_hop_tac_xa(
        mst: Annotated[str, Query(pattern=models.MSDN_PATTERN, examples=["0308884584"])],
    ) -> Response:
        return _json(registry.lookup(mst, "HTX"))


def _dossiers(router: APIRouter, registry: _Registry) -> None:
    clock = registry.clock

    @router.get(
        "/danhSachHoSo",
        summary="Danh sách hồ sơ tiếp nhận trong khoảng ngày (tối đa 05 ngày), phân trang",
        description='Ngày không có thật: Status "0", MaLoi NGAY_KHONG_HOP_LE; ngày sau hôm nay '
        "(đồng hồ mô phỏng, giờ Việt Nam): NGAY_TRONG_TUONG_LAI; from_date sau to_date: "
        "KHOANG_THOI_GIAN_KHONG_HOP_LE; khoảng quá 05 ngày: KHOANG_THOI_GIAN_QUA_DAI. Sai định "
        "dạng dd/MM/yyyy: HTTP 400, MaLoi NGAY_KHONG_HOP_LE.",
        response_model=models.DanhSachHoSoResponse | models.KhongThanhCong,
    )
    async def danh_sach_ho_so(
        from_date: Day, to_date: Day, offset: Offset = 0, limit: Limit = 50
    ) -> Response:
        now = clock.now()
        start, end = _range(from_date, to_date, now)
        found = registry.register.dossiers(*day_window(start, end, now))
        return _json(registry.page(found, offset, limit, now, today=False))

    @router.get(
        "/danhSachHoSoTrongNgay",
        summary="Danh sách hồ sơ trong ngày, theo khung giờ HH:mm, phân trang",
        response_model=models.DanhSachHoSoTrongNgayResponse | models.KhongThanhCong,
    )
    async def danh_sach_ho_so_trong_ngay(
        from_ts: Clock, to_ts: Clock, offset: Offset = 0, limit: Limit = 50
    ) -> Response:
        now = clock.now()
        first = datetime.combine(now.date(), time.fromisoformat(from_ts), tzinfo=VIETNAM_TZ)
        last = datetime.combine(now.date(), time.fromisoformat(to_ts), tzinfo=VIETNAM_TZ)
        if last < first:
            raise status_zero("KHOANG_THOI_GIAN_KHONG_HOP_LE", "from_ts phải trước to_ts.")
        found = registry.register.dossiers(first, min(now, last.replace(second=59)))
        return _json(registry.page(found, offset, limit, now, today=True))

    @router.get(
        "/tinhTrangHoSo",
        summary="Tình trạng hồ sơ: người liên hệ, thủ tục, thành phần, trạng thái, kết quả",
        response_model=models.TinhTrangHoSoResponse | models.KhongThanhCong,
    )
    async def tinh_trang_ho_so(
        in_journal_no: Annotated[
            str, Query(min_length=1, max_length=64, examples=["000.00.00.G05-261123-0001"])
        ],
    ) -> Response:
        return _json(registry.detail(in_journal_no))


def _files(router: APIRouter, registry: _Registry) -> None:
    @router.get(
        "/taiTepTin",
        summary="Tải tệp thành phần hồ sơ hoặc tệp kết quả (PDF) theo mã tệp",
        response_class=Response,
        responses={
            200: {"content": {"application/pdf": {"schema": {"type": "string"}}}},
            404: {"description": "Không tìm thấy tệp"},
        },
    )
    async def tai_tep_tin(
        file_id: Annotated[str, Query(min_length=1, max_length=80)],
    ) -> Response:
        now = registry.clock.now()
        code, _, _ = file_id.rpartition(".")
        dossier = registry.register.dossier(code, now)
        seen = registry.register.seen(now)
        files = () if dossier is None else (*dossier.components, *dossier.results_at(seen))
        found = next((f for f in files if f.file_id == file_id), None)
        if dossier is None or found is None:
            raise RegistryError(404, "KHONG_TIM_THAY", f"Không tìm thấy tệp {file_id[:60]}.")
        body = pdf_document(
            [found.name.removesuffix(".pdf"), f"Ho so: {dossier.code}", dossier.procedure.name]
        )
        disposition = f'attachment; filename="{found.file_id}.pdf"'
        return Response(
            body, media_type="application/pdf", headers={"content-disposition": disposition}
        )
