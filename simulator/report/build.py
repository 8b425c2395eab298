"""Building the run report from the ledger file.

    report = build_report(Path("var/ledger.sqlite"), since_ms=t0)
    print(report.to_text())

A request is the set of hop records sharing a ``messageId``. Its outcome is that of the outermost
hop (the LGSP when it was on the path); the injected-fault tag and the symptom used for
detection accuracy come from the hop nearest the registry (the NDXP), which saw the registry's
answer first-hand. Failures whose answer never came (timeouts, resets) carry no ``X-Sim-Fault``
tag; they are attributed through the ``injected_faults`` journal the stack writes from the fault
engine, keyed by X-Road-Id (in-process stacks only; otherwise they fall under row "-").
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from gateway.opmon.schema import connect
from simulator.report.catalog import load_rows
from simulator.report.expectations import UNDETECTABLE, expected_symptoms, matches
from simulator.report.model import HopStats, KindAccuracy, LatencySummary, Report, RowStats

__all__ = ["PROTECTION_ROW", "build_report", "parse_fault_tag"]

_COLUMNS = (
    "securityServerType, requestInTs, requestOutTs, responseInTs, responseOutTs, messageId, "
    "succeeded, attempts, breakerState, injectedFault, detectedSymptom, answeredBy"
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
    """``"12:status_sync, 21:missing_fields"`` → ``[("12", "status_sync"), ("21", ...)]``."""
    if not tag:
        return []
    pairs = []
    for part in tag.split(","):
        row, sep, kind = part.strip().partition(":")
        if sep and kind:
            pairs.append((row.strip() or "-", kind.strip()))
        elif row:
            pairs.append(("-", row.strip()))
    return pairs


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


def build_report(ledger_path: Path | str, *, since_ms: int | None = None) -> Report:
    """The report of every request recorded at or after ``since_ms`` (epoch ms; None: all)."""
    path = Path(ledger_path)
    records = _rows(path, since_ms)
    journal = _journal(path, since_ms)
    catalog = load_rows()
    messages: dict[str, list[sqlite3.Row]] = defaultdict(list)
    hop_records: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for record in records:
        messages[record["messageId"]].append(record)
        hop_records[record["securityServerType"]].append(record)

    per_row: dict[str, dict[str, Any]] = {}
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    all_latencies: list[float] = []
    timeline: list[tuple[int, float, bool]] = []
    failed_total = 0
    for hops in messages.values():
        hops.sort(key=lambda r: _HOP_ORDER.get(r["securityServerType"], 9))
        outer, inner = hops[0], hops[-1]
        latency = float(outer["responseOutTs"] - outer["requestInTs"])
        succeeded = bool(outer["succeeded"])
        all_latencies.append(latency)
        timeline.append((outer["requestInTs"], latency, succeeded))
        failed_total += not succeeded
        answered_tags = parse_fault_tag(inner["injectedFault"] or outer["injectedFault"])
        attempts_tags = journal.get(outer["messageId"], [])
        # Accuracy compares the symptom with the fault on the answer that came back; when none
        # came back (hang, reset, timeout) with the fault the last attempt met; a retry that
        # recovered is judged by its clean final answer, not by the fault it got past.
        judged = answered_tags or (
            parse_fault_tag(attempts_tags[-1]) if attempts_tags and not succeeded else []
        )
        # Rows count every fault any attempt met: a retry that recovered still hit the row.
        tags = list(
            dict.fromkeys(
                answered_tags + [t for tag in attempts_tags for t in parse_fault_tag(tag)]
            )
        )
        symptom = inner["detectedSymptom"]
        for _row, kind in judged:
            confusion[kind][symptom or "-"] += 1
        retried = any(h["attempts"] > 1 for h in hops) and succeeded
        rejected = any(
            h["detectedSymptom"] == "rejected" or h["breakerState"] == "open" for h in hops
        )
        fallback = PROTECTION_ROW if symptom == "rejected" or (rejected and not succeeded) else "-"
        for row in sorted({r for r, _ in tags}) or [fallback]:
            stats = per_row.setdefault(
                row,
                {
                    "kinds": set(),
                    "latencies": [],
                    "failed": 0,
                    "retried": 0,
                    "rejected": 0,
                    "failed_at": Counter(),
                    "symptoms": Counter(),
                },
            )
            stats["kinds"].update(k for r, k in tags if r == row)
            stats["latencies"].append(latency)
            stats["failed"] += not succeeded
            stats["retried"] += retried
            stats["rejected"] += rejected
            stats["symptoms"][symptom or "-"] += 1
            if not succeeded:
                stats["failed_at"][outer["answeredBy"]] += 1

    rows = []
    for row in sorted(per_row, key=_row_key):
        stats = per_row[row]
        info = catalog.get(int(row)) if row.isdigit() else None
        title = info.en if info else _UNTAGGED_TITLES.get(row, f"row {row}")
        rows.append(
            RowStats(
                row=row,
                title=title,
                kinds=sorted(stats["kinds"]),
                requests=len(stats["latencies"]),
                failed=stats["failed"],
                latency=LatencySummary.of(stats["latencies"]),
                recovered_by_retry=stats["retried"],
                breaker_rejections=stats["rejected"],
                failed_at=dict(stats["failed_at"].most_common()),
                symptoms=dict(stats["symptoms"].most_common()),
            )
        )
    accuracy = [
        KindAccuracy(
            kind=kind,
            total=sum(observed.values()),
            matched=sum(n for s, n in observed.items() if matches(kind, s)),
            expected=sorted(expected_symptoms(kind)),
            observed=dict(observed.most_common()),
            detectable=kind not in UNDETECTABLE,
        )
        for kind, observed in sorted(confusion.items())
    ]
    hop_stats = [
        HopStats(
            hop=hop,
            records=len(items),
            failed=sum(not r["succeeded"] for r in items),
            latency=LatencySummary.of([r["responseOutTs"] - r["requestInTs"] for r in items]),
            overhead=LatencySummary.of([_overhead(r) for r in items]),
        )
        for hop, items in sorted(hop_records.items(), key=lambda kv: _HOP_ORDER.get(kv[0], 9))
    ]
    return Report(
        ledger_path=str(path),
        since_ms=since_ms,
        generated_at_ms=int(time.time() * 1000),
        first_ts_ms=records[0]["requestInTs"] if records else None,
        last_ts_ms=max((r["responseOutTs"] for r in records), default=None),
        requests=len(messages),
        failed=failed_total,
        latency=LatencySummary.of(all_latencies),
        hops=hop_stats,
        rows=rows,
        accuracy=accuracy,
        catalog_found=bool(catalog),
        samples={r.row: per_row[r.row]["latencies"] for r in rows},
        timeline=timeline,
    )


def _overhead(record: sqlite3.Row) -> float:
    """X-Road: (requestOutTs − requestInTs) + (responseOutTs − responseInTs)."""
    if record["requestOutTs"] is None or record["responseInTs"] is None:
        return float(record["responseOutTs"] - record["requestInTs"])
    return float(
        (record["requestOutTs"] - record["requestInTs"])
        + (record["responseOutTs"] - record["responseInTs"])
    )
