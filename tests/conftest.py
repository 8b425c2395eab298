"""Fixtures shared by the gateway and harness tests: settings, a whole stack on free ports,
and a plain HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

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
