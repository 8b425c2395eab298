"""Civil-status dossiers filed during a run and their liên thông legs.

A dossier is received, processed by a human in office hours (``calendar.add_office_seconds``),
and registered; the ministry's statuses (formats note §5.1–5.2) follow from its moments:
1 đã tiếp nhận, chờ xử lý → 3 đủ điều kiện, đang xử lý → 4 đã hoàn thành đăng ký. Invalid
declarations are refused when filed (``errors.Rejected``), as the ministry's API answers 500
DATA_INCORRECT, so no stored dossier is ever in status 6.

Đề án 06 packages (world_model_facts §8.3) add legs run by other systems:

- khai sinh → thường trú (police, ≤2 working days) → thẻ BHYT (Social Security);
- khai tử → xóa đăng ký thường trú (police) → mai táng phí / tử tuất (Social Security or the
  social-affairs office).

The world mocks hộ tịch and dân cư, so the thường trú legs complete here; BHYT and funeral
benefits belong to systems it does not mock: those legs end, explicitly, in ``HANDED_OVER``
at the moment the package reaches them, and nothing further is simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mock_registries.world.events import Event, residence_done
from mock_registries.world.settings import Delays

__all__ = ["BIRTH", "DEATH", "MARRIAGE", "CivilDossier", "Leg", "LegState"]

BIRTH, DEATH, MARRIAGE = "KS", "KT", "KH"
RECEIVED, PROCESSING, REGISTERED = 1, 3, 4
STATUS_NAMES = {
    RECEIVED: "Đã tiếp nhận, chờ xử lý",
    PROCESSING: "Đủ điều kiện giải quyết, đang xử lý",
    REGISTERED: "Đã hoàn thành đăng ký",
}
PENDING, DONE, HANDED_OVER = "PENDING", "DONE", "HANDED_OVER"


@dataclass(frozen=True, slots=True)
class Leg:
    """One step of a liên thông package: which system runs it and what it does."""

    code: str
    system: str
    title: str
    external: bool


HO_TICH_BIRTH = Leg("KHAI_SINH", "Bộ Tư pháp (hộ tịch)", "Đăng ký khai sinh", False)
RESIDENCE = Leg("THUONG_TRU", "Bộ Công an (cư trú)", "Đăng ký thường trú cho trẻ", False)
HEALTH_CARD = Leg("BHYT", "Bảo hiểm xã hội Việt Nam", "Cấp thẻ BHYT cho trẻ dưới 6 tuổi", True)
HO_TICH_DEATH = Leg("KHAI_TU", "Bộ Tư pháp (hộ tịch)", "Đăng ký khai tử", False)
REMOVAL = Leg("XOA_THUONG_TRU", "Bộ Công an (cư trú)", "Xóa đăng ký thường trú", False)
FUNERAL = Leg(
    "MAI_TANG_PHI", "BHXH / Phòng Lao động – Thương binh và Xã hội", "Trợ cấp mai táng phí", True
)
HO_TICH_MARRIAGE = Leg("KET_HON", "Bộ Tư pháp (hộ tịch)", "Đăng ký kết hôn", False)
PACKAGES = {
    BIRTH: (HO_TICH_BIRTH, RESIDENCE, HEALTH_CARD),
    DEATH: (HO_TICH_DEATH, REMOVAL, FUNERAL),
    MARRIAGE: (HO_TICH_MARRIAGE,),
}


@dataclass(frozen=True, slots=True)
class LegState:
    leg: Leg
    state: str  # PENDING, DONE or HANDED_OVER
    at: datetime | None


@dataclass(frozen=True, slots=True)
class CivilDossier:
    code: str
    kind: str  # KS, KT, KH
    one_stop_code: str | None  # maHoSoMCDT, the provincial one-stop number
    lien_thong: bool
    received_at: datetime
    processing_from: datetime
    event: Event

    @property
    def registered_at(self) -> datetime:
        return self.event.registered_at

    def status(self, now: datetime) -> int:
        """The ministry's trangThai at ``now`` (1, 3 or 4)."""
        if now >= self.registered_at:
            return REGISTERED
        return PROCESSING if now >= self.processing_from else RECEIVED

    def legs(self, now: datetime, delays: Delays) -> tuple[LegState, ...]:
        """Each leg's state at ``now`` (only the first leg unless filed as liên thông)."""
        legs = PACKAGES[self.kind] if self.lien_thong else PACKAGES[self.kind][:1]
        states = []
        for leg in legs:
            if leg.code in ("THUONG_TRU", "XOA_THUONG_TRU"):
                at = residence_done(self.registered_at, delays)
            else:
                at = self.registered_at
            if at > now:
                states.append(LegState(leg, PENDING, None))
            else:
                states.append(LegState(leg, HANDED_OVER if leg.external else DONE, at))
        return tuple(states)
