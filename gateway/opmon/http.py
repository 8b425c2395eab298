"""``GET /opmon/records`` on each gateway: the ledger's paged query over HTTP.

    /opmon/records?recordsFrom=1732330000&recordsTo=1732333600&client=SUB_MOTCUA&format=csv

``recordsFrom``/``recordsTo`` are unix seconds (default: the last hour); ``limit`` caps the page
(at most the configured page size). JSON answers carry ``nextRecordsFrom``; CSV answers carry it
in the ``X-Next-Records-From`` header. Records written a moment ago are flushed first, so a
caller sees its own requests. Only the serving hop's records are returned (as an X-Road
security server answers for itself), even when both hops share one file in one process.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import parse_qsl

from gateway.errors import BadRequest
from gateway.opmon.query import export, query_page
from gateway.opmon.schema import connect
from gateway.opmon.writer import SqliteLedger

__all__ = ["LedgerUnavailable", "answer_records"]

_JSON = b"application/json"
_CSV = b"text/csv; charset=utf-8"


class LedgerUnavailable(BadRequest):
    """This gateway runs without a ledger file (e.g. a bare-proxy benchmark)."""

    status = 404
    reason = "ledger_disabled"
    code = "LedgerDisabled"


# Unix seconds up to year 5138: past SQLite's 64-bit integers would be an OverflowError.
_LARGEST = 10**11


def _int(params: dict[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw) if len(raw) <= 20 else -1
    except ValueError:
        value = -1
    if not 0 <= value <= _LARGEST:
        raise BadRequest(
            f"Tham số {name} phải là số nguyên từ 0 đến {_LARGEST} (giây Unix; limit: số bản ghi) "
            f"({name}: integer in range)."
        )
    return value


def _page(
    ledger: SqliteLedger, params: dict[str, str], max_page: int, hop: str
) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
    now = int(time.time())
    records_from = _int(params, "recordsFrom", now - 3600)
    records_to = _int(params, "recordsTo", now)
    limit = min(_int(params, "limit", max_page), max_page)
    fmt = params.get("format", "json")
    if fmt not in ("json", "csv"):
        raise BadRequest("Tham số format chỉ nhận json hoặc csv (format: json|csv).")
    if records_to < records_from or limit < 1:
        raise BadRequest("recordsTo phải sau recordsFrom và limit ≥ 1 (bad range or limit).")
    ledger.flush(timeout=5.0)
    conn = connect(ledger.path, readonly=True)
    try:
        page = query_page(
            conn,
            records_from=records_from,
            records_to=records_to,
            client=params.get("client") or None,
            limit=limit,
            hop=hop,
        )
    finally:
        conn.close()
    if fmt == "json":
        return 200, page.to_json(), _JSON, []
    headers = []
    if page.next_records_from is not None:
        headers.append((b"x-next-records-from", str(page.next_records_from).encode()))
    return 200, export(page.records, "csv"), _CSV, headers


async def answer_records(
    ledger: object, query_string: bytes, *, max_page: int, hop: str
) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
    """(status, body, content type, extra headers); raises a ``GatewayError`` on bad input."""
    if not isinstance(ledger, SqliteLedger):
        raise LedgerUnavailable("Gateway này không ghi sổ opmon (ledger disabled).")
    params = dict(parse_qsl(query_string.decode("latin-1")))
    return await asyncio.to_thread(_page, ledger, params, max_page, hop)
