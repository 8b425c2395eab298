"""``dongBoHoSo``: the ministry's dossiers of one commune on one day (received, or their status
changed, as the other services of the registry report them), for the province's one-stop
system to pull so staff stop entering civil-status dossiers twice (Phụ lục V row 67). In a
clean run it answers; row 67's scenario makes the provider side answer "not implemented", as
the exchange does for a catalogued service the ministry never opened to provinces.

    POST /dongBoHoSo {maDonVi, ngay: dd/MM/yyyy}  → {status, statusDescription, value: [...]}
"""

from __future__ import annotations

from typing import Protocol

import orjson
from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.responses import Response

from mock_registries.clock import Clock
from mock_registries.common import request_config
from mock_registries.dates import DMY, DateError, read_date
from mock_registries.ho_tich import models, shapes
from mock_registries.ho_tich.payloads import date_refusal
from mock_registries.ho_tich.view import CivilRegistry

__all__ = ["add_sync_routes"]


class _Registry(Protocol):
    clock: Clock
    civil: CivilRegistry


class DongBoHoSoRequest(BaseModel):
    model_config = request_config({"maDonVi": 26740, "ngay": "23/11/2026"})
    maDonVi: models.UnitId
    ngay: str = Field(pattern=r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$", description="dd/MM/yyyy")


class HoSoDongBo(BaseModel):
    maHoSo: int
    maHoSoMCDT: str
    module: str
    trangThai: str
    tenTrangThai: str
    ngayTiepNhan: str = Field(description="dd/MM/yyyy HH:mm:ss")
    ngayHenTra: str = Field(description="dd/MM/yyyy HH:mm:ss")


class DongBoHoSoResponse(models._Answer):
    value: list[HoSoDongBo]


def add_sync_routes(router: APIRouter, registry: _Registry) -> None:
    @router.post(
        "/dongBoHoSo",
        summary="Đồng bộ hồ sơ hộ tịch của một đơn vị trong một ngày về hệ thống một cửa",
        response_model=DongBoHoSoResponse | models.LoiBTP,
    )
    async def dong_bo_ho_so(body: DongBoHoSoRequest) -> Response:
        now = registry.clock.now()
        try:
            day = read_date(body.ngay, (DMY,), field="ngay", today=now.date())
        except DateError as exc:
            raise date_refusal(exc) from None
        states = registry.civil.of_day(body.maDonVi, day, now)
        items = [{key: state[key] for key in HoSoDongBo.model_fields} for state in states]
        answer = {**shapes.OK, "value": items}
        return Response(orjson.dumps(answer), media_type="application/json")
