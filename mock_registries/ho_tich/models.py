"""Wire models of the hộ tịch mock: the ministry's ``apiHoTichTuPhap`` contract (POST JSON,
camelCase; records ``nks*`` khai sinh, ``nkt*`` khai tử, ``chong*``/``vo*`` kết hôn), every answer
wrapped in ``status``/``statusDescription`` (and ``errorCode``/``errorDescription`` on refusal)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from mock_registries.common import NO_CONTROLS, WHOLE_NUMBER, request_config

__all__ = [
    "DangKyHoTichRequest",
    "DangKyHoTichResponse",
    "DanhMucRequest",
    "DanhMucResponse",
    "KetQuaDangKyHSResponse",
    "LoiBTP",
    "TraCuuHoSoRequest",
    "TraHoSoRequest",
    "TraHoSoResponse",
    "TraTrangThaiHoSoResponse",
]

_STRICT = ConfigDict(extra="forbid")
UnitId = Annotated[int, Field(ge=1, le=99999), WHOLE_NUMBER]
RecordId = Annotated[int, Field(ge=1, le=999_999_999_999), WHOLE_NUMBER]
Flag = Annotated[int, Field(ge=0, le=1), WHOLE_NUMBER]
ModuleCode = Literal["LTKS", "LTKT", "LTKH"]
Code = Annotated[str, NO_CONTROLS]  # a dossier code the client chose: echoed in the answer
_MODULE = "LTKS khai sinh, LTKT khai tử, LTKH kết hôn"
_STATUS = (
    "1 đã tiếp nhận chờ xử lý, 2 cần bổ sung, 3 đủ điều kiện giải quyết, 4 đã hoàn thành, 6 từ chối"
)
_KHAI_SINH = {
    "nksHoTen": "NGUYỄN AN NHIÊN",
    "nksGioiTinh": "2",
    "nksNgaySinh": "02/11/2026",
    "nksNoiSinh": {"maTinh": "01", "maHuyen": "001", "maXa": "00001", "dcChiTiet": "Phúc Xá"},
    "nksDanToc": "01",
    "nksQuocTich": "VN",
    "meHoTen": "TRẦN THỊ BÌNH",
    "meSoDDCN": "036183004567",
    "chaHoTen": "NGUYỄN VĂN AN",
    "chaSoDDCN": "001080012345",
    "nycHoTen": "NGUYỄN VĂN AN",
    "nycQuanHe": "Cha",
    "nycSoDDCN": "001080012345",
}


_DATA_DOC = (
    "Thông điệp hộ tịch: chuỗi JSON ({hoTich:{…}}) hoặc XML (<hoTich>…</hoTich>), hoặc đối "
    "tượng. Ngày dạng dd/MM/yyyy, không sau hôm nay; số định danh 12 chữ số. "
    "LTKS khai sinh — bắt buộc: nksHoTen, nksGioiTinh (1/2), nksNgaySinh, nksNoiSinh{maTinh,…}, "
    "meHoTen, meSoDDCN, nycHoTen; tùy chọn: nksDanToc, nksQuocTich, meNgaySinh, chaHoTen, "
    "chaSoDDCN, chaNgaySinh, ngayCapGCS, nycQuanHe, nycSoDDCN. "
    "LTKT khai tử — bắt buộc: nktHoTen, nktGioiTinh, nktNgayChet, nktSoDDCN, nycHoTen; tùy chọn: "
    "nktNgaySinh, nktNguyenNhanChet, gbtNgay, ngayCapGBT, nycSoDDCN. "
    "LTKH kết hôn (DataDKKH) — bắt buộc: chongHoTen, chongNgaySinh, chongSoDDCN, voHoTen, "
    "voNgaySinh, voSoDDCN; tùy chọn: ngayXacLapQuanHeHonNhan, chong…/vo… (DanToc, QuocTich, "
    "NoiCuTru, SoLanKH, TinhTrangHonNhan). Kết hôn không có người yêu cầu (nyc…): hai bên tự "
    "đăng ký, giấy tờ là số định danh của hai bên, nên hồ sơ không bị yêu cầu bổ sung. "
    "Khai sinh/khai tử thiếu nycSoDDCN: trạng thái 2 (cần bổ sung giấy tờ tùy thân của người "
    "yêu cầu), tự tiếp tục sau supplement_working_days ngày làm việc (người yêu cầu nộp tại "
    "UBND xã; hợp đồng của Bộ không có dịch vụ bổ sung) — gửi nycSoDDCN ngay để tránh."
)


class FileDinhKem(BaseModel):
    model_config = request_config()
    id: str | int | None = None
    loaiGiayTo: str | int | None = None
    tenGiayTo: str | None = Field(None, max_length=300)
    tenTepDinhKem: str | None = Field(None, max_length=300)
    huyGiayTo: Flag | None = None
    duLieuTepDinhKem: str | None = Field(None, description="base64")


class DangKyHoTichRequest(BaseModel):
    model_config = request_config(
        {
            "maDonVi": 1,
            "module": "LTKS",
            "maHoSo": "000.00.01.H01-261123-0001",
            "ngayTiepNhan": "23/11/2026 09:30:00",
            "data": '{"hoTich": ' + str(_KHAI_SINH).replace("'", '"') + "}",
        },
    )
    maDonVi: UnitId = Field(description="Mã đơn vị đăng ký (giả định: mã xã GSO của UBND cấp xã)")
    module: ModuleCode = Field(description=_MODULE)
    maHoSo: Code = Field(
        min_length=1,
        max_length=64,
        validation_alias=AliasChoices("maHoSo", "maHoSoMCDT"),
        description="Số phiếu tiếp nhận của một cửa điện tử (maHoSoMCDT cũng được chấp nhận)",
    )
    maHoSoLT: Code | None = Field(None, max_length=64, description="Mã liên thông")
    ngayTiepNhan: str = Field(
        pattern="^[0-9]{2}/[0-9]{2}/[0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$",
        description="dd/MM/yyyy HH:mm:ss",
    )
    data: str | dict[str, Any] = Field(description=_DATA_DOC)
    fileDinhKem: list[FileDinhKem] = Field(default_factory=list, max_length=20)


class _Answer(BaseModel):
    model_config = _STRICT
    status: Literal["1"] = Field(description="1 thành công (0: xem LoiBTP)")
    statusDescription: str


class LoiBTP(BaseModel):
    """A refusal: HTTP 200, ``status "0"`` and the ministry's ``errorCode``."""

    model_config = _STRICT
    status: Literal["0"]
    statusDescription: str = Field(description="Tên mã lỗi, ví dụ RECORD_NOT_FOUND")
    errorCode: str = Field(description="100, 101, 106, 108, 200, 201, 302, 500")
    errorDescription: str = Field(description="Mô tả lỗi bằng tiếng Việt")
    MaLoi: str | None = Field(
        None,
        description="(mô phỏng) mã lỗi ổn định khi một errorCode có nhiều lý do: "
        "NGAY_KHONG_HOP_LE (302), NGAY_TRONG_TUONG_LAI (500)",
    )


class DangKyHoTichResponse(_Answer):
    maHoSo: int = Field(description="Mã hồ sơ tại Bộ Tư pháp (dùng cho traHoSo)")
    maHoSoMCDT: str
    maHoSoLT: str | None
    trangThai: str = Field(description=_STATUS)


class DanhMucRequest(BaseModel):
    model_config = request_config({"loaiDanhMuc": "3"})
    loaiDanhMuc: Literal["1", "2", "3", "4", "5"] = Field(
        description="1 quốc tịch, 2 quốc gia, 3 dân tộc, 4 địa danh hành chính cấp tỉnh, "
        "5 giấy tờ tùy thân"
    )


class MucDanhMuc(BaseModel):
    model_config = _STRICT
    ma: str
    ten: str


class DanhMucResponse(_Answer):
    loaiDanhMuc: str
    tenDanhMuc: str
    value: list[MucDanhMuc]


class TraCuuHoSoRequest(BaseModel):
    model_config = request_config({"maDonVi": 1, "maHoSo": "000.00.01.H01-261123-0001"})
    maDonVi: UnitId | None = None
    maHoSo: Code = Field(
        min_length=1, max_length=64, description="Số phiếu một cửa, hoặc mã hồ sơ Bộ Tư pháp"
    )


class BuocLienThong(BaseModel):
    """(mô phỏng) One leg of the Đề án 06 liên thông package and where it stands."""

    model_config = _STRICT
    maBuoc: str = Field(description="KHAI_SINH, THUONG_TRU, BHYT, KHAI_TU, XOA_THUONG_TRU, …")
    tenBuoc: str
    heThong: str = Field(description="Hệ thống thực hiện bước này")
    trangThai: Literal["PENDING", "DONE", "HANDED_OVER", "REFUSED", "CANCELLED"] = Field(
        description="PENDING chờ, DONE xong, HANDED_OVER đã chuyển sang hệ thống ngoài phạm vi mô "
        "phỏng (BHYT, mai táng phí: không theo dõi tiếp), REFUSED từ chối, CANCELLED hủy"
    )
    tenTrangThai: str
    thoiDiem: str | None = Field(description="dd/MM/yyyy HH:mm:ss")
    ghiChu: str | None


class TraTrangThaiHoSoResponse(_Answer):
    maHoSo: int
    maHoSoMCDT: str
    maHoSoLT: str | None
    maDonVi: int
    module: str
    MaTTHC: str
    TenTTHC: str
    trangThai: str = Field(description=_STATUS)
    tenTrangThai: str
    thoiGianThucHien: str = Field(description="dd/MM/yyyy HH:mm:ss (trạng thái gần nhất)")
    ngayTiepNhan: str
    ngayHenTra: str
    noiDungBoSung: str | None = Field(description="Khi trangThai 2")
    lyDoTuChoi: str | None = Field(description="Khi trangThai 6")
    QuaHan: bool
    lienThong: list[BuocLienThong] = Field(
        description="(mô phỏng) các bước liên thông: khai sinh → thường trú → thẻ BHYT; khai tử "
        "→ xóa thường trú → mai táng phí"
    )


class KetQua(BaseModel):
    model_config = _STRICT
    soDinhDanh: str | None = Field(description="Khai sinh: số định danh cá nhân cấp cho trẻ")
    soDangKy: str
    quyenSo: str
    trangSo: str
    ngayDangKy: str
    maGiayToKetQua: str
    hoTich: dict[str, Any] = Field(description="Bản ghi đã đăng ký")


class KetQuaDangKyHSResponse(_Answer):
    maHoSo: int
    maHoSoMCDT: str
    module: str
    value: KetQua


class TraHoSoRequest(BaseModel):
    model_config = request_config({"module": "LTKS", "maHoSo": 1080012345})
    module: ModuleCode = Field(description=_MODULE)
    maHoSo: RecordId = Field(
        description="Mã hồ sơ Bộ Tư pháp; bản ghi có sẵn của một công dân: số định danh dạng số",
    )


class BanGhi(BaseModel):
    """A registered record: book numbers and the record's fields (``nks*`` …)."""

    model_config = ConfigDict(extra="allow")
    id: int
    module: str
    so: str
    quyenSo: str
    trangSo: str
    ngayDangKy: str


class TraHoSoResponse(_Answer):
    value: list[BanGhi]
