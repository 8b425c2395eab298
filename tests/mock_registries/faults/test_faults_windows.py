"""Time windows on the simulated clock: nothing here sleeps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mock_registries.clock import Clock
from mock_registries.faults.errors import FaultSpecError
from mock_registries.faults.windows import (
    WeeklyWindow,
    WindowContext,
    next_start_after,
    parse_window,
)
from tests.mock_registries.faults.support import TUESDAY_0930, EngineFactory, rule, scenario

OFFICE = {
    "window": "weekly",
    "slots": [{"days": ["tue", "thu"], "start": "09:00", "end": "10:30"}],
}


def _ctx(minutes: float = 0, elapsed: float = 0, index: int = 0) -> WindowContext:
    return WindowContext(TUESDAY_0930 + timedelta(minutes=minutes), elapsed, index)


def test_weekly_window_in_vietnam_time() -> None:
    window = parse_window(OFFICE)
    assert window.factor(_ctx()) == 1.0
    assert window.remaining(_ctx()) == 60 * 60  # until 10:30
    assert window.factor(_ctx(minutes=61)) == 0.0
    assert window.factor(_ctx(minutes=24 * 60)) == 0.0  # Wednesday
    assert window.factor(_ctx(minutes=2 * 24 * 60)) == 1.0  # Thursday
    assert isinstance(window, WeeklyWindow)
    assert next_start_after(window, TUESDAY_0930 + timedelta(hours=2)) == TUESDAY_0930.replace(
        hour=9, minute=0
    ) + timedelta(days=2)


def test_ramp_fail_first_and_flapping() -> None:
    ramp = parse_window({"window": "ramp", "after_s": 60, "over_s": 100, "from": 0.0, "to": 1.0})
    assert [ramp.factor(_ctx(elapsed=t)) for t in (0, 60, 110, 500)] == [0.0, 0.0, 0.5, 1.0]
    first = parse_window({"window": "fail_first", "n": 2})
    assert [first.factor(_ctx(index=i)) for i in range(4)] == [1.0, 1.0, 0.0, 0.0]
    flap = parse_window({"window": "flapping", "up_s": 60, "down_s": 20})
    assert [flap.factor(_ctx(elapsed=t)) for t in (0, 59, 60, 79, 80, 140)] == [0, 0, 1, 1, 0, 1]
    assert flap.remaining(_ctx(elapsed=70)) == 10


@pytest.mark.parametrize(
    "spec",
    [
        {"window": "cron"},
        {"window": "weekly", "slots": [{"days": ["mon"], "start": "10:00", "end": "09:00"}]},
        {"window": "weekly", "slots": [{"days": ["lundi"], "start": "09:00", "end": "10:00"}]},
        {"window": "ramp", "over_s": 10, "to": 3},
        {"window": "flapping", "up_s": 0, "down_s": 0},
    ],
)
def test_bad_windows_are_rejected(spec: dict[str, object]) -> None:
    with pytest.raises(FaultSpecError):
        parse_window(spec)


def test_maintenance_window_answers_503_with_retry_after_until_the_end(
    make_engine: EngineFactory, fault_clock: Clock
) -> None:
    engine = make_engine(
        scenario("m", rule("maintenance", row=62, registry="ho_tich", window=OFFICE))
    )
    engine.enable("m")
    decision = engine.decide("ho_tich", "POST", "/x", "/x", "k1")
    assert decision is not None and decision.terminal is not None
    assert decision.terminal.remaining == 3600
    assert engine.decide("dkdn", "POST", "/x", "/x", "k1") is None
    fault_clock.advance(3601)
    assert engine.decide("ho_tich", "POST", "/x", "/x", "k1") is None


def test_scenario_ttl_expires_on_the_simulated_clock(
    make_engine: EngineFactory, fault_clock: Clock
) -> None:
    engine = make_engine(scenario("t", rule("http_error", status=500)))
    engine.enable("t", ttl_seconds=600)
    assert engine.decide("dkdn", "GET", "/x", "/x", "k") is not None
    fault_clock.advance(599)
    assert engine.status()["active"]["expires_in_s"] == 1
    fault_clock.advance(1)
    assert engine.decide("dkdn", "GET", "/x", "/x", "k") is None
    assert engine.active_scenario is None and engine.idle


def test_an_expiry_does_not_end_a_scenario_enabled_meanwhile(
    make_engine: EngineFactory, fault_clock: Clock
) -> None:
    # The registries and the gateways' fronts answer on two threads in one process: an expiry
    # seen on one may land after an enable on the other, and must end only what expired.
    engine = make_engine(scenario("t", rule("http_error", status=500)), scenario("u", rule("hang")))
    engine.enable("t", ttl_seconds=600)
    expired = engine._active
    fault_clock.advance(600)
    engine.enable("u")
    engine._end(expired)
    assert engine.active_scenario is not None and engine.active_scenario.name == "u"
