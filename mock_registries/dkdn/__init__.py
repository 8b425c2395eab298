"""CSDLQG về đăng ký doanh nghiệp mock."""

from mock_registries.dates import schema_code
from mock_registries.dkdn.app import build_router
from mock_registries.web import RegistrySpec

__all__ = ["SPEC"]

SPEC = RegistrySpec(
    name="dkdn",
    title="CSDLQG về đăng ký doanh nghiệp — mô phỏng",
    description="""Mô phỏng CSDL quốc gia về đăng ký doanh nghiệp, hộ kinh doanh, hợp tác xã
(Bộ KH&ĐT) theo hợp đồng NGSP `apiCSDLDKDN`.

**Đã biết (tài liệu kết nối NGSP của tỉnh):** `chiTietDoanhNghiep?msdn`,
`danhSachHoSo?from_date&to_date&offset&limit` (tối đa 05 ngày),
`danhSachHoSoTrongNgay?from_ts&to_ts`, `tinhTrangHoSo?in_journal_no`; khối `MainInformation`
(ENTERPRISE_ID, ENTERPRISE_GDT_CODE, IMP_BUSINESS_CODE, NAME, SHORT_NAME, NAME_F…),
`HOAdress`, `BusinessActivity`, `Member`; trường CONTACT_*; `Status` "1"/"0" và `Message`
trong mọi câu trả lời.

**Giả định:** các giá trị PROCESS_STATUS (Đã tiếp nhận, Đang xử lý, Yêu cầu bổ sung, Đã chấp
thuận, Từ chối, Đã trả kết quả), lời văn của `Message` khi Status "0", các dịch vụ
`chiTietHoKinhDoanh`/`chiTietHopTacXa`/`taiTepTin`, khối `Representatives`, các trường tiến độ
DVCQG trong `tinhTrangHoSo`, và các trường đánh dấu "(mô phỏng)" (ENTERPRISE_KIND, MaLoi).""",
    api_context="apiCSDLDKDN",
    api_version="1.0",
    xroad_provider="GOV/000.00.00.G05/CSDLDKDN",
    build_router=build_router,
    invalid_extra=lambda message: {"Status": "0", "Message": message, "DataCount": 0},
    error_code=schema_code("from_date", "to_date"),
)
