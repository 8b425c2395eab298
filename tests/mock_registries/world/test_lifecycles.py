"""DVCQG lifecycles of the ĐKDN and GPLX dossiers: every outcome, in order, in office hours."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from mock_registries.clock import VIETNAM_TZ
from mock_registries.world.calendar import AFTERNOON, MORNING, is_working_day
from mock_registries.world.lifecycles import (
    DA_TRA_KET_QUA,
    DA_XU_LY_XONG,
    KHONG_TIEP_NHAN,
    MOI_DANG_KY,
    DailyNumbering,
    plan_lifecycle,
)

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM_TZ)


def _in_office(moment: datetime) -> bool:
    clock = moment.timetz().replace(tzinfo=None)
    hours = MORNING[0] <= clock <= MORNING[1] or AFTERNOON[0] <= clock <= AFTERNOON[1]
    return is_working_day(moment.date()) and hours


def test_lifecycles_cover_every_outcome_in_office_hours() -> None:
    rng = random.Random(4)
    finals: Counter[int] = Counter()
    overdue = 0
    far = MONDAY + timedelta(days=60)
    for _ in range(2000):
        lifecycle = plan_lifecycle(rng, MONDAY, 3)
        moments = [e.at for e in lifecycle.events]
        assert moments == sorted(moments) and moments[0] == MONDAY
        assert all(_in_office(m) for m in moments)  # no human step at night or on Sunday
        assert lifecycle.due.hour == 17 and is_working_day(lifecycle.due.date())
        finals[lifecycle.current(far).status] += 1
        overdue += lifecycle.overdue(far)
        if lifecycle.first(DA_TRA_KET_QUA, far):
            assert lifecycle.first(DA_XU_LY_XONG, far) is not None
    assert set(finals) == {KHONG_TIEP_NHAN, 7, 8, DA_TRA_KET_QUA}
    assert 0.05 < overdue / 2000 < 0.25
    assert finals[DA_TRA_KET_QUA] > 1500


def test_status_moves_with_time() -> None:
    lifecycle = plan_lifecycle(random.Random(9), MONDAY, 3)
    assert lifecycle.current(MONDAY - timedelta(seconds=1)).status == MOI_DANG_KY
    assert not lifecycle.overdue(MONDAY)


def test_the_time_limit_skips_public_holidays() -> None:
    before_tet = datetime(2027, 2, 3, 9, 0, tzinfo=VIETNAM_TZ)  # Tết Đinh Mùi: 5–11/2/2027
    lifecycle = plan_lifecycle(random.Random(1), before_tet, 3)
    assert lifecycle.due.date() >= date(2027, 2, 15)


def test_daily_numbering_round_trips_and_lists_in_arrival_order() -> None:
    numbering = DailyNumbering(1, "000.00.00.G05", 40, 120)
    day = MONDAY.date()
    count = numbering.count(day)
    assert 40 <= count <= 120 and numbering.count(date(2026, 11, 29)) <= 20  # Sunday: online
    assert numbering.parse(numbering.code(day, count)) == (day, count)
    assert numbering.parse(numbering.code(day, count + 1)) is None
    assert numbering.parse("000.00.00.G05-261323-0001") is None  # no 13th month
    start = datetime.combine(day, datetime.min.time(), tzinfo=VIETNAM_TZ)
    slots = numbering.between(start, start + timedelta(days=1))
    assert slots == [(day, n) for n in range(1, count + 1)]
    arrivals = [numbering.received_at(day, n) for n in range(1, count + 1)]
    assert arrivals == sorted(arrivals) and all(_in_office(a) for a in arrivals)
