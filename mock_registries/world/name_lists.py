"""Curated name lists (data only; the rules that use them are in ``names.py``).

Kinh given names are sex-specific: a syllable that is used for both sexes (An, Anh, Linh,
Minh…) appears in both lists, and the middle name then carries the sex, as in real use ("Tuấn
Anh" / "Thùy Anh"). Lists are ordered roughly by popularity (the UIT sample's top names first,
world_model_facts §1); ``names.py`` weights them by rank. Cohort lists hold names typical of
people born before 1975 ("old") and from 2005 on ("new"). Minority surname lists follow
world_model_facts §1 (R4 ``ethnic-surnames.json``); given names of the H'Mông, Ê Đê/M'Nông,
Gia Rai and Kon Tum groups are short illustrative lists [INF].
"""

from __future__ import annotations

__all__ = [
    "FEMALE_GIVEN",
    "FEMALE_GIVEN_NEW",
    "FEMALE_GIVEN_OLD",
    "FEMALE_MIDDLE",
    "FEMALE_SECOND_MIDDLE",
    "MALE_GIVEN",
    "MALE_GIVEN_NEW",
    "MALE_GIVEN_OLD",
    "MALE_MIDDLE",
    "SURNAMES_NORTH",
    "SURNAMES_SOUTH",
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE_GIVEN = _words("""
Anh Huy Tuấn Duy Hoàng Nam Minh Dũng Hùng Long Hải Sơn Thành Trung Đức Hiếu Khoa Phong Quân Việt
Cường Thắng Tùng Vinh Bình Hưng Toàn Phúc Tâm Thịnh Tài Khánh Quang Kiên Đạt Lâm Hiển Nghĩa Hậu
Hòa Lợi Lực Mạnh Nguyên Nhân Phát Phương Quốc Quý Sang Tân Thái Thanh Thông Thuận Tiến Trí Trọng
Tú Tường Vũ An Bảo Chiến Công Dương Định Giang Hào Hiệp Huân Khải Khang Khôi Kiệt Lộc Luân Nhật
Phú Phước Quyết Tín Toản Trường Tuyến Vương Vỹ Bách Bằng Cảnh Chính Danh Đông Giáp Hoan Hợp Kha
Khiêm Khương Lân Lương Nghị Ninh Quyền Sỹ Tấn Thạch Thiện Thọ Thống Trực Tuệ Uy Vĩnh Vượng Xuân
Cương Đăng Đoàn Hanh Hiền Hoạch Huấn Khanh Khuê Lãm Lĩnh Luật Mẫn Nhàn Pháp Quảng Sinh Soái Thế
Thìn Thường Tiệp Toại Triều Trình Tư Tuyên Vân Vịnh Chương Điền Đô Hà Hạnh Hoà Học Kỳ Lạc
Lập Linh Mừng Ngọc Nhạc Phụng Quế Sáng Thân Thuật Thuyết Tịnh Trác Trãi Tráng Trị Tuyển Ước Yên
""")
MALE_GIVEN_OLD = _words("""
Bảy Cừ Đĩnh Khoái Lục Mão Sửu Tý Dần Thìn Tỵ Ngọ Mùi Thân Dậu Tuất Hợi Chắt Chút Mịch Nhỡ
Cận Chỉnh Đạm Đoan Hách Hiệu Hoạt Khởi Kiểm Lai Liêm Lượng Nhuận Phấn Quỳ Sản Sĩ Thiệu Thước Tụng
""")
MALE_GIVEN_NEW = _words("""
Khang Bảo Khôi Phúc Huy Minh Đăng Khoa Kiệt Lâm Nguyên Phong Quân Thịnh An Duy Hưng Khải Nam Vinh
Tín Gia Thiên Hào Hiên Kha Khiêm Nhật Tuệ Vĩ Dương Đạt Hải Hoàng Long Phát Quang Sơn Trí Việt
""")

FEMALE_GIVEN = _words("""
Anh Linh Trang Thảo Hương Dung Nga Hà Ngọc Phương Thủy Hằng Huyền Lan Mai Nhung Oanh Quỳnh Thu
Trâm Uyên Vân Yến Giang Hạnh Hiền Hoa Hồng Huệ Liên Loan Ly My Nhi Tâm Thanh Thúy Trinh Tuyết Vy
Xuân Ánh Bích Châu Chi Diệp Diệu Duyên Hân Hậu Hoài Khánh Kiều Lam Lệ Liễu Na Ngân Nguyệt Nhàn
Như Quyên Sương Thắm Thơ Thư Thương Trúc Tú Vi Yên An Cúc Đào Diễm Hảo Hòa Lài Lụa Mỹ Nương Phượng
Quế Sen Thi Thoa Thơm Tươi Tuyền Xoan Ngà Nhiên Thục Khuê Hiên Huế Hường Lành Liên Loan Mơ Nhạn
Quý Thêu Thìn Tình Trà Vui Giao Kim Mận Mến Minh Ngát Thuần Xinh
""")
FEMALE_GIVEN_OLD = _words("""
Hợi Nụ Tý Sửu Mão Thìn Tỵ Mùi Dậu Tuất Gái Nhớn Chắt Thoan Dịu Huê Luyến Nhài Rớt Sáu Tám
Bưởi Chanh Gấm Hến Lựu Mít Ổi Sim Sớm Vải Xuyến Lý Tẹo Chiêm Đượm Lượt
""")
FEMALE_GIVEN_NEW = _words("""
An Ngân Hân Vy Nhi My Thư Khánh Linh Anh Chi Diệp Như Phương Quỳnh Trâm Uyên Yến Đan Giao
Hà Nghi Ngọc Nhiên Thảo Tiên Trúc Tú Vân Hạ Khuê Lam Mộc Tuệ Hòa Hiền Minh Ly Kim Nhã
""")

# (middle name, weight) pairs; "Văn"/"Thị" get cohort weights in names.py.
MALE_MIDDLE: tuple[tuple[str, int], ...] = (
    ("Minh", 12), ("Quốc", 8), ("Hoàng", 7), ("Thanh", 7), ("Đức", 7), ("Thành", 6),
    ("Quang", 6), ("Hữu", 6), ("Xuân", 5), ("Đình", 5), ("Tấn", 5), ("Công", 5), ("Duy", 4),
    ("Gia", 4), ("Bảo", 4), ("Anh", 4), ("Tuấn", 3), ("Trọng", 3), ("Khắc", 3), ("Mạnh", 3),
    ("Hải", 3), ("Tiến", 3), ("Việt", 3), ("Huy", 3), ("Nhật", 3), ("Phúc", 2), ("Đăng", 2),
    ("Thế", 2), ("Trung", 2), ("Chí", 2), ("Ngọc", 2), ("Bá", 2), ("Cao", 1), ("Đắc", 1),
    ("Phú", 1), ("Trường", 1), ("Quý", 1), ("Thiện", 1), ("Vĩnh", 1), ("Kim", 1), ("Thái", 1),
    ("Hồng", 1), ("Nam", 1), ("Khánh", 1), ("Thiên", 1), ("Trí", 1), ("Tiểu", 1),
)  # fmt: skip
FEMALE_MIDDLE: tuple[tuple[str, int], ...] = (
    ("Ngọc", 12), ("Thu", 9), ("Thanh", 8), ("Kim", 7), ("Thùy", 7), ("Thúy", 6), ("Minh", 5),
    ("Phương", 5), ("Hồng", 5), ("Mai", 4), ("Bích", 4), ("Khánh", 4), ("Bảo", 4), ("Gia", 3),
    ("Tuyết", 3), ("Diệu", 3), ("Quỳnh", 3), ("Hải", 3), ("Lan", 3), ("Mỹ", 3), ("Ánh", 3),
    ("Hà", 2), ("Như", 2), ("Cẩm", 2), ("Trúc", 2), ("Tường", 2), ("Yến", 2), ("Hương", 2),
    ("Xuân", 2), ("Thảo", 2), ("Tú", 2), ("Huyền", 2), ("Vân", 2), ("Anh", 2), ("Thiên", 2),
    ("Uyên", 1), ("Diễm", 1), ("Hoài", 1), ("Hạnh", 1), ("Phúc", 1), ("Nhã", 1), ("Đan", 1),
)  # fmt: skip
# The second syllable of a four-syllable woman's name: "Thị Hồng Nhung", "Thị Như Quỳnh".
FEMALE_SECOND_MIDDLE = _words(
    "Hồng Thu Ngọc Kim Mỹ Thanh Bích Như Thùy Thúy Ánh Phương Hoài Diễm Cẩm"
)

# (surname, percent): formats note §8.5 and world_model_facts §1 (the UIT sample's ranks after
# the top 14). North uses Hoàng/Vũ, the Centre and South Huỳnh/Võ (R4 region tags).
_COMMON = (
    ("Nguyễn", 38.4), ("Trần", 11.5), ("Lê", 9.5), ("Phạm", 7.1), ("Phan", 4.5),
    ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0),
    ("Lý", 0.5), ("Trương", 0.8), ("Đoàn", 0.6), ("Đinh", 0.6), ("Trịnh", 0.6), ("Cao", 0.5),
    ("Đào", 0.5), ("Mai", 0.5), ("Lương", 0.4), ("Lưu", 0.4), ("Lâm", 0.4), ("Tạ", 0.3),
    ("Hà", 0.4), ("Tô", 0.3), ("Châu", 0.2), ("Quách", 0.2), ("Thái", 0.2), ("Tăng", 0.1),
    ("Vương", 0.2), ("Chu", 0.2), ("Kiều", 0.1), ("Lại", 0.2), ("Khúc", 0.1), ("Mạc", 0.1),
    ("Nghiêm", 0.1), ("Phùng", 0.2), ("Tống", 0.1), ("Triệu", 0.1), ("Văn", 0.1), ("Âu", 0.1),
    ("Bạch", 0.1), ("Giang", 0.1), ("Hứa", 0.1), ("Khổng", 0.1), ("La", 0.1), ("Lã", 0.1),
    ("Lạc", 0.05), ("Lục", 0.05), ("Mã", 0.1), ("Ninh", 0.05), ("Ông", 0.05), ("Quan", 0.05),
    ("Sầm", 0.05), ("Thân", 0.1), ("Tôn", 0.05), ("Từ", 0.1), ("Ưng", 0.03), ("Vi", 0.05),
    ("Viên", 0.03), ("Yên", 0.03), ("Doãn", 0.05), ("Diệp", 0.05), ("Kim", 0.05),
    ("Cù", 0.05), ("Khương", 0.05), ("Lò", 0.03), ("Nông", 0.03), ("Phí", 0.05), ("Thạch", 0.03),
)  # fmt: skip
SURNAMES_NORTH: tuple[tuple[str, float], ...] = (*_COMMON, ("Hoàng", 4.6), ("Vũ", 3.5),
                                                  ("Huỳnh", 0.2), ("Võ", 0.3))  # fmt: skip
SURNAMES_SOUTH: tuple[tuple[str, float], ...] = (*_COMMON, ("Huỳnh", 3.8), ("Võ", 3.2),
                                                  ("Hoàng", 1.0), ("Vũ", 0.5))  # fmt: skip
