"""Fixtures of the fault-engine tests: a frozen clock, an engine factory, a loopback server."""

from __future__ import annotations

from typing import Any

import pytest

from mock_registries.clock import Clock
from mock_registries.faults.engine import DEFAULT_ADMIN_TOKEN, FaultEngine
from mock_registries.faults.scenarios import Scenario
from tests.mock_registries.faults.support import TUESDAY_0930, EngineFactory, Serve, serve_loopback


@pytest.fixture
def fault_clock() -> Clock:
    return Clock.frozen_at(TUESDAY_0930)


@pytest.fixture
def make_engine(fault_clock: Clock) -> EngineFactory:
    def build(*scenarios: Scenario, seed: int = 7, **kwargs: Any) -> FaultEngine:
        kwargs.setdefault("admin_token", DEFAULT_ADMIN_TOKEN)
        return FaultEngine(
            seed=seed, clock=fault_clock, scenarios={s.name: s for s in scenarios}, **kwargs
        )

    return build


@pytest.fixture
def serve() -> Serve:
    """``async with serve(app) as base_url:`` — a real loopback server for timeouts and RSTs."""
    return serve_loopback
