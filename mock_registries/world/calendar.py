"""Working days, public holidays and office hours of Vietnamese state offices.

Holidays (Bộ luật Lao động 2019 Điều 112; world_model_facts §9.1): 1/1; Tết Âm lịch, five days —
modelled as the last day of the lunar year and mùng 1–4, the usual arrangement; Giỗ Tổ Hùng
Vương (10/3 lunar); 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day (from 2021, partner by
weekday as the ``holidays`` package encodes it). A holiday on a Saturday or Sunday gives a
compensatory day: the next working day (Điều 112 k3). Lunar dates come from ``lunar-vn`` (Hồ
Ngọc Đức's algorithm at UTC+7; the ``holidays`` package builds Tết on the Chinese calendar,
which differs in years such as 1985 and 2007). The yearly make-up Saturdays the Prime Minister
declares are not modelled [INF].

Office hours (QĐ 188/1999/QĐ-TTg, a 40-hour Monday–Friday week): 7:30–11:30 and 13:00–17:00.
Hộ tịch files received after 15:00 count from the next working day (Luật Hộ tịch Điều 5 k3).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from lunar_vn import LunarDate, lunar_to_solar

from mock_registries.clock import VIETNAM_TZ

__all__ = [
    "AFTERNOON",
    "CUTOFF",
    "MORNING",
    "add_office_seconds",
    "add_working_days",
    "due_at",
    "holidays",
    "is_working_day",
    "next_office_moment",
    "next_working_day",
    "office_moment",
    "office_seconds",
    "prepare_calendar",
    "previous_working_day",
    "receipt_day",
]

MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 0), time(17, 0))
CUTOFF = time(15, 0)
_OFFICE_SECONDS = 8 * 3600
_DAY = timedelta(days=1)
# Quốc khánh partner day by the weekday of 2/9 (Monday = 0).
_NATIONAL_DAY_PARTNER = {0: 1, 1: -1, 2: -1, 3: 1, 4: -1, 5: -1, 6: 1}


@lru_cache(maxsize=1024)
def holidays(year: int) -> frozenset[date]:
    """The days off of ``year``, compensatory days included (lunar ones for 1900–2100, the
    range ``lunar-vn`` supports; the world's far-future dates only need the solar ones)."""
    fixed = [date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)]
    if 1900 <= year <= 2100:
        new_year = lunar_to_solar(LunarDate(1, 1, year))
        fixed += [new_year + timedelta(days=offset) for offset in range(-1, 4)]
        fixed.append(lunar_to_solar(LunarDate(10, 3, year)))
    if year >= 2021:
        national = date(year, 9, 2)
        fixed.append(national + timedelta(days=_NATIONAL_DAY_PARTNER[national.weekday()]))
    days = set(fixed)
    for day in sorted(fixed):
        if day.weekday() >= 5:
            extra = day + _DAY
            while extra.weekday() >= 5 or extra in days:
                extra += _DAY
            days.add(extra)
    return frozenset(days)


# Every day from 1899 to 2300 as one byte (1: a working day), built once per process on first
# use: a look-up asks about several days, and a byte read is far cheaper than a weekday and a
# set look-up (days outside the range take the long way).
_FIRST = date(1899, 1, 1).toordinal()
_LAST_YEAR = 2300
_WORK = bytearray()


def _working_table() -> bytearray:
    if not _WORK:
        days = date(_LAST_YEAR + 1, 1, 1).toordinal() - _FIRST
        monday = 7 - date.fromordinal(_FIRST).weekday()  # offset of the first Monday
        week = bytes((1, 1, 1, 1, 1, 0, 0))
        table = bytearray(week[(7 - monday) % 7 :] + week * (days // 7 + 1))[:days]
        for year in range(1899, _LAST_YEAR + 1):
            for day in holidays(year):
                if 0 <= day.toordinal() - _FIRST < days:
                    table[day.toordinal() - _FIRST] = 0
        _WORK[:] = table
    return _WORK


def prepare_calendar() -> None:
    """Build the working-day table now (a world's set-up), not during a look-up."""
    _working_table()


def is_working_day(day: date) -> bool:
    index = day.toordinal() - _FIRST
    table = _WORK or _working_table()
    if 0 <= index < len(table):
        return table[index] == 1
    return day.weekday() < 5 and day not in holidays(day.year)


def next_working_day(day: date, *, inclusive: bool = True) -> date:
    """``day`` itself when it is a working day and ``inclusive``, else the next one."""
    index = day.toordinal() - _FIRST
    table = _WORK or _working_table()
    step = 0 if inclusive else 1
    if 0 <= index and index + step + 30 < len(table):  # no run of days off is that long
        while not table[index + step]:
            step += 1
        return day if step == 0 else day + timedelta(days=step)
    current = day if inclusive else day + _DAY
    while not is_working_day(current):
        current += _DAY
    return current


def previous_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the last one before it."""
    index = day.toordinal() - _FIRST
    table = _WORK or _working_table()
    if 30 <= index < len(table):
        step = 0
        while not table[index - step]:
            step += 1
        return day if step == 0 else day - timedelta(days=step)
    current = day
    while not is_working_day(current):
        current -= _DAY
    return current


def add_working_days(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day`` (``day`` itself for 0)."""
    current = day
    for _ in range(count):
        current = next_working_day(current, inclusive=False)
    return current


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=VIETNAM_TZ)


def office_moment(day: date, fraction: float) -> datetime:
    """The moment ``fraction`` (0–1) of the way through ``day``'s office hours."""
    minute = int(max(0.0, min(fraction, 0.9999)) * 480)  # 8 office hours
    start = 450 if minute < 240 else 780  # 7:30, or 13:00 after the 4 morning hours
    minute = start + minute % 240
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=VIETNAM_TZ)


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def next_office_moment(moment: datetime) -> datetime:
    """``moment`` if an office is open then, else the next opening."""
    local = moment.astimezone(VIETNAM_TZ)
    day, clock = local.date(), local.timetz().replace(tzinfo=None)
    if is_working_day(day):
        for start, end in (MORNING, AFTERNOON):
            if clock < start:
                return _at(day, start)
            if clock < end:
                return local
    return _at(next_working_day(day, inclusive=False), MORNING[0])


def add_office_seconds(moment: datetime, seconds: float) -> datetime:
    """``moment`` moved forward by ``seconds`` of office time (a human step's duration)."""
    current = next_office_moment(moment)
    left = max(0.0, seconds)
    while True:
        clock = current.timetz().replace(tzinfo=None)
        end = MORNING[1] if clock < MORNING[1] else AFTERNOON[1]
        room = (_at(current.date(), end) - current).total_seconds()
        if left <= room:
            return current + timedelta(seconds=left)
        left -= room
        current = next_office_moment(_at(current.date(), end))


def office_seconds(start: datetime, end: datetime) -> float:
    """Office time between ``start`` and ``end`` (0 if ``end`` is not after ``start``)."""
    total = 0.0
    day = start.astimezone(VIETNAM_TZ).date()
    last = end.astimezone(VIETNAM_TZ).date()
    while day <= last:
        if is_working_day(day):
            for opens, closes in (MORNING, AFTERNOON):
                low = max(start, _at(day, opens))
                high = min(end, _at(day, closes))
                total += max(0.0, (high - low).total_seconds())
        day += _DAY
    return total


def receipt_day(received: datetime) -> date:
    """Day 0 of a time limit: the receipt day, or the next working day when the file came
    after 15:00 or outside working days (Luật Hộ tịch Điều 5 k3; world_model_facts §9.2)."""
    local = received.astimezone(VIETNAM_TZ)
    day = local.date()
    if not is_working_day(day) or local.timetz().replace(tzinfo=None) >= CUTOFF:
        return next_working_day(day, inclusive=False)
    return day


def due_at(received: datetime, working_days: int) -> datetime:
    """NgayHenTra: day 0 plus ``working_days`` working days, at 17:00 (§9.2)."""
    return _at(add_working_days(receipt_day(received), working_days), AFTERNOON[1])
