"""CSDLQG về dân cư (C06) mock: look-up, verification of a citizen, verification of a household.

    POST /TraCuuThongTinCongDan      the 20 shared fields of one citizen (empty collection if the
                                     ID is unknown or the optional name / date of birth differ)
    POST /XacThucThongTinCongDan     does ID + name + date of birth match → TonTai, no data
    POST /XacThucThongTinHoGiaDinh   is this citizen a household head, and are these its members

A malformed CCCD is a 400 ``SO_DINH_DANH_KHONG_HOP_LE``; a well-formed unknown one is not an
error (C06 answers an empty ``CongdanCollection``), as integrators' code expects.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import orjson
from prometheus_client import CollectorRegistry

from mock_registries.asgi import RegistryApp, RegistryError, Request, Response
from mock_registries.clock import Clock
from mock_registries.common import (
    DEFAULT_CACHE_SIZE,
    AnswerCache,
    json_object,
    optional_str,
    parse_date,
    require_str,
)
from mock_registries.dan_cu import models
from mock_registries.data.citizens import Citizen, Population, Relative
from mock_registries.data.identity import parse_cccd
from mock_registries.settings import MockSettings

__all__ = ["create_app", "render_citizen"]

_NOT_FOUND_NOTE = "Không tìm thấy thông tin công dân"
_MAX_MEMBERS = 50


def _relative(person: Relative | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "HoVaTen": person.name.upper,
        "QuocTich": "VN",
        "SoDinhDanh": person.so_dinh_danh,
        "SoCMND": None,
    }


def render_citizen(citizen: Citizen, today: date) -> dict[str, Any]:
    """The ``CongDan`` element of one citizen (names upper-case with diacritics, as C06 sends)."""
    name = citizen.name
    born = citizen.birth_date
    minor = (today - citizen.birth_date).days < 18 * 365
    return {
        "SoDinhDanh": citizen.so_dinh_danh,
        "SoCMND": citizen.so_cmnd,
        "HoVaTen": {
            "Ho": name.surname.upper(),
            "ChuDem": name.middle.upper(),
            "Ten": name.given.upper(),
        },
        "GioiTinh": "1" if citizen.male else "2",
        "DanToc": citizen.dan_toc,
        "TonGiao": citizen.ton_giao,
        "TinhTrangHonNhan": citizen.tinh_trang_hon_nhan,
        "NhomMau": citizen.nhom_mau,
        "NgayThangNamSinh": {
            "Nam": f"{citizen.birth_date.year:04d}",
            "NgayThangNam": f"{born.year:04d}{born.month:02d}{born.day:02d}",
        },
        "NoiDangKyKhaiSinh": citizen.birth_place.as_c06(),
        "QuocTich": "VN",
        "QueQuan": citizen.que_quan.as_c06(),
        "ThuongTru": citizen.thuong_tru.as_c06(),
        "NoiOHienTai": citizen.noi_o_hien_tai.as_c06(),
        "Cha": _relative(citizen.father),
        "Me": _relative(citizen.mother),
        "VoChong": _relative(citizen.spouse),
        "NguoiDaiDien": _relative(citizen.father or citizen.mother) if minor else None,
        "ChuHo": {
            "QuanHe": citizen.relation_to_head,
            "SoDinhDanh": citizen.head.so_dinh_danh,
            "SoCMND": None,
            "HoVaTen": citizen.head.name.upper,
        },
        "SoSoHoKhau": citizen.so_ho_khau,
    }


def normalise_name(value: str) -> str:
    """Case-, diacritic- and spacing-insensitive form of a name (callers upper-case it)."""
    stripped = "".join(
        c
        for c in unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(c)
    )
    return " ".join(stripped.casefold().split())


def parse_birth(value: str, today: date) -> tuple[int, date | None]:
    """(year, full date or None) from ``yyyy``, ``yyyyMMdd`` or ``dd/MM/yyyy``; never the future."""
    if len(value) == 4 and value.isdigit():
        if int(value) > today.year:
            raise RegistryError(
                400, "NGAY_TRONG_TUONG_LAI", "Năm sinh không được lớn hơn năm hiện tại."
            )
        return int(value), None
    born = parse_date(value, "NgayThangNamSinh", today=today, formats=("%Y%m%d", "%d/%m/%Y"))
    return born.year, born


def _birth_matches(citizen: Citizen, birth: tuple[int, date | None]) -> bool:
    year, full = birth
    return citizen.birth_date == full if full is not None else citizen.birth_date.year == year


def _cccd(body: dict[str, Any], name: str) -> str:
    value = require_str(body, name)
    if parse_cccd(value) is None:
        raise RegistryError(
            400,
            "SO_DINH_DANH_KHONG_HOP_LE",
            f"{name} không hợp lệ: phải gồm 12 chữ số, bắt đầu bằng mã tỉnh nơi đăng ký khai sinh.",
        )
    return value


def _echo(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "MaYeuCau": require_str(body, "MaYeuCau"),
        "MaDVC": optional_str(body, "MaDVC"),
        "MaTichHop": optional_str(body, "MaTichHop"),
    }


def create_app(
    settings: MockSettings,
    *,
    clock: Clock,
    metrics_registry: CollectorRegistry,
    cache_size: int = DEFAULT_CACHE_SIZE,
) -> RegistryApp:
    app = RegistryApp(
        title="CSDLQG về dân cư",
        registry="dan_cu",
        description="Mô phỏng CSDL quốc gia về dân cư (C06, Bộ Công an) qua LGSP, dạng JSON.",
        metrics_registry=metrics_registry,
    )
    population = Population(settings.seed, settings.not_found_ratio)
    cache: AnswerCache[bytes] = AnswerCache(cache_size)

    def encoded_record(cid: str, today: date) -> bytes:
        """The ``CongDan`` element as JSON bytes (``b""`` when absent), cached per ID and day."""
        key = (cid, today)
        found = cache.get(key)
        if found is None:
            citizen = population.get(cid, today)
            found = b"" if citizen is None else orjson.dumps(render_citizen(citizen, today))
            cache.put(key, found)
        return found

    @app.route(
        "POST",
        "/TraCuuThongTinCongDan",
        summary="Tra cứu thông tin công dân (20 trường dùng chung)",
        request_model=models.TraCuuThongTinCongDanRequest,
        response_model=models.TraCuuThongTinCongDanResponse,
    )
    async def tra_cuu_thong_tin_cong_dan(request: Request) -> Response:
        body = json_object(request)
        answer = _echo(body)
        cid = _cccd(body, "SoDinhDanh")
        now = clock.now()
        today = now.date()
        name, born_text = optional_str(body, "HoVaTen"), optional_str(body, "NgayThangNamSinh")
        born = parse_birth(born_text, today) if born_text is not None else None
        record = encoded_record(cid, today)
        if record and (name is not None or born is not None):
            citizen = population.get(cid, today)
            assert citizen is not None
            if name is not None and normalise_name(name) != normalise_name(citizen.name.full):
                record = b""
            elif born is not None and not _birth_matches(citizen, born):
                record = b""
        answer["SoDinhDanh"] = cid
        # Splice the cached record bytes into the envelope: hot IDs cost no re-encoding.
        head = orjson.dumps(answer)[:-1]
        stamp = now.strftime("%Y%m%d%H%M%S").encode()
        if record:
            collection = b'{"SoCongDan":1,"GhiChu":"","ThoiDiemDuLieu":"%s","CongDan":[%s]}'
            return Response(head + b',"CongdanCollection":' + collection % (stamp, record) + b"}")
        empty = b'{"SoCongDan":0,"GhiChu":"%s","ThoiDiemDuLieu":"%s","CongDan":[]}'
        return Response(
            head + b',"CongdanCollection":' + empty % (_NOT_FOUND_NOTE.encode(), stamp) + b"}"
        )

    @app.route(
        "POST",
        "/XacThucThongTinCongDan",
        summary="Xác thực thông tin công dân (khớp / không khớp, không trả dữ liệu)",
        request_model=models.XacThucThongTinCongDanRequest,
        response_model=models.XacThucThongTinCongDanResponse,
    )
    async def xac_thuc_thong_tin_cong_dan(request: Request) -> Response:
        body = json_object(request)
        answer = _echo(body)
        cid = _cccd(body, "SoDinhDanh")
        today = clock.now().date()
        name = require_str(body, "HoVaTen")
        born = parse_birth(require_str(body, "NgayThangNamSinh"), today)
        citizen = population.get(cid, today)
        matches = (
            citizen is not None
            and normalise_name(name) == normalise_name(citizen.name.full)
            and _birth_matches(citizen, born)
        )
        answer["SoDinhDanh"] = cid
        answer["TonTai"] = matches
        return Response(orjson.dumps(answer))

    @app.route(
        "POST",
        "/XacThucThongTinHoGiaDinh",
        summary="Xác thực thông tin hộ gia đình (chủ hộ, số sổ hộ khẩu, thành viên)",
        request_model=models.XacThucThongTinHoGiaDinhRequest,
        response_model=models.XacThucThongTinHoGiaDinhResponse,
    )
    async def xac_thuc_thong_tin_ho_gia_dinh(request: Request) -> Response:
        body = json_object(request)
        answer = _echo(body)
        head = _cccd(body, "SoDinhDanhChuHo")
        book = optional_str(body, "SoSoHoKhau")
        members = body.get("SoDinhDanhThanhVien", [])
        if not isinstance(members, list) or len(members) > _MAX_MEMBERS:
            raise RegistryError(
                400,
                "KIEU_DU_LIEU_KHONG_HOP_LE",
                f"SoDinhDanhThanhVien phải là danh sách tối đa {_MAX_MEMBERS} số định danh.",
            )
        member_ids = [_cccd({"SoDinhDanhThanhVien": m}, "SoDinhDanhThanhVien") for m in members]
        today = clock.now().date()
        head_record = population.get(head, today)
        is_head = (
            head_record is not None
            and head_record.head.so_dinh_danh == head
            and (book is None or book == head_record.so_ho_khau)
        )
        results = []
        for member in member_ids:
            record = population.get(member, today) if is_head else None
            belongs = record is not None and record.head.so_dinh_danh == head
            results.append(
                {
                    "SoDinhDanh": member,
                    "LaThanhVien": belongs,
                    "QuanHe": record.relation_to_head if belongs and record else None,
                }
            )
        answer["SoDinhDanhChuHo"] = head
        answer["TonTai"] = is_head
        answer["ThanhVien"] = results
        return Response(orjson.dumps(answer))

    return app
