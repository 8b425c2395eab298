"""Dossier (hồ sơ TTHC) lifecycles on the simulated clock, in the DVCQG TrangThaiHoSo vocabulary.

A dossier's whole future is planned when it is received (a pure function of its random stream):
a timeline of ``(moment, status)`` events. Its state at any simulated moment is the last event not
after that moment, so advancing :class:`~mock_registries.clock.Clock` moves it along — received,
processing, paused for documents or fees, rejected, withdrawn, stopped, has result, returned —
without any background task. "Quá hạn" is not a status: it is derived from ``NgayHenTra``.

Generated dossiers are numbered per day like DVCQG's ``MaHoSo``:
``{mã đơn vị}-{yyMMdd}-{NNNN}``; a day has a seeded number of dossiers received in office hours,
so a range of days can be listed (paged) without storing anything.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mock_registries.clock import VIETNAM_TZ
from mock_registries.data.identity import digest_int, rng_for

__all__ = [
    "STATUS_NAMES",
    "DailyNumbering",
    "Event",
    "Lifecycle",
    "add_working_days",
    "lifecycle_fields",
    "plan_lifecycle",
]

MOI_DANG_KY, TIEP_NHAN, KHONG_TIEP_NHAN, DANG_XU_LY = 1, 2, 3, 4
BO_SUNG, NGHIA_VU_TAI_CHINH, RUT_HO_SO, DUNG_XU_LY = 5, 6, 7, 8
DA_XU_LY_XONG, DA_TRA_KET_QUA = 9, 10

STATUS_NAMES: dict[int, str] = {
    MOI_DANG_KY: "Mới đăng ký",
    TIEP_NHAN: "Được tiếp nhận",
    KHONG_TIEP_NHAN: "Không được tiếp nhận",
    DANG_XU_LY: "Đang xử lý",
    BO_SUNG: "Yêu cầu bổ sung giấy tờ",
    NGHIA_VU_TAI_CHINH: "Yêu cầu thực hiện nghĩa vụ tài chính",
    RUT_HO_SO: "Công dân yêu cầu rút hồ sơ",
    DUNG_XU_LY: "Dừng xử lý",
    DA_XU_LY_XONG: "Đã xử lý xong",
    DA_TRA_KET_QUA: "Đã trả kết quả",
}
_FINISHED = frozenset({KHONG_TIEP_NHAN, RUT_HO_SO, DUNG_XU_LY, DA_XU_LY_XONG, DA_TRA_KET_QUA})
_OFFICE_OPEN = time(7, 30)
_OFFICE_SECONDS = 9 * 3600


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` plus ``days`` working days (Monday–Friday), at 17:00: a NgayHenTra."""
    current = start.date()
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return datetime.combine(current, time(17, 0), tzinfo=start.tzinfo)


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    status: int

    @property
    def name(self) -> str:
        return STATUS_NAMES[self.status]


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """The planned timeline of one dossier."""

    received: datetime
    due: datetime
    events: tuple[Event, ...]

    def history(self, now: datetime) -> list[Event]:
        return [e for e in self.events if e.at <= now]

    def current(self, now: datetime) -> Event:
        """The state at ``now`` (a dossier not yet received at ``now`` is :data:`MOI_DANG_KY`)."""
        seen = self.history(now)
        return seen[-1] if seen else Event(self.received, MOI_DANG_KY)

    def first(self, status: int, now: datetime) -> datetime | None:
        return next((e.at for e in self.events if e.status == status and e.at <= now), None)

    def overdue(self, now: datetime) -> bool:
        """Past NgayHenTra unfinished, or finished after it (quá hạn)."""
        current = self.current(now)
        if current.status in (KHONG_TIEP_NHAN, RUT_HO_SO):
            return False
        done = self.first(DA_XU_LY_XONG, now)
        if done is not None:
            return done > self.due
        return now > self.due and current.status not in _FINISHED


def plan_lifecycle(rng: random.Random, received: datetime, working_days: int) -> Lifecycle:
    """A realistic future for a dossier received at ``received`` with a legal time limit."""
    due = add_working_days(received, working_days)
    hour = 3600
    accepted = received + timedelta(seconds=rng.randint(5 * 60, 4 * hour))
    events = [Event(received, TIEP_NHAN if rng.random() < 0.5 else MOI_DANG_KY)]
    outcome = rng.random()
    if outcome < 0.05:
        return Lifecycle(received, due, (*events, Event(accepted, KHONG_TIEP_NHAN)))
    if events[0].status == MOI_DANG_KY:
        events.append(Event(accepted, TIEP_NHAN))
    moment = accepted + timedelta(seconds=rng.randint(hour, 8 * hour))
    events.append(Event(moment, DANG_XU_LY))
    span = (due - moment).total_seconds()
    if outcome < 0.07:
        stop = moment + timedelta(seconds=rng.uniform(0.1, 0.6) * span)
        return Lifecycle(received, due, (*events, Event(stop, RUT_HO_SO)))
    if outcome < 0.09:
        stop = moment + timedelta(seconds=rng.uniform(0.1, 0.6) * span)
        return Lifecycle(received, due, (*events, Event(stop, DUNG_XU_LY)))
    if outcome < 0.22:
        pause = BO_SUNG if outcome < 0.18 else NGHIA_VU_TAI_CHINH
        paused_at = moment + timedelta(seconds=rng.uniform(0.1, 0.5) * span)
        events.append(Event(paused_at, pause))
        moment = paused_at + timedelta(days=rng.randint(1, 5))
        events.append(Event(moment, DANG_XU_LY))
        due = add_working_days(moment, max(1, working_days // 2))
        span = (due - moment).total_seconds()
    late = outcome > 0.88
    fraction = rng.uniform(1.05, 1.6) if late else rng.uniform(0.3, 0.97)
    done = moment + timedelta(seconds=fraction * span)
    events.append(Event(done, DA_XU_LY_XONG))
    events.append(
        Event(done + timedelta(seconds=rng.randint(2 * hour, 3 * 24 * hour)), DA_TRA_KET_QUA)
    )
    return Lifecycle(received, due, tuple(events))


@dataclass(frozen=True, slots=True)
class DailyNumbering:
    """Per-day dossier numbers of one receiving unit: ``{unit}-{yyMMdd}-{NNNN}``."""

    seed: int
    unit: str
    low: int
    high: int

    def count(self, day: date) -> int:
        if day.weekday() == 6:
            return 0
        span = self.high - self.low + 1
        daily = self.low + digest_int(self.seed, f"count:{self.unit}", day.isoformat()) % span
        return daily // 3 if day.weekday() == 5 else daily

    def code(self, day: date, number: int) -> str:
        return f"{self.unit}-{day:%y%m%d}-{number:04d}"

    def parse(self, code: str) -> tuple[date, int] | None:
        """(day, number) of a dossier code of this unit that was issued, else ``None``."""
        prefix = f"{self.unit}-"
        if not code.startswith(prefix) or len(code) != len(prefix) + 11:
            return None
        day_text, dash, number_text = code[len(prefix) :].partition("-")
        if (
            dash != "-"
            or not (day_text.isdigit() and number_text.isdigit())
            or not day_text.isascii()
        ):
            return None
        try:
            day = datetime.strptime(day_text, "%y%m%d").date()
        except ValueError:
            return None
        number = int(number_text)
        if not 1 <= number <= self.count(day):
            return None
        return day, number

    def received_at(self, day: date, number: int) -> datetime:
        """Numbers follow arrival order through office hours."""
        count = self.count(day)
        slot = _OFFICE_SECONDS / max(count, 1)
        rng = rng_for(self.seed, f"arrival:{self.unit}", f"{day}:{number}")
        offset = (number - 1) * slot + rng.uniform(0, slot * 0.9)
        return datetime.combine(day, _OFFICE_OPEN, tzinfo=VIETNAM_TZ) + timedelta(seconds=offset)

    def received(self, code: str, now: datetime) -> datetime | None:
        """When dossier ``code`` arrived, or None if no such number or it has not arrived yet."""
        parsed = self.parse(code)
        if parsed is None:
            return None
        received = self.received_at(*parsed)
        return received if received <= now else None

    def between(self, start: datetime, end: datetime) -> list[str]:
        """Codes of dossiers received in ``[start, end]``, in arrival order."""
        codes: list[str] = []
        day = start.date()
        while day <= end.date():
            for number in range(1, self.count(day) + 1):
                if start <= self.received_at(day, number) <= end:
                    codes.append(self.code(day, number))
            day += timedelta(days=1)
        return codes


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y%m%d%H%M%S")


def lifecycle_fields(lifecycle: Lifecycle, now: datetime) -> dict[str, object]:
    """The DVCQG-style status block of a dossier at ``now`` (dates ``yyyyMMddHHmmss``)."""
    current = lifecycle.current(now)
    return {
        "TrangThaiHoSo": str(current.status),
        "TenTrangThaiHoSo": current.name,
        "NgayTiepNhan": _stamp(lifecycle.received),
        "NgayHenTra": _stamp(lifecycle.due),
        "NgayCoKetQua": _stamp(lifecycle.first(DA_XU_LY_XONG, now)),
        "NgayTraKetQua": _stamp(lifecycle.first(DA_TRA_KET_QUA, now)),
        "NgayTuChoi": _stamp(lifecycle.first(KHONG_TIEP_NHAN, now)),
        "QuaHan": lifecycle.overdue(now),
        "LichSuXuLy": [
            {
                "TrangThaiHoSo": str(e.status),
                "TenTrangThaiHoSo": e.name,
                "ThoiDiemXuLy": _stamp(e.at),
            }
            for e in lifecycle.history(now)
        ],
    }
