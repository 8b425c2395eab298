"""SLO gates: does a locust run meet the province's go-live thresholds?

Gates come from a YAML file (default ``loadtests/gates.yaml``): ``defaults`` apply to every
fault scenario, ``scenarios.<name>`` override them key by key. Each gate set has an ``overall``
part (locust's ``Aggregated`` row), a ``requests`` part keyed by request name (the service
code the locustfile uses as ``name=``) and ``min_samples``, the fewest requests a service needs
before its gates mean anything::

    defaults:
      min_samples: 20
      overall: {max_failure_ratio: 0.01, p95_ms: 1500, p99_ms: 3000, min_requests: 50}
      requests:
        TraCuuThongTinCongDan: {p95_ms: 800}
        danhSachHoSoGPLX: {p95_ms: 1500, min_samples: 5}
    scenarios:
      thanh-hoa:
        overall: {max_failure_ratio: 0.05}

Limits: ``max_failure_ratio`` (failures / requests), ``p50_ms`` ``p95_ms`` ``p99_ms``
``max_ms`` (locust's percentile columns, upper bounds), ``min_requests`` and ``min_rps``
(lower bounds: a run that sent nothing proves nothing), ``min_samples`` (per service; set-wide
default). A service with fewer samples than its ``min_samples`` is *insufficient data* ("không
đủ dữ liệu"): its gates are not judged and the run is not ready — five answers prove nothing
about a p99.

Evaluated after the run from locust's ``<prefix>_stats.csv``; pure Python, no locust import.

    GateError            bad gates file or unreadable stats (reason codes below)
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "AGGREGATED",
    "DEFAULT_GATES",
    "GateError",
    "GateResult",
    "GateSet",
    "INSUFFICIENT",
    "Limits",
    "Evaluation",
    "RequestStats",
    "evaluate",
    "evaluate_files",
    "gates_for",
    "load_gates",
    "read_stats",
]

AGGREGATED = "Aggregated"
DEFAULT_GATES = Path(__file__).with_name("gates.yaml")
_UPPER = {"p50_ms": "50%", "p95_ms": "95%", "p99_ms": "99%", "max_ms": "100%"}
_LOWER = ("min_requests", "min_rps")
_SAMPLES = "min_samples"
_KNOWN = frozenset({"max_failure_ratio", *_UPPER, *_LOWER, _SAMPLES})
INSUFFICIENT = "không đủ dữ liệu / insufficient data"
# The words of a verdict ("vi" for the harness's Vietnamese-first output); verdict words of one
# language have one width, so the targets line up.
_WORDS = {
    "en": {"head": "SLO gates", "pass": "PASS", "fail": "FAIL", "ok": "ok  ", "bad": "FAIL",
           "gate": "gate", "samples": "samples"},
    "vi": {"head": "Ngưỡng SLO", "pass": "ĐẠT", "fail": "KHÔNG ĐẠT", "ok": "đạt      ",
           "bad": "KHÔNG ĐẠT", "gate": "ngưỡng", "samples": "mẫu"},
}  # fmt: skip


class GateError(ValueError):
    """``reason``: ``GATES_INVALID`` (the YAML) or ``STATS_INVALID`` (the locust CSV)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Limits:
    values: Mapping[str, float] = field(default_factory=dict)

    def merged(self, override: Limits) -> Limits:
        return Limits({**self.values, **override.values})


@dataclass(frozen=True, slots=True)
class GateSet:
    scenario: str
    overall: Limits
    requests: Mapping[str, Limits]
    min_samples: float | None = None  # default of every request gate; None: not set here


@dataclass(frozen=True, slots=True)
class RequestStats:
    name: str
    requests: int
    failures: int
    rps: float
    percentiles_ms: Mapping[str, float | None]  # "50%" → ms; None when locust wrote N/A

    @property
    def failure_ratio(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass(frozen=True, slots=True)
class GateResult:
    target: str  # request name or "overall"
    metric: str
    limit: float
    observed: float | None
    passed: bool
    insufficient: bool = False  # too few samples to judge: not passed, not a breach either

    def describe(self, lang: str = "en") -> str:
        """``ok   overall: p95_ms 270 ms (gate ≤ 1500 ms)``; ``lang="vi"`` words it in
        Vietnamese."""
        words = _WORDS[lang]
        return f"{words['ok'] if self.passed else words['bad']} {self.detail(lang)}"

    def detail(self, lang: str = "en") -> str:
        """What :meth:`describe` says after the verdict word."""
        words = _WORDS[lang]
        if self.insufficient:
            samples = int(self.observed or 0)
            return (
                f"{self.target}: {INSUFFICIENT} ({samples} {words['samples']}, "
                f"{words['gate']} {self.metric} ≥ {int(self.limit)})"
            )
        observed = "n/a" if self.observed is None else _fmt(self.metric, self.observed)
        op = "≥" if self.metric in _LOWER or self.metric == _SAMPLES else "≤"
        limit = _fmt(self.metric, self.limit)
        return f"{self.target}: {self.metric} {observed} ({words['gate']} {op} {limit})"


@dataclass(frozen=True, slots=True)
class Evaluation:
    scenario: str
    results: tuple[GateResult, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> tuple[GateResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    def to_text(self, lang: str = "en") -> str:
        words = _WORDS[lang]
        head = f"{words['head']} ({self.scenario}): {words['pass' if self.passed else 'fail']}"
        return "\n".join([head, *("  " + r.describe(lang) for r in self.results)])


def _fmt(metric: str, value: float) -> str:
    if metric == "max_failure_ratio":
        return f"{value * 100:.2f} %"
    if metric == "min_rps":
        return f"{value:.1f} rps"
    if metric in ("min_requests", _SAMPLES):
        return f"{int(value)}"
    return f"{value:.0f} ms"


def _limits(raw: Any, where: str) -> Limits:
    if raw is None:
        return Limits()
    if not isinstance(raw, Mapping):
        raise GateError("GATES_INVALID", f"{where}: expected a mapping of limits, got {raw!r}")
    unknown = set(raw) - _KNOWN
    if unknown:
        raise GateError(
            "GATES_INVALID",
            f"{where}: unknown limit(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(_KNOWN))}",
        )
    values: dict[str, float] = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise GateError("GATES_INVALID", f"{where}.{key}: expected a number ≥ 0, got {value!r}")
        values[key] = float(value)
    if values.get("max_failure_ratio", 0.0) > 1:
        raise GateError("GATES_INVALID", f"{where}.max_failure_ratio is a ratio (0..1)")
    return Limits(values)


def _gate_set(raw: Any, scenario: str, where: str) -> GateSet:
    raw = raw or {}
    if not isinstance(raw, Mapping) or set(raw) - {"overall", "requests", _SAMPLES}:
        raise GateError(
            "GATES_INVALID", f"{where}: expected keys overall, requests and min_samples"
        )
    requests = raw.get("requests") or {}
    if not isinstance(requests, Mapping):
        raise GateError("GATES_INVALID", f"{where}.requests: expected a mapping by request name")
    overall = _limits(raw.get("overall"), f"{where}.overall")
    if _SAMPLES in overall.values:
        raise GateError("GATES_INVALID", f"{where}.overall: min_samples is per service")
    samples = _limits({_SAMPLES: raw[_SAMPLES]}, where) if _SAMPLES in raw else None
    return GateSet(
        scenario,
        overall,
        {str(name): _limits(v, f"{where}.requests.{name}") for name, v in requests.items()},
        samples.values[_SAMPLES] if samples is not None else None,
    )


def load_gates(path: Path = DEFAULT_GATES) -> dict[str, GateSet]:
    """Gate sets by scenario; key ``"default"`` holds the defaults."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GateError("GATES_INVALID", f"cannot read gates file {path}: {exc}") from None
    if not isinstance(raw, Mapping) or set(raw) - {"defaults", "scenarios"}:
        raise GateError("GATES_INVALID", f"{path}: expected top-level keys defaults and scenarios")
    sets = {"default": _gate_set(raw.get("defaults"), "default", f"{path}: defaults")}
    for name, value in (raw.get("scenarios") or {}).items():
        sets[str(name)] = _gate_set(value, str(name), f"{path}: scenarios.{name}")
    return sets


def gates_for(sets: Mapping[str, GateSet], scenario: str | None) -> GateSet:
    """The defaults with the scenario's overrides applied (key by key, request by request)."""
    base = sets["default"]
    name = scenario or "default"
    override = sets.get(name)
    if override is None or override is base:
        return GateSet(name, base.overall, dict(base.requests), base.min_samples)
    requests = dict(base.requests)
    for request, limits in override.requests.items():
        requests[request] = requests.get(request, Limits()).merged(limits)
    samples = override.min_samples if override.min_samples is not None else base.min_samples
    return GateSet(name, base.overall.merged(override.overall), requests, samples)


def _number(text: str) -> float | None:
    if text in ("", "N/A"):
        return None
    value = float(text)
    return None if math.isnan(value) else value


def read_stats(path: Path) -> dict[str, RequestStats]:
    """Rows of locust's ``*_stats.csv`` by name; the total row under :data:`AGGREGATED`."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise GateError("STATS_INVALID", f"cannot read locust stats {path}: {exc}") from None
    stats: dict[str, RequestStats] = {}
    try:
        for row in rows:
            name = row["Name"]
            # Two rows may share a name with different methods; gates are per name, so add up.
            percentiles = {p: _number(row[p]) for p in _UPPER.values()}
            current = RequestStats(
                name,
                int(row["Request Count"]),
                int(row["Failure Count"]),
                float(row["Requests/s"]),
                percentiles,
            )
            previous = stats.get(name)
            if previous is not None:
                current = _combine(previous, current)
            stats[name] = current
    except (KeyError, ValueError) as exc:
        raise GateError("STATS_INVALID", f"{path}: not a locust stats CSV ({exc})") from None
    if AGGREGATED not in stats:
        raise GateError("STATS_INVALID", f"{path}: no {AGGREGATED} row")
    return stats


def _combine(a: RequestStats, b: RequestStats) -> RequestStats:
    # Percentiles cannot be merged exactly from two rows; the worse one is the safe gate input.
    worst = {
        p: max(
            (v for v in (a.percentiles_ms[p], b.percentiles_ms[p]) if v is not None), default=None
        )
        for p in a.percentiles_ms
    }
    return RequestStats(
        a.name, a.requests + b.requests, a.failures + b.failures, a.rps + b.rps, worst
    )


def _check(target: str, limits: Limits, stats: RequestStats | None) -> Iterable[GateResult]:
    needed = limits.values.get(_SAMPLES, 0.0)
    count = stats.requests if stats is not None else 0
    if needed and count < needed:
        yield GateResult(target, _SAMPLES, needed, count, passed=False, insufficient=True)
        return
    for metric, limit in limits.values.items():
        if metric == _SAMPLES:
            yield GateResult(target, metric, limit, count, passed=True)
            continue
        observed: float | None
        if stats is None or stats.requests == 0:
            # No traffic for a gated name: lower bounds fail, upper bounds cannot be judged.
            observed = 0.0 if metric in _LOWER else None
            yield GateResult(target, metric, limit, observed, metric not in _LOWER or limit == 0)
            continue
        if metric == "max_failure_ratio":
            observed = stats.failure_ratio
            yield GateResult(target, metric, limit, observed, observed <= limit)
        elif metric == "min_requests":
            yield GateResult(target, metric, limit, stats.requests, stats.requests >= limit)
        elif metric == "min_rps":
            yield GateResult(target, metric, limit, stats.rps, stats.rps >= limit)
        else:
            observed = stats.percentiles_ms.get(_UPPER[metric])
            yield GateResult(target, metric, limit, observed, observed is None or observed <= limit)


def evaluate(gates: GateSet, stats: Mapping[str, RequestStats]) -> Evaluation:
    results = list(_check("overall", gates.overall, stats.get(AGGREGATED)))
    default = Limits({_SAMPLES: gates.min_samples}) if gates.min_samples else Limits()
    for name in sorted(gates.requests):
        limits = default.merged(gates.requests[name])
        results.extend(_check(name, limits, stats.get(name)))
    return Evaluation(gates.scenario, tuple(results))


def evaluate_files(
    stats_csv: Path, gates_path: Path = DEFAULT_GATES, scenario: str | None = None
) -> Evaluation:
    return evaluate(gates_for(load_gates(gates_path), scenario), read_stats(stats_csv))


def main(argv: list[str] | None = None) -> int:
    """``python -m loadtests.gates out/run_stats.csv [--gates FILE] [--scenario NAME]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m loadtests.gates", description=main.__doc__)
    parser.add_argument("stats_csv", type=Path)
    parser.add_argument("--gates", type=Path, default=DEFAULT_GATES)
    parser.add_argument("--scenario")
    args = parser.parse_args(argv)
    try:
        evaluation = evaluate_files(args.stats_csv, args.gates, args.scenario)
    except GateError as exc:
        print(f"{exc.reason}: {exc}")
        return 2
    print(evaluation.to_text())
    return 0 if evaluation.passed else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
