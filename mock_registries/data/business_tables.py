"""Tables of the business registry shared by its generators: business lines (VSIC 2018, QĐ
27/2018/QĐ-TTg, level-4 codes common in new registrations) and enterprise statuses [INF]."""

from __future__ import annotations

__all__ = ["STATUSES", "VSIC"]

VSIC: tuple[tuple[str, str], ...] = (
    ("4610", "Đại lý, môi giới, đấu giá hàng hóa"),
    ("4620", "Bán buôn nông, lâm sản nguyên liệu (trừ gỗ, tre, nứa) và động vật sống"),
    ("4632", "Bán buôn thực phẩm"),
    ("4649", "Bán buôn đồ dùng khác cho gia đình"),
    ("4663", "Bán buôn vật liệu, thiết bị lắp đặt khác trong xây dựng"),
    ("4711", "Bán lẻ lương thực, thực phẩm, đồ uống, thuốc lá, thuốc lào trong cửa hàng KDTH"),
    ("4719", "Bán lẻ khác trong các cửa hàng kinh doanh tổng hợp"),
    ("4933", "Vận tải hàng hóa bằng đường bộ"),
    ("5610", "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động"),
    ("5630", "Dịch vụ phục vụ đồ uống"),
    ("6201", "Lập trình máy vi tính"),
    ("6202", "Tư vấn máy vi tính và quản trị hệ thống máy vi tính"),
    ("4101", "Xây dựng nhà để ở"),
    ("4290", "Xây dựng công trình kỹ thuật dân dụng khác"),
    ("7020", "Hoạt động tư vấn quản lý"),
    ("8299", "Hoạt động dịch vụ hỗ trợ kinh doanh khác còn lại chưa được phân vào đâu"),
    ("0111", "Trồng lúa"),
    ("0150", "Trồng trọt, chăn nuôi hỗn hợp"),
    ("1079", "Sản xuất thực phẩm khác chưa được phân vào đâu"),
    ("9631", "Cắt tóc, làm đầu, gội đầu"),
)  # fmt: skip
STATUSES: tuple[tuple[str, str, float], ...] = (
    ("1", "Đang hoạt động", 86.0),
    ("2", "Tạm ngừng kinh doanh có thời hạn", 5.0),
    ("3", "Không hoạt động tại địa chỉ đã đăng ký", 3.0),
    ("4", "Đang làm thủ tục giải thể", 2.0),
    ("5", "Đã giải thể", 3.0),
    ("6", "Bị thu hồi Giấy chứng nhận đăng ký doanh nghiệp", 1.0),
)
