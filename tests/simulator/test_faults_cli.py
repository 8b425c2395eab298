"""``ndxp-sim faults`` against a running stack: enable a Phụ lục V scenario, see it act, undo it."""

from __future__ import annotations

import asyncio

import httpx
import orjson
import pytest

from simulator.cli import main
from simulator.stack import Stack
from tests.gateway.identities import CCCD, MCDT, MCDT_SECRET, basic


async def _cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


async def test_enable_list_disable(
    stack: Stack, client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    url = stack.urls["gplx"]
    assert await _cli("faults", "--url", url, "enable", "national-2024", "--ttl", "600") == 0
    assert await _cli("faults", "--url", url, "list") == 0
    listed = capsys.readouterr().out
    assert "national-2024" in listed and "thanh-hoa" in listed
    assert stack.fault_engine is not None and stack.fault_engine.active_scenario is not None

    assert await _cli("faults", "--url", url, "disable") == 0
    assert stack.fault_engine.active_scenario is None
    body = orjson.dumps({"MaYeuCau": "1", "SoDinhDanh": CCCD})
    clean = await client.post(
        stack.urls["lgsp"] + "/apiCSDLDC/1.0/TraCuuThongTinCongDan",
        content=body,
        headers={"Authorization": basic(MCDT, MCDT_SECRET)},
    )
    assert clean.status_code == 200 and "x-sim-fault" not in clean.headers


async def test_unknown_scenario_and_dead_url_fail_cleanly(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await _cli("faults", "--url", stack.urls["dan_cu"], "enable", "khong-co") == 1
    assert "MaLoi" in capsys.readouterr().out
    assert await _cli("faults", "--url", "http://127.0.0.1:9", "list") == 2
