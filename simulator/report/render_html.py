"""The report as one self-contained HTML page: summary cards, plots (inline PNG), two tables.

Plots: latency over the run (failures in red), latency spread per Phụ lục V row (log scale, the
30 s registry timeout marked), and the detection confusion matrix.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless: no display on servers or in CI
import matplotlib.pyplot as plt  # noqa: E402

from simulator.report.model import Report  # noqa: E402
from simulator.report.tables import ACC_HEAD, ROW_HEAD, acc_cells, row_cells  # noqa: E402

__all__ = ["render_html"]

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#1d2433}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #d6dbe6;border-radius:8px;
padding:10px 14px;min-width:150px}.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e3e7ef;
padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f5f9}
.bad{color:#b3261e;font-weight:600}img{max-width:100%}.note{color:#5b6475}
"""
_TIMEOUT_MS = 30_000


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _timeline(report: Report) -> str | None:
    if not report.timeline:
        return None
    start = report.timeline[0][0]
    fig, ax = plt.subplots(figsize=(11, 3.2))
    for ok, colour, label in ((True, "#2f6fde", "answered"), (False, "#d93025", "failed")):
        points = [(t, ms) for t, ms, good in report.timeline if good is ok]
        if points:
            ax.scatter(
                [(t - start) / 1000 for t, _ in points],
                [max(ms, 1.0) for _, ms in points],
                s=6,
                c=colour,
                label=f"{label} ({len(points)})",
                alpha=0.6,
            )
    ax.set_yscale("log")
    ax.axhline(_TIMEOUT_MS, color="#888", linestyle="--", linewidth=1)
    ax.set_xlabel("seconds since the first request")
    ax.set_ylabel("end-to-end latency (ms)")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return _png(fig)


def _per_row(report: Report) -> str | None:
    rows = [r for r in report.rows if report.samples.get(r.row)]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(rows) + 1.2))
    data = [[max(v, 1.0) for v in report.samples[r.row]] for r in rows]
    ax.boxplot(
        data, orientation="horizontal", whis=(1, 99), showfliers=True, flierprops={"markersize": 2}
    )
    ax.set_yticks(range(1, len(rows) + 1))
    ax.set_yticklabels([f"row {r.row} · {r.failure_rate:.0%} failed" for r in rows], fontsize=8)
    ax.set_xscale("log")
    ax.axvline(_TIMEOUT_MS, color="#d93025", linestyle="--", linewidth=1)
    ax.set_xlabel("end-to-end latency (ms, log; dashed = 30 s registry timeout)")
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)


def _confusion(report: Report) -> str | None:
    if not report.accuracy:
        return None
    kinds = [a.kind for a in report.accuracy]
    symptoms = sorted({s for a in report.accuracy for s in a.observed})
    matrix = [[a.observed.get(s, 0) / a.total for s in symptoms] for a in report.accuracy]
    fig, ax = plt.subplots(figsize=(1.0 + 0.8 * len(symptoms), 0.5 * len(kinds) + 1.5))
    ax.imshow(matrix, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(symptoms)))
    ax.set_xticklabels(symptoms, rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(kinds)))
    ax.set_yticklabels(kinds, fontsize=8)
    for i, a in enumerate(report.accuracy):
        for j, s in enumerate(symptoms):
            if a.observed.get(s):
                mark = "✓" if s in a.expected else ""
                ax.text(j, i, f"{a.observed[s]}{mark}", ha="center", va="center", fontsize=7)
    ax.set_xlabel("symptom the gateway detected (✓ = correct)")
    ax.set_ylabel("injected fault kind")
    return _png(fig)


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]], bad_col: int | None) -> str:
    out = ["<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="bad"' if i == bad_col and not cell.startswith("0 ") else ""
            cells.append(f"<td{cls}>{html.escape(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "</table>"


def render_html(report: Report) -> str:
    failure = report.failed / report.requests if report.requests else 0.0
    cards = [
        ("requests", f"{report.requests:,}"),
        ("failed", f"{report.failed:,} ({failure:.1%})"),
        ("p50 / p95 / p99 ms", _triple(report)),
        ("Phụ lục V rows hit", str(sum(r.row.isdigit() for r in report.rows))),
    ]
    plots = [
        ("Latency over the run", _timeline(report)),
        ("Latency per Phụ lục V row", _per_row(report)),
        ("Detection: injected fault vs what the gateway saw", _confusion(report)),
    ]
    parts = [
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>",
        "<title>ndxp-sim run report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>ndxp-sim run report</h1>",
        f"<p class='note'>{html.escape(report.ledger_path)}</p>",
        "<div class='cards'>",
        *(f"<div class='card'>{html.escape(k)}<b>{html.escape(v)}</b></div>" for k, v in cards),
        "</div>",
    ]
    for title, uri in plots:
        if uri is not None:
            parts += [
                f"<h2>{html.escape(title)}</h2>",
                f"<img alt='{html.escape(title)}' src='{uri}'>",
            ]
    parts += [
        "<h2>Per Phụ lục V row</h2>",
        _table(ROW_HEAD, row_cells(report), bad_col=3),
        "<h2>Detection accuracy</h2>",
        _table(ACC_HEAD, acc_cells(report), bad_col=None)
        if report.accuracy
        else "<p>No injected faults seen.</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _triple(report: Report) -> str:
    lat = report.latency
    return " / ".join(
        "-" if v is None else f"{v:,.0f}" for v in (lat.p50_ms, lat.p95_ms, lat.p99_ms)
    )
