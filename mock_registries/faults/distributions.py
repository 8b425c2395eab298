"""Delay distributions, sampled by inverse CDF from one uniform draw.

A distribution never owns a random generator: the engine hands it ``u`` in [0, 1) derived from
(seed, request key, rule), so the same request gets the same delay whatever the concurrency.

    {dist: fixed, ms: 250}
    {dist: uniform, lower_ms: 100, upper_ms: 900}
    {dist: lognormal, median_ms: 4000, p99_ms: 45000, max_ms: 120000}   # MockServer form
    {dist: buckets, buckets: [{weight: 9, ms: 40}, {weight: 1, ms: [20000, 60000]}]}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Protocol

from mock_registries.faults.errors import FaultSpecError

__all__ = [
    "Buckets",
    "DelayDistribution",
    "Fixed",
    "LogNormal",
    "Uniform",
    "parse_distribution",
]

_Z99 = NormalDist().inv_cdf(0.99)
_EPS = 1e-12


class DelayDistribution(Protocol):
    def sample(self, u: float) -> float:
        """Delay in seconds for the uniform draw ``u`` in [0, 1)."""
        ...

    def describe(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Fixed:
    seconds: float

    def sample(self, u: float) -> float:
        return self.seconds

    def describe(self) -> dict[str, Any]:
        return {"dist": "fixed", "ms": self.seconds * 1000}


@dataclass(frozen=True, slots=True)
class Uniform:
    lower: float
    upper: float

    def sample(self, u: float) -> float:
        return self.lower + (self.upper - self.lower) * u

    def describe(self) -> dict[str, Any]:
        return {"dist": "uniform", "lower_ms": self.lower * 1000, "upper_ms": self.upper * 1000}


@dataclass(frozen=True, slots=True)
class LogNormal:
    """Parameterised by median and p99 (``sigma = ln(p99/median) / z0.99``); ``cap`` truncates."""

    median: float
    p99: float
    cap: float | None = None

    @property
    def sigma(self) -> float:
        return math.log(self.p99 / self.median) / _Z99

    def sample(self, u: float) -> float:
        z = NormalDist().inv_cdf(min(max(u, _EPS), 1.0 - _EPS))
        value = self.median * math.exp(self.sigma * z)
        return value if self.cap is None else min(value, self.cap)

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dist": "lognormal",
            "median_ms": self.median * 1000,
            "p99_ms": self.p99 * 1000,
        }
        if self.cap is not None:
            out["max_ms"] = self.cap * 1000
        return out


@dataclass(frozen=True, slots=True)
class Buckets:
    """Weighted buckets (nighthawk "zoned"): each bucket is a fixed delay or a uniform range.

    The bucket is chosen by ``u``; the position inside a ranged bucket re-uses the same ``u``
    rescaled to the bucket, so a single draw decides both.
    """

    buckets: tuple[tuple[float, float, float], ...]  # (weight, lower s, upper s)

    def sample(self, u: float) -> float:
        total = sum(w for w, _, _ in self.buckets)
        target = u * total
        cumulative = 0.0
        for weight, lower, upper in self.buckets:
            if target < cumulative + weight:
                inner = (target - cumulative) / weight
                return lower + (upper - lower) * inner
            cumulative += weight
        _, lower, upper = self.buckets[-1]
        return upper

    def describe(self) -> dict[str, Any]:
        return {
            "dist": "buckets",
            "buckets": [
                {"weight": w, "ms": lo * 1000 if lo == hi else [lo * 1000, hi * 1000]}
                for w, lo, hi in self.buckets
            ],
        }


def _ms(spec: Mapping[str, Any], key: str) -> float:
    value = spec.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise FaultSpecError(f"Phân phối trễ: '{key}' phải là số mili giây không âm ({spec!r}).")
    return float(value) / 1000.0


def _bucket(item: Any) -> tuple[float, float, float]:
    if not isinstance(item, Mapping) or "weight" not in item or "ms" not in item:
        raise FaultSpecError(f"Nhóm trễ phải có 'weight' và 'ms': {item!r}.")
    weight = item["weight"]
    if not isinstance(weight, int | float) or weight <= 0:
        raise FaultSpecError(f"Trọng số nhóm trễ phải dương: {item!r}.")
    ms = item["ms"]
    if isinstance(ms, Sequence) and not isinstance(ms, str) and len(ms) == 2:
        lower, upper = _ms({"v": ms[0]}, "v"), _ms({"v": ms[1]}, "v")
    else:
        lower = upper = _ms(item, "ms")
    if upper < lower:
        raise FaultSpecError(f"Khoảng trễ ngược chiều: {item!r}.")
    return float(weight), lower, upper


def parse_distribution(spec: Mapping[str, Any]) -> DelayDistribution:
    """Build a distribution from its catalog/admin mapping (see the module docstring)."""
    kind = spec.get("dist", "fixed")
    if kind == "fixed":
        return Fixed(_ms(spec, "ms"))
    if kind == "uniform":
        lower, upper = _ms(spec, "lower_ms"), _ms(spec, "upper_ms")
        if upper < lower:
            raise FaultSpecError(f"Phân phối đều: upper_ms < lower_ms ({spec!r}).")
        return Uniform(lower, upper)
    if kind == "lognormal":
        median, p99 = _ms(spec, "median_ms"), _ms(spec, "p99_ms")
        if median <= 0 or p99 <= median:
            raise FaultSpecError(f"Phân phối log-chuẩn cần 0 < median_ms < p99_ms ({spec!r}).")
        cap = _ms(spec, "max_ms") if "max_ms" in spec else None
        return LogNormal(median, p99, cap)
    if kind == "buckets":
        raw = spec.get("buckets")
        if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
            raise FaultSpecError(f"Phân phối nhóm cần danh sách 'buckets' ({spec!r}).")
        return Buckets(tuple(_bucket(item) for item in raw))
    raise FaultSpecError(f"Không có phân phối trễ '{kind}'.")
