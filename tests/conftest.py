"""Fixtures shared by the gateway and harness tests: settings, a whole stack on free ports,
and a plain HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from gateway.opmon import SqliteLedger
from simulator.settings import StackSettings
from simulator.stack import Stack


@pytest.fixture
def settings(tmp_path: object) -> StackSettings:
    return StackSettings(ledger_path=f"{tmp_path}/ledger.sqlite")  # type: ignore[arg-type]


@pytest.fixture
async def stack(settings: StackSettings) -> AsyncIterator[Stack]:
    async with Stack(settings, free_ports=True) as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10.0, trust_env=False) as http:
        yield http


@pytest.fixture
async def ledger_stack(tmp_path: Path) -> AsyncIterator[tuple[Stack, SqliteLedger]]:
    """The whole stack on free ports, writing its SQLite ledger (the stack and the ledger)."""
    settings = StackSettings(ledger_path=tmp_path / "ledger.sqlite")
    ledger = SqliteLedger(settings.ledger_path)
    async with Stack(settings, free_ports=True, ledger=ledger) as stack:
        yield stack, ledger
