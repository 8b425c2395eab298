"""``POST /nopHoSo``: a province's one-stop system submits an amendment dossier to the national
business-registration system (liên thông, Phụ lục V row 17), filed in the world.

The dossier must name the enterprise it amends (``MaSoDoanhNghiep`` with a valid check digit)
by its registered name; the world's desk refuses an unknown, ceased or household business
(``world.submissions``). The answer is the receipt: ``IN_JOURNAL_NO``, the receipt moment and
the appointment date (three working days, public holidays skipped). The journal number then
resolves in ``tinhTrangHoSo`` and ``danhSachHoSo`` with what was submitted, its status moves on
the simulated clock, and the enterprise's ``LAST_AMEND_DATE`` shows the approval.

Refusals follow the service: HTTP 200, ``Status "0"``, a stable ``MaLoi`` and a Vietnamese
``Message`` that never repeats what the client typed beyond the codes it sent. A body that breaks
the schema is a 400 ``DU_LIEU_KHONG_HOP_LE``; a full store (``max_stored_dossiers``) is a 503.
A second submission under the same ``MaHoSoMCDT`` is refused with the first one's journal number,
so a one-stop system retrying after a timeout learns the receipt it missed. Nothing of a
submission is logged. Like hộ tịch's registrations, submissions live in the process that took
them (docs/workers.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Protocol

import orjson
from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from mock_registries.clock import Clock
from mock_registries.common import dmy_time, normalise_name
from mock_registries.data.identity import MstError, parse_mst
from mock_registries.dkdn import models, view
from mock_registries.dkdn.models import status_zero
from mock_registries.errors import RegistryError
from mock_registries.world import (
    DKDN_WORKING_DAYS,
    BusinessSubmission,
    Duplicate,
    StoreFull,
    WorldError,
    due_at,
)

__all__ = ["NopHoSoRequest", "NopHoSoResponse", "NopHoSoTuChoi", "add_submission_routes"]

_FOUNDING = (
    "Hệ thống mô phỏng tiếp nhận hồ sơ đăng ký thay đổi của doanh nghiệp, hợp tác xã đã đăng "
    "ký (cần MaSoDoanhNghiep); hồ sơ thành lập mới chưa được mô phỏng."
)


class _Registry(Protocol):
    clock: Clock
    register: view.Register


Component = Annotated[str, Field(min_length=1, max_length=200)]


class NopHoSoRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    MaHoSoMCDT: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$",
        description="Mã hồ sơ của hệ thống một cửa (chữ, số và . _ : / -)",
        examples=["H56.22-261123-0001"],
    )
    MaTTHC: str = Field(pattern=r"^[0-9]\.[0-9]{6}$", examples=["2.002038"])
    LoaiHoSo: str = Field(min_length=1, max_length=64, examples=["Đăng ký thay đổi"])
    MaSoDoanhNghiep: str | None = Field(
        None, pattern=models.MSDN_PATTERN, description="Bắt buộc với hồ sơ đăng ký thay đổi"
    )
    TenDoanhNghiep: str = Field(min_length=1, max_length=400, description="Tên đã đăng ký")
    ThanhPhanHoSo: list[Component] = Field(
        default_factory=list, max_length=50, description="Rỗng: hồ sơ bị yêu cầu bổ sung"
    )


class NopHoSoResponse(models._Envelope):
    IN_JOURNAL_NO: str
    RECEIPT_DATE: str = Field(description="dd/MM/yyyy HH:mm:ss")
    PLAN_DATE: str = Field(description="Ngày hẹn trả dd/MM/yyyy HH:mm:ss")
    MaHoSoMCDT: str = Field(description="(mô phỏng) mã hồ sơ một cửa đã gửi")


class NopHoSoTuChoi(models.KhongThanhCong):
    """A refused submission (HTTP 200, ``Status "0"``)."""

    MaSoDoanhNghiep: str | None = Field(None, description="Mã số đã nộp, khi có")
    IN_JOURNAL_NO: str | None = Field(None, description="Số hồ sơ đã tiếp nhận (nộp trùng)")


def _enterprise_code(body: NopHoSoRequest) -> str:
    if body.MaSoDoanhNghiep is None:
        raise status_zero("CHUA_HO_TRO_THANH_LAP_MOI", _FOUNDING)
    try:
        return parse_mst(body.MaSoDoanhNghiep).code
    except MstError:
        raise status_zero(
            "MA_SO_THUE_SAI_CHECK_DIGIT",
            f"Mã số {body.MaSoDoanhNghiep} không hợp lệ.",
            MaSoDoanhNghiep=body.MaSoDoanhNghiep,
        ) from None


def submit(registry: _Registry, body: NopHoSoRequest) -> dict[str, Any]:
    """File ``body`` with the world; the receipt, or the service's refusal raised."""
    code = _enterprise_code(body)
    now = registry.clock.now()
    world = registry.register.world
    found = world.enterprise(code, now)
    if found is not None and normalise_name(found.name) != normalise_name(body.TenDoanhNghiep):
        raise status_zero(
            "TEN_DOANH_NGHIEP_KHONG_KHOP",
            f"TenDoanhNghiep không khớp tên đã đăng ký của mã số {code}.",
            MaSoDoanhNghiep=code,
        )
    submission = BusinessSubmission(
        body.MaHoSoMCDT, body.MaTTHC, body.LoaiHoSo, code, tuple(body.ThanhPhanHoSo)
    )
    try:
        dossier = world.submit_business_dossier(submission, now)
    except Duplicate as exc:
        message = f"Hồ sơ một cửa này đã được tiếp nhận (số {exc.existing})."
        raise status_zero("HO_SO_DA_TIEP_NHAN", message, IN_JOURNAL_NO=exc.existing) from None
    except StoreFull as exc:
        raise RegistryError(503, exc.reason, str(exc)) from None
    except WorldError as exc:
        raise status_zero(exc.reason, str(exc), MaSoDoanhNghiep=code) from None
    lifecycle = dossier.lifecycle
    return {
        "Status": "1",
        "Message": "Tiếp nhận hồ sơ thành công",
        "DataCount": 1,
        "IN_JOURNAL_NO": dossier.code,
        "RECEIPT_DATE": dmy_time(lifecycle.received),
        # the appointment as given at receipt (a request for components moves it later)
        "PLAN_DATE": dmy_time(due_at(lifecycle.received, DKDN_WORKING_DAYS)),
        "MaHoSoMCDT": body.MaHoSoMCDT,
    }


def add_submission_routes(router: APIRouter, registry: _Registry) -> None:
    @router.post(
        "/nopHoSo",
        summary="Nộp hồ sơ đăng ký thay đổi từ hệ thống một cửa của tỉnh (liên thông)",
        description='Từ chối (mã số sai, không tìm thấy, tên không khớp, nộp trùng): Status "0".',
        response_model=NopHoSoResponse | NopHoSoTuChoi,
        responses={503: {"description": "Kho hồ sơ của phiên chạy đã đầy"}},
    )
    async def nop_ho_so(body: NopHoSoRequest) -> Response:
        answer = submit(registry, body)
        return Response(orjson.dumps(answer), media_type="application/json")
