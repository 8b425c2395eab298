"""The ĐKDN province listings Phụ lục V says provinces lack (rows 1, 77), here as the exchange's
catalog lists them: in a clean run they answer; the rows' scenarios make the provider side
answer "not implemented" (``not_implemented`` faults), as the real exchange does for a service
published in the catalog that the provider never built.

    GET  /danhSachDoanhNghiep?maTinh=&offset=&limit=   doanh nghiệp and HTX of a province
    GET  /danhSachHoKinhDoanh?maTinh=&offset=&limit=   hộ kinh doanh of a province

A province's enterprises are those of the world's business register whose head office is there
(``World.enterprises_in``): a page is the same run after run and every item is the same
enterprise ``chiTietDoanhNghiep`` answers for its code. Submitting a dossier (row 17,
``nopHoSo``) is ``dkdn.submission``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol

import orjson
from fastapi import APIRouter, Query
from starlette.responses import Response

from mock_registries.clock import Clock
from mock_registries.common import AnswerCache
from mock_registries.data.admin_units import PROVINCES
from mock_registries.dkdn import models, view

__all__ = ["add_sharing_routes"]

_PAGE_MAX = 50
# The simulator lists a province's first 1,000 enterprises of a kind (each one is built from
# the world on demand); DataCount says so, so a client paging to the end stops there.
_LISTABLE = 1_000
_PROVINCE_CODES = frozenset(p.code for p in PROVINCES)


class _Registry(Protocol):
    clock: Clock
    register: view.Register
    cache: AnswerCache[bytes]


class DanhSachDoanhNghiepResponse(models._Page):
    MaTinh: str
    MainInformation: list[models.MainInformation]


def _listing(
    registry: _Registry, province: int, kinds: tuple[str, ...], offset: int, limit: int
) -> bytes:
    count = min(offset + limit, _LISTABLE)
    found, total = registry.register.listing(province, kinds, count, registry.clock.now())
    total = min(total, _LISTABLE)
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
Offset = Annotated[int, Query(ge=0, lt=_LISTABLE)]
Limit = Annotated[int, Query(ge=1, le=_PAGE_MAX)]


def add_sharing_routes(router: APIRouter, registry: _Registry) -> None:
    def listing(ma_tinh: str, kinds: tuple[str, ...], offset: int, limit: int) -> Response:
        province = _province(ma_tinh)
        if province is None:
            answer = {"Status": "0", "Message": f"Mã tỉnh {ma_tinh} không đúng.", "DataCount": 0}
            return _json(orjson.dumps({**answer, "MaLoi": "MA_TINH_KHONG_DUNG"}))
        now = registry.clock.now()
        key = ("listing", province, kinds, offset, limit)
        moment = (int(now.timestamp()) // 60, registry.register.epoch(now))  # as the look-ups'
        body = registry.cache.get(key, moment)
        if body is None:
            body = _listing(registry, province, kinds, offset, limit)
            registry.cache.put(key, moment, body)
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
