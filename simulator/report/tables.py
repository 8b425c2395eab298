"""The cells of the report's two tables, shared by the terminal, Markdown and HTML renderings."""

from __future__ import annotations

from simulator.report.model import Report

__all__ = ["ACC_HEAD", "ROW_HEAD", "acc_cells", "ms", "pct", "row_cells", "top"]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def top(counts: dict[str, int], n: int = 3) -> str:
    return ", ".join(f"{k}×{v}" for k, v in list(counts.items())[:n]) or "-"


ROW_HEAD = (
    "row", "kinds", "requests", "failed", "p50 ms", "p95 ms", "p99 ms",
    "retry-recovered", "rejected", "failed at", "what it is",
)  # fmt: skip
ACC_HEAD = ("injected kind", "seen", "matched", "accuracy", "expected", "gateway saw")


def row_cells(report: Report) -> list[tuple[str, ...]]:
    return [
        (
            r.row,
            ",".join(r.kinds) or "-",
            str(r.requests),
            f"{r.failed} ({pct(r.failure_rate)})",
            ms(r.latency.p50_ms),
            ms(r.latency.p95_ms),
            ms(r.latency.p99_ms),
            str(r.recovered_by_retry),
            str(r.breaker_rejections),
            top(r.failed_at),
            r.title[:70],
        )
        for r in report.rows
    ]


def acc_cells(report: Report) -> list[tuple[str, ...]]:
    return [
        (
            a.kind,
            str(a.total),
            str(a.matched),
            pct(a.accuracy) if a.detectable else "n/a (invisible on the wire)",
            ",".join(a.expected) or "not ok",
            top(a.observed, 4),
        )
        for a in report.accuracy
    ]
