"""Wire models of the ĐKDN mock: the NGSP ``apiCSDLDKDN`` UPPER_SNAKE contract.

``Status`` "1"/"0", ``Message`` and ``DataCount`` wrap every answer, as in the provincial NGSP
connection guides; detail blocks are ``MainInformation``, ``HOAdress``, ``Representatives``,
``BusinessActivity`` and ``Member``. Fields marked "(mô phỏng)" are the simulator's additions.
Query parameters are declared in ``app.py`` with the patterns below.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mock_registries.errors import BusinessError

__all__ = [
    "ChiTietDoanhNghiepResponse",
    "DanhSachHoSoResponse",
    "DanhSachHoSoTrongNgayResponse",
    "KhongThanhCong",
    "TinhTrangHoSoResponse",
    "status_zero",
]

_STRICT = ConfigDict(extra="forbid")


class MainInformation(BaseModel):
    model_config = _STRICT
    ENTERPRISE_ID: int = Field(description="Mã nội bộ của doanh nghiệp, number(10)")
    ENTERPRISE_GDT_CODE: str = Field(
        description="Mã số doanh nghiệp (= MST), chi nhánh NNNNNNNNNN-NNN",
        examples=["0109991239"],
    )
    IMP_BUSINESS_CODE: str | None = Field(
        description="Số GCN ĐKKD cũ (doanh nghiệp thành lập trước 01/06/2010)"
    )
    ENTERPRISE_KIND: str = Field(
        description="(mô phỏng) DN doanh nghiệp, HKD hộ kinh doanh, HTX hợp tác xã"
    )
    ENTERPRISE_TYPE_ID: str
    ENTERPRISE_TYPE_NAME: str
    NAME: str
    SHORT_NAME: str
    NAME_F: str = Field(description="Tên bằng tiếng nước ngoài")
    FOUNDING_DATE: str = Field(description="dd/MM/yyyy")
    LAST_AMEND_DATE: str = Field(description="dd/MM/yyyy")
    NUMBER_CHANGES: int
    ENTERPRISE_STATUS: str
    ENTERPRISE_STATUS_NAME: str
    LEGAL_NAMES: str
    CAPITAL_AMOUNT: int
    PARENT_GDT_CODE: str | None = Field(description="MST của đơn vị chủ quản (với chi nhánh)")


class HOAdress(BaseModel):
    model_config = _STRICT
    CityID: str
    CityName: str
    DistrictID: str
    DistrictName: str
    WardID: str
    WardName: str
    StreetNumber: str
    AddressFullText: str


class Representatives(BaseModel):
    model_config = _STRICT
    FULL_NAME: str
    ID_NO: str = Field(description="Số định danh cá nhân của người đại diện")
    POSITION: str


class BusinessActivity(BaseModel):
    model_config = _STRICT
    CODE: str = Field(description="Mã ngành VSIC 2018")
    NAME: str
    IS_MAIN: str = Field(description="Y/N")


class Member(BaseModel):
    model_config = _STRICT
    MEMBER_NAME: str
    AMOUNT: int
    RATIO_PERCENT: float
    COUNTRY: str
    ID_NO: str | None = Field(
        description="(mô phỏng) số định danh của thành viên cá nhân, hoặc MST của tổ chức"
    )
    MEMBER_TYPE: str = Field(
        description="(mô phỏng) chủ sở hữu, thành viên góp vốn, cổ đông sáng lập, thành viên "
        "hợp danh, thành viên hợp tác xã, chủ hộ kinh doanh"
    )


class EnterpriseData(BaseModel):
    model_config = _STRICT
    MainInformation: MainInformation
    HOAdress: HOAdress
    Representatives: Representatives
    BusinessActivity: list[BusinessActivity]
    Member: list[Member]


class _Envelope(BaseModel):
    model_config = _STRICT
    Status: str = Field(description="1 thành công, 0 lỗi")
    Message: str
    DataCount: int


class ChiTietDoanhNghiepResponse(_Envelope):
    MaSoDoanhNghiep: str
    MaLoi: str | None = Field(None, description="(mô phỏng) mã lỗi ổn định khi Status 0")
    Data: EnterpriseData | None = Field(description="null khi không tìm thấy (Status 0)")


_PROCESS = "Đã tiếp nhận | Đang xử lý | Yêu cầu bổ sung | Đã chấp thuận | Từ chối | Đã trả kết quả"


class DossierSummary(BaseModel):
    model_config = _STRICT
    IN_JOURNAL_NO: str = Field(description="Mã hồ sơ / số biên nhận")
    DOCUMENT_TYPE: str = Field(
        description="Đăng ký mới | Đăng ký thay đổi | Thông báo thay đổi | Tạm ngừng | Giải thể"
    )
    ENTERPRISE_CODE: str = Field(description="Mã nội bộ")
    ENTERPRISE_KIND: str = Field(description="(mô phỏng) DN, HKD, HTX")
    ENTERPRISE_GDT_CODE: str
    NAME: str
    SITE_ID: str = Field(description="Cơ quan đăng ký kinh doanh")
    RECEIPT_DATE: str = Field(description="dd/MM/yyyy HH:mm:ss")
    PLAN_DATE: str = Field(description="Ngày hẹn trả dd/MM/yyyy HH:mm:ss")
    PROCESS_STATUS: str = Field(description=_PROCESS)


class KhongThanhCong(_Envelope):
    """A refusal: ``Status "0"`` with the reason in ``Message`` (HTTP 200, as the service)."""

    MaLoi: str = Field(description="(mô phỏng) mã lỗi ổn định")


def status_zero(code: str, message: str, **extra: Any) -> BusinessError:
    """A ``Status "0"`` answer (HTTP 200), as the NGSP service refuses."""
    answer = {"Status": "0", "Message": message, "DataCount": 0, "MaLoi": code, **extra}
    return BusinessError(code, message, answer)


class _Page(_Envelope):
    Offset: int
    Limit: int


class DanhSachHoSoResponse(_Page):
    MainInformation: list[DossierSummary]


class HoSoTrongNgay(BaseModel):
    model_config = _STRICT
    IN_JOURNAL_NO: str
    DOCUMENT_TYPE: str
    ENTERPRISE_GDT_CODE: str
    NAME: str
    SITE_ID: str
    PROCESS_STATUS: str = Field(description=_PROCESS)
    PROCESSED_DATE: str = Field(description="HH:mm (trạng thái gần nhất)")


class DanhSachHoSoTrongNgayResponse(_Page):
    MainInformation: list[HoSoTrongNgay]


class DossierFileModel(BaseModel):
    model_config = _STRICT
    FILE_ID: str
    FILE_NAME: str


class Component(BaseModel):
    model_config = _STRICT
    MaThanhPhan: str
    TenThanhPhan: str
    TepDinhKem: list[DossierFileModel]


class HistoryItem(BaseModel):
    model_config = _STRICT
    TrangThaiHoSo: str
    TenTrangThaiHoSo: str
    ThoiDiemXuLy: str = Field(description="yyyyMMddHHmmss")


class DossierDetail(DossierSummary):
    ENTERPRISE_TYPE_ID: str
    REGISTRATION_DATE: str | None = Field(description="Ngày chấp thuận dd/MM/yyyy HH:mm:ss")
    SUPPLEMENT_DATE: str | None = Field(description="Ngày yêu cầu bổ sung")
    SUBMISSION_TYPE: str = Field(description="Trực tuyến | Trực tiếp")
    MaHoSoMCDT: str | None = Field(
        None, description="(mô phỏng) mã hồ sơ một cửa của tỉnh, với hồ sơ nộp qua nopHoSo"
    )
    CONTACT_FULL_NAME: str | None
    CONTACT_ADDRESS: str | None
    CONTACT_ID_NO: str | None
    CONTACT_PHONE: str | None
    CONTACT_EMAIL: str | None
    MaTTHC: str
    TenTTHC: str
    TrangThaiHoSo: str
    TenTrangThaiHoSo: str
    NgayTiepNhan: str = Field(description="yyyyMMddHHmmss")
    NgayHenTra: str = Field(description="yyyyMMddHHmmss")
    NgayCoKetQua: str | None = Field(description="yyyyMMddHHmmss, khi đã xử lý xong")
    NgayTraKetQua: str | None = Field(description="yyyyMMddHHmmss, khi đã trả kết quả")
    NgayTuChoi: str | None
    QuaHan: bool
    LichSuXuLy: list[HistoryItem]
    ThanhPhanHoSo: list[Component]
    KetQua: list[DossierFileModel]


class TinhTrangHoSoResponse(_Envelope):
    Data: DossierDetail


MSDN_PATTERN = "^[0-9]{10}(-?[0-9]{3})?$"
DATE_PATTERN = "^[0-9]{2}/[0-9]{2}/[0-9]{4}$"
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
