"""Dossier (hồ sơ TTHC) lifecycles on the simulated clock, in the DVCQG TrangThaiHoSo vocabulary.

A dossier's whole future is planned when it is received (a pure function of its random stream):
a timeline of ``(moment, status)`` events. Its state at any simulated moment is the last event not
after that moment, so advancing the clock moves it along — received, processing, paused for
documents or fees, rejected, withdrawn, stopped, has result, returned — without any background
task. "Quá hạn" is not a status: it is derived from ``NgayHenTra``. Every human step happens
in office hours on a working day (``calendar.add_office_seconds``: public holidays included),
and the time limit counts working days (``calendar.due_at``).

Dossiers are numbered per day like DVCQG's ``MaHoSo``: ``{mã đơn vị}-{yyMMdd}-{NNNN}``. A
working day has a seeded number of dossiers received in office hours; a day off only the few
filed online, at any hour of the day. A range of days can be listed without storing anything.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Generic, TypeVar

from mock_registries.clock import VIETNAM_TZ
from mock_registries.data.identity import digest_int, rng_for
from mock_registries.world.calendar import (
    add_office_seconds,
    add_working_days,
    due_at,
    is_working_day,
    office_moment,
    office_seconds,
)

__all__ = ["STATUS_NAMES", "DailyNumbering", "Event", "Lifecycle", "SlotDossiers", "plan_lifecycle"]

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
_HOUR = 3600
_ONLINE_FROM, _ONLINE_HOURS = time(6, 0), 16


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


def _after(moment: datetime, seconds: float) -> datetime:
    return add_office_seconds(moment, seconds)


def plan_lifecycle(rng: random.Random, received: datetime, working_days: int) -> Lifecycle:
    """A realistic future for a dossier received at ``received`` with a legal time limit."""
    due = due_at(received, working_days)
    accepted = _after(received, rng.randint(5 * 60, 4 * _HOUR))
    events = [Event(received, TIEP_NHAN if rng.random() < 0.5 else MOI_DANG_KY)]
    outcome = rng.random()
    if outcome < 0.05:
        return Lifecycle(received, due, (*events, Event(accepted, KHONG_TIEP_NHAN)))
    if events[0].status == MOI_DANG_KY:
        events.append(Event(accepted, TIEP_NHAN))
    moment = _after(accepted, rng.randint(_HOUR, 8 * _HOUR))
    events.append(Event(moment, DANG_XU_LY))
    span = max(_HOUR, office_seconds(moment, due))
    if outcome < 0.09:
        stop = _after(moment, rng.uniform(0.1, 0.6) * span)
        final = RUT_HO_SO if outcome < 0.07 else DUNG_XU_LY
        return Lifecycle(received, due, (*events, Event(stop, final)))
    if outcome < 0.22:
        pause = BO_SUNG if outcome < 0.18 else NGHIA_VU_TAI_CHINH
        paused_at = _after(moment, rng.uniform(0.1, 0.5) * span)
        events.append(Event(paused_at, pause))
        back = add_working_days(paused_at.date(), rng.randint(1, 5))
        moment = max(paused_at, office_moment(back, rng.random()))
        events.append(Event(moment, DANG_XU_LY))
        due = due_at(moment, max(1, working_days // 2))
        span = max(_HOUR, office_seconds(moment, due))
    late = outcome > 0.88
    fraction = rng.uniform(1.05, 1.6) if late else rng.uniform(0.3, 0.97)
    done = _after(moment, fraction * span)
    events.append(Event(done, DA_XU_LY_XONG))
    events.append(Event(_after(done, rng.randint(_HOUR, 16 * _HOUR)), DA_TRA_KET_QUA))
    return Lifecycle(received, due, tuple(events))


@dataclass(frozen=True, slots=True)
class DailyNumbering:
    """Per-day dossier numbers of one receiving unit: ``{unit}-{yyMMdd}-{NNNN}``."""

    seed: int
    unit: str
    low: int
    high: int

    def count(self, day: date) -> int:
        span = self.high - self.low + 1
        daily = self.low + digest_int(self.seed, f"count:{self.unit}", day.isoformat()) % span
        return daily if is_working_day(day) else daily // 6

    def code(self, day: date, number: int) -> str:
        return f"{self.unit}-{day:%y%m%d}-{number:04d}"

    def parse(self, code: str) -> tuple[date, int] | None:
        """(day, number) of a dossier code of this unit that was issued, else ``None``."""
        prefix = f"{self.unit}-"
        if not code.startswith(prefix) or len(code) != len(prefix) + 11:
            return None
        day_text, dash, number_text = code[len(prefix) :].partition("-")
        if dash != "-" or not (day_text + number_text).isdigit() or not day_text.isascii():
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
        """Numbers follow arrival order: through office hours, or (a day off) online."""
        count = max(self.count(day), 1)
        rng = rng_for(self.seed, f"arrival:{self.unit}", f"{day}:{number}")
        position = (number - 1 + rng.uniform(0, 0.9)) / count
        if is_working_day(day):
            return office_moment(day, position)
        start = datetime.combine(day, _ONLINE_FROM, tzinfo=VIETNAM_TZ)
        return start + timedelta(seconds=int(position * _ONLINE_HOURS * _HOUR))

    def received(self, code: str, now: datetime) -> tuple[date, int, datetime] | None:
        """(day, number, arrival) of dossier ``code``; None if no such number or not yet."""
        parsed = self.parse(code)
        if parsed is None:
            return None
        received = self.received_at(*parsed)
        return (*parsed, received) if received <= now else None

    def between(self, start: datetime, end: datetime) -> list[tuple[date, int]]:
        """(day, number) of the dossiers received in ``[start, end]``, in arrival order."""
        found: list[tuple[date, int]] = []
        day = start.astimezone(VIETNAM_TZ).date()
        while day <= end.astimezone(VIETNAM_TZ).date():
            for number in range(1, self.count(day) + 1):
                if start <= self.received_at(day, number) <= end:
                    found.append((day, number))
            day += timedelta(days=1)
        return found


D = TypeVar("D")
K = TypeVar("K")


class SlotDossiers(Generic[D, K]):
    """A registry's dossiers numbered per day: a dossier is a (day, number) slot, found by its
    code, by a time range, or by the key it is about (``slot_of``: an enterprise, a holder)."""

    numbering: DailyNumbering
    at_slot: Callable[[date, int], D | None]
    lifecycle: Callable[[date, int], Lifecycle]

    def slot_of(self, key: K) -> tuple[date, int] | None:
        raise NotImplementedError

    def get(self, code: str, now: datetime) -> D | None:
        """The dossier ``code`` if it exists and was received by ``now``."""
        found = self.numbering.received(code, now)
        return None if found is None else self.at_slot(found[0], found[1])

    def between(self, start: datetime, end: datetime) -> list[D]:
        """Dossiers received in ``[start, end]``, in arrival order."""
        found = (self.at_slot(day, number) for day, number in self.numbering.between(start, end))
        return [dossier for dossier in found if dossier is not None]

    def approved(self, key: K, at: datetime) -> date | None:
        """The day the dossier about ``key`` was approved, if it was by ``at``."""
        slot = self.slot_of(key)
        if slot is None or self.numbering.received_at(*slot) > at:
            return None
        # The lifecycle first: validating the slot builds what the dossier is about as received,
        # which asks this again for a moment before any approval — no loop.
        done = self.lifecycle(*slot).first(DA_XU_LY_XONG, at)
        if done is None or self.at_slot(*slot) is None:
            return None
        return done.date()
