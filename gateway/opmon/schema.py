"""The ledger's SQLite table: one row per :class:`~gateway.opmon.HopRecord`, same field names.

Free text that a caller or a registry controls (``messageId``, ``faultString``) is scrubbed on the
way in: runs of 9+ digits (CCCD, CMND, tax codes) are masked and query strings are dropped, so a
personal identifier echoed in an error message never reaches the file.
"""

from __future__ import annotations

import operator
import re
import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import Any

from gateway.opmon.records import HopRecord, PendingRecord
from gateway.privacy import mask_identifier

__all__ = [
    "COLUMNS",
    "INSERT_FAULT",
    "connect",
    "pending_row",
    "record_row",
    "row_record",
    "scrub_text",
]

COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(HopRecord))
_TYPES: dict[object, str] = {"int": "INTEGER", "int | None": "INTEGER", "bool": "INTEGER"}
_DIGITS = re.compile(r"\d{9,}")
_QUERY = re.compile(r"\?[^\s\"')]*")
_SCRUBBED = ("messageId", "faultString", "evidence")

# sqlite3 binds exact int, float, str and bytearray values directly; anything else — the None
# of every empty column, the bool of ``succeeded`` — first goes through its adaptation
# protocol: a registry look-up, then ``__adapt__`` and ``__conform__`` looked up and missed,
# each miss formatting an AttributeError. That was a sixth of the ledger writer's work per
# record. These adapters answer the look-up at once with what binding did anyway (NULL, 0/1),
# so they change no stored value, for this ledger or any other sqlite3 user in the process.
sqlite3.register_adapter(type(None), lambda value: value)
sqlite3.register_adapter(bool, int)


def _column_type(annotation: object) -> str:
    return _TYPES.get(annotation, "TEXT")


_DDL = (
    "CREATE TABLE IF NOT EXISTS records (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    + ", ".join(f'"{f.name}" {_column_type(f.type)}' for f in fields(HopRecord))
    + ")",
    "CREATE INDEX IF NOT EXISTS records_out_ts ON records (responseOutTs, id)",
    "CREATE INDEX IF NOT EXISTS records_client ON records (clientId, responseOutTs)",
    # Faults the mocks applied, keyed by the request key (the X-Road-Id the NDXP forwards):
    # the report joins them to records whose answer never came back with an X-Sim-Fault tag.
    "CREATE TABLE IF NOT EXISTS injected_faults (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "messageId TEXT NOT NULL, registry TEXT NOT NULL, tag TEXT NOT NULL, ts INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS injected_faults_message ON injected_faults (messageId)",
    "CREATE INDEX IF NOT EXISTS injected_faults_ts ON injected_faults (ts)",
)
INSERT_FAULT = "INSERT INTO injected_faults (messageId, registry, tag, ts) VALUES (?, ?, ?, ?)"
INSERT = (
    "INSERT INTO records ("
    + ", ".join(f'"{c}"' for c in COLUMNS)
    + ") VALUES ("
    + ", ".join("?" for _ in COLUMNS)
    + ")"
)


def scrub_text(text: str | None) -> str | None:
    """Mask identifier-like digit runs and drop query strings from free text."""
    if text is None:
        return None
    if "?" in text:
        text = _QUERY.sub("?…", text)
    return _DIGITS.sub(lambda m: mask_identifier(m.group(0)), text)


_VALUES = operator.attrgetter(*COLUMNS)
_SCRUBBED_AT = tuple(COLUMNS.index(name) for name in _SCRUBBED)


def record_row(record: HopRecord) -> list[Any]:
    """The row of ``record`` in :data:`COLUMNS` order, free text scrubbed. Read attribute by
    attribute: ``dataclasses.asdict`` deep-copies every field, which cost more than the whole
    hop that produced the record (``bench/bench_instructions.py``)."""
    return _scrubbed(list(_VALUES(record)))


def pending_row(pending: PendingRecord) -> list[Any]:
    """The row of a record handed over unbuilt (``gateway.opmon.PendingRecord``), scrubbed."""
    return _scrubbed(pending[0](pending[1]))


def _scrubbed(row: list[Any]) -> list[Any]:
    for i in _SCRUBBED_AT:
        row[i] = scrub_text(row[i])
    return row


def row_record(row: sqlite3.Row) -> dict[str, Any]:
    """A stored row as the X-Road-style JSON object (``id`` dropped, ``succeeded`` a bool)."""
    data = {c: row[c] for c in COLUMNS}
    data["succeeded"] = bool(data["succeeded"])
    return data


def _add_new_columns(conn: sqlite3.Connection) -> None:
    """A ledger file from an older version gets the columns added since (``sandbox`` …)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
    for f in fields(HopRecord):
        if f.name not in have:
            conn.execute(f'ALTER TABLE records ADD COLUMN "{f.name}" {_column_type(f.type)}')


def connect(path: Path, *, readonly: bool = False, wal_limit: int = 64 << 20) -> sqlite3.Connection:
    """A connection to the ledger file in WAL mode; creates the file and table when writing
    (with incremental auto-vacuum, so pruned pages go back to the file system)."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # takes effect on a new file only
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # The WAL stays under wal_limit: checkpointed every that many pages, truncated to it.
        conn.execute(f"PRAGMA journal_size_limit={int(wal_limit)}")
        conn.execute(f"PRAGMA wal_autocheckpoint={max(100, int(wal_limit) // 4096 // 2)}")
        for statement in _DDL:
            conn.execute(statement)
        _add_new_columns(conn)
        conn.commit()
    conn.row_factory = sqlite3.Row
    return conn
