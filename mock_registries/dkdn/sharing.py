"""The ĐKDN services Phụ lục V says provinces lack (rows 1, 17, 77), here as the exchange's
catalog lists them: in a clean run they answer; the rows' scenarios make the provider side
answer "not implemented" (``not_implemented`` faults), as the real exchange does for a service
published in the catalog that the provider never built.

    GET  /danhSachDoanhNghiep?maTinh=&offset=&limit=   doanh nghiệp and HTX of a province
    GET  /danhSachHoKinhDoanh?maTinh=&offset=&limit=   hộ kinh doanh of a province
    POST /nopHoSo                                      submit a registration dossier (liên thông)

A province's enterprises are those of the synthetic register whose head office is there: the
listing walks the register in a fixed order and keeps them, so a page is the same run after
run and every item is the same enterprise ``chiTietDoanhNghiep`` answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Protocol

import orjson
from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from mock_registries.clock import Clock
from mock_registries.common import AnswerCache
from mock_registries.data.admin_units import PROVINCES
from mock_registries.data.dossiers import add_working_days
from mock_registries.data.enterprises import TAX_PROVINCE, Enterprise, EnterpriseBook
from mock_registries.data.identity import digest_int, mst_check_digit, parse_mst
from mock_registries.dkdn import models, view

__all__ = ["add_sharing_routes"]

_PAGE_MAX = 50
_SCAN_LIMIT = 20_000  # register entries looked at for one page, at most
_PROVINCE_CODES = frozenset(p.code for p in PROVINCES)
_UNIT = "000.00.00.G05"


class _Registry(Protocol):
    clock: Clock
    book: EnterpriseBook
    cache: AnswerCache[bytes]


class DanhSachDoanhNghiepResponse(models._Page):
    MaTinh: str
    MainInformation: list[models.MainInformation]


class NopHoSoRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    MaHoSoMCDT: str = Field(min_length=1, max_length=64, description="Mã hồ sơ của một cửa")
    MaTTHC: str = Field(min_length=1, max_length=32, examples=["1.001612"])
    LoaiHoSo: str = Field(min_length=1, max_length=64, examples=["Đăng ký thay đổi"])
    MaSoDoanhNghiep: str | None = Field(None, pattern=models.MSDN_PATTERN)
    TenDoanhNghiep: str = Field(min_length=1, max_length=400)
    ThanhPhanHoSo: list[str] = Field(default_factory=list, max_length=50)


class NopHoSoResponse(models._Envelope):
    IN_JOURNAL_NO: str
    RECEIPT_DATE: str = Field(description="dd/MM/yyyy HH:mm:ss")
    PLAN_DATE: str = Field(description="Ngày hẹn trả dd/MM/yyyy HH:mm:ss")


# Tax-authority prefixes that place an enterprise in one province (the register's own rule).
_PREFIX_OF = {province: prefix for prefix, province in TAX_PROVINCE.items()}


def _candidate(seed: int, province: int, kind: str, index: int) -> str | None:
    """The ``index``-th register entry looked at for a province listing (a valid MST): under
    the province's own tax prefix when it has one, else under prefixes spread over all."""
    number = digest_int(seed, f"listing:{province}:{kind}", str(index))
    if kind == "HKD":
        prefix = f"8{number % 10}"
    else:
        prefix = _PREFIX_OF.get(province) or f"{10 + number % 26:02d}"
    base = f"{prefix}{number % 10**7:07d}"
    check = mst_check_digit(base)
    return None if check is None else f"{base}{check}"


def _listing(
    registry: _Registry, province: int, kinds: tuple[str, ...], offset: int, limit: int
) -> bytes:
    today = registry.clock.now().date()
    found: list[Enterprise] = []
    for index in range(_SCAN_LIMIT):
        if len(found) >= offset + limit:
            break
        code = _candidate(registry.book.seed, province, kinds[0], index)
        item = registry.book.get(parse_mst(code), today) if code else None
        if (
            item is not None
            and item.kind in kinds
            and item.address.ward.district.province.code == province
        ):
            found.append(item)
    total = 2_000 + digest_int(registry.book.seed, f"count:{province}:{kinds}", "") % 38_000
    items = [view.enterprise(e)["MainInformation"] for e in found[offset : offset + limit]]
    answer = {"Status": "1", "Message": "success", "DataCount": total, "Offset": offset}
    answer |= {"Limit": limit, "MaTinh": f"{province:02d}", "MainInformation": items}
    return orjson.dumps(answer)


def _province(value: str) -> int | None:
    code = int(value)
    return code if code in _PROVINCE_CODES else None


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


MaTinh = Annotated[str, Query(pattern="^[0-9]{2}$", examples=["48"])]
Offset = Annotated[int, Query(ge=0, le=5_000)]
Limit = Annotated[int, Query(ge=1, le=_PAGE_MAX)]


def add_sharing_routes(router: APIRouter, registry: _Registry) -> None:
    def listing(ma_tinh: str, kinds: tuple[str, ...], offset: int, limit: int) -> Response:
        province = _province(ma_tinh)
        if province is None:
            answer = {"Status": "0", "Message": f"Mã tỉnh {ma_tinh} không đúng.", "DataCount": 0}
            return _json(orjson.dumps({**answer, "MaLoi": "MA_TINH_KHONG_DUNG"}))
        key = ("listing", province, kinds, offset, limit, registry.clock.now().date())
        body = registry.cache.get(key)
        if body is None:
            body = _listing(registry, province, kinds, offset, limit)
            registry.cache.put(key, body)
        return _json(body)

    listings = (
        ("/danhSachDoanhNghiep", "doanh nghiệp, hợp tác xã có trụ sở", ("DN", "HTX")),
        ("/danhSachHoKinhDoanh", "hộ kinh doanh đăng ký", ("HKD",)),
    )

    def handler(kinds: tuple[str, ...]) -> Callable[..., Awaitable[Response]]:
        async def province_list(maTinh: MaTinh, offset: Offset = 0, limit: Limit = 20) -> Response:
            return listing(maTinh, kinds, offset, limit)

        return province_list

    for path, what, kinds in listings:
        router.add_api_route(
            path,
            handler(kinds),
            methods=["GET"],
            summary=f"Danh sách {what} tại một tỉnh, phân trang",
            response_model=DanhSachDoanhNghiepResponse | models.KhongThanhCong,
        )

    @router.post(
        "/nopHoSo",
        summary="Nộp hồ sơ đăng ký doanh nghiệp từ hệ thống một cửa của tỉnh (liên thông)",
        response_model=NopHoSoResponse,
    )
    async def nop_ho_so(body: NopHoSoRequest) -> Response:
        now: datetime = registry.clock.now()
        number = digest_int(registry.book.seed, "nop", body.MaHoSoMCDT) % 10_000
        answer = {
            "Status": "1",
            "Message": "Tiếp nhận hồ sơ thành công",
            "DataCount": 1,
            "IN_JOURNAL_NO": f"{_UNIT}-{now:%y%m%d}-9{number:04d}",
            "RECEIPT_DATE": f"{now:%d/%m/%Y %H:%M:%S}",
            "PLAN_DATE": f"{add_working_days(now, 3):%d/%m/%Y %H:%M:%S}",
        }
        return _json(orjson.dumps(answer))
