"""What a ledger says happened to each request: the faults its journal holds and each hop's
status and answer tag — compared between runs that sent the same seeded calls."""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["Sequences", "fault_sequences"]

Sequences = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


def fault_sequences(path: Path, *, journal_in_order: bool = True) -> Sequences:
    """Per X-Road-Id: (journal tags, ``hop:status:tag`` of each record). The journal keeps the
    order the attempts met the faults, unless ``journal_in_order`` is off (journals merged
    from several processes are ordered by time, which ties do not fix)."""
    conn = sqlite3.connect(path)
    try:
        journal = conn.execute("SELECT messageId, tag FROM injected_faults ORDER BY id").fetchall()
        answers = conn.execute(
            "SELECT messageId, securityServerType, statusCode, injectedFault FROM records"
        ).fetchall()
    finally:
        conn.close()
    found: dict[str, tuple[list[str], list[str]]] = {}
    for message, tag in journal:
        found.setdefault(message, ([], []))[0].append(tag)
    for message, hop, status, injected in sorted(answers):
        found.setdefault(message, ([], []))[1].append(f"{hop}:{status}:{injected}")
    return {
        m: (tuple(j if journal_in_order else sorted(j)), tuple(a)) for m, (j, a) in found.items()
    }
