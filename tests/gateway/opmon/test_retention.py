"""The ledger's retention (maximum age, maximum size on disk) and its failures made visible:
pruned by the writer thread, never on a request; an episode logged once at its start and once
at its end, named by problem() (and so by /healthz)."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from gateway.opmon import LedgerUnwritable, Retention, SqliteLedger, writer
from gateway.opmon.retention import file_bytes
from tests.gateway.opmon.records import hop_record

DAY_MS = 86_400_000


def _ids(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT messageId FROM records ORDER BY id")]
    finally:
        conn.close()


def test_records_older_than_the_maximum_age_are_pruned_with_their_journal(tmp_path: Path) -> None:
    now = time.time_ns() // 1_000_000
    ledger = SqliteLedger(tmp_path / "l.sqlite", retention=Retention(max_age_days=7))
    ledger._next_prune = float("inf")  # no prune until the test says so
    for age_days, name in ((30, "old"), (8, "older-than-a-week"), (1, "recent"), (0, "now")):
        at = now - age_days * DAY_MS
        ledger.record(hop_record(messageId=name, requestInTs=at, responseOutTs=at + 5))
    ledger.record_fault("old", "dan_cu", "43:http_502")
    assert ledger.flush(5)
    # The journal entry is written now; its request was 30 days ago: it goes with the record.
    conn = sqlite3.connect(tmp_path / "l.sqlite")
    conn.execute("UPDATE injected_faults SET ts = ?", (now - 30 * DAY_MS,))
    conn.commit()
    conn.close()
    ledger._next_prune = 0.0  # the next batch is the writer's next prune
    ledger.record(hop_record(messageId="trigger", requestInTs=now, responseOutTs=now))
    assert ledger.flush(5)
    ledger.close()
    assert _ids(tmp_path / "l.sqlite") == ["recent", "now", "trigger"]
    assert ledger.pruned == 2
    conn = sqlite3.connect(tmp_path / "l.sqlite")
    assert conn.execute("SELECT count(*) FROM injected_faults").fetchone()[0] == 0
    conn.close()


def test_the_ledger_stays_under_its_size_cap_keeping_the_newest(tmp_path: Path) -> None:
    cap = 2 << 20
    path = tmp_path / "l.sqlite"
    ledger = SqliteLedger(path, retention=Retention(max_bytes=cap), batch_size=200)
    now = time.time_ns() // 1_000_000
    biggest = 0
    for i in range(40_000):
        ledger.record(hop_record(messageId=f"m-{i:06d}", requestInTs=now, responseOutTs=now))
        if i % 2_000 == 1_999:
            assert ledger.flush(10)
            biggest = max(biggest, file_bytes(path))
    ledger.close()
    kept = _ids(path)
    assert biggest <= cap and file_bytes(path) <= cap
    assert ledger.pruned > 10_000 and len(kept) == 40_000 - ledger.pruned
    assert kept[-1] == "m-039999" and kept == sorted(kept)  # the oldest went first


def test_a_write_failure_is_one_episode_logged_at_start_and_end(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = SqliteLedger(tmp_path / "l.sqlite")
    # Every batch fails the way a full disk or a read-only file does: sqlite3.Error.
    monkeypatch.setattr(writer, "INSERT", "INSERT INTO nowhere VALUES (1)")
    with caplog.at_level(logging.WARNING, logger="ndxp_sim.ledger"):
        assert ledger.problem() is None
        for i in range(3):
            ledger.record(hop_record(messageId=f"lost-{i}"))
            assert ledger.flush(5)
        problem = ledger.problem()
        assert problem is not None and "no such table" in problem
        monkeypatch.undo()
        ledger.record(hop_record(messageId="kept"))
        assert ledger.flush(5)
        assert ledger.problem() is None
    ledger.close()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines  # one when it starts, one when it ends — not one per batch
    assert "cannot write" in lines[0] and "recovered" in lines[1]
    assert ledger.dropped == 3 and ledger.failed_batches == 3
    assert _ids(tmp_path / "l.sqlite") == ["kept"]


def test_a_full_queue_is_named_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = SqliteLedger(tmp_path / "l.sqlite", queue_size=100, flush_interval=5.0)
    with caplog.at_level(logging.WARNING, logger="ndxp_sim.ledger"):
        for i in range(300):  # the writer sleeps: the queue can only fill
            ledger.record(hop_record(messageId=f"m-{i}"))
        assert ledger.problem() is not None and "đầy" in (ledger.problem() or "")
        assert ledger.flush(5)
        ledger.record(hop_record())
        assert ledger.flush(5)
    ledger.close()
    assert ledger.dropped == 200
    assert [r.getMessage() for r in caplog.records][0].startswith(f"ledger {ledger.path}: queue")
    assert ledger.problem() is None


def test_an_unwritable_path_is_one_error_naming_it(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a directory should be")
    with pytest.raises(LedgerUnwritable) as caught:
        SqliteLedger(blocked / "ledger.sqlite")
    assert caught.value.path == blocked / "ledger.sqlite"
    assert str(blocked) in str(caught.value) and caught.value.why
    readonly = tmp_path / "ro.sqlite"
    SqliteLedger(readonly).close()
    readonly.chmod(0o444)
    try:
        if readonly.stat().st_mode & 0o200 == 0 and not _root_ignores_permissions(readonly):
            with pytest.raises(LedgerUnwritable):
                SqliteLedger(readonly)
    finally:
        readonly.chmod(0o644)


def _root_ignores_permissions(path: Path) -> bool:
    try:
        with path.open("a"):
            return True
    except PermissionError:
        return False
