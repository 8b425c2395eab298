"""Civil-status dossiers filed during a run and their liên thông legs.

A dossier is received, processed by a human in office hours (``calendar.add_office_seconds``),
and decided; the ministry's statuses (formats note §5.1–5.2) follow from its moments:

    1 đã tiếp nhận, chờ xử lý → 3 đủ điều kiện, đang xử lý → 4 đã hoàn thành đăng ký
                                 ↘ 2 cần bổ sung (papers asked for) → 3 → 4
                                 ↘ 6 từ chối (decided against)

Declarations that break a rule on their face are refused when filed (``errors.Rejected``), as
the ministry's API answers 500 DATA_INCORRECT. A dossier filed without the requester's identity
papers is sent back for them at the start of processing (status 2) and resumes once they
arrive (``Delays.supplement_working_days``); the time limit counts again from then. One that
conflicts with a dossier still being processed (a second khai tử for the same person, a
marriage of someone whose other marriage is pending) is refused at its decision (status 6):
its event never happens.

Đề án 06 packages (world_model_facts §8.3) add legs run by other systems:

- khai sinh → thường trú (police, ≤2 working days) → thẻ BHYT (Social Security);
- khai tử → xóa đăng ký thường trú (police) → mai táng phí / tử tuất (Social Security or the
  social-affairs office).

The world mocks hộ tịch and dân cư, so the thường trú legs complete here; BHYT and funeral
benefits belong to systems it does not mock: those legs end, explicitly, in ``HANDED_OVER``
at the moment the package reaches them, and nothing further is simulated. A refused dossier's
first leg ends ``REFUSED`` and the others ``CANCELLED``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mock_registries.world.events import Event, residence_done
from mock_registries.world.settings import Delays

__all__ = ["BIRTH", "DEATH", "MARRIAGE", "STATUS_NAMES", "CivilDossier", "Leg", "LegState"]

BIRTH, DEATH, MARRIAGE = "KS", "KT", "KH"
RECEIVED, SUPPLEMENT, PROCESSING, REGISTERED, REFUSED = 1, 2, 3, 4, 6
STATUS_NAMES = {
    RECEIVED: "Đã tiếp nhận, chờ xử lý",
    SUPPLEMENT: "Cần bổ sung thông tin",
    PROCESSING: "Đủ điều kiện giải quyết, đang xử lý",
    REGISTERED: "Đã hoàn thành đăng ký",
    REFUSED: "Từ chối",
}
PENDING, DONE, HANDED_OVER = "PENDING", "DONE", "HANDED_OVER"
REFUSED_LEG, CANCELLED = "REFUSED", "CANCELLED"
SUPPLEMENT_NOTE = "Bổ sung giấy tờ tùy thân của người yêu cầu (nycSoDDCN)"


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
    state: str  # PENDING, DONE, HANDED_OVER, REFUSED or CANCELLED
    at: datetime | None


@dataclass(frozen=True, slots=True)
class CivilDossier:
    code: str
    number: int  # the run's sequence number, from 1
    kind: str  # KS, KT, KH
    office: int | None  # maDonVi: the commune that registers it
    one_stop_code: str | None  # maHoSoMCDT, the provincial one-stop number
    lien_thong: bool
    received_at: datetime
    processing_from: datetime
    event: Event  # what is registered at the decision (never, when refused)
    due_at: datetime  # ngayHenTra
    supplement: tuple[datetime, datetime] | None = None  # papers asked for, papers back
    refusal: str | None = None  # why it is refused at the decision (status 6)

    @property
    def decided_at(self) -> datetime:
        return self.event.registered_at

    @property
    def registered_at(self) -> datetime:
        return self.event.registered_at

    def status(self, now: datetime) -> int:
        """The ministry's trangThai at ``now`` (1, 2, 3, 4 or 6)."""
        return self.status_since(now)[0]

    def status_since(self, now: datetime) -> tuple[int, datetime]:
        """(trangThai at ``now``, the moment it took that value)."""
        if now >= self.decided_at:
            return (REFUSED if self.refusal else REGISTERED), self.decided_at
        if self.supplement is not None:
            asked, back = self.supplement
            if now >= back:
                return PROCESSING, back
            if now >= asked:
                return SUPPLEMENT, asked
        if now >= self.processing_from:
            return PROCESSING, self.processing_from
        return RECEIVED, self.received_at

    def overdue(self, now: datetime) -> bool:
        """QuaHan: decided after ``due_at``, or undecided past it."""
        return min(now, self.decided_at) > self.due_at

    def legs(self, now: datetime, delays: Delays) -> tuple[LegState, ...]:
        """Each leg's state at ``now`` (only the first leg unless filed as liên thông)."""
        legs = PACKAGES[self.kind] if self.lien_thong else PACKAGES[self.kind][:1]
        if self.refusal is not None:
            if now < self.decided_at:
                return tuple(LegState(leg, PENDING, None) for leg in legs)
            first = LegState(legs[0], REFUSED_LEG, self.decided_at)
            return (first, *(LegState(leg, CANCELLED, self.decided_at) for leg in legs[1:]))
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
