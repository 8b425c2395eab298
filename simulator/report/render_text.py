"""The report as a terminal table and as Markdown (same content, two tables each)."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.report.model import Report
from simulator.report.tables import ACC_HEAD, ROW_HEAD, acc_cells, ms, pct, row_cells

__all__ = ["render_markdown", "render_text"]


def _summary(report: Report) -> list[str]:
    failure = report.failed / report.requests if report.requests else 0.0
    lines = [
        f"requests: {report.requests}  failed: {report.failed} ({pct(failure)})  "
        f"p50 {ms(report.latency.p50_ms)} ms  p95 {ms(report.latency.p95_ms)} ms  "
        f"p99 {ms(report.latency.p99_ms)} ms",
    ]
    for hop in report.hops:
        lines.append(
            f"hop {hop.hop}: {hop.records} records, {hop.failed} failed, "
            f"p95 {ms(hop.latency.p95_ms)} ms, own overhead p95 {ms(hop.overhead.p95_ms)} ms"
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
        _table(ROW_HEAD, row_cells(report)),
        "",
        "Detection accuracy (gateway's own symptom vs injected kind):",
        _table(ACC_HEAD, acc_cells(report)) if report.accuracy else "(no injected faults seen)",
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
        _md_table(ROW_HEAD, row_cells(report)),
        "",
        "## Detection accuracy",
        "",
        _md_table(ACC_HEAD, acc_cells(report)) if report.accuracy else "_No injected faults._",
    ]
    return "\n".join(parts) + "\n"
