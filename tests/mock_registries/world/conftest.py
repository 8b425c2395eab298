from __future__ import annotations

from datetime import datetime

import pytest

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.world import World

MOMENT = datetime(2026, 6, 15, 10, 0, tzinfo=VIETNAM_TZ)


@pytest.fixture(scope="session")
def shared_world() -> World:
    """A world nobody files events in (read-only tests share its caches)."""
    return World(2024, clock=Clock.frozen_at(MOMENT))


@pytest.fixture
def world() -> World:
    return World(2024, clock=Clock.frozen_at(MOMENT))
