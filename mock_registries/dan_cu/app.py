"""CSDLQG về dân cư (C06) mock: SOAP 1.1 with a WSDL, and the LGSP's JSON wrapper, same paths.

    POST /TraCuuThongTinCongDan      the 20 shared fields of one citizen (empty collection when
                                     the number is unknown or the name / birth date differ)
    POST /XacThucThongTinCongDan     do number + name (+ birth date) match → TonTai
    POST /XacThucThongTinHoGiaDinh   (JSON only, assumed) household head and members
    GET  /TraCuuThongTinCongDan?wsdl the WSDL (also on /XacThucThongTinCongDan); its address
                                     is the one the WSDL was fetched from (X-Forwarded-* aware)

A ``text/xml`` body (or a ``SOAPAction`` header) is SOAP, anything else JSON. A malformed number
is a 400 ``SO_DINH_DANH_KHONG_HOP_LE`` in JSON and a ``soapenv:Client`` Fault with the same code
in SOAP; a well-formed unknown one is not an error, as integrators' code expects.
"""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files
from typing import Any, TypeVar

import orjson
from fastapi import APIRouter, Query, Request
from lxml import etree
from pydantic import BaseModel, ValidationError
from starlette.responses import Response

from mock_registries.dan_cu import models, soap
from mock_registries.dan_cu.lookup import Query as Lookup, error_code
from mock_registries.dan_cu.view import RESPONSE_NS, Citizens, congdan_xml
from mock_registries.errors import RegistryError, UnsupportedMedia, is_json_media
from mock_registries.web import RegistryContext, describe, documented_body, validation_error
from mock_registries.world import Person

__all__ = ["build_router"]

M = TypeVar("M", bound=BaseModel)

_NOT_FOUND_NOTE = "Không tìm thấy thông tin công dân"
_WSDL = files("mock_registries.dan_cu").joinpath("CongDanService.wsdl").read_text("utf-8")
_SOAP_NOTE = (
    " Cùng đường dẫn nhận SOAP 1.1 (Content-Type text/xml; WSDL: GET ?wsdl); lỗi SOAP là "
    "soapenv:Fault (HTTP 500) với cùng mã lỗi."
)


def _address(request: Request) -> str:
    """Where the caller reached this endpoint (a gateway in front sets X-Forwarded-*)."""
    headers = request.headers
    proto = headers.get("x-forwarded-proto", request.url.scheme)
    host = headers.get("x-forwarded-host", request.headers.get("host", request.url.netloc))
    prefix = headers.get("x-forwarded-prefix", "").rstrip("/")
    return f"{proto}://{host}{prefix}{request.url.path}"


def _echo(request: Any) -> dict[str, Any]:
    return {
        "MaYeuCau": request.MaYeuCau,
        "MaDVC": request.MaDVC,
        "MaTichHop": request.MaTichHop,
        "SoDinhDanh": request.SoDinhDanh,
        "SoCMND": request.SoCMND,
    }


class _Registry:
    """The dân cư answers over the world (JSON bytes and SOAP elements)."""

    def __init__(self, context: RegistryContext) -> None:
        self.clock = context.clock
        self.citizens = Citizens(context.world, context.cache_size)

    def find(self, query: Lookup, now: datetime) -> tuple[Person | None, bytes]:
        cccd = self.citizens.cccd_of(query.so_dinh_danh, query.so_cmnd)
        person, encoded = self.citizens.record(cccd, now)
        if person is not None and query.has_filters() and not query.matches(person):
            return None, b""
        return person, encoded

    def tra_cuu_json(self, request: models.TraCuuThongTinCongDanRequest) -> bytes:
        now = self.clock.now()
        _, record = self.find(Lookup.of(request, now.date()), now)
        head = orjson.dumps(_echo(request))[:-1]
        stamp = now.strftime("%Y%m%d%H%M%S").encode()
        # The cached record bytes are spliced into the envelope: hot IDs cost no re-encoding.
        if record:
            collection = b'{"SoCongDan":1,"GhiChu":"","ThoiDiemDuLieu":"%s","CongDan":[%s]}'
            return head + b',"CongdanCollection":' + collection % (stamp, record) + b"}"
        empty = b'{"SoCongDan":0,"GhiChu":"%s","ThoiDiemDuLieu":"%s","CongDan":[]}'
        return head + b',"CongdanCollection":' + empty % (_NOT_FOUND_NOTE.encode(), stamp) + b"}"

    def tra_cuu_xml(self, request: models.TraCuuThongTinCongDanRequest) -> etree._Element:
        now = self.clock.now()
        citizen, _ = self.find(Lookup.of(request, now.date()), now)
        collection = etree.Element(
            f"{{{RESPONSE_NS}}}CongdanCollection", nsmap={"ns1": RESPONSE_NS}
        )
        collection.set("SoCongDan", "1" if citizen else "0")
        collection.set("GhiChu", "" if citizen else _NOT_FOUND_NOTE)
        collection.set("ThoiDiemDuLieu", now.strftime("%Y%m%d%H%M%S"))
        collection.set("id", request.MaYeuCau)
        if citizen is not None:
            collection.append(congdan_xml(citizen))
        return collection

    def verify(self, request: models.XacThucThongTinCongDanRequest) -> bool:
        now = self.clock.now()
        citizen, _ = self.find(Lookup.of(request, now.date()), now)
        return citizen is not None

    def verify_xml(self, request: models.XacThucThongTinCongDanRequest) -> etree._Element:
        answer = etree.Element(
            f"{{{RESPONSE_NS}}}KetQuaXacThucResponse", nsmap={"ns1": RESPONSE_NS}
        )
        etree.SubElement(answer, f"{{{RESPONSE_NS}}}MaYeuCau").text = request.MaYeuCau
        exists = "true" if self.verify(request) else "false"
        etree.SubElement(answer, f"{{{RESPONSE_NS}}}TonTai").text = exists
        return answer

    def household(self, request: models.XacThucThongTinHoGiaDinhRequest) -> bytes:
        head = request.SoDinhDanhChuHo
        found = self.citizens.household(head, self.clock.now())
        is_head = found is not None and request.SoSoHoKhau in (None, found.number)
        relations = {m.person.cccd: m.relation for m in found.members} if found and is_head else {}
        members = []
        for member in request.SoDinhDanhThanhVien:
            relation = relations.get(member)
            members.append(
                {"SoDinhDanh": member, "LaThanhVien": relation is not None, "QuanHe": relation}
            )
        answer = {
            "MaYeuCau": request.MaYeuCau,
            "MaDVC": request.MaDVC,
            "MaTichHop": request.MaTichHop,
            "SoDinhDanhChuHo": head,
            "TonTai": is_head,
            "ThanhVien": members,
        }
        return orjson.dumps(answer)

    def soap(self, body: bytes) -> Response:
        try:
            call = soap.parse(body)
            if call.operation == "TraCuuThongTinCongDan":
                answer = self.tra_cuu_xml(_soap_model(models.TraCuuThongTinCongDanRequest, call))
            else:
                answer = self.verify_xml(_soap_model(models.XacThucThongTinCongDanRequest, call))
            return Response(soap.envelope(answer, call.headers), media_type=soap.SOAP_CONTENT_TYPE)
        except RegistryError as refusal:  # a birth date that is no date: the same code
            fault = soap.SoapFault(refusal.code, refusal.message)
            return Response(soap.fault_envelope(fault), 500, media_type=soap.SOAP_CONTENT_TYPE)
        except soap.SoapFault as fault:
            return Response(soap.fault_envelope(fault), 500, media_type=soap.SOAP_CONTENT_TYPE)


def _soap_model(model: type[M], call: soap.SoapCall) -> M:
    try:
        return model.model_validate(call.fields)
    except ValidationError as exc:
        errors: list[dict[str, Any]] = [dict(e) for e in exc.errors(include_url=False)]
        raise soap.SoapFault(
            error_code(errors), f"Dữ liệu yêu cầu không hợp lệ — {describe(errors)}."
        ) from None


def _json(model: type[M], body: bytes) -> M:
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise validation_error(exc) from None


async def _dispatch(
    registry: _Registry, request: Request, model: Any, json_answer: Any
) -> Response:
    """One path, two wires: SOAP by its media type or SOAPAction, else a body labelled JSON."""
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if soap.is_soap(content_type, request.headers.get("soapaction")):
        return registry.soap(body)
    if not is_json_media(content_type):
        raise UnsupportedMedia(content_type)
    return Response(json_answer(_json(model, body)), media_type="application/json")


def build_router(context: RegistryContext) -> APIRouter:
    router = APIRouter()
    registry = _Registry(context)

    async def dispatch(request: Request, model: Any, json_answer: Any) -> Response:
        return await _dispatch(registry, request, model, json_answer)

    @router.post(
        "/TraCuuThongTinCongDan",
        summary="Tra cứu thông tin công dân (20 trường dùng chung)",
        description="Theo SoDinhDanh hoặc SoCMND; HoVaTen, NgayThangNamSinh nếu có phải khớp."
        + _SOAP_NOTE,
        response_model=models.TraCuuThongTinCongDanResponse,
        openapi_extra=documented_body(models.TraCuuThongTinCongDanRequest),
    )
    async def tra_cuu_thong_tin_cong_dan(request: Request) -> Response:
        return await dispatch(request, models.TraCuuThongTinCongDanRequest, registry.tra_cuu_json)

    def verify_json(query: models.XacThucThongTinCongDanRequest) -> bytes:
        return orjson.dumps({**_echo(query), "TonTai": registry.verify(query)})

    @router.post(
        "/XacThucThongTinCongDan",
        summary="Xác thực thông tin công dân (khớp / không khớp, không trả dữ liệu)",
        description="TonTai=true khi số định danh (hoặc CMND), họ tên và ngày sinh (nếu có) "
        "cùng khớp." + _SOAP_NOTE,
        response_model=models.XacThucThongTinCongDanResponse,
        openapi_extra=documented_body(models.XacThucThongTinCongDanRequest),
    )
    async def xac_thuc_thong_tin_cong_dan(request: Request) -> Response:
        return await dispatch(request, models.XacThucThongTinCongDanRequest, verify_json)

    @router.post(
        "/XacThucThongTinHoGiaDinh",
        summary="Xác thực thông tin hộ gia đình (giả định: hợp đồng thật chưa công bố)",
        response_model=models.XacThucThongTinHoGiaDinhResponse,
    )
    async def xac_thuc_thong_tin_ho_gia_dinh(
        body: models.XacThucThongTinHoGiaDinhRequest,
    ) -> Response:
        return Response(registry.household(body), media_type="application/json")

    async def wsdl(request: Request, wsdl: str = Query("", description="WSDL")) -> Response:
        document = _WSDL.replace("__ADDRESS__", _address(request))
        return Response(document, media_type="text/xml; charset=utf-8")

    for path in ("/TraCuuThongTinCongDan", "/XacThucThongTinCongDan"):
        router.add_api_route(
            path,
            wsdl,
            methods=["GET"],
            summary="WSDL của dịch vụ SOAP (tham số ?wsdl)",
            operation_id=f"wsdl_{path.strip('/')}",
            response_class=Response,
            responses={200: {"content": {"text/xml": {"schema": {"type": "string"}}}}},
        )
    return router
