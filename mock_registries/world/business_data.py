"""Tables of the business registry (data only; the rules are in ``business.py``).

Legal forms (Luật Doanh nghiệp 59/2020; world_model_facts §6): the national mix is [INF]
from provincial tables — TNHH 70 % (one-member ≈60 % of those), CTCP 20 %, DNTN 4 %, hợp danh
0.2 % — with hợp tác xã at ≈4.5 % of registered codes (35,041 HTX beside ≈735,000 active
enterprises, P37/P33). Status shares and VSIC lines (``data/business_tables.py``) are [INF].
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

from mock_registries.data.business_tables import STATUSES, VSIC


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
