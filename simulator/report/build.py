"""Building the run report from the ledger file.

    report = build_report(Path("var/ledger.sqlite"), since_ms=t0)
    print(render(report, "text"))

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.opmon import connect
from simulator.report.catalog import RowInfo, load_rows
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


@dataclass(slots=True)
class _Request:
    """One request as the report sees it: its hop records, outermost first."""

    hops: list[sqlite3.Row]
    journal: list[str]

    @property
    def outer(self) -> sqlite3.Row:
        return self.hops[0]

    @property
    def inner(self) -> sqlite3.Row:
        return self.hops[-1]

    @property
    def latency(self) -> float:
        return float(self.outer["responseOutTs"] - self.outer["requestInTs"])

    @property
    def succeeded(self) -> bool:
        return bool(self.outer["succeeded"])

    def answered_tags(self) -> list[tuple[str, str]]:
        return parse_fault_tag(self.inner["injectedFault"] or self.outer["injectedFault"])

    def judged_tags(self) -> list[tuple[str, str]]:
        """The faults detection is judged against: those on the answer that came back; when
        none came back (hang, reset, timeout), those the last attempt met. A retry that
        recovered is judged by its clean final answer, not by the fault it got past."""
        answered = self.answered_tags()
        if answered or self.succeeded or not self.journal:
            return answered
        return parse_fault_tag(self.journal[-1])

    def all_tags(self) -> list[tuple[str, str]]:
        """Every fault any attempt met: a retry that recovered still hit the row."""
        met = [t for tag in self.journal for t in parse_fault_tag(tag)]
        return list(dict.fromkeys(self.answered_tags() + met))

    def rows(self) -> list[str]:
        symptom = self.inner["detectedSymptom"]
        fallback = (
            PROTECTION_ROW
            if symptom == "rejected" or (self.rejected and not self.succeeded)
            else "-"
        )
        return sorted({r for r, _ in self.all_tags()}) or [fallback]

    @property
    def retried(self) -> bool:
        return self.succeeded and any(h["attempts"] > 1 for h in self.hops)

    @property
    def rejected(self) -> bool:
        return any(
            h["detectedSymptom"] == "rejected" or h["breakerState"] == "open" for h in self.hops
        )


@dataclass(slots=True)
class _RowTally:
    kinds: set[str] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)
    failed: int = 0
    retried: int = 0
    rejected: int = 0
    failed_at: Counter[str] = field(default_factory=Counter)
    symptoms: Counter[str] = field(default_factory=Counter)

    def add(self, request: _Request, row: str) -> None:
        self.kinds.update(k for r, k in request.all_tags() if r == row)
        self.latencies.append(request.latency)
        self.failed += not request.succeeded
        self.retried += request.retried
        self.rejected += request.rejected
        self.symptoms[request.inner["detectedSymptom"] or "-"] += 1
        if not request.succeeded:
            self.failed_at[request.outer["answeredBy"]] += 1

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
        )


def _requests(records: list[sqlite3.Row], journal: dict[str, list[str]]) -> list[_Request]:
    by_message: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for record in records:
        by_message[record["messageId"]].append(record)
    requests = []
    for message_id, hops in by_message.items():
        hops.sort(key=lambda r: _HOP_ORDER.get(r["securityServerType"], 9))
        requests.append(_Request(hops, journal.get(message_id, [])))
    return requests


def _accuracy(requests: list[_Request]) -> list[KindAccuracy]:
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for request in requests:
        for _row, kind in request.judged_tags():
            confusion[kind][request.inner["detectedSymptom"] or "-"] += 1
    return [
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


def _hop_stats(records: list[sqlite3.Row]) -> list[HopStats]:
    by_hop: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for record in records:
        by_hop[record["securityServerType"]].append(record)
    return [
        HopStats(
            hop=hop,
            records=len(items),
            failed=sum(not r["succeeded"] for r in items),
            latency=LatencySummary.of([r["responseOutTs"] - r["requestInTs"] for r in items]),
            overhead=LatencySummary.of([_overhead(r) for r in items]),
        )
        for hop, items in sorted(by_hop.items(), key=lambda kv: _HOP_ORDER.get(kv[0], 9))
    ]


def build_report(ledger_path: Path | str, *, since_ms: int | None = None) -> Report:
    """The report of every request recorded at or after ``since_ms`` (epoch ms; None: all)."""
    path = Path(ledger_path)
    records = _rows(path, since_ms)
    requests = _requests(records, _journal(path, since_ms))
    catalog = load_rows()
    tallies: dict[str, _RowTally] = {}
    for request in requests:
        for row in request.rows():
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
        hops=_hop_stats(records),
        rows=rows,
        accuracy=_accuracy(requests),
        catalog_found=bool(catalog),
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
