"""CSDLQG về đăng ký doanh nghiệp mock (NGSP ``apiCSDLDKDN`` contract).

    GET /chiTietDoanhNghiep?msdn=        doanh nghiệp (or its branch NNNNNNNNNN-NNN)
    GET /chiTietHoKinhDoanh?mst=         hộ kinh doanh
    GET /chiTietHopTacXa?mst=            hợp tác xã
    GET /danhSachHoSo?from_date&to_date&offset&limit   dossiers received in ≤ 5 days, paged
    GET /tinhTrangHoSo?in_journal_no=    processing detail: TTHC, components, status, results
    GET /taiTepTin?file_id=              a component or result file (PDF)

A bad MST check digit is a 400 ``MA_SO_THUE_SAI_CHECK_DIGIT``; an unknown one a 404 with
``Status "0"`` as the NGSP answers.
"""

from __future__ import annotations

from datetime import date, datetime
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
from mock_registries.data.dossiers import STATUS_NAMES, lifecycle_fields
from mock_registries.data.enterprises import Enterprise, EnterpriseBook
from mock_registries.data.identity import MstError, MstParts, parse_mst
from mock_registries.dkdn import models
from mock_registries.dkdn.dossiers import UNIT, DkdnDossier, DkdnDossiers
from mock_registries.settings import MockSettings

__all__ = ["create_app", "render_enterprise"]

_MAX_DAYS = 5
_MAX_LIMIT = 100
_KIND_NAMES = {"DN": "doanh nghiệp", "HKD": "hộ kinh doanh", "HTX": "hợp tác xã"}


def _d(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _dt(value: datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M:%S")


def render_enterprise(enterprise: Enterprise) -> dict[str, Any]:
    ward = enterprise.address.ward
    district = ward.district
    members = [] if enterprise.kind == "HKD" else [
        {
            "MEMBER_NAME": enterprise.representative_name.upper(),
            "AMOUNT": enterprise.capital,
            "RATIO_PERCENT": 100.0,
            "COUNTRY": "Việt Nam",
        }
    ]  # fmt: skip
    return {
        "Status": "1",
        "Message": "success",
        "DataCount": 1,
        "MaSoDoanhNghiep": enterprise.code,
        "Data": {
            "MainInformation": {
                "ENTERPRISE_GDT_CODE": enterprise.code,
                "ENTERPRISE_KIND": enterprise.kind,
                "ENTERPRISE_TYPE_ID": enterprise.type_id,
                "ENTERPRISE_TYPE_NAME": enterprise.type_name,
                "NAME": enterprise.name.upper(),
                "SHORT_NAME": enterprise.short_name,
                "FOUNDING_DATE": _d(enterprise.founded),
                "LAST_AMEND_DATE": _d(enterprise.last_amended),
                "NUMBER_CHANGES": enterprise.changes,
                "ENTERPRISE_STATUS": enterprise.status_id,
                "ENTERPRISE_STATUS_NAME": enterprise.status_name,
                "LEGAL_NAMES": enterprise.representative_name.upper(),
                "CAPITAL_AMOUNT": enterprise.capital,
                "PARENT_GDT_CODE": enterprise.branch_of,
            },
            "HOAdress": {
                "CityID": f"{district.province.code:02d}",
                "CityName": district.province.name,
                "DistrictID": f"{district.code:03d}",
                "DistrictName": district.name,
                "WardID": f"{ward.code:05d}",
                "WardName": ward.name,
                "StreetNumber": enterprise.address.street,
                "AddressFullText": enterprise.address.full_text,
            },
            "Representatives": {
                "FULL_NAME": enterprise.representative_name.upper(),
                "ID_NO": enterprise.representative_id,
                "POSITION": "Chủ hộ kinh doanh" if enterprise.kind == "HKD" else "Giám đốc",
            },
            "BusinessActivity": [
                {"CODE": line.code, "NAME": line.name, "IS_MAIN": "Y" if line.main else "N"}
                for line in enterprise.lines
            ],
            "Member": members,
        },
    }


def _not_found(message: str) -> RegistryError:
    return RegistryError(404, "KHONG_TIM_THAY", message, Status="0", Message=message, DataCount=0)


def _mst(request: Request, name: str) -> MstParts:
    value = request.query.get(name, "").strip()
    if not value:
        raise RegistryError(400, "THIEU_THAM_SO", f"Thiếu tham số {name}.")
    try:
        return parse_mst(value)
    except MstError as exc:
        if exc.reason == "check_digit":
            raise RegistryError(
                400, "MA_SO_THUE_SAI_CHECK_DIGIT", f"Mã số {value} sai chữ số kiểm tra."
            ) from None
        raise RegistryError(
            400,
            "MA_SO_KHONG_HOP_LE",
            f"Mã số {value[:20]} phải gồm 10 chữ số (chi nhánh: thêm -NNN).",
        ) from None


def _summary(dossier: DkdnDossier, name: str, now: datetime) -> dict[str, Any]:
    current = dossier.lifecycle.current(now)
    return {
        "IN_JOURNAL_NO": dossier.code,
        "DOCUMENT_TYPE": dossier.procedure.document_type,
        "ENTERPRISE_KIND": dossier.kind,
        "ENTERPRISE_GDT_CODE": dossier.enterprise_code,
        "NAME": name.upper(),
        "SITE_ID": UNIT,
        "RECEIPT_DATE": _dt(dossier.lifecycle.received),
        "PLAN_DATE": _dt(dossier.lifecycle.due),
        "PROCESS_STATUS": str(current.status),
        "PROCESS_STATUS_NAME": STATUS_NAMES[current.status],
    }


def create_app(
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
    cache_size: int = DEFAULT_CACHE_SIZE,
) -> RegistryApp:
    app = RegistryApp(
        title="CSDLQG về đăng ký doanh nghiệp",
        registry="dkdn",
        description="Mô phỏng CSDL quốc gia về đăng ký doanh nghiệp (hợp đồng NGSP apiCSDLDKDN).",
        metrics_registry=metrics_registry,
    )
    book = EnterpriseBook(
        Population(settings.seed, settings.not_found_ratio), settings.not_found_ratio
    )
    dossiers = DkdnDossiers(settings.seed)
    cache: AnswerCache[bytes] = AnswerCache(cache_size)

    def lookup(request: Request, param: str, kind: str) -> Response:
        mst = _mst(request, param)
        today = clock.now().date()
        key = (mst.code, kind, today)
        encoded = cache.get(key)
        if encoded is None:
            enterprise = book.get(mst, today)
            if enterprise is None or enterprise.kind != kind:
                # NGSP answers a well-formed unknown code with Status "0" and no data, not an
                # HTTP error: integrators branch on Status.
                message = f"Không tìm thấy {_KIND_NAMES[kind]} với mã số {mst.code}."
                if enterprise is not None:
                    message = f"Mã số {mst.code} không phải là mã số {_KIND_NAMES[kind]}."
                answer = {"Status": "0", "Message": message, "DataCount": 0}
                encoded = orjson.dumps({**answer, "MaSoDoanhNghiep": mst.code, "Data": None})
            else:
                encoded = orjson.dumps(render_enterprise(enterprise))
            cache.put(key, encoded)
        return Response(encoded)

    def enterprise_name(dossier: DkdnDossier) -> str:
        enterprise = book.get(parse_mst(dossier.enterprise_code), clock.now().date())
        return enterprise.name if enterprise is not None else dossier.enterprise_name

    @app.route(
        "GET",
        "/chiTietDoanhNghiep",
        query_params=("msdn",),
        response_model=models.ChiTietDoanhNghiepResponse,
    )
    async def chi_tiet_doanh_nghiep(request: Request) -> Response:
        """Chi tiết doanh nghiệp (hoặc chi nhánh) theo mã số doanh nghiệp."""
        return lookup(request, "msdn", "DN")

    @app.route(
        "GET",
        "/chiTietHoKinhDoanh",
        query_params=("mst",),
        response_model=models.ChiTietDoanhNghiepResponse,
    )
    async def chi_tiet_ho_kinh_doanh(request: Request) -> Response:
        """Chi tiết hộ kinh doanh theo mã số thuế."""
        return lookup(request, "mst", "HKD")

    @app.route(
        "GET",
        "/chiTietHopTacXa",
        query_params=("mst",),
        response_model=models.ChiTietDoanhNghiepResponse,
    )
    async def chi_tiet_hop_tac_xa(request: Request) -> Response:
        """Chi tiết hợp tác xã theo mã số thuế."""
        return lookup(request, "mst", "HTX")

    @app.route(
        "GET",
        "/danhSachHoSo",
        query_params=("from_date", "to_date", "offset", "limit"),
        response_model=models.DanhSachHoSoResponse,
    )
    async def danh_sach_ho_so(request: Request) -> Response:
        """Danh sách hồ sơ tiếp nhận trong khoảng thời gian (tối đa 05 ngày), phân trang."""
        now = clock.now()
        start, end = query_dates(request, "from_date", "to_date", now=now, formats=("%d/%m/%Y",))
        if end < start:
            raise RegistryError(
                400, "KHOANG_THOI_GIAN_KHONG_HOP_LE", "from_date phải trước to_date."
            )
        if (end - start).days >= _MAX_DAYS:
            raise RegistryError(
                400, "KHOANG_THOI_GIAN_QUA_DAI", "Khoảng thời gian không được vượt quá 05 ngày."
            )
        offset = int_query(request, "offset", 0, 10**6)
        limit = int_query(request, "limit", 50, _MAX_LIMIT)
        codes = dossiers.between(*day_window(start, end, now))
        items = []
        for code in codes[offset : offset + limit]:
            dossier = dossiers.get(code, now)
            assert dossier is not None
            items.append(_summary(dossier, enterprise_name(dossier), now))
        answer = {
            "Status": "1",
            "Message": "success",
            "DataCount": len(codes),
            "Offset": offset,
            "Limit": limit,
            "MainInformation": items,
        }
        return Response(orjson.dumps(answer))

    def dossier_or_404(code: str, now: datetime) -> DkdnDossier:
        if not code:
            raise RegistryError(400, "THIEU_THAM_SO", "Thiếu mã hồ sơ.")
        dossier = dossiers.get(code, now)
        if dossier is None:
            raise _not_found(f"Không tìm thấy hồ sơ {code[:40]}.")
        return dossier

    @app.route(
        "GET",
        "/tinhTrangHoSo",
        query_params=("in_journal_no",),
        response_model=models.TinhTrangHoSoResponse,
        responses={404: "Không tìm thấy hồ sơ"},
    )
    async def tinh_trang_ho_so(request: Request) -> Response:
        """Chi tiết xử lý hồ sơ: thủ tục, thành phần hồ sơ, trạng thái, tệp kết quả."""
        now = clock.now()
        dossier = dossier_or_404(request.query.get("in_journal_no", "").strip(), now)
        detail = _summary(dossier, enterprise_name(dossier), now)
        detail["MaTTHC"] = dossier.procedure.code
        detail["TenTTHC"] = dossier.procedure.name
        detail.update(lifecycle_fields(dossier.lifecycle, now))
        detail["ThanhPhanHoSo"] = [
            {
                "MaThanhPhan": f.component,
                "TenThanhPhan": f.name.removesuffix(".pdf"),
                "TepDinhKem": [{"FILE_ID": f.file_id, "FILE_NAME": f.name}],
            }
            for f in dossier.components
        ]
        detail["KetQua"] = [
            {"FILE_ID": f.file_id, "FILE_NAME": f.name} for f in dossier.results_at(now)
        ]
        return Response(
            orjson.dumps({"Status": "1", "Message": "success", "DataCount": 1, "Data": detail})
        )

    @app.route(
        "GET", "/taiTepTin", query_params=("file_id",), responses={404: "Không tìm thấy tệp"}
    )
    async def tai_tep_tin(request: Request) -> Response:
        """Tải tệp thành phần hồ sơ hoặc tệp kết quả (PDF) theo mã tệp."""
        now = clock.now()
        file_id = request.query.get("file_id", "").strip()
        code, _, _ = file_id.rpartition(".")
        dossier = dossier_or_404(code, now)
        found = next(
            (f for f in (*dossier.components, *dossier.results_at(now)) if f.file_id == file_id),
            None,
        )
        if found is None:
            raise _not_found(f"Không tìm thấy tệp {file_id[:60]}.")
        body = pdf_document(
            [found.name.removesuffix(".pdf"), f"Ho so: {dossier.code}", dossier.procedure.name]
        )
        response = Response(body, content_type=b"application/pdf")
        response.headers.append(
            (b"content-disposition", f'attachment; filename="{found.file_id}.pdf"'.encode())
        )
        return response

    return app
