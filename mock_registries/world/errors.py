"""Why the world refuses a declaration, as one small tree with stable ``reason`` codes.

    WorldError
    ├── NotFound                 NGUOI_KHONG_TON_TAI      a person named in it does not exist
    ├── Rejected                 (the registrar's refusal; reason says which rule)
    │     reasons: DA_CHET, CHUA_DU_TUOI, DA_KET_HON, CUNG_GIOI_TINH, CUNG_HUYET_THONG,
    │              NGAY_KHONG_HOP_LE, CHA_ME_KHONG_HOP_LE; ĐKDN submissions: KHONG_TIM_THAY,
    │              KHONG_THUOC_THAM_QUYEN, DOANH_NGHIEP_KHONG_HOAT_DONG
    ├── Duplicate                HO_SO_DA_TON_TAI         the one-stop dossier was filed before
    └── StoreFull                KHO_HO_SO_DAY            ``max_stored_dossiers`` reached

Views map ``reason`` to their wire codes (hộ tịch 200/500, HTTP 409/503); messages are
Vietnamese and never carry personal data.
"""

from __future__ import annotations

__all__ = ["Duplicate", "NotFound", "Rejected", "StoreFull", "WorldError"]


class WorldError(Exception):
    reason = "LOI_THE_GIOI"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class NotFound(WorldError):
    reason = "NGUOI_KHONG_TON_TAI"


class Rejected(WorldError):
    reason = "HO_SO_BI_TU_CHOI"


class Duplicate(WorldError):
    reason = "HO_SO_DA_TON_TAI"

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing


class StoreFull(WorldError):
    reason = "KHO_HO_SO_DAY"
