"""Wire models of the dân cư mock: the C06 ``CongDan`` vocabulary in the LGSP JSON wrapper.

Field names are those of the SOAP contract integrators call (``http://dancuquocgia.bca``), as the
LGSP's XML→JSON wrapper hands them on. These models document the answers in ``/openapi.json``;
handlers build dicts and encode them with orjson.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CongDan",
    "CongdanCollection",
    "KetQuaThanhVien",
    "TraCuuThongTinCongDanRequest",
    "TraCuuThongTinCongDanResponse",
    "XacThucThongTinCongDanRequest",
    "XacThucThongTinCongDanResponse",
    "XacThucThongTinHoGiaDinhRequest",
    "XacThucThongTinHoGiaDinhResponse",
]

_STRICT = ConfigDict(extra="forbid")


class _Metadata(BaseModel):
    MaYeuCau: str = Field(description="Mã yêu cầu, duy nhất cho mỗi lần gọi; được trả lại nguyên")
    MaDVC: str | None = Field(None, description="Mã dịch vụ công / thủ tục, ví dụ G15-TP110")
    MaTichHop: str | None = Field(None, description="Mã tích hợp: 037 tra cứu, 003 xác thực")
    MaCanBo: str | None = None


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
    MaTinhThanh: str = Field(description="Mã tỉnh GSO (2 chữ số, trước 2025)")
    MaQuanHuyen: str = Field(description="Mã huyện GSO (3 chữ số)")
    MaPhuongXa: str = Field(description="Mã xã GSO (5 chữ số)")
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


class CongDan(BaseModel):
    """The 20 fields C06 shares with one-stop systems."""

    model_config = _STRICT
    SoDinhDanh: str
    SoCMND: str | None
    HoVaTen: HoVaTen
    GioiTinh: str = Field(description="1 Nam, 2 Nữ")
    DanToc: str = Field(description="Mã dân tộc (01 Kinh)")
    TonGiao: str = Field(description="Mã tôn giáo (00 không)")
    TinhTrangHonNhan: str = Field(description="1 chưa kết hôn, 2 đã kết hôn, 3 ly hôn")
    NhomMau: str = Field(description="00 chưa xác định, 01 O, 02 A, 03 B, 04 AB")
    NgayThangNamSinh: NgayThangNamSinh
    NoiDangKyKhaiSinh: DiaChi
    QuocTich: str
    QueQuan: DiaChi
    ThuongTru: DiaChi
    NoiOHienTai: DiaChi
    Cha: NguoiLienQuan | None
    Me: NguoiLienQuan | None
    VoChong: NguoiLienQuan | None
    NguoiDaiDien: NguoiLienQuan | None
    ChuHo: ChuHo
    SoSoHoKhau: str


class CongdanCollection(BaseModel):
    model_config = _STRICT
    SoCongDan: int = Field(description="Số bản ghi: 1 tìm thấy, 0 không tìm thấy")
    GhiChu: str
    ThoiDiemDuLieu: str = Field(description="Thời điểm dữ liệu yyyyMMddHHmmss")
    CongDan: list[CongDan]


class TraCuuThongTinCongDanRequest(_Metadata):
    SoDinhDanh: str = Field(description="Số định danh cá nhân (12 chữ số)")
    HoVaTen: str | None = Field(
        None, description="Nếu có: phải khớp (không phân biệt hoa thường, dấu)"
    )
    NgayThangNamSinh: str | None = Field(None, description="Nếu có: yyyyMMdd hoặc yyyy")


class _Echo(BaseModel):
    model_config = _STRICT
    MaYeuCau: str
    MaDVC: str | None
    MaTichHop: str | None
    SoDinhDanh: str


class TraCuuThongTinCongDanResponse(_Echo):
    CongdanCollection: CongdanCollection


class XacThucThongTinCongDanRequest(_Metadata):
    SoDinhDanh: str
    HoVaTen: str
    NgayThangNamSinh: str = Field(description="yyyyMMdd hoặc yyyy")


class XacThucThongTinCongDanResponse(_Echo):
    TonTai: bool = Field(description="true khi số định danh, họ tên và ngày sinh cùng khớp")


class XacThucThongTinHoGiaDinhRequest(_Metadata):
    SoDinhDanhChuHo: str
    SoSoHoKhau: str | None = None
    SoDinhDanhThanhVien: list[str] = Field(default_factory=list, max_length=50)


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
