"""CSDL giấy phép lái xe mock."""

from mock_registries.dates import schema_code
from mock_registries.gplx.app import build_router
from mock_registries.web import RegistrySpec

__all__ = ["SPEC"]

SPEC = RegistrySpec(
    name="gplx",
    title="CSDL giấy phép lái xe — mô phỏng (DVC GPLX)",
    description="""Mô phỏng API đồng bộ hồ sơ đổi giấy phép lái xe (DVC GPLX) và tra cứu GPLX.

**Đã biết (mã nguồn một cửa điện tử của tỉnh):** `/apiDVC-GPLX/tcdbdvcdata/mapi/login`
{username, password} → {error_code, result, session}; mọi lời gọi sau là `/mapi/g` với
`service` = DanhSachHoSo (donViXuLy, ngayNhan1, ngayNhan2 yyyy-MM-dd), TraCuuHoSo (mahoso),
LayTaiLieuHoSo (duongdanteptin); trường của HoSoGPLX, HoSoGPLXChiTiet, TepTinDinhKem; mã lỗi
−300…−304 (của API GTVT dùng ApiKey).

**Giả định:** −301/−302/−304 áp cho session như cho ApiKey (−304: session hết hạn sau 30 phút
không dùng), sai mật khẩu là −302; error_code 1 (kèm `MaLoi` của mô phỏng) cho ngày không có thật
(NGAY_KHONG_HOP_LE), sau hôm nay theo đồng hồ mô phỏng (NGAY_TRONG_TUONG_LAI), ngayNhan2 trước
ngayNhan1 (KHOANG_THOI_GIAN_KHONG_HOP_LE) hoặc khoảng quá 05 ngày (KHOANG_THOI_GIAN_QUA_DAI);
ngày sai định dạng yyyy-MM-dd là HTTP 400 NGAY_KHONG_HOP_LE; tài khoản
demo `H56.MCDT` / `gplx-demo-secret`; đơn vị xử lý `000.00.00.G18`; các trường giayKhamSucKhoe,
danhSachLePhi; dịch vụ `traCuuGPLX` và các bí danh REST (không cần session).""",
    api_context="apiDVC-GPLX",
    api_version="tcdbdvcdata",
    xroad_provider="GOV/000.00.00.G18/GPLX",
    build_router=build_router,
    invalid_extra=lambda message: {"message": message},
    error_code=schema_code("ngayNhan1", "ngayNhan2"),
)
