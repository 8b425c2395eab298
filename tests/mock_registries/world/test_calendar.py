from __future__ import annotations

from datetime import date, datetime, timedelta

from mock_registries.clock import VIETNAM_TZ
from mock_registries.world.calendar import (
    add_office_seconds,
    add_working_days,
    due_at,
    holidays,
    is_working_day,
    next_office_moment,
    next_working_day,
    previous_working_day,
    receipt_day,
)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VIETNAM_TZ)


def test_tet_follows_the_vietnamese_lunar_calendar() -> None:
    # 1985 and 2007: Vietnam's Tết differs from China's (UTC+7 vs UTC+8).
    assert date(1985, 1, 21) in holidays(1985) and date(1985, 2, 20) not in holidays(1985)
    assert date(2007, 2, 17) in holidays(2007)
    tet_2025 = {date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30), date(2025, 1, 31)}
    assert tet_2025 <= holidays(2025)


def test_fixed_holidays_gio_to_and_the_national_day_pair() -> None:
    days = holidays(2025)
    assert {date(2025, 1, 1), date(2025, 4, 30), date(2025, 5, 1)} <= days
    assert date(2025, 4, 7) in days  # Giỗ Tổ, 10/3 lunar
    assert {date(2025, 9, 1), date(2025, 9, 2)} <= days  # Tuesday 2/9 pairs with Monday


def test_a_holiday_on_a_weekend_gives_the_next_working_day_off() -> None:
    # 30/4/2022 was a Saturday, 1/5 a Sunday: Monday 2/5 and Tuesday 3/5 were off.
    assert {date(2022, 5, 2), date(2022, 5, 3)} <= holidays(2022)
    assert not is_working_day(date(2022, 5, 3)) and is_working_day(date(2022, 5, 4))


def test_working_day_arithmetic_skips_weekends_and_tet() -> None:
    # Tết 2025: 28/1–1/2 (mùng 1 on 29/1); Saturday 1/2 gives Monday 3/2 off. The Prime
    # Minister's yearly swap (27/1 off, a Saturday worked) is not modelled.
    assert add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 4)
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 2)


def test_after_15h_the_time_limit_counts_from_the_next_working_day() -> None:
    assert receipt_day(at(2025, 3, 12, 14, 59)) == date(2025, 3, 12)
    assert receipt_day(at(2025, 3, 12, 15, 1)) == date(2025, 3, 13)
    assert receipt_day(at(2025, 3, 15, 9, 0)) == date(2025, 3, 17)  # Saturday
    assert due_at(at(2025, 3, 12, 16, 0), 3) == at(2025, 3, 18, 17, 0)


def test_human_steps_happen_in_office_hours() -> None:
    assert next_office_moment(at(2025, 3, 12, 2, 0)) == at(2025, 3, 12, 7, 30)
    assert next_office_moment(at(2025, 3, 12, 12, 0)) == at(2025, 3, 12, 13, 0)
    assert next_office_moment(at(2025, 3, 14, 18, 0)) == at(2025, 3, 17, 7, 30)
    assert add_office_seconds(at(2025, 3, 12, 11, 0), 3600) == at(2025, 3, 12, 13, 30)


def test_the_working_day_table_agrees_with_the_holiday_rules_day_by_day() -> None:
    day, last = date(1895, 1, 1), date(2305, 1, 1)
    while day < last:  # the table's range and beyond it on both sides
        slow = day.weekday() < 5 and day not in holidays(day.year)
        assert is_working_day(day) is slow, day
        following = day + timedelta(days=1)
        while not (following.weekday() < 5 and following not in holidays(following.year)):
            following += timedelta(days=1)
        assert next_working_day(day, inclusive=False) == following
        assert next_working_day(day) == (day if slow else following)
        if slow:
            assert previous_working_day(following - timedelta(days=1)) == day
        day += timedelta(days=97 if date(1905, 1, 1) < day < date(2295, 1, 1) else 1)
