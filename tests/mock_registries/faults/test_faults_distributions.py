"""Delay distributions: inverse-CDF sampling from one uniform draw."""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest

from mock_registries.faults.distributions import (
    Buckets,
    LogNormal,
    parse_distribution,
)
from mock_registries.faults.errors import FaultSpecError


def test_fixed_and_uniform() -> None:
    assert parse_distribution({"dist": "fixed", "ms": 250}).sample(0.9) == 0.25
    uniform = parse_distribution({"dist": "uniform", "lower_ms": 100, "upper_ms": 900})
    assert uniform.sample(0.0) == pytest.approx(0.1)
    assert uniform.sample(0.5) == pytest.approx(0.5)


def test_lognormal_hits_median_and_p99_with_tails_over_30s() -> None:
    dist = parse_distribution({"dist": "lognormal", "median_ms": 4000, "p99_ms": 45000})
    assert isinstance(dist, LogNormal)
    assert dist.sample(0.5) == pytest.approx(4.0)
    assert dist.sample(0.99) == pytest.approx(45.0)
    draws = sorted(dist.sample((i + 0.5) / 10_000) for i in range(10_000))
    expected_tail = 1 - NormalDist().cdf(math.log(30 / 4) / dist.sigma)  # ≈ 2.6 %
    assert sum(d > 30.0 for d in draws) / len(draws) == pytest.approx(expected_tail, abs=0.001)


def test_lognormal_cap_truncates() -> None:
    dist = parse_distribution(
        {"dist": "lognormal", "median_ms": 4000, "p99_ms": 45000, "max_ms": 60000}
    )
    assert dist.sample(0.999999) == 60.0


def test_buckets_pick_by_weight_and_range_within_bucket() -> None:
    dist = parse_distribution(
        {
            "dist": "buckets",
            "buckets": [{"weight": 9, "ms": 40}, {"weight": 1, "ms": [30000, 90000]}],
        }
    )
    assert isinstance(dist, Buckets)
    assert dist.sample(0.5) == pytest.approx(0.04)
    assert dist.sample(0.95) == pytest.approx(60.0)
    assert dist.sample(0.9) == pytest.approx(30.0)


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "gamma"},
        {"dist": "fixed", "ms": -1},
        {"dist": "uniform", "lower_ms": 5, "upper_ms": 1},
        {"dist": "lognormal", "median_ms": 100, "p99_ms": 50},
        {"dist": "buckets", "buckets": []},
        {"dist": "buckets", "buckets": [{"weight": 0, "ms": 1}]},
    ],
)
def test_bad_specs_are_rejected(spec: dict[str, object]) -> None:
    with pytest.raises(FaultSpecError):
        parse_distribution(spec)
