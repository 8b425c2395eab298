"""CSDLQG về dân cư (C06) mock."""

from mock_registries.dan_cu.app import build_router
from mock_registries.dan_cu.lookup import error_code
from mock_registries.dan_cu.models import (
    TraCuuThongTinCongDanRequest,
    XacThucThongTinCongDanRequest,
)
from mock_registries.web import RegistrySpec

__all__ = ["SPEC"]

SPEC = RegistrySpec(
    name="dan_cu",
    title="CSDLQG về dân cư (C06) — mô phỏng",
    description="""Mô phỏng CSDL quốc gia về dân cư (Bộ Công an, C06): dịch vụ SOAP 1.1 có WSDL
(`GET /TraCuuThongTinCongDan?wsdl`) và dạng JSON mà LGSP chuyển đổi từ SOAP, trên cùng đường dẫn.

**Đã biết (mẫu công khai):** không gian tên `http://dancuquocgia.bca` (yêu cầu) và
`http://www.mic.gov.vn/dancu/1.0` (trả lời); các trường yêu cầu MaYeuCau, MaDVC, MaTichHop,
MaCanBo, SoDinhDanh hoặc SoCMND, HoVaTen, NgayThangNamSinh{NgayThangNam} hoặc Nam; 20 trường
của `CongDan`; mã tích hợp 037 (tra cứu), 003 (xác thực).

**Giả định:** WSDL (C06 không công bố), phần tử trả lời của XacThucThongTinCongDan, mã lỗi trong
`LoiDichVu`/`MaLoi`, dịch vụ XacThucThongTinHoGiaDinh, và bốn trường của Luật Căn cước 2023
(SoDienThoai, NgayCapCCCD, NgaySinhCha, NgaySinhMe) trong dạng JSON. Số CMND cũ: 2 chữ số đầu
là mã tỉnh GSO (bảng mã CMND thật của Bộ Công an không công khai).

**Lỗi:** thiếu trường bắt buộc (kể cả khi gửi sai tên trường, ví dụ HoVaTen của
XacThucThongTinCongDan, SoDinhDanhThanhVien của XacThucThongTinHoGiaDinh): 400
THIEU_TRUONG_BAT_BUOC; trường không có trong hợp đồng được bỏ qua. Ngày sinh sai định dạng hoặc
không có thật (19801332, 31/02/1980): 400 NGAY_SINH_KHONG_HOP_LE; sau ngày hiện tại của đồng hồ
mô phỏng (giờ Việt Nam): 400 NGAY_TRONG_TUONG_LAI; SOAP: soapenv:Fault với cùng mã.""",
    api_context="apiCSDLDC",
    api_version="1.0",
    xroad_provider="GOV/000.00.00.C06/CSDLDC",
    build_router=build_router,
    error_code=error_code,
    extra_models=(TraCuuThongTinCongDanRequest, XacThucThongTinCongDanRequest),
)
