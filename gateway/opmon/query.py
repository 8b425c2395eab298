"""Reading the ledger: paged queries in the manner of X-Road's getSecurityServerOperationalData,
and CSV/JSON export.

A page holds records whose ``responseOutTs`` lies in ``[recordsFrom, recordsTo]`` (unix seconds,
inclusive), oldest first, at most ``limit`` of them. When more remain, ``nextRecordsFrom`` is the
second to ask from next; a page always ends on a whole second, so paging neither repeats nor
skips a record (if one second alone holds more than ``limit`` records, the page holds that whole
second, as X-Road does).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson

from gateway.opmon.schema import COLUMNS, connect, row_record

__all__ = ["DEFAULT_PAGE_SIZE", "ExportFormat", "Page", "export", "iter_records", "query_page"]

DEFAULT_PAGE_SIZE = 10_000
ExportFormat = Literal["json", "csv"]


@dataclass(frozen=True, slots=True)
class Page:
    records: list[dict[str, Any]]
    next_records_from: int | None

    def to_json(self) -> bytes:
        return orjson.dumps({"records": self.records, "nextRecordsFrom": self.next_records_from})


def _where(
    records_from: int, records_to: int, client: str | None, hop: str | None
) -> tuple[str, list[Any]]:
    sql = "responseOutTs >= ? AND responseOutTs < ?"
    args: list[Any] = [records_from * 1000, (records_to + 1) * 1000]
    if client:
        sql += " AND clientId = ?"
        args.append(client)
    if hop:
        sql += " AND securityServerType = ?"
        args.append(hop)
    return sql, args


def query_page(
    conn: sqlite3.Connection,
    *,
    records_from: int,
    records_to: int,
    client: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    hop: str | None = None,
) -> Page:
    """One page of records; see the module docstring for the paging rule."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if records_to < records_from:
        raise ValueError("recordsTo is before recordsFrom")
    where, args = _where(records_from, records_to, client, hop)
    rows = conn.execute(
        f"SELECT * FROM records WHERE {where} ORDER BY responseOutTs, id LIMIT ?",
        [*args, limit + 1],
    ).fetchall()
    if len(rows) <= limit:
        return Page([row_record(r) for r in rows], None)
    cut = rows[limit]["responseOutTs"] // 1000
    kept = [r for r in rows[:limit] if r["responseOutTs"] // 1000 < cut]
    if not kept:  # one second holds more than a page: return that second whole
        where, args = _where(cut, cut, client, hop)
        kept = conn.execute(
            f"SELECT * FROM records WHERE {where} ORDER BY responseOutTs, id", args
        ).fetchall()
        cut += 1
    return Page([row_record(r) for r in kept], cut if cut <= records_to else None)


def iter_records(
    path: Path,
    *,
    records_from: int = 0,
    records_to: int = 2**40,
    client: str | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[dict[str, Any]]:
    """Every matching record, page by page (bounded memory)."""
    conn = connect(path, readonly=True)
    try:
        start: int | None = records_from
        while start is not None:
            page = query_page(
                conn, records_from=start, records_to=records_to, client=client, limit=page_size
            )
            yield from page.records
            start = page.next_records_from
    finally:
        conn.close()


def export(records: Iterator[dict[str, Any]] | list[dict[str, Any]], fmt: ExportFormat) -> bytes:
    """Records as a CSV (header = X-Road field names) or a JSON document ``{"records": [...]}``."""
    if fmt == "json":
        return orjson.dumps({"records": list(records)})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(record)
    return out.getvalue().encode("utf-8")
