"""Wire models of the GPLX mock: the DVC GPLX session API (``/mapi/login``, ``/mapi/g``), the
licence record (``NguoiLX_GPLX`` columns) and the REST aliases kept from earlier versions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from mock_registries.common import NO_CONTROLS, request_config

__all__ = [
    "ERROR_CODES",
    "DanhSachHoSoGPLXResponse",
    "GRequest",
    "LayTaiLieuHoSoResponse",
    "LoginRequest",
    "LoginResponse",
    "TraCuuGPLXResponse",
    "TraCuuHoSoGPLXResponse",
]

_STRICT = ConfigDict(extra="forbid")
ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
LICENCE_PATTERN = "^[0-9]{12}$"
ERROR_CODES = {
    0: "Thành công",
    -300: "Mã đơn vị rỗng hoặc null",
    -301: "ApiKey (session) rỗng hoặc null",
    -302: "ApiKey (session) không đúng",
    -303: "Mã đơn vị không đúng",
    -304: "ApiKey (session) lỗi: hết hạn",
    1: "(giả định) tham số không hợp lệ: ngày không có thật hoặc sau hôm nay, ngayNhan2 trước "
    "ngayNhan1, hoặc quá 05 ngày (MaLoi cho biết lý do)",
}
_CODES_DOC = "; ".join(f"{k} {v}" for k, v in ERROR_CODES.items())
Optional = Annotated[str, Field(max_length=200), NO_CONTROLS] | None
Text = Annotated[str, NO_CONTROLS]


class LoginRequest(BaseModel):
    model_config = request_config({"username": "H56.MCDT", "password": "gplx-demo-secret"})
    username: Text = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class LoginResponse(BaseModel):
    model_config = _STRICT
    error_code: int = Field(description=_CODES_DOC)
    result: str
    session: str | None = Field(description="Phiên làm việc, gửi lại trong mọi lời gọi /mapi/g")


class _G(BaseModel):
    model_config = request_config()
    session: Optional = Field(None, description="Từ /mapi/login; thiếu: -301")
    donViXuLy: Optional = Field(
        None, description="Mã đơn vị xử lý (000.00.00.G18); thiếu: -300", examples=["000.00.00.G18"]
    )


class DanhSachHoSo(_G):
    service: Literal["DanhSachHoSo"]
    ngayNhan1: str = Field(pattern=ISO_DATE, description="yyyy-MM-dd")
    ngayNhan2: str = Field(pattern=ISO_DATE, description="yyyy-MM-dd (tối đa 05 ngày)")


class TraCuuHoSo(_G):
    service: Literal["TraCuuHoSo"]
    mahoso: Text = Field(min_length=1, max_length=64, examples=["000.00.00.G18-261123-0001"])


class LayTaiLieuHoSo(_G):
    service: Literal["LayTaiLieuHoSo"]
    duongdanteptin: str = Field(
        min_length=1, max_length=200, description="DuongDan trong TepKetQua"
    )


GRequest = Annotated[DanhSachHoSo | TraCuuHoSo | LayTaiLieuHoSo, Field(discriminator="service")]


class HangTrenThe(BaseModel):
    """(mô phỏng) One class on the card, by the law in force when it was issued."""

    model_config = _STRICT
    HangGPLX: str = Field(description="A1, A, B1, B, C1, C, D… (Luật 36/2024) hoặc A1, B2… (2008)")
    NgayTrungTuyen: str = Field(description="dd/MM/yyyy")
    NgayCapGPLX: str = Field(description="dd/MM/yyyy")
    NgayHHGPLX: str | None = Field(description="dd/MM/yyyy; null: không thời hạn")
    NoiCapGPLX: str


class GiayPhepLaiXe(BaseModel):
    model_config = _STRICT
    SoGPLX: str = Field(description="12 chữ số; 2 chữ số đầu là mã tỉnh nơi cấp")
    SoSeri: str
    HoVaTen: str
    NgaySinh: str = Field(description="yyyyMMdd")
    GioiTinh: str = Field(description="1 Nam, 2 Nữ")
    SoDinhDanh: str
    HangGPLX: str = Field(description="Các hạng trên thẻ, cách nhau bởi dấu phẩy")
    NgayTrungTuyen: str = Field(description="dd/MM/yyyy (hạng cấp gần nhất)")
    NgayCapGPLX: str = Field(description="dd/MM/yyyy (hạng cấp gần nhất)")
    NgayHHGPLX: str | None = Field(
        description="dd/MM/yyyy (hạng cấp gần nhất); null: không thời hạn"
    )
    NoiCapGPLX: str
    TrangThai: str = Field(description="Còn hiệu lực | Hết hạn | Thu hồi (người được cấp đã chết)")
    DiemConLai: int = Field(description="Điểm còn lại (tối đa 12)")
    DanhSachHang: list[HangTrenThe] = Field(description="(mô phỏng) từng hạng trên thẻ")


class TraCuuGPLXResponse(BaseModel):
    model_config = _STRICT
    error_code: int
    message: str
    SoGPLX: str
    data: GiayPhepLaiXe


class TepKetQua(BaseModel):
    model_config = _STRICT
    TenTaiLieu: str
    DuongDan: str


class HoSoGPLXChiTiet(BaseModel):
    model_config = _STRICT
    MaTTHC: str
    MaDVC: str
    TenDVC: str
    MaHoSo: str
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
    error_code: int = Field(description=_CODES_DOC)
    message: str
    MaLoi: str | None = Field(
        None,
        description="(mô phỏng) mã lỗi ổn định của error_code 1: NGAY_KHONG_HOP_LE, "
        "NGAY_TRONG_TUONG_LAI, KHOANG_THOI_GIAN_KHONG_HOP_LE, KHOANG_THOI_GIAN_QUA_DAI",
    )
    data: list[HoSoGPLXChiTiet]


class GiayKhamSucKhoe(BaseModel):
    model_config = _STRICT
    soGiayKSK: str
    ngayKham: str = Field(description="yyyy-MM-dd")
    coSoKhamBenh: str
    ketLuan: str


class LePhi(BaseModel):
    model_config = _STRICT
    maPhiLePhi: str
    tenPhiLePhi: str
    soTien: int
    hinhThucThu: str


class GplxDaCap(BaseModel):
    model_config = _STRICT
    sogplx: str
    soserigplx: str
    noicapgplx: str
    ngaycapgplx: str
    ngayhethangplx: str | None
    hanggplxgplx: str
    ngaytrungtuyen: str


class HoSoDinhKem(BaseModel):
    model_config = _STRICT
    magiayto: str
    tengiayto: str
    filedinhkem: str | None


class HoSoGPLX(BaseModel):
    """One dossier of ``DanhSachHoSo`` (the applicant, the licence, the exam, the fees)."""

    model_config = _STRICT
    maDangKyCu: str | None
    maDangKyDvc: str | None
    maHoSo: str
    hoTen: str
    hoTenIn: str
    hoDem: str
    ten: str
    gioiTinh: str | None
    ngaySinh: str | None = Field(description="yyyy-MM-dd")
    quocTich: str
    soCmndCu: str | None
    soCmnd: str | None = Field(description="Số định danh cá nhân")
    noiCapCmnd: str | None
    ngayCapCmnd: str | None
    noiCuTru: str | None
    dvhcNoiCuTru: str | None = Field(description="Mã ĐVHC 10 ký tự: tỉnh(2)+huyện(3)+xã(5)")
    noiThuongTru: str | None
    dvhcNoiThuongTru: str | None
    soDienThoai: str | None
    anhChanDung: str | None = Field(description="base64 (không kèm trong mô phỏng)")
    maDonVi: str
    ngayNhanHoSo: str
    nguoiNhanHoSo: str
    ngayHenTraGplx: str
    loaiHoSo: str
    hangDaoTao: str | None
    lyDoDoiGplx: str
    mucDichDoiGplx: str
    maDonViVpdk: str
    giayKhamSucKhoe: GiayKhamSucKhoe = Field(description="(giả định) giấy khám sức khỏe điện tử")
    danhSachLePhi: list[LePhi] = Field(description="(giả định) phí, lệ phí đã thu")
    gplxDaCap: list[GplxDaCap]
    hoSoDinhKem: list[HoSoDinhKem]


class DanhSachHoSoGPLXResponse(BaseModel):
    model_config = _STRICT
    error_code: int = Field(description=_CODES_DOC)
    message: str
    MaLoi: str | None = Field(
        None,
        description="(mô phỏng) mã lỗi ổn định của error_code 1: NGAY_KHONG_HOP_LE, "
        "NGAY_TRONG_TUONG_LAI, KHOANG_THOI_GIAN_KHONG_HOP_LE, KHOANG_THOI_GIAN_QUA_DAI",
    )
    total: int
    data: list[HoSoGPLX]


class TepTinDinhKem(BaseModel):
    model_config = _STRICT
    Base64: str
    DuongDan: str
    TenTaiLieu: str


class LayTaiLieuHoSoResponse(BaseModel):
    model_config = _STRICT
    error_code: int = Field(description=_CODES_DOC)
    message: str
    MaLoi: str | None = Field(
        None,
        description="(mô phỏng) mã lỗi ổn định của error_code 1: NGAY_KHONG_HOP_LE, "
        "NGAY_TRONG_TUONG_LAI, KHOANG_THOI_GIAN_KHONG_HOP_LE, KHOANG_THOI_GIAN_QUA_DAI",
    )
    TepTinDinhKem: list[TepTinDinhKem]


class LoiPhien(BaseModel):
    """A refusal, HTTP 200: ``error_code`` −300…−304 (session or unit), 1 (the dates asked)."""

    model_config = _STRICT
    error_code: int = Field(description=_CODES_DOC)
    message: str
    MaLoi: str | None = Field(
        None,
        description="(mô phỏng) mã lỗi ổn định của error_code 1: NGAY_KHONG_HOP_LE, "
        "NGAY_TRONG_TUONG_LAI, KHOANG_THOI_GIAN_KHONG_HOP_LE, KHOANG_THOI_GIAN_QUA_DAI",
    )
