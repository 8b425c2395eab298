"""Wire models of the ĐKDN mock: the NGSP ``apiCSDLDKDN`` UPPER_SNAKE contract.

``Status`` "1"/"0", ``Message`` and ``DataCount`` wrap every answer, as in the provincial NGSP
connection guides; detail blocks are ``MainInformation``, ``HOAdress``, ``Representatives``,
``BusinessActivity`` and ``Member``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ChiTietDoanhNghiepResponse",
    "DanhSachHoSoResponse",
    "TinhTrangHoSoResponse",
]

_STRICT = ConfigDict(extra="forbid")


class MainInformation(BaseModel):
    model_config = _STRICT
    ENTERPRISE_GDT_CODE: str = Field(
        description="Mã số doanh nghiệp (= MST), chi nhánh NNNNNNNNNN-NNN"
    )
    ENTERPRISE_KIND: str = Field(description="DN doanh nghiệp, HKD hộ kinh doanh, HTX hợp tác xã")
    ENTERPRISE_TYPE_ID: str
    ENTERPRISE_TYPE_NAME: str
    NAME: str
    SHORT_NAME: str
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
    Data: EnterpriseData | None = Field(description="null khi không tìm thấy (Status 0)")


class DossierSummary(BaseModel):
    model_config = _STRICT
    IN_JOURNAL_NO: str = Field(description="Mã hồ sơ / số biên nhận")
    DOCUMENT_TYPE: str
    ENTERPRISE_KIND: str
    ENTERPRISE_GDT_CODE: str
    NAME: str
    SITE_ID: str
    RECEIPT_DATE: str = Field(description="dd/MM/yyyy HH:mm:ss")
    PLAN_DATE: str = Field(description="Ngày hẹn trả dd/MM/yyyy HH:mm:ss")
    PROCESS_STATUS: str = Field(description="TrangThaiHoSo DVCQG 1–10")
    PROCESS_STATUS_NAME: str


class DanhSachHoSoResponse(_Envelope):
    Offset: int
    Limit: int
    MainInformation: list[DossierSummary]


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
