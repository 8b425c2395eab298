"""Judging what the control plane read back from each component (simulator.agreement)."""

from __future__ import annotations

from simulator.agreement import ComponentState, disagreements

AT = "2024-06-04T10:45:00+07:00"


def _state(name: str, now: str = AT, frozen: bool = True, scenario: str | None = "thanh-hoa",
           seed: int = 6) -> ComponentState:  # fmt: skip
    return ComponentState(name, f"http://{name}", now, frozen, scenario, seed)


def test_one_clock_one_scenario_one_seed_agree() -> None:
    assert disagreements([_state(n) for n in ("dan_cu", "dkdn", "lgsp")]) == []


def test_frozen_clocks_must_read_the_same_instant() -> None:
    late = _state("gplx", now="2024-06-04T10:45:00.010000+07:00")
    assert disagreements([_state("dan_cu"), late]) == ["clock"]


def test_running_clocks_may_differ_by_the_fan_out_only() -> None:
    near = _state("gplx", now="2024-06-04T10:45:00.400000+07:00", frozen=False)
    far = _state("gplx", now="2024-06-04T11:45:00+07:00", frozen=False)
    base = _state("dan_cu", frozen=False)
    assert disagreements([base, near]) == []
    assert disagreements([base, far]) == ["clock"]


def test_each_kind_of_disagreement_is_named() -> None:
    states = [
        _state("dan_cu"),
        _state("dkdn", frozen=False),
        _state("ho_tich", scenario=None),
        _state("gplx", seed=7),
        ComponentState("ndxp", "http://ndxp", error="unreachable: connect"),
    ]
    assert disagreements(states) == ["unreachable", "frozen", "scenario", "seed"]
