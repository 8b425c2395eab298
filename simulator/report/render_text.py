"""The report as a terminal table and as Markdown (same content, two tables each)."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.report.model import Report

__all__ = ["render_markdown", "render_text"]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _top(counts: dict[str, int], n: int = 3) -> str:
    return ", ".join(f"{k}×{v}" for k, v in list(counts.items())[:n]) or "-"


_ROW_HEAD = (
    "row", "kinds", "requests", "failed", "p50 ms", "p95 ms", "p99 ms",
    "retry-recovered", "rejected", "failed at", "what it is",
)  # fmt: skip
_ACC_HEAD = ("injected kind", "seen", "matched", "accuracy", "expected", "gateway saw")


def _row_cells(report: Report) -> list[tuple[str, ...]]:
    return [
        (
            r.row,
            ",".join(r.kinds) or "-",
            str(r.requests),
            f"{r.failed} ({_pct(r.failure_rate)})",
            _ms(r.latency.p50_ms),
            _ms(r.latency.p95_ms),
            _ms(r.latency.p99_ms),
            str(r.recovered_by_retry),
            str(r.breaker_rejections),
            _top(r.failed_at),
            r.title[:70],
        )
        for r in report.rows
    ]


def _acc_cells(report: Report) -> list[tuple[str, ...]]:
    return [
        (
            a.kind,
            str(a.total),
            str(a.matched),
            _pct(a.accuracy) if a.detectable else "n/a (invisible on the wire)",
            ",".join(a.expected) or "not ok",
            _top(a.observed, 4),
        )
        for a in report.accuracy
    ]


def _summary(report: Report) -> list[str]:
    failure = report.failed / report.requests if report.requests else 0.0
    lines = [
        f"requests: {report.requests}  failed: {report.failed} ({_pct(failure)})  "
        f"p50 {_ms(report.latency.p50_ms)} ms  p95 {_ms(report.latency.p95_ms)} ms  "
        f"p99 {_ms(report.latency.p99_ms)} ms",
    ]
    for hop in report.hops:
        lines.append(
            f"hop {hop.hop}: {hop.records} records, {hop.failed} failed, "
            f"p95 {_ms(hop.latency.p95_ms)} ms, own overhead p95 {_ms(hop.overhead.p95_ms)} ms"
        )
    if not report.catalog_found:
        lines.append("(Phụ lục V catalog not found: rows shown by number only)")
    return lines


def _table(head: Sequence[str], rows: list[tuple[str, ...]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def render_text(report: Report) -> str:
    parts = [
        "ndxp-sim run report — " + report.ledger_path,
        *_summary(report),
        "",
        "Per Phụ lục V row (fault tag seen on the answer):",
        _table(_ROW_HEAD, _row_cells(report)),
        "",
        "Detection accuracy (gateway's own symptom vs injected kind):",
        _table(_ACC_HEAD, _acc_cells(report)) if report.accuracy else "(no injected faults seen)",
    ]
    return "\n".join(parts) + "\n"


def _md_table(head: Sequence[str], rows: list[tuple[str, ...]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def render_markdown(report: Report) -> str:
    parts = [
        "# ndxp-sim run report",
        "",
        *(f"- {line}" for line in _summary(report)),
        "",
        "## Per Phụ lục V row",
        "",
        _md_table(_ROW_HEAD, _row_cells(report)),
        "",
        "## Detection accuracy",
        "",
        _md_table(_ACC_HEAD, _acc_cells(report)) if report.accuracy else "_No injected faults._",
    ]
    return "\n".join(parts) + "\n"
