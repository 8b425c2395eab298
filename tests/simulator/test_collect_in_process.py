"""``report --collect`` against the in-process stack (``ndxp-sim up``): one engine and one
ledger serve all six ports, so every journal entry and record is offered several times over —
the merge keeps each once and reads what the stack's own ledger file says."""

from __future__ import annotations

import asyncio
from pathlib import Path

from gateway.opmon import SqliteLedger
from mock_registries import Clock
from simulator.collect import collect
from simulator.control import JsonClient
from simulator.demo import DEMO_MOMENT, run_demo
from simulator.report import build_report
from simulator.settings import SERVICES
from simulator.stack import Stack
from tests.simulator.scaled import scaled_settings
from tests.simulator.sequences import fault_sequences


async def test_one_engine_behind_six_urls_is_collected_once(tmp_path: Path) -> None:
    settings = scaled_settings(tmp_path, "quang-binh", seed=3)
    ledger = SqliteLedger(settings.ledger_path)
    clock = Clock.frozen_at(DEMO_MOMENT)
    async with Stack(settings, only=SERVICES, free_ports=True, ledger=ledger, clock=clock) as stack:
        await run_demo(stack.urls["lgsp"], rounds=12, seed=3, now=DEMO_MOMENT)
        client = JsonClient(headers=settings.admin_headers())
        try:
            collected = await collect([*stack.urls.values(), stack.urls["lgsp"]], client)
        finally:
            await client.aclose()
    try:
        merged = await asyncio.to_thread(collected.merged.flushed)
        assert collected.journal > 0  # quang-binh empties answers: the journal has entries
        # Each source offered the whole journal (six URLs and one twice): kept once.
        assert all(s.journal == collected.journal for s in collected.sources)
        assert fault_sequences(merged) == fault_sequences(settings.ledger_path)
        ours, theirs = build_report(merged), build_report(settings.ledger_path)
        assert (ours.requests, ours.failed) == (theirs.requests, theirs.failed)
        assert ours.requests > 20
        assert [r.row for r in ours.rows] == [r.row for r in theirs.rows]
    finally:
        collected.close()
