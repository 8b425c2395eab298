"""Wire models of the GPLX mock: licence record (``NguoiLX_GPLX`` columns) and renewal dossiers
(``HoSoGPLXChiTiet`` of the DVC GPLX sync API), wrapped in ``error_code`` as that API answers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DanhSachHoSoGPLXResponse",
    "LayTaiLieuHoSoResponse",
    "TraCuuGPLXResponse",
    "TraCuuHoSoGPLXResponse",
]

_STRICT = ConfigDict(extra="forbid")


class GiayPhepLaiXe(BaseModel):
    model_config = _STRICT
    SoGPLX: str = Field(description="12 chữ số; 2 chữ số đầu là mã tỉnh nơi cấp")
    SoSeri: str
    HoVaTen: str
    NgaySinh: str = Field(description="yyyyMMdd (năm sinh theo số định danh)")
    GioiTinh: str = Field(description="1 Nam, 2 Nữ")
    SoDinhDanh: str
    HangGPLX: str
    NgayTrungTuyen: str = Field(description="dd/MM/yyyy")
    NgayCapGPLX: str = Field(description="dd/MM/yyyy")
    NgayHHGPLX: str | None = Field(description="dd/MM/yyyy; null: không thời hạn (A1, A…)")
    NoiCapGPLX: str
    TrangThai: str = Field(description="Còn hiệu lực | Hết hạn | Bị thu hồi")
    DiemConLai: int = Field(description="Điểm còn lại (tối đa 12)")


class TraCuuGPLXResponse(BaseModel):
    model_config = _STRICT
    error_code: int = Field(description="0 thành công, -2 không tìm thấy")
    message: str
    SoGPLX: str
    data: GiayPhepLaiXe | None


class TepKetQua(BaseModel):
    model_config = _STRICT
    TenTaiLieu: str
    DuongDan: str


class HoSoGPLXChiTiet(BaseModel):
    model_config = _STRICT
    MaHoSo: str
    MaTTHC: str
    TenDVC: str
    SoGPLX: str
    HoTenNguoiNop: str
    MaTrangThai: str = Field(description="TrangThaiHoSo DVCQG 1–10")
    TrangThaiHoSo: str
    DonViXuLy: str
    MaDonViXuLy: str
    NgayNop: str = Field(description="dd/MM/yyyy HH:mm:ss")
    NgayTiepNhan: str = Field(description="dd/MM/yyyy HH:mm:ss")
    NgayHenTra: str = Field(description="dd/MM/yyyy HH:mm:ss")
    NgayCoKetQua: str | None = Field(description="dd/MM/yyyy HH:mm:ss, khi đã xử lý xong")
    NgayTraKetQua: str | None = Field(description="dd/MM/yyyy HH:mm:ss, khi đã trả kết quả")
    QuaHan: bool
    HinhThucNhanKQ: str = Field(description="0 trực tiếp, 1 qua bưu chính")
    TepKetQua: list[TepKetQua]


class TraCuuHoSoGPLXResponse(BaseModel):
    model_config = _STRICT
    error_code: int
    message: str
    data: list[HoSoGPLXChiTiet]


class HoSoGPLXTomTat(BaseModel):
    model_config = _STRICT
    MaHoSo: str
    SoGPLX: str
    MaTrangThai: str
    NgayTiepNhan: str


class DanhSachHoSoGPLXResponse(BaseModel):
    model_config = _STRICT
    error_code: int
    message: str
    total: int
    data: list[HoSoGPLXTomTat]


class TepTinDinhKem(BaseModel):
    model_config = _STRICT
    Base64: str
    DuongDan: str
    TenTaiLieu: str


class LayTaiLieuHoSoResponse(BaseModel):
    model_config = _STRICT
    error_code: int
    TepTinDinhKem: list[TepTinDinhKem]
