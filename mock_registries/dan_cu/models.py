"""Wire models of the dân cư mock: the C06 ``CongDan`` vocabulary in the LGSP JSON wrapper.

Field names are those of the SOAP contract (``http://dancuquocgia.bca`` requests,
``http://www.mic.gov.vn/dancu/1.0`` answers) as the LGSP's XML→JSON wrapper hands them on. The
request models validate both the JSON and the SOAP form (the SOAP parser feeds them the element
texts), so both carry the same rules and error codes.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mock_registries.common import NO_CONTROLS, request_config
from mock_registries.data.identity import PROVINCE_CODES

__all__ = [
    "CCCD_PATTERN",
    "CongDan",
    "CongdanCollection",
    "TraCuuThongTinCongDanRequest",
    "TraCuuThongTinCongDanResponse",
    "XacThucThongTinCongDanRequest",
    "XacThucThongTinCongDanResponse",
    "XacThucThongTinHoGiaDinhRequest",
    "XacThucThongTinHoGiaDinhResponse",
]

_STRICT = ConfigDict(extra="forbid")
# 12 digits: "0" + a pre-2025 GSO province code, century/gender 0–3, year, 6-digit serial.
CCCD_PATTERN = (
    "^0(" + "|".join(f"{code:02d}" for code in sorted(PROVINCE_CODES)) + ")[0-3][0-9]{8}$"
)
CMND_PATTERN = "^[0-9]{9}$"
_BIRTH_PATTERN = "^([0-9]{8}|[0-9]{4}|[0-9]{2}/[0-9]{2}/[0-9]{4})$"

Cccd = Annotated[str, Field(pattern=CCCD_PATTERN, examples=["001080012345"])]
Text = Annotated[str, Field(min_length=1, max_length=200), NO_CONTROLS]
OptionalText = Annotated[str, Field(max_length=200), NO_CONTROLS] | None


class NgayThangNamSinhVao(BaseModel):
    """The SOAP form ``<NgayThangNamSinh><NgayThangNam>…`` (or ``<Nam>`` alone)."""

    model_config = request_config()

    NgayThangNam: str | None = Field(None, pattern="^[0-9]{8}$", description="yyyyMMdd")
    Nam: str | None = Field(None, pattern="^[0-9]{4}$", description="yyyy")


class _Request(BaseModel):
    model_config = request_config()
    MaYeuCau: Text = Field(description="Mã yêu cầu, duy nhất cho mỗi lần gọi; được trả lại")
    MaDVC: OptionalText = Field(None, description="Mã dịch vụ công / thủ tục, ví dụ G15-TP110")
    MaTichHop: OptionalText = Field(None, description="Mã tích hợp: 037 tra cứu, 003 xác thực")
    MaCanBo: OptionalText = Field(None, description="Cán bộ thực hiện (số định danh, tài khoản)")
    MaDonVi: OptionalText = None
    TaiKhoan: OptionalText = None


class _Person(_Request):
    SoDinhDanh: Cccd | None = Field(
        None, description="Số định danh cá nhân (12 chữ số); hoặc SoCMND"
    )
    SoCMND: str | None = Field(
        None, pattern=CMND_PATTERN, description="Số CMND cũ (9 chữ số)", examples=["135602342"]
    )
    HoVaTen: OptionalText = Field(
        None, description="Họ và tên; so khớp không phân biệt hoa thường, dấu"
    )
    NgayThangNamSinh: Annotated[str, Field(pattern=_BIRTH_PATTERN)] | NgayThangNamSinhVao | None = (
        Field(None, description="yyyyMMdd, yyyy, dd/MM/yyyy hoặc {NgayThangNam, Nam}")
    )
    Nam: str | None = Field(None, pattern="^[0-9]{4}$", description="Năm sinh")

    @model_validator(mode="after")
    def _identified(self) -> _Person:
        if self.SoDinhDanh is None and self.SoCMND is None:
            raise ValueError("cần SoDinhDanh hoặc SoCMND")
        return self


# One of the two numbers, as a string (either may also be sent as null or left out).
_BY_ID: dict[str, Any] = {
    "anyOf": [
        {"required": ["SoDinhDanh"], "properties": {"SoDinhDanh": {"type": "string"}}},
        {"required": ["SoCMND"], "properties": {"SoCMND": {"type": "string"}}},
    ]
}


class TraCuuThongTinCongDanRequest(_Person):
    model_config = request_config(
        {
            "MaYeuCau": "MCDT-20261123-0001",
            "MaDVC": "1.001193",
            "MaTichHop": "037",
            "SoDinhDanh": "001080012345",
            "HoVaTen": "NGUYỄN VĂN AN",
            "NgayThangNamSinh": {"NgayThangNam": "19800514"},
        },
        **_BY_ID,
    )


class XacThucThongTinCongDanRequest(_Person):
    model_config = request_config(
        {
            "MaYeuCau": "MCDT-20261123-0002",
            "MaTichHop": "003",
            "SoDinhDanh": "026092008262",
            "HoVaTen": "ĐÀO VĂN TÀI",
            "NgayThangNamSinh": "19921122",
        },
        **_BY_ID,
    )
    MaDichVu: OptionalText = Field(None, description="Mã dịch vụ xác thực, ví dụ 033")
    # Required as in C06's XSD: a verification without the name would answer TonTai for the
    # number alone, and a client that misspelt the field would think the name was checked.
    HoVaTen: Text = Field(
        description="Họ và tên cần xác thực (bắt buộc); so khớp không phân biệt hoa thường, dấu"
    )


class XacThucThongTinHoGiaDinhRequest(_Request):
    model_config = request_config(
        {
            "MaYeuCau": "MCDT-20261123-0003",
            "SoDinhDanhChuHo": "001080012345",
            "SoDinhDanhThanhVien": ["036183004567", "001210000123"],
        },
    )
    SoDinhDanhChuHo: Cccd
    SoSoHoKhau: OptionalText = None
    # Required (an empty list asks about the head alone): left out or misspelt, the answer
    # would be TonTai with no member checked, and the client would take it for a pass.
    SoDinhDanhThanhVien: list[Cccd] = Field(
        max_length=50,
        description="Số định danh các thành viên cần xác thực (bắt buộc; [] chỉ xác thực chủ hộ)",
    )


class NgayThangNamSinh(BaseModel):
    model_config = _STRICT
    Nam: str = Field(description="Năm sinh yyyy")
    NgayThangNam: str = Field(description="Ngày sinh yyyyMMdd")


class HoVaTen(BaseModel):
    model_config = _STRICT
    Ho: str
    ChuDem: str
    Ten: str


class DiaChi(BaseModel):
    model_config = _STRICT
    MaTinhThanh: str = Field(description="Mã tỉnh GSO (2 chữ số, trước 2025)", examples=["01"])
    MaQuanHuyen: str = Field(description="Mã huyện GSO (3 chữ số)", examples=["001"])
    MaPhuongXa: str = Field(description="Mã xã GSO (5 chữ số)", examples=["00001"])
    ChiTiet: str
    QuocGia: str


class NguoiLienQuan(BaseModel):
    model_config = _STRICT
    HoVaTen: str
    QuocTich: str
    SoDinhDanh: str
    SoCMND: str | None


class ChuHo(BaseModel):
    model_config = _STRICT
    QuanHe: str = Field(description="Quan hệ với chủ hộ: CH01 chủ hộ, CH02 vợ/chồng, CH03 con")
    SoDinhDanh: str
    SoCMND: str | None
    HoVaTen: str


_ChuHoBlock = ChuHo  # a field of CongDan is named like its type


class CongDan(BaseModel):
    """The 20 fields C06 shares, plus five of Điều 9 Luật Căn cước 2023 in the JSON view."""

    model_config = _STRICT
    SoDinhDanh: str = Field(examples=["001080012345"])
    SoCMND: str | None
    HoVaTen: HoVaTen
    GioiTinh: str = Field(description="1 Nam, 2 Nữ")
    DanToc: str = Field(description="Mã dân tộc (01 Kinh)")
    TonGiao: str = Field(description="Mã tôn giáo (00 không)")
    TinhTrangHonNhan: str = Field(description="1 chưa kết hôn, 2 đã kết hôn, 3 ly hôn, 4 góa")
    NhomMau: str = Field(description="00 chưa xác định, 01 O, 02 A, 03 B, 04 AB")
    NgayThangNamSinh: NgayThangNamSinh
    NoiDangKyKhaiSinh: DiaChi
    QuocTich: str
    QueQuan: DiaChi
    ThuongTru: DiaChi | None = Field(description="Không có khi đã xóa đăng ký thường trú")
    NoiOHienTai: DiaChi | None
    Cha: NguoiLienQuan | None
    Me: NguoiLienQuan | None
    VoChong: NguoiLienQuan | None
    NguoiDaiDien: NguoiLienQuan | None
    ChuHo: _ChuHoBlock | None = Field(
        description="Không có khi chưa (hoặc không còn) đăng ký thường trú"
    )
    SoSoHoKhau: str | None
    SoDienThoai: str = Field(description="(giả định, Luật Căn cước 2023) số điện thoại")
    NgayCapCCCD: str | None = Field(description="(giả định) ngày cấp thẻ căn cước yyyyMMdd")
    NgaySinhCha: str | None = Field(description="(giả định) ngày sinh của cha yyyyMMdd")
    NgaySinhMe: str | None = Field(description="(giả định) ngày sinh của mẹ yyyyMMdd")
    NgayChet: str | None = Field(
        description="(giả định, Luật Căn cước 2023 Điều 9) ngày chết yyyyMMdd, khi CSDL đã nhận "
        "thông tin khai tử"
    )


class CongdanCollection(BaseModel):
    model_config = _STRICT
    SoCongDan: int = Field(description="Số bản ghi: 1 tìm thấy, 0 không tìm thấy")
    GhiChu: str
    ThoiDiemDuLieu: str = Field(description="Thời điểm dữ liệu yyyyMMddHHmmss")
    CongDan: list[CongDan]


class _Echo(BaseModel):
    model_config = _STRICT
    MaYeuCau: str
    MaDVC: str | None
    MaTichHop: str | None
    SoDinhDanh: str | None
    SoCMND: str | None


class TraCuuThongTinCongDanResponse(_Echo):
    CongdanCollection: CongdanCollection


class XacThucThongTinCongDanResponse(_Echo):
    TonTai: bool = Field(description="true khi số định danh, họ tên và ngày sinh (nếu có) khớp")


class KetQuaThanhVien(BaseModel):
    model_config = _STRICT
    SoDinhDanh: str
    LaThanhVien: bool
    QuanHe: str | None


class XacThucThongTinHoGiaDinhResponse(BaseModel):
    model_config = _STRICT
    MaYeuCau: str
    MaDVC: str | None
    MaTichHop: str | None
    SoDinhDanhChuHo: str
    TonTai: bool = Field(description="true khi công dân là chủ hộ (và số sổ hộ khẩu khớp nếu có)")
    ThanhVien: list[KetQuaThanhVien]
