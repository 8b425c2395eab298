"""The Phụ lục V scoreboard and the report, from the records the console followed.

The console keeps its own copy of the hop records it read over HTTP (a SQLite ledger in a
temporary folder, written by the gateway's own ledger writer), so the scoreboard and the report
are the run report of :mod:`simulator.report` — the same attribution, over any deployment.
Faults whose answer never came back (hangs, resets) are in the components' fault journals,
which the console follows beside the records (:class:`simulator.collect.JournalFeed`) and adds
to its copy, so they count under their row here as in ``ndxp-sim report``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from gateway.opmon import HopRecord, connect
from simulator.collect import MergedLedger
from simulator.console.exchanges import HOP_ORDER
from simulator.report import Report, build_report
from simulator.report.catalog import RowInfo, load_rows

__all__ = ["Mirror", "ScoreRow", "scoreboard"]

_FIELDS = tuple(f.name for f in fields(HopRecord))
_HOP_RANK = {hop: rank for rank, hop in enumerate(HOP_ORDER)}


class Mirror(MergedLedger):
    """The console's copy of the records it followed."""

    def __init__(self) -> None:
        super().__init__(prefix="ndxp-console-")

    def report(self, since_ms: int | None) -> Report:
        """Blocking, like :meth:`add`."""
        return build_report(self.flushed(), since_ms=since_ms)

    def hops(self, message_id: str) -> list[dict[str, Any]]:
        conn = connect(self.flushed(), readonly=True)
        try:
            rows = conn.execute(
                "SELECT * FROM records WHERE messageId = ? ORDER BY requestInTs", (message_id,)
            ).fetchall()
        finally:
            conn.close()
        hops = [{k: row[k] for k in _FIELDS} for row in rows]
        # Outermost hop first; both hops may start within the same millisecond.
        return sorted(hops, key=lambda r: _HOP_RANK.get(r["securityServerType"], len(_HOP_RANK)))


@dataclass(slots=True)
class ScoreRow:
    row: str
    info: RowInfo | None
    in_scenario: bool
    requests: int = 0
    failed: int = 0
    recovered: int = 0
    rejected: int = 0
    kinds: list[str] = field(default_factory=list)
    symptoms: dict[str, int] = field(default_factory=dict)
    failed_at: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        info = self.info
        return {
            "row": self.row,
            "province": info.province if info else None,
            "vi": info.vi if info else None,
            "en": info.en if info else None,
            "inScenario": self.in_scenario,
            "requests": self.requests,
            "failed": self.failed,
            "recoveredByRetry": self.recovered,
            "rejected": self.rejected,
            "kinds": self.kinds,
            "symptoms": self.symptoms,
            "failedAt": self.failed_at,
        }


def _order(row: str) -> tuple[int, str]:
    return (int(row), "") if row.isdigit() else (10**6, row)


def scoreboard(report: Report, scenario_rows: list[int]) -> list[ScoreRow]:
    """Every row the calls met, and every row of the active scenario (hit or not yet)."""
    catalog = load_rows()
    rows: dict[str, ScoreRow] = {}
    for stats in report.rows:
        info = catalog.get(int(stats.row)) if stats.row.isdigit() else None
        rows[stats.row] = ScoreRow(
            row=stats.row,
            info=info,
            in_scenario=stats.row.isdigit() and int(stats.row) in scenario_rows,
            requests=stats.requests,
            failed=stats.failed,
            recovered=stats.recovered_by_retry,
            rejected=stats.breaker_rejections,
            kinds=list(stats.kinds),
            symptoms=dict(stats.symptoms),
            failed_at=dict(stats.failed_at),
        )
    for number in scenario_rows:
        key = str(number)
        if key not in rows:
            rows[key] = ScoreRow(key, catalog.get(number), in_scenario=True)
    return [rows[k] for k in sorted(rows, key=_order)]
