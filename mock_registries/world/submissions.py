"""Dossiers a province submits to the national business-registration system during a run
(ĐKDN ``nopHoSo``, liên thông from its one-stop system), filed in the world like the hộ tịch
registrations of ``flows``.

A submission names a world enterprise (``MaSoDoanhNghiep``): it must exist, be a doanh nghiệp or
HTX (a hộ kinh doanh registers at the commune, not here) and be active. It is numbered on the
unit's day after the register's own dossiers (``{UNIT}-yyMMdd-NNNN``, NNNN above the day's
generated count, so the two never collide) and its whole future is planned at receipt, on the
simulated clock: the officer accepts it and starts processing in office hours (public holidays
included, ``calendar.add_office_seconds``); a file without components is sent back for them
(Yêu cầu bổ sung) and resumes once they arrive (``Delays.supplement_working_days``, the time
limit counting again from then); it is approved within the three legal working days
(Nghị định 01/2021/NĐ-CP) and the result returned a few office hours later. Once approved the
enterprise's ``LAST_AMEND_DATE`` and change count show it (``World`` feeds ``approved_days`` to
``Companies``).

Only amendments: a founding dossier would name an enterprise the lazily generated world does not
know in advance (left out, as for the register's own dossiers). The store is this process's
memory, bounded by ``max_stored_dossiers``, exactly as hộ tịch's (docs/workers.md).
"""

from __future__ import annotations

import threading
from bisect import insort
from dataclasses import dataclass
from datetime import date, datetime

from mock_registries.data.identity import rng_for
from mock_registries.world.business_dossiers import (
    LEGAL_WORKING_DAYS,
    PROCEDURES,
    UNIT,
    BusinessDossier,
    BusinessDossiers,
    DossierFile,
    Procedure,
)
from mock_registries.world.calendar import (
    add_office_seconds,
    add_working_days,
    due_at,
    office_moment,
    office_seconds,
)
from mock_registries.world.errors import Duplicate, Rejected, StoreFull
from mock_registries.world.lifecycles import (
    BO_SUNG,
    DA_TRA_KET_QUA,
    DA_XU_LY_XONG,
    DANG_XU_LY,
    MOI_DANG_KY,
    TIEP_NHAN,
    Event,
    Lifecycle,
)
from mock_registries.world.settings import Delays

__all__ = ["BusinessSubmission", "Submissions"]

_HOUR = 3600


@dataclass(frozen=True, slots=True)
class BusinessSubmission:
    """What the one-stop system sends (``nopHoSo``), checked by the ĐKDN view for its form."""

    one_stop_code: str  # MaHoSoMCDT
    procedure_code: str  # MaTTHC
    document_type: str  # LoaiHoSo
    enterprise_code: str  # MaSoDoanhNghiep
    components: tuple[str, ...]  # ThanhPhanHoSo


def plan_submission(seed: int, code: str, received: datetime, complete: bool,
                    delays: Delays) -> Lifecycle:  # fmt: skip
    """The future of a submitted dossier: accepted, processed in office hours, sent back for
    components when it has none, approved within the time limit, result returned."""
    rng = rng_for(seed, "dkdn-submitted", code)
    due = due_at(received, LEGAL_WORKING_DAYS)
    accepted = add_office_seconds(received, rng.randint(10 * 60, 2 * _HOUR))
    moment = add_office_seconds(accepted, rng.randint(_HOUR, 4 * _HOUR))
    events = [Event(received, MOI_DANG_KY), Event(accepted, TIEP_NHAN), Event(moment, DANG_XU_LY)]
    if not complete:
        asked = add_office_seconds(moment, rng.randint(_HOUR // 2, 2 * _HOUR))
        back_day = add_working_days(asked.date(), delays.supplement_working_days)
        moment = max(asked, office_moment(back_day, rng.uniform(0.05, 0.5)))
        events += [Event(asked, BO_SUNG), Event(moment, DANG_XU_LY)]
        due = due_at(moment, LEGAL_WORKING_DAYS)
    span = max(_HOUR, office_seconds(moment, due))
    done = add_office_seconds(moment, rng.uniform(0.3, 0.9) * span)
    returned = add_office_seconds(done, rng.randint(_HOUR, 6 * _HOUR))
    events += [Event(done, DA_XU_LY_XONG), Event(returned, DA_TRA_KET_QUA)]
    return Lifecycle(received, due, tuple(events))


def _procedure(submission: BusinessSubmission, kind: str) -> Procedure:
    """The TTHC as the national catalogue names it when known, else as the province sent it."""
    known = PROCEDURES.get(submission.procedure_code)
    components = submission.components or (known.components if known else ())
    if known is not None:
        return Procedure(known.code, known.name, submission.document_type, components,
                         known.result)  # fmt: skip
    result = "Giấy xác nhận về việc thay đổi nội dung đăng ký " + (
        "hợp tác xã" if kind == "HTX" else "doanh nghiệp"
    )
    return Procedure(
        submission.procedure_code, submission.document_type, submission.document_type,
        components, result,
    )  # fmt: skip


class Submissions:
    """The run's submitted dossiers: by code, by one-stop code, in arrival order."""

    def __init__(self, desk: BusinessDossiers, capacity: int) -> None:
        self.desk = desk
        self.capacity = capacity
        self.by_code: dict[str, BusinessDossier] = {}
        self.by_one_stop: dict[str, str] = {}
        self.filed: list[BusinessDossier] = []  # in the order they were filed
        self._per_day: dict[date, int] = {}
        self._approved: dict[str, list[datetime]] = {}
        self.lock = threading.RLock()

    def __len__(self) -> int:
        return len(self.filed)

    def submit(self, submission: BusinessSubmission, now: datetime,
               delays: Delays) -> BusinessDossier:  # fmt: skip
        with self.lock:
            existing = self.by_one_stop.get(submission.one_stop_code)
            if existing is not None:
                message = f"Hồ sơ {submission.one_stop_code[:40]} đã được tiếp nhận."
                raise Duplicate(message, existing)
            if len(self.filed) >= self.capacity:
                raise StoreFull(
                    "Hệ thống đã đạt giới hạn lưu trữ hồ sơ trong phiên chạy; vui lòng thử lại sau."
                )
            enterprise = self.desk.companies.enterprise(submission.enterprise_code, now)
            if enterprise is None:
                raise Rejected("Không tìm thấy doanh nghiệp với mã số đã nộp.", "KHONG_TIM_THAY")
            if enterprise.kind == "HKD":
                raise Rejected(
                    "Hộ kinh doanh đăng ký tại cấp xã, không nộp qua hệ thống này.",
                    "KHONG_THUOC_THAM_QUYEN",
                )
            if enterprise.status_code != "1":
                raise Rejected(
                    f"Doanh nghiệp đang ở tình trạng {enterprise.status_name.lower()}.",
                    "DOANH_NGHIEP_KHONG_HOAT_DONG",
                )
            day = now.date()
            number = self.desk.numbering.count(day) + self._per_day.get(day, 0) + 1
            code = f"{UNIT}-{day:%y%m%d}-{number:04d}"
            lifecycle = plan_submission(
                self.desk.seed, code, now, bool(submission.components), delays
            )
            procedure = _procedure(submission, enterprise.kind)
            dossier = BusinessDossier(
                code=code, kind=enterprise.kind, procedure=procedure, enterprise=enterprise,
                lifecycle=lifecycle,
                components=tuple(
                    DossierFile(f"{code}.TP{i}", f"{name}.pdf", f"TP{i}")
                    for i, name in enumerate(procedure.components, start=1)
                ),
                results=(DossierFile(f"{code}.KQ1", f"{procedure.result}.pdf", "KQ1"),),
                internal_code=f"{enterprise.enterprise_id % 10**7:07d}",
                online=True, one_stop_code=submission.one_stop_code,
            )  # fmt: skip
            self._per_day[day] = self._per_day.get(day, 0) + 1
            self.by_code[code] = dossier
            self.by_one_stop[submission.one_stop_code] = code
            self.filed.append(dossier)
            approved = lifecycle.first(DA_XU_LY_XONG, lifecycle.events[-1].at)
            assert approved is not None  # every submission is planned to approval
            insort(self._approved.setdefault(enterprise.code, []), approved)
            return dossier

    def get(self, code: str, now: datetime) -> BusinessDossier | None:
        found = self.by_code.get(code)
        return found if found is not None and found.lifecycle.received <= now else None

    def between(self, start: datetime, end: datetime) -> list[BusinessDossier]:
        return [d for d in self.filed if start <= d.lifecycle.received <= end]

    def approved_days(self, code: str, at: datetime) -> tuple[date, ...]:
        """The days submitted amendments of enterprise ``code`` were approved, by ``at``."""
        return tuple(m.date() for m in self._approved.get(code, ()) if m <= at)
