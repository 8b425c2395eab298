"""The report as a terminal table and as Markdown (same content), in Vietnamese or English.

The terminal table keeps its lines short: each row's full Phụ lục V text follows the table as a
legend. Markdown carries the text in the table itself.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from simulator.i18n import Lang
from simulator.report.model import Report
from simulator.report.sections import (
    SECTION,
    blame_cells,
    blame_head,
    hop_notes,
    score_cells,
    score_head,
)
from simulator.report.tables import WORDS, acc_cells, acc_head, ms, pct, row_cells, row_head
from simulator.text_table import text_table

__all__ = ["render_markdown", "render_text"]


def _summary(report: Report, lang: Lang) -> list[str]:
    failure = report.failed / report.requests if report.requests else 0.0
    lat = report.latency
    lines = [
        WORDS(
            "summary", lang, n=report.requests, failed=report.failed, rate=pct(failure),
            p50=ms(lat.p50_ms), p95=ms(lat.p95_ms), p99=ms(lat.p99_ms),
        )
    ]  # fmt: skip
    for hop in report.hops:
        lines.append(
            WORDS(
                "hop", lang, hop=hop.hop.upper(), n=hop.records, failed=hop.failed,
                p95=ms(hop.latency.p95_ms), own=ms(hop.overhead.p95_ms),
            )
        )  # fmt: skip
    if not report.catalog_found:
        lines.append(WORDS("no_catalog", lang))
    return lines


def _legend(rows: list[tuple[str, ...]]) -> list[str]:
    lines = []
    for cells in rows:
        row, province, text = cells[0], cells[1], cells[-1]
        label = f"  {row:>10}  " + (f"{province}: " if province else "")
        lines += textwrap.wrap(
            label + text, width=100, subsequent_indent=" " * 14, break_long_words=False
        )
    return lines


def render_text(report: Report, lang: Lang = "vi") -> str:
    rows = row_cells(report, lang)
    head = row_head(lang)
    parts = [
        f"{WORDS('title', lang)} — {report.ledger_path}",
        *_summary(report, lang),
        "",
        WORDS("per_row_note", lang),
        text_table(head[:-1], [r[:-1] for r in rows]),
        "",
        WORDS("rows_text", lang),
        *_legend(rows),
        "",
        SECTION("hops", lang) + ":",
        SECTION("hops_note", lang),
        text_table(blame_head(lang), blame_cells(report, lang)),
        *hop_notes(report, lang),
        "",
        SECTION("scores", lang) + ":",
        SECTION("scores_note", lang),
        text_table(score_head(lang), score_cells(report, lang)),
        "",
        WORDS("accuracy_note", lang),
        text_table(acc_head(lang), acc_cells(report, lang))
        if report.accuracy
        else WORDS("no_faults", lang),
    ]
    return "\n".join(parts) + "\n"


def _md_table(head: Sequence[str], rows: list[tuple[str, ...]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def render_markdown(report: Report, lang: Lang = "vi") -> str:
    parts = [
        f"# {WORDS('title', lang)}",
        "",
        *(f"- {line}" for line in _summary(report, lang)),
        "",
        f"## {WORDS('per_row', lang)}",
        "",
        _md_table(row_head(lang), row_cells(report, lang)),
        "",
        f"## {SECTION('hops', lang)}",
        "",
        SECTION("hops_note", lang),
        "",
        _md_table(blame_head(lang), blame_cells(report, lang)),
        "",
        *(f"- {note}" for note in hop_notes(report, lang)),
        "",
        f"## {SECTION('scores', lang)}",
        "",
        SECTION("scores_note", lang),
        "",
        _md_table(score_head(lang), score_cells(report, lang)),
        "",
        f"## {WORDS('accuracy', lang)}",
        "",
        _md_table(acc_head(lang), acc_cells(report, lang))
        if report.accuracy
        else f"_{WORDS('no_faults', lang)}_",
    ]
    return "\n".join(parts) + "\n"
