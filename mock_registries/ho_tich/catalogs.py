"""The catalogues ``danhMuc`` serves (``loaiDanhMuc`` 1–5) and the BTP codes of the contract.

Ethnic groups follow the GSO list (QĐ 121-TCTK/PPCĐ, 54 groups); provinces are the pre-2025 GSO
codes the other mocks use. The nationality, country and identity-paper lists are short samples
(BTP's full lists are not public).
"""

from __future__ import annotations

from mock_registries.data.admin_units import PROVINCES

__all__ = ["CATALOGUES", "CATALOGUE_NAMES", "ERRORS", "STATUSES"]

# errorCode → (name, Vietnamese meaning), as the ministry's connection guide lists them.
ERRORS: dict[str, tuple[str, str]] = {
    "100": ("AUTHEN_ERROR", "Lỗi xác thực"),
    "101": ("IP_DISALLOWED", "Địa chỉ IP không được phép truy cập"),
    "106": ("AGENCY_ID_INCORRECT", "Mã đơn vị không đúng"),
    "108": ("PROVINCE_ID_INCORRECT", "Mã tỉnh không đúng"),
    "200": ("RECORD_UNCOMPLETE", "Hồ sơ chưa hoàn thành"),
    "201": ("RECORD_NOT_FOUND", "Không tìm thấy hồ sơ"),
    "302": ("DATA_TYPE_INVALID", "Kiểu dữ liệu không hợp lệ"),
    "500": ("DATA_INCORRECT", "Dữ liệu không chính xác"),
}
# trangThai of a registration at the ministry.
STATUSES: dict[str, str] = {
    "1": "Đã tiếp nhận, chờ xử lý",
    "2": "Cần bổ sung thông tin",
    "3": "Đủ điều kiện giải quyết",
    "4": "Đã hoàn thành đăng ký",
    "6": "Từ chối tiếp nhận",
}

_ETHNIC = (
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai", "Ngái",
    "Ê-đê", "Ba Na", "Xơ-Đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
    "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú",
    "Co", "Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha",
    "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Co Lao", "Cống", "Bố Y",
    "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ-măm",
)  # fmt: skip
_COUNTRIES = (
    ("VN", "Việt Nam"), ("LA", "Lào"), ("KH", "Campuchia"), ("CN", "Trung Quốc"),
    ("KR", "Hàn Quốc"), ("JP", "Nhật Bản"), ("TW", "Đài Loan (Trung Quốc)"), ("US", "Hoa Kỳ"),
    ("FR", "Pháp"), ("DE", "Đức"), ("AU", "Ô-xtrây-li-a"), ("TH", "Thái Lan"),
)  # fmt: skip
_PAPERS = (
    ("1", "Chứng minh nhân dân"), ("2", "Căn cước công dân"), ("3", "Hộ chiếu"),
    ("4", "Thẻ căn cước"), ("5", "Giấy tờ khác"),
)  # fmt: skip

CATALOGUE_NAMES = {
    "1": "Quốc tịch",
    "2": "Quốc gia",
    "3": "Dân tộc",
    "4": "Địa danh hành chính cấp tỉnh",
    "5": "Giấy tờ tùy thân",
}
CATALOGUES: dict[str, tuple[tuple[str, str], ...]] = {
    "1": tuple((code, f"Quốc tịch {name}") for code, name in _COUNTRIES),
    "2": _COUNTRIES,
    "3": tuple((f"{i:02d}", name) for i, name in enumerate(_ETHNIC, start=1)),
    "4": tuple((f"{p.code:02d}", p.name) for p in PROVINCES),
    "5": _PAPERS,
}
