"""Building the run report from the ledger file.

    report = build_report(Path("var/ledger.sqlite"), since_ms=t0)
    print(render(report, "text"))

A request is the set of hop records sharing a ``messageId`` (``requests``); its outcome is that
of the outermost hop. Its Phụ lục V rows are every fault it met, on an answer or in the fault
journal the stack writes from the fault engine (keyed by X-Road-Id), so a request whose answer
never came (a hang, a reset) is still attributed. Where a failure happened is read from the
records as an operator would (``attribution``); how well the gateway's own classification
matched the injected faults is scored per class (``scoring``).
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.opmon import connect
from gateway.symptoms import SLOW_SECONDS, split_symptoms
from simulator.report.attribution import failed_at, gave_up, hop_blame
from simulator.report.catalog import RowInfo, load_rows
from simulator.report.model import HopStats, LatencySummary, Report, RowStats
from simulator.report.requests import Request, parse_tags
from simulator.report.scoring import class_scores, kind_accuracy

__all__ = ["PROTECTION_ROW", "build_report", "parse_fault_tag"]

_COLUMNS = (
    "securityServerType, requestInTs, requestOutTs, responseInTs, responseOutTs, messageId, "
    "serviceProvider, statusCode, succeeded, faultCode, faultString, attempts, breakerState, "
    "injectedFault, detectedSymptom, answeredBy"
)
_HOP_ORDER = {"lgsp": 0, "ndxp": 1}
# Requests turned away by the gateway's own protection (open breaker, full bulkhead, spent
# retry budget) never reached a registry, so no fault touched them: the faults of the rows
# above caused them. They get a line of their own instead of hiding among the clean requests.
PROTECTION_ROW = "protection"
_UNTAGGED_TITLES = {
    "-": "no fault met",
    PROTECTION_ROW: "rejected by the gateway's protection (breaker/bulkhead/retry budget) "
    "after the faults above",
}


def parse_fault_tag(tag: str | None) -> list[tuple[str, str]]:
    """``"12:status_sync, 43:half_open@lgsp-ndxp"`` → ``[("12", "status_sync"), ...]``."""
    return [(t.row, t.kind) for t in parse_tags(tag)]


def _rows(path: Path, since_ms: int | None) -> list[sqlite3.Row]:
    conn = connect(path, readonly=True)
    try:
        sql = f"SELECT {_COLUMNS} FROM records"
        args: list[Any] = []
        if since_ms is not None:
            sql += " WHERE requestInTs >= ?"
            args.append(since_ms)
        return conn.execute(sql + " ORDER BY requestInTs, id", args).fetchall()
    finally:
        conn.close()


def _journal(path: Path, since_ms: int | None) -> dict[str, list[str]]:
    """Applied-fault tags per request key, in the order the attempts met them."""
    conn = connect(path, readonly=True)
    try:
        sql = "SELECT messageId, tag FROM injected_faults"
        args: list[Any] = []
        if since_ms is not None:
            sql += " WHERE ts >= ?"
            args.append(since_ms)
        try:
            found = conn.execute(sql + " ORDER BY id", args).fetchall()
        except sqlite3.OperationalError:  # a ledger written before the journal existed
            return {}
    finally:
        conn.close()
    journal: dict[str, list[str]] = defaultdict(list)
    for message_id, tag in found:
        journal[message_id].append(tag)
    return journal


def _row_key(row: str) -> tuple[int, str]:
    return (int(row), "") if row.isdigit() else (10**6, row)


def _request_rows(request: Request) -> list[str]:
    rows = request.rows()
    if rows:
        return rows
    symptoms = split_symptoms(request.inner["detectedSymptom"])
    rejected = "rejected" in symptoms or (request.rejected and not request.succeeded)
    return [PROTECTION_ROW if rejected else "-"]


@dataclass(slots=True)
class _RowTally:
    kinds: set[str] = field(default_factory=set)
    sites: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    failed: int = 0
    retried: int = 0
    rejected: int = 0
    slow: int = 0
    failed_at: Counter[str] = field(default_factory=Counter)
    gave_up: Counter[str] = field(default_factory=Counter)
    symptoms: Counter[str] = field(default_factory=Counter)

    def add(self, request: Request, row: str) -> None:
        tags = [t for t in request.all_tags() if t.row == row]
        self.kinds.update(t.kind for t in tags)
        self.sites.update({t.site for t in tags})
        self.latencies.append(request.latency)
        self.failed += not request.succeeded
        self.retried += request.retried
        self.rejected += request.rejected
        # The gateway's own judgement, at its configured threshold (30 s, or a scaled rehearsal's).
        from_registry = request.outer["answeredBy"].startswith("registry:")
        slow = any("slow" in split_symptoms(h["detectedSymptom"]) for h in request.hops)
        self.slow += from_registry and (slow or request.latency >= SLOW_SECONDS * 1000)
        self.symptoms.update(split_symptoms(request.inner["detectedSymptom"]) or ["-"])
        where = failed_at(request)
        if where is not None:
            self.failed_at[where] += 1
        hop = gave_up(request)
        if hop is not None:
            self.gave_up[hop] += 1

    def stats(self, row: str, catalog: dict[int, RowInfo]) -> RowStats:
        info = catalog.get(int(row)) if row.isdigit() else None
        return RowStats(
            row=row,
            title=info.en if info else _UNTAGGED_TITLES.get(row, f"row {row}"),
            kinds=sorted(self.kinds),
            requests=len(self.latencies),
            failed=self.failed,
            latency=LatencySummary.of(self.latencies),
            recovered_by_retry=self.retried,
            breaker_rejections=self.rejected,
            failed_at=dict(self.failed_at.most_common()),
            symptoms=dict(self.symptoms.most_common()),
            injected_at=dict(self.sites.most_common()),
            slow_answers=self.slow,
            gave_up=dict(self.gave_up.most_common()),
        )


def _requests(records: list[sqlite3.Row], journal: dict[str, list[str]]) -> list[Request]:
    by_message: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for record in records:
        by_message[record["messageId"]].append(record)
    requests = []
    for message_id, hops in by_message.items():
        hops.sort(key=lambda r: _HOP_ORDER.get(r["securityServerType"], 9))
        requests.append(Request(message_id, hops, journal.get(message_id, [])))
    return requests


def _hop_stats(records: list[sqlite3.Row], requests: list[Request]) -> list[HopStats]:
    by_hop: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for record in records:
        by_hop[record["securityServerType"]].append(record)
    two_hop = [r for r in requests if r.outer["securityServerType"] == "lgsp"]
    contract_only = sum(
        len(r.hops) == 2 and r.succeeded and not r.inner["succeeded"] for r in two_hop
    )
    reached_lgsp_only = sum(
        len(r.hops) == 1 and "NDXP" in (r.outer["faultString"] or "") for r in two_hop
    )
    return [
        HopStats(
            hop=hop,
            records=len(items),
            failed=sum(not r["succeeded"] for r in items),
            latency=LatencySummary.of([r["responseOutTs"] - r["requestInTs"] for r in items]),
            overhead=LatencySummary.of([_overhead(r) for r in items]),
            contract_only=contract_only if hop == "ndxp" else 0,
            not_reached=reached_lgsp_only if hop == "ndxp" else 0,
        )
        for hop, items in sorted(by_hop.items(), key=lambda kv: _HOP_ORDER.get(kv[0], 9))
    ]


def build_report(ledger_path: Path | str, *, since_ms: int | None = None) -> Report:
    """The report of every request recorded at or after ``since_ms`` (epoch ms; None: all)."""
    path = Path(ledger_path)
    records = _rows(path, since_ms)
    requests = _requests(records, _journal(path, since_ms))
    cut = [r for r in requests if r.cut_by_stop]
    if cut:
        requests = [r for r in requests if not r.cut_by_stop]
        kept = {r.message_id for r in requests}
        records = [r for r in records if r["messageId"] in kept]
    catalog = load_rows()
    tallies: dict[str, _RowTally] = {}
    for request in requests:
        for row in _request_rows(request):
            tallies.setdefault(row, _RowTally()).add(request, row)
    rows = [tallies[row].stats(row, catalog) for row in sorted(tallies, key=_row_key)]
    return Report(
        ledger_path=str(path),
        since_ms=since_ms,
        generated_at_ms=int(time.time() * 1000),
        first_ts_ms=records[0]["requestInTs"] if records else None,
        last_ts_ms=max((r["responseOutTs"] for r in records), default=None),
        requests=len(requests),
        failed=sum(not r.succeeded for r in requests),
        latency=LatencySummary.of([r.latency for r in requests]),
        hops=_hop_stats(records, requests),
        rows=rows,
        accuracy=kind_accuracy(requests),
        catalog_found=bool(catalog),
        scores=class_scores(requests),
        blame=hop_blame(requests),
        cut_at_stop=len(cut),
        cut_rows=dict(Counter(row for r in cut for row in r.rows()).most_common()),
        samples={r.row: tallies[r.row].latencies for r in rows},
        timeline=[(r.outer["requestInTs"], r.latency, r.succeeded) for r in requests],
    )


def _overhead(record: sqlite3.Row) -> float:
    """X-Road: (requestOutTs − requestInTs) + (responseOutTs − responseInTs)."""
    if record["requestOutTs"] is None or record["responseInTs"] is None:
        return float(record["responseOutTs"] - record["requestInTs"])
    return float(
        (record["requestOutTs"] - record["requestInTs"])
        + (record["responseOutTs"] - record["responseInTs"])
    )
