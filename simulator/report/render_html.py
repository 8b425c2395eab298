"""The report as one self-contained HTML page: summary cards, plots (inline PNG), two tables,
in Vietnamese (default) or English.

Plots: latency over the run (failures in red), latency spread per Phụ lục V row (log scale, the
30 s registry timeout marked), and the detection confusion matrix. Each figure is sized to what
it draws and saved tight, so the page ends with its last table (no blank tail).
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless: no display on servers or in CI
import matplotlib.pyplot as plt  # noqa: E402

from simulator.i18n import Lang  # noqa: E402
from simulator.report.model import Report  # noqa: E402
from simulator.report.tables import (  # noqa: E402
    WORDS,
    acc_cells,
    acc_head,
    pct,
    row_cells,
    row_head,
)

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


def _timeline(report: Report, lang: Lang) -> str | None:
    if not report.timeline:
        return None
    start = report.timeline[0][0]
    fig, ax = plt.subplots(figsize=(11, 3.2))
    legend = (("answered", True, "#2f6fde"), ("failed", False, "#d93025"))
    for key, ok, colour in legend:
        label = WORDS(f"legend.{key}", lang)
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
    ax.set_xlabel(WORDS("axis.since", lang))
    ax.set_ylabel(WORDS("axis.latency", lang))
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return _png(fig)


def _per_row(report: Report, lang: Lang) -> str | None:
    rows = [r for r in report.rows if report.samples.get(r.row)]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(rows) + 1.2))
    data = [[max(v, 1.0) for v in report.samples[r.row]] for r in rows]
    ax.boxplot(
        data, orientation="horizontal", whis=(1, 99), showfliers=True, flierprops={"markersize": 2}
    )
    ax.set_yticks(range(1, len(rows) + 1))
    labels = [WORDS("row_label", lang, row=r.row, rate=pct(r.failure_rate)) for r in rows]
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xscale("log")
    ax.axvline(_TIMEOUT_MS, color="#d93025", linestyle="--", linewidth=1)
    ax.set_xlabel(WORDS("axis.per_row", lang))
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)


def _confusion(report: Report, lang: Lang) -> str | None:
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
    ax.set_xlabel(WORDS("axis.detected", lang))
    ax.set_ylabel(WORDS("axis.injected", lang))
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


def render_html(report: Report, lang: Lang = "vi") -> str:
    failure = report.failed / report.requests if report.requests else 0.0
    cards = [
        (WORDS("cards.requests", lang), f"{report.requests:,}"),
        (WORDS("cards.failed", lang), f"{report.failed:,} ({failure:.1%})"),
        ("p50 / p95 / p99 ms", _triple(report)),
        (WORDS("cards.rows", lang), str(sum(r.row.isdigit() for r in report.rows))),
    ]
    plots = [
        (WORDS("plot.timeline", lang), _timeline(report, lang)),
        (WORDS("plot.per_row", lang), _per_row(report, lang)),
        (WORDS("plot.confusion", lang), _confusion(report, lang)),
    ]
    title = html.escape(WORDS("title", lang))
    parts = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{title}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
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
        f"<h2>{html.escape(WORDS('per_row', lang))}</h2>",
        _table(row_head(lang), row_cells(report, lang), bad_col=4),
        f"<h2>{html.escape(WORDS('accuracy', lang))}</h2>",
        _table(acc_head(lang), acc_cells(report, lang), bad_col=None)
        if report.accuracy
        else f"<p>{html.escape(WORDS('no_faults', lang))}</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _triple(report: Report) -> str:
    lat = report.latency
    return " / ".join(
        "-" if v is None else f"{v:,.0f}" for v in (lat.p50_ms, lat.p95_ms, lat.p99_ms)
    )
