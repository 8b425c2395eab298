"""The run report as data: per Phụ lục V row, per hop, and detection accuracy per fault kind.

Renderers live beside it (``render_text``, ``render_html``); this module only holds numbers.
Latencies are end-to-end milliseconds at the outermost hop that saw the request.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

__all__ = [
    "ClassScore",
    "HopBlame",
    "HopStats",
    "KindAccuracy",
    "LatencySummary",
    "Report",
    "RowStats",
    "percentile",
]


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an ascending list (``q`` in 0..100); None when empty."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[min(len(sorted_values), int(rank)) - 1]


@dataclass(slots=True)
class LatencySummary:
    count: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None

    @classmethod
    def of(cls, values: list[float]) -> LatencySummary:
        ordered = sorted(values)
        return cls(
            count=len(ordered),
            p50_ms=percentile(ordered, 50),
            p95_ms=percentile(ordered, 95),
            p99_ms=percentile(ordered, 99),
            max_ms=ordered[-1] if ordered else None,
        )


@dataclass(slots=True)
class RowStats:
    """Requests that carried a fault of one Phụ lục V row (``row`` "-" = none seen)."""

    row: str
    title: str
    kinds: list[str]
    requests: int
    failed: int
    latency: LatencySummary
    recovered_by_retry: int
    breaker_rejections: int
    failed_at: dict[str, int]  # where failed requests failed (``attribution``), as recorded
    symptoms: dict[str, int]
    injected_at: dict[str, int] = field(default_factory=dict)  # sites of the row's faults
    slow_answers: int = 0  # answered, after more than 30 s
    gave_up: dict[str, int] = field(default_factory=dict)  # hop whose deadline ran out → count

    @property
    def failure_rate(self) -> float:
        return self.failed / self.requests if self.requests else 0.0


@dataclass(slots=True)
class KindAccuracy:
    """How the gateway's own classification matched one injected fault kind."""

    kind: str
    total: int
    matched: int
    expected: list[str]
    observed: dict[str, int]
    detectable: bool = True

    @property
    def accuracy(self) -> float:
        return self.matched / self.total if self.total else 0.0


@dataclass(slots=True)
class ClassScore:
    """Recall and precision of one symptom class over a run."""

    cls: str
    faults: int  # judged faults (or clean requests, for "ok") whose expected class this is
    found: int  # of those, detected
    reported: int  # requests on which the gateway reported this class
    right: int  # of those, with a fault of this class

    @property
    def recall(self) -> float | None:
        return self.found / self.faults if self.faults else None

    @property
    def precision(self) -> float | None:
        return self.right / self.reported if self.reported else None


@dataclass(slots=True)
class HopBlame:
    """Failed requests at one location of the path, and where their faults were injected."""

    where: str  # lgsp | lgsp-ndxp | ndxp | ndxp-registry:<p> | registry:<p> | client
    failed: int
    injected_at: dict[str, int]  # fault site → requests ("-": no fault found)
    gave_up: int  # of those, a hop's deadline ran out waiting


@dataclass(slots=True)
class HopStats:
    hop: str
    records: int
    failed: int
    latency: LatencySummary
    overhead: LatencySummary  # time spent in the hop itself, X-Road style
    contract_only: int = 0  # failed here only for a contract violation the outer hop relayed
    not_reached: int = 0  # requests routed through this hop that never reached it


@dataclass(slots=True)
class Report:
    ledger_path: str
    since_ms: int | None
    generated_at_ms: int
    first_ts_ms: int | None
    last_ts_ms: int | None
    requests: int
    failed: int
    latency: LatencySummary
    hops: list[HopStats]
    rows: list[RowStats]
    accuracy: list[KindAccuracy]
    catalog_found: bool
    scores: list[ClassScore] = field(default_factory=list)
    blame: list[HopBlame] = field(default_factory=list)
    # Calls still in flight when the stack stopped at the run's end (answered ShuttingDown):
    # left out of every count above; the Phụ lục V rows they had met → calls.
    cut_at_stop: int = 0
    cut_rows: dict[str, int] = field(default_factory=dict)
    # Raw samples for plots (not part of JSON): row → latencies (ms); time series of answers.
    samples: dict[str, list[float]] = field(default_factory=dict, repr=False)
    timeline: list[tuple[int, float, bool]] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("samples")
        data.pop("timeline")
        for row, raw in zip(self.rows, data["rows"], strict=True):
            raw["failure_rate"] = round(row.failure_rate, 4)
        for kind, raw in zip(self.accuracy, data["accuracy"], strict=True):
            raw["accuracy"] = round(kind.accuracy, 4)
        for score, raw in zip(self.scores, data["scores"], strict=True):
            raw["recall"] = None if score.recall is None else round(score.recall, 4)
            raw["precision"] = None if score.precision is None else round(score.precision, 4)
        return data

    def to_json(self) -> str:
        return orjson.dumps(self.as_dict(), option=orjson.OPT_INDENT_2).decode()
