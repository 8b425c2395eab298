"""Pulling one run out of a deployment of many processes: every gateway's operational records
(``/opmon/records``, paged, as X-Road's central monitoring pulls
``getSecurityServerOperationalData`` from each security server) and every component's fault
journal (``/_admin/faults/journal``, paged), merged into one ledger file of the in-process form.

    collected = await collect(["http://lgsp:8300", "http://ndxp:8200", "http://dan_cu:8101"],
                              client, since_s=t0)
    report = build_report(collected.merged.flushed())

Any URL may be given: a gateway answers both, a mock only its journal (a 404 on the other is
no error). Several URLs of one gateway (replicas, or workers that share one ledger) give the
same records more than once; a record is kept once per (hop, X-Road-Request-Id, X-Road-Id),
a journal entry once per (journal origin, sequence number).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.collect.feed import OpmonFeed, record_key
from simulator.collect.journal import JournalFeed
from simulator.collect.merged import MergedLedger
from simulator.control import ADMIN_PATH, JsonClient

__all__ = ["Collected", "Source", "collect"]

_ABSENT = {404}  # this component has no such surface (a mock's records, an old journal)


@dataclass(slots=True)
class Source:
    """What one URL gave: its records and journal entries, or why not."""

    url: str
    records: int = 0
    journal: int = 0
    journal_dropped: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url, "records": self.records, "journal": self.journal,
            "journal_dropped": self.journal_dropped, "errors": self.errors,
        }  # fmt: skip


@dataclass(slots=True)
class Collected:
    merged: MergedLedger
    sources: list[Source]
    records: int
    journal: int

    def close(self) -> None:
        self.merged.close()


def _short(error: str) -> str:
    """``unreachable: <url>: connect_error`` → ``unreachable`` (the URL is said once already)."""
    return "unreachable" if error.startswith("unreachable") else error


async def _records(url: str, client: JsonClient, since_s: int, source: Source) -> list[Any]:
    feed = OpmonFeed({url: url}, client, since_s=since_s)
    found: list[dict[str, Any]] = []
    while batch := await feed.poll():
        found += batch
    error = feed.errors.get(url)
    if error is not None and feed.statuses.get(url) not in _ABSENT:
        source.errors.append(f"/opmon/records: {_short(error)}")
    source.records = len(found)
    return found


async def _journal(url: str, client: JsonClient, since_ms: int, source: Source) -> list[Any]:
    feed = JournalFeed([url], client, since_ms=since_ms)
    found = await feed.drain()
    error = feed.errors.get(url)
    if error is not None and error.status not in _ABSENT:
        why = error.reason if error.reason == "unreachable" else f"{error.reason}: {error.message}"
        source.errors.append(f"{ADMIN_PATH}/journal: {why}")
    source.journal_dropped = feed.dropped.get(url, 0)
    source.journal = len(found)
    return found


async def collect(urls: Sequence[str], client: JsonClient, *, since_s: int = 0) -> Collected:
    """Records and journals of every URL since ``since_s`` (unix seconds), merged and
    de-duplicated into a fresh :class:`MergedLedger` (the caller closes it)."""
    sources = [Source(u.rstrip("/")) for u in urls]
    pulled = await asyncio.gather(
        *(_records(s.url, client, since_s, s) for s in sources),
        *(_journal(s.url, client, since_s * 1000, s) for s in sources),
    )
    records = {record_key(r): r for batch in pulled[: len(sources)] for r in batch}
    entries = {(e["origin"], e["seq"]): e for batch in pulled[len(sources) :] for e in batch}
    ordered = sorted(entries.values(), key=lambda e: (e["ts"], e["origin"], e["seq"]))
    merged = MergedLedger()
    try:
        await asyncio.to_thread(merged.add, list(records.values()))
        await asyncio.to_thread(merged.add_journal, ordered)
    except BaseException:
        merged.close()
        raise
    return Collected(merged, sources, len(records), len(entries))
