"""CSDL hộ tịch điện tử toàn quốc mock (Bộ Tư pháp)."""

from mock_registries.dates import schema_code
from mock_registries.ho_tich.app import build_router
from mock_registries.web import RegistrySpec

__all__ = ["SPEC"]

SPEC = RegistrySpec(
    name="ho_tich",
    title="CSDL hộ tịch điện tử toàn quốc (Bộ Tư pháp) — mô phỏng",
    description="""Mô phỏng API hộ tịch của Bộ Tư pháp qua NGSP/LGSP (`apiHoTichTuPhap`).

**Đã biết (tài liệu kết nối NGSP của tỉnh, mã nguồn một cửa điện tử):** các dịch vụ
`dangKyHoTich` {maDonVi, module, maHoSo, ngayTiepNhan, data}, `danhMuc` {loaiDanhMuc 1–5},
`traTrangThaiHoSo` và `ketQuaDangKyHS` {maDonVi, maHoSo}, `traHoSo` {module, maHoSo}; trạng thái
1 đã tiếp nhận, 2 cần bổ sung, 3 đủ điều kiện giải quyết, 4 đã hoàn thành, 6 từ chối; mã lỗi 100
AUTHEN_ERROR, 101 IP_DISALLOWED, 106 AGENCY_ID_INCORRECT, 108 PROVINCE_ID_INCORRECT, 200
RECORD_UNCOMPLETE, 201 RECORD_NOT_FOUND, 302 DATA_TYPE_INVALID, 500 DATA_INCORRECT; trường
khai sinh `nks*`/`me*`/`cha*`/`nyc*`, khai tử `nkt*`, kết hôn `chong*`/`vo*`.

**Giả định:** maDonVi là mã xã GSO (mã đơn vị thật của Bộ Tư pháp lấy từ danh mục riêng); module
LTKS/LTKT/LTKH cho cả ba loại; hình dạng câu trả lời của danhMuc, traTrangThaiHoSo,
ketQuaDangKyHS và traHoSo; mã hồ sơ của bản ghi có sẵn là số định danh (dạng số) của người được
đăng ký (kết hôn: của người chồng). Mã 100/101 do lớp xác thực của Bộ trả; trong mô phỏng việc
xác thực do LGSP/NDXP đảm nhận nên CSDL mô phỏng không trả hai mã này.""",
    api_context="apiHoTichTuPhap",
    api_version="1.0",
    xroad_provider="GOV/000.00.00.G15/HOTICH",
    build_router=build_router,
    invalid_extra=lambda message: {
        "status": "0",
        "statusDescription": "DATA_TYPE_INVALID",
        "errorCode": "302",
        "errorDescription": message,
    },
    error_code=schema_code("ngay", "ngayTiepNhan"),
)
