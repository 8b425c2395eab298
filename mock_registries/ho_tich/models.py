"""Wire models of the hộ tịch mock: BTP ``apiHoTichTuPhap`` vocabulary (camelCase, ``nks*``,
``nkt*``, ``chong*``/``vo*``), wrapped in ``status``/``statusDescription`` as BTP answers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DangKyKhaiSinhRequest",
    "DangKyKhaiSinhResponse",
    "KetHonResponse",
    "KhaiSinhResponse",
    "KhaiTuResponse",
    "TraTrangThaiHoSoRequest",
    "TraTrangThaiHoSoResponse",
]

_STRICT = ConfigDict(extra="forbid")


class DiaDanh(BaseModel):
    maTinh: str
    maHuyen: str | None = None
    maXa: str | None = None
    dcChiTiet: str | None = None


class _Book(BaseModel):
    model_config = _STRICT
    soDangKy: str
    quyenSo: str
    trangSo: str
    ngayDangKy: str = Field(description="dd/MM/yyyy")


class KhaiSinh(_Book):
    noiDangKy: str
    soDinhDanh: str
    nksHoTen: str
    nksGioiTinh: str
    nksNgaySinh: str
    nksNoiSinh: DiaDanh
    nksQueQuan: DiaDanh
    nksDanToc: str
    nksQuocTich: str
    meHoTen: str | None
    meSoDDCN: str | None
    chaHoTen: str | None
    chaSoDDCN: str | None


class KhaiTu(_Book):
    nktHoTen: str
    nktGioiTinh: str
    nktNgaySinh: str
    nktSoDDCN: str
    nktNgayChet: str
    nktNoiChet: DiaDanh
    nktNguyenNhanChet: str


class KetHon(_Book):
    noiDangKy: str
    chongHoTen: str
    chongNgaySinh: str
    chongSoDDCN: str
    voHoTen: str
    voNgaySinh: str
    voSoDDCN: str


class _Answer(BaseModel):
    model_config = _STRICT
    status: str = Field(description="1 thành công, 0 lỗi")
    statusDescription: str


class KhaiSinhResponse(_Answer):
    SoDinhDanh: str
    errorCode: str | None = Field(None, description="201 RECORD_NOT_FOUND khi status 0")
    data: KhaiSinh | None


class KhaiTuResponse(_Answer):
    SoDinhDanh: str
    errorCode: str | None = Field(None, description="201 RECORD_NOT_FOUND khi status 0")
    data: KhaiTu | None


class KetHonResponse(_Answer):
    SoDinhDanh: str
    errorCode: str | None = Field(None, description="201 RECORD_NOT_FOUND khi status 0")
    data: KetHon | None


class HoTichKhaiSinh(BaseModel):
    nksHoTen: str
    nksGioiTinh: str = Field(description="1 Nam, 2 Nữ")
    nksNgaySinh: str = Field(description="dd/MM/yyyy")
    nksNoiSinh: DiaDanh
    meHoTen: str
    meSoDDCN: str
    chaHoTen: str | None = None
    chaSoDDCN: str | None = None
    nycHoTen: str | None = None
    nycQuanHe: str | None = None


class DangKyKhaiSinhRequest(BaseModel):
    maDonVi: str = Field(description="Mã đơn vị đăng ký (UBND cấp xã)")
    maHoSoMCDT: str = Field(description="Mã hồ sơ của hệ thống một cửa điện tử; không trùng")
    module: str = Field("LTKS", description="LTKS: liên thông khai sinh")
    hoTich: HoTichKhaiSinh


class DangKyKhaiSinhResponse(_Answer):
    maHoSoLT: str
    maHoSoMCDT: str
    TrangThaiHoSo: str
    TenTrangThaiHoSo: str


class TraTrangThaiHoSoRequest(BaseModel):
    maDonVi: str | None = None
    maHoSo: str = Field(description="maHoSoLT hoặc maHoSoMCDT")


class LichSu(BaseModel):
    model_config = _STRICT
    TrangThaiHoSo: str
    TenTrangThaiHoSo: str
    ThoiDiemXuLy: str


class KetQuaXuLy(BaseModel):
    model_config = _STRICT
    soDinhDanh: str = Field(description="Số định danh cá nhân cấp cho trẻ")
    nksHoTen: str
    soDangKy: str
    quyenSo: str
    trangSo: str
    ngayDangKy: str
    maGiayToKetQua: str


class TraTrangThaiHoSoResponse(_Answer):
    maHoSoLT: str
    maHoSoMCDT: str
    maDonVi: str
    MaTTHC: str
    TenTTHC: str
    TrangThaiHoSo: str
    TenTrangThaiHoSo: str
    NgayTiepNhan: str
    NgayHenTra: str
    NgayCoKetQua: str | None
    NgayTraKetQua: str | None
    NgayTuChoi: str | None
    QuaHan: bool
    LichSuXuLy: list[LichSu]
    ketQuaXuLy: KetQuaXuLy | None
