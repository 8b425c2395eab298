"""Over real HTTP through the LGSP: the well-behaved reference client passes every check of a
short Phụ lục V plan on its sandbox, the naive one fails each check it is built to break."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from examples.good_client import GoodClient
from examples.naive_client import NaiveClient
from examples.workload import Client, Workload, run_workload
from gateway.opmon import SqliteLedger
from mock_registries import sample_identifiers
from simulator.conformance import (
    CHECKS,
    ConformanceSession,
    Report,
    non_idempotent_services,
)
from simulator.control import FaultControl, JsonClient
from simulator.stack import Stack
from tests.gateway.identities import MCDT, MCDT_SECRET
from tests.simulator.conformance.plans import SHORT_PLAN
from tests.simulator.scaled import scaled_settings

pytestmark = pytest.mark.slow

WORKLOAD = Workload(
    msdn=sample_identifiers(0).msdn,
    registration={
        "maDonVi": 1,
        "module": "LTKS",
        "ngayTiepNhan": "04/06/2024 09:30:00",
        "data": '{"hoTich": {"nksHoTen": "NGUYỄN MINH AN", "nksGioiTinh": "1"}}',
    },
    unit=1,
)


async def _session(stack: Stack, sandbox: str, client: Client) -> Report:
    control = FaultControl(
        [url for name, url in stack.urls.items() if name != "console"],
        JsonClient(headers=stack.settings.admin_headers()),
    )
    try:
        session = ConformanceSession(control, SHORT_PLAN, consumer=MCDT, sandbox=sandbox)
        async with session:
            work = asyncio.create_task(run_workload(client, WORKLOAD, SHORT_PLAN.duration_s))
            try:
                await session.run_phases()
                await asyncio.wait_for(work, timeout=30)
            finally:
                work.cancel()
        catalog = stack.settings.gateway_settings().catalog_path
        return await session.grade(stack.urls["lgsp"], non_idempotent_services(catalog))
    finally:
        await client.aclose()
        await control.aclose()


def _outcomes(report: Report) -> dict[str, str]:
    return {v.check: v.outcome for v in report.verdicts}


async def test_good_client_passes_and_naive_client_fails(tmp_path: Path) -> None:
    settings = scaled_settings(tmp_path, None)
    ledger = SqliteLedger(settings.ledger_path)
    async with Stack(settings, free_ports=True, ledger=ledger) as stack:
        good = GoodClient(
            stack.urls["lgsp"], MCDT, MCDT_SECRET,
            timeout=1.0, backoff=0.25, max_backoff=1.0, poll_interval=0.4,
        )  # fmt: skip
        good_report = await _session(stack, "good", good)
        naive = NaiveClient(stack.urls["lgsp"], MCDT, MCDT_SECRET)
        naive_report = await _session(stack, "naive", naive)

    details = {v.check: (v.detail, v.values, v.evidence[:2]) for v in good_report.verdicts}
    assert _outcomes(good_report) == dict.fromkeys(CHECKS, "passed"), details
    assert good_report.passed
    # Every check the naive client is built to break, it fails — with evidence.
    assert _outcomes(naive_report) == dict.fromkeys(CHECKS, "failed"), _outcomes(naive_report)
    assert all(v.evidence or v.check == "backoff_jitter" for v in naive_report.verdicts)
    assert not naive_report.passed
