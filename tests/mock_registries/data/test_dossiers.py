from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from mock_registries.clock import VIETNAM_TZ
from mock_registries.data.dossiers import (
    DA_TRA_KET_QUA,
    DA_XU_LY_XONG,
    KHONG_TIEP_NHAN,
    MOI_DANG_KY,
    STATUS_NAMES,
    DailyNumbering,
    add_working_days,
    lifecycle_fields,
    plan_lifecycle,
)

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM_TZ)


def test_working_days_skip_weekends() -> None:
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=VIETNAM_TZ)
    assert add_working_days(friday, 1) == datetime(2026, 11, 30, 17, 0, tzinfo=VIETNAM_TZ)
    assert add_working_days(MONDAY, 3).date() == date(2026, 11, 26)


def test_lifecycles_cover_every_outcome_and_stay_chronological() -> None:
    rng = random.Random(4)
    finals: Counter[int] = Counter()
    overdue = 0
    far = MONDAY + timedelta(days=60)
    for _ in range(2000):
        lifecycle = plan_lifecycle(rng, MONDAY, 3)
        moments = [e.at for e in lifecycle.events]
        assert moments == sorted(moments) and moments[0] == MONDAY
        finals[lifecycle.current(far).status] += 1
        overdue += lifecycle.overdue(far)
        if lifecycle.first(DA_TRA_KET_QUA, far):
            assert lifecycle.first(DA_XU_LY_XONG, far) is not None
    assert set(finals) == {KHONG_TIEP_NHAN, 7, 8, DA_TRA_KET_QUA}
    assert 0.05 < overdue / 2000 < 0.25
    assert finals[DA_TRA_KET_QUA] > 1500


def test_status_moves_with_time_and_overdue_is_derived() -> None:
    rng = random.Random(9)
    lifecycle = next(
        lc
        for lc in (plan_lifecycle(rng, MONDAY, 3) for _ in range(500))
        if lc.overdue(MONDAY + timedelta(days=60))
    )
    assert lifecycle.current(MONDAY - timedelta(seconds=1)).status == MOI_DANG_KY
    assert not lifecycle.overdue(MONDAY)
    fields = lifecycle_fields(lifecycle, MONDAY + timedelta(days=60))
    assert fields["QuaHan"] is True
    assert fields["TenTrangThaiHoSo"] == STATUS_NAMES[int(str(fields["TrangThaiHoSo"]))]


def test_daily_numbering_round_trips_and_lists_in_arrival_order() -> None:
    numbering = DailyNumbering(1, "000.00.00.G05", 40, 120)
    day = MONDAY.date()
    count = numbering.count(day)
    assert 40 <= count <= 120 and numbering.count(date(2026, 11, 29)) == 0  # Sunday
    assert numbering.parse(numbering.code(day, count)) == (day, count)
    assert numbering.parse(numbering.code(day, count + 1)) is None
    assert numbering.parse("000.00.00.G05-261323-0001") is None  # no 13th month
    start = datetime.combine(day, datetime.min.time(), tzinfo=VIETNAM_TZ)
    codes = numbering.between(start, start + timedelta(days=1))
    assert codes == [numbering.code(day, n) for n in range(1, count + 1)]
    arrivals = [numbering.received_at(day, n) for n in range(1, count + 1)]
    assert arrivals == sorted(arrivals) and arrivals[0].hour >= 7 and arrivals[-1].hour < 17
