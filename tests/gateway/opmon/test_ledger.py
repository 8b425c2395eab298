from __future__ import annotations

import sqlite3
import threading
from dataclasses import astuple
from pathlib import Path
from typing import Any

import orjson
import pytest

from gateway.opmon import HopRecord, export, iter_records, query_page
from gateway.opmon.schema import connect, scrub_text
from tests.gateway.opmon.records import historical_ledger, hop_record


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    finally:
        conn.close()


def test_close_commits_every_record_recorded_before_it(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite", batch_size=7)
    for i in range(1000):
        ledger.record(hop_record(messageId=f"m-{i}"))
    ledger.close()
    assert _count(tmp_path / "l.sqlite") == 1000
    assert ledger.written == 1000 and ledger.dropped == 0


def test_file_is_in_wal_mode(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite")
    ledger.close()
    conn = sqlite3.connect(tmp_path / "l.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_flush_makes_records_visible_to_a_reader(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite", flush_interval=5.0)
    ledger.record(hop_record())
    assert ledger.flush(timeout=5.0)
    assert _count(tmp_path / "l.sqlite") == 1
    ledger.close()


def test_full_queue_drops_and_counts_instead_of_blocking(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite", queue_size=100)
    gate = threading.Event()
    # Hold the writer inside its commit so the queue can only fill.
    original = ledger._commit

    def slow_commit(conn: sqlite3.Connection, batch: list[Any], faults: list[Any]) -> None:
        gate.wait(5)
        original(conn, batch, faults)

    ledger._commit = slow_commit  # type: ignore[method-assign]
    for i in range(500):
        ledger.record(hop_record(messageId=f"m-{i}"))
    assert ledger.dropped > 0
    gate.set()
    ledger.close()
    assert ledger.written + ledger.dropped == 500
    assert _count(tmp_path / "l.sqlite") == ledger.written


def test_record_after_close_is_counted_as_dropped(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite")
    ledger.close()
    ledger.record(hop_record())
    assert ledger.dropped == 1


def test_identifiers_in_free_text_are_masked_on_write(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite")
    ledger.record(
        hop_record(
            messageId="tra-001203004512",
            faultString="GET http://dan_cu/congdan?soDinhDanh=001203004512&hoTen=Nguyen failed",
        )
    )
    ledger.close()
    raw = (tmp_path / "l.sqlite").read_bytes()
    assert b"001203004512" not in raw and b"Nguyen" not in raw
    [record] = list(iter_records(tmp_path / "l.sqlite"))
    assert record["messageId"] == "tra-001*******12"
    assert record["faultString"] == "GET http://dan_cu/congdan?… failed"


def test_scrub_text_keeps_short_numbers() -> None:
    assert scrub_text("status 504 after 30000 ms") == "status 504 after 30000 ms"
    assert scrub_text(None) is None


def _ledger_with_seconds(path: Path, seconds: list[int]) -> None:
    ledger = historical_ledger(path)
    for i, second in enumerate(seconds):
        ts = second * 1000 + (i % 1000)
        ledger.record(hop_record(messageId=f"m-{i}", requestInTs=ts, responseOutTs=ts))
    ledger.close()


def test_paging_ends_pages_on_whole_seconds_without_loss_or_repeat(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    seconds = [100] * 3 + [101] * 4 + [102] * 2 + [105] * 5
    _ledger_with_seconds(path, seconds)
    conn = connect(path, readonly=True)
    seen: list[str] = []
    start: int | None = 100
    pages = 0
    while start is not None:
        page = query_page(conn, records_from=start, records_to=200, limit=5)
        seen += [r["messageId"] for r in page.records]
        start = page.next_records_from
        pages += 1
    conn.close()
    assert sorted(seen) == sorted(f"m-{i}" for i in range(len(seconds)))
    assert len(seen) == len(set(seen))
    assert pages >= 3


def test_a_second_larger_than_a_page_is_returned_whole(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    _ledger_with_seconds(path, [100] * 8 + [101])
    conn = connect(path, readonly=True)
    page = query_page(conn, records_from=100, records_to=200, limit=3)
    assert len(page.records) == 8 and page.next_records_from == 101
    conn.close()


def test_range_and_client_filters(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    ledger = historical_ledger(path)
    ledger.record(hop_record(messageId="a", responseOutTs=10_000, clientId="SUB_A"))
    ledger.record(hop_record(messageId="b", responseOutTs=20_500, clientId="SUB_B"))
    ledger.record(hop_record(messageId="c", responseOutTs=30_000, clientId="SUB_A"))
    ledger.close()
    assert [r["messageId"] for r in iter_records(path, records_from=10, records_to=20)] == [
        "a",
        "b",
    ]
    assert [r["messageId"] for r in iter_records(path, client="SUB_A")] == ["a", "c"]
    conn = connect(path, readonly=True)
    with pytest.raises(ValueError):
        query_page(conn, records_from=5, records_to=1)
    conn.close()


def test_export_csv_and_json(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    ledger = historical_ledger(path)
    ledger.record(hop_record(faultString='quote " and, comma'))
    ledger.close()
    records = list(iter_records(path))
    csv_text = export(records, "csv").decode()
    header, line = csv_text.splitlines()
    assert header.startswith("securityServerType,requestInTs,")
    assert '"quote "" and, comma"' in line
    document = orjson.loads(export(records, "json"))
    assert document["records"][0]["succeeded"] is True
    assert document["records"][0]["restPath"] == "/congdan/{soDinhDanh}"


def test_fault_journal_is_written_masked_and_flushed_on_close(tmp_path: Path) -> None:
    ledger = historical_ledger(tmp_path / "l.sqlite")
    ledger.record_fault("msg-1", "dkdn", "20:hang")
    ledger.record_fault("001203004512", "dan_cu", "72:wrong_values")
    ledger.record_fault(None, "gplx", "21:missing_fields")  # no key: nothing to join on
    ledger.close()
    conn = sqlite3.connect(tmp_path / "l.sqlite")
    rows = conn.execute(
        "SELECT messageId, registry, tag FROM injected_faults ORDER BY id"
    ).fetchall()
    assert rows == [("msg-1", "dkdn", "20:hang"), ("001*******12", "dan_cu", "72:wrong_values")]


def test_a_pending_record_is_stored_as_the_record_it_builds(tmp_path: Path) -> None:
    """A hop hands over facts and a row function (LedgerSink.record_pending); the writer
    stores the same row, scrubbed the same way, as for the built record. A row function that
    fails costs that record only (dropped and counted), never the writer."""
    ledger = historical_ledger(tmp_path / "l.sqlite")
    built = hop_record(messageId="m-built", faultString="CCCD 001099012345 sai")
    pending = hop_record(messageId="m-pending", faultString="CCCD 001099012345 sai")

    def row(record: HopRecord) -> list[Any]:
        return list(astuple(record))

    def broken(_: object) -> list[Any]:
        raise ValueError("no row")

    ledger.record(built)
    ledger.record_pending((broken, None))
    ledger.record_pending((row, pending))
    ledger.close()
    stored = {r["messageId"]: r for r in iter_records(tmp_path / "l.sqlite")}
    assert set(stored) == {"m-built", "m-pending"}
    assert ledger.dropped == 1 and ledger.written == 2
    assert {**stored["m-pending"], "messageId": "m-built"} == stored["m-built"]
    assert "001099012345" not in str(stored["m-pending"]["faultString"])
