"""Tables of the business registry (data only; the rules are in ``business.py``).

Legal forms (Luật Doanh nghiệp 59/2020; world_model_facts §6): the national mix is [INF]
from provincial tables — TNHH 70 % (one-member ≈60 % of those), CTCP 20 %, DNTN 4 %, hợp danh
0.2 % — with hợp tác xã at ≈4.5 % of registered codes (35,041 HTX beside ≈735,000 active
enterprises, P37/P33). Status shares and the VSIC lines (VSIC 2018, QĐ 27/2018/QĐ-TTg, level-4
codes common in new registrations) are [INF].
"""

from __future__ import annotations

__all__ = [
    "FIELDS",
    "FORMS",
    "STATUSES",
    "TAX_PREFIX_PROVINCE",
    "TRADE_NAMES",
    "VSIC",
    "Form",
]

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Form:
    code: str  # ENTERPRISE_TYPE_ID
    name: str  # ENTERPRISE_TYPE_NAME
    prefix: str  # how the trading name starts
    foreign: str  # NAME_F suffix
    share: float


TNHH1, TNHH2, CTCP, DNTN, HOP_DANH, HTX, HKD = "01", "02", "03", "04", "05", "HTX", "HKD"
FORMS: dict[str, Form] = {
    TNHH1: Form(TNHH1, "Công ty trách nhiệm hữu hạn một thành viên", "Công ty TNHH",
                "COMPANY LIMITED", 42.0),
    TNHH2: Form(TNHH2, "Công ty trách nhiệm hữu hạn hai thành viên trở lên", "Công ty TNHH",
                "COMPANY LIMITED", 28.0),
    CTCP: Form(CTCP, "Công ty cổ phần", "Công ty Cổ phần", "JOINT STOCK COMPANY", 21.5),
    DNTN: Form(DNTN, "Doanh nghiệp tư nhân", "Doanh nghiệp tư nhân", "PRIVATE ENTERPRISE", 4.0),
    HOP_DANH: Form(HOP_DANH, "Công ty hợp danh", "Công ty Hợp danh", "PARTNERSHIP", 0.2),
    HTX: Form(HTX, "Hợp tác xã", "Hợp tác xã", "COOPERATIVE", 4.3),
    HKD: Form(HKD, "Hộ kinh doanh", "Hộ kinh doanh", "", 0.0),
}  # fmt: skip

CEASED = ("7", "Đã chấm dứt hoạt động")  # a hộ kinh doanh whose owner died

# The first two MST digits name the tax authority's province (formats note §8.2); the
# pairs below are the common knowledge ones [INF, verify]; other prefixes map by hash.
TAX_PREFIX_PROVINCE = {
    "01": 1, "02": 31, "03": 79, "04": 48, "18": 92, "23": 27, "28": 38, "29": 40, "36": 75,
    "37": 74, "57": 22,
}  # fmt: skip

TRADE_NAMES: tuple[tuple[str, str], ...] = (
    ("An Phát", "AN PHAT"), ("Minh Long", "MINH LONG"), ("Hưng Thịnh", "HUNG THINH"),
    ("Thành Công", "THANH CONG"), ("Việt Tiến", "VIET TIEN"), ("Phú Quý", "PHU QUY"),
    ("Đại Dương", "DAI DUONG"), ("Hoàng Gia", "HOANG GIA"), ("Sao Mai", "SAO MAI"),
    ("Trường Sơn", "TRUONG SON"), ("Bình Minh", "BINH MINH"), ("Nam Việt", "NAM VIET"),
    ("Hồng Hà", "HONG HA"), ("Tân Tiến", "TAN TIEN"), ("Phương Đông", "PHUONG DONG"),
    ("Kim Ngân", "KIM NGAN"), ("Thiên Phú", "THIEN PHU"), ("Đông Á", "DONG A"),
    ("Quang Minh", "QUANG MINH"), ("Hải Âu", "HAI AU"), ("Ánh Dương", "ANH DUONG"),
    ("Trí Việt", "TRI VIET"), ("Gia Phát", "GIA PHAT"), ("Vạn Xuân", "VAN XUAN"),
)  # fmt: skip
FIELDS: tuple[tuple[str, str], ...] = (
    ("Thương mại", "TRADING"), ("Xây dựng", "CONSTRUCTION"), ("Công nghệ", "TECHNOLOGY"),
    ("Dịch vụ", "SERVICES"), ("Vận tải", "TRANSPORT"), ("Thực phẩm", "FOOD"),
    ("Đầu tư", "INVESTMENT"), ("Sản xuất", "MANUFACTURING"), ("Nông nghiệp", "AGRICULTURE"),
)  # fmt: skip


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
